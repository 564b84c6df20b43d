/* Badge scanner for staff phones: read personal badges with the camera (the browser's
   BarcodeDetector, else jsQR served from our static folder), a photo, or typed text; post each
   one and answer loud and clear. Messages come translated from the page's data attributes. */
(function () {
  var root = document.getElementById("scanner");
  if (!root) return;
  var REPEAT_MS = 3000;       // the same code read again within this delay is the same scan
  var FRAME_MS = 150;         // pause between two looks at the camera picture
  var MAX_SIDE = 800;         // pixels given to jsQR: enough for a badge, quick on a cheap phone

  var select = document.getElementById("half-day");
  var form = document.getElementById("scan-manual");
  var input = document.getElementById("scan-content");
  var submit = form.querySelector("button[type=submit]");
  var result = document.getElementById("scan-result");
  var mainLine = document.getElementById("scan-main");
  var detailLine = document.getElementById("scan-detail");
  var video = document.getElementById("scan-video");
  var startButton = document.getElementById("scan-start");
  var stopButton = document.getElementById("scan-stop");
  var photoLabel = document.getElementById("scan-photo-label");
  var photoInput = document.getElementById("scan-photo");
  var help = document.getElementById("scan-help");
  var log = document.getElementById("scan-log");
  var reasonBox = document.getElementById("scan-reason");
  var reasonInput = document.getElementById("scan-reason-text");
  var retry = document.getElementById("scan-retry");
  var pending = null;         // a badge refused for want of a reason, to send again with one
  var canvas = document.createElement("canvas");
  var context = canvas.getContext("2d", {willReadFrequently: true});
  var last = {code: null, at: 0};
  var busy = false;
  var stream = null;
  var decoder = null;
  var audio = null;

  function msg(name) { return root.getAttribute("data-msg-" + name) || ""; }

  var noJs = document.querySelectorAll(".no-js-only");
  for (var i = 0; i < noJs.length; i++) noJs[i].hidden = true;

  function scanUrl() {
    var option = select.options[select.selectedIndex];
    return option ? option.getAttribute("data-scan-url") : null;
  }

  select.addEventListener("change", function () {
    var url = scanUrl();
    form.action = url || "";
    submit.disabled = !url;
    var option = select.options[select.selectedIndex];
    reasonBox.hidden = !(option && option.getAttribute("data-outside") === "1");
    pending = null;
    retry.hidden = true;
    if (url && window.history.replaceState) {
      window.history.replaceState(null, "", "?half_day=" + encodeURIComponent(select.value));
    }
  });

  // Sound and vibration: a short high beep for a new check-in, a long low one for a badge
  // already scanned, two short ones for an error.
  function unlockAudio() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    audio = audio || new Context();
    if (audio.state === "suspended") audio.resume();
  }

  function beep(kind) {
    unlockAudio();
    if (audio) {
      var tones = {"new": [[880, 0, 0.12]], "already": [[300, 0, 0.8]],
                   "error": [[220, 0, 0.15], [220, 0.25, 0.15]]}[kind];
      tones.forEach(function (tone) {
        var oscillator = audio.createOscillator();
        var gain = audio.createGain();
        oscillator.type = kind === "new" ? "sine" : "square";
        oscillator.frequency.value = tone[0];
        gain.gain.value = 0.25;
        oscillator.connect(gain);
        gain.connect(audio.destination);
        var start = audio.currentTime + tone[1];
        oscillator.start(start);
        oscillator.stop(start + tone[2]);
      });
    }
    if (navigator.vibrate) {
      navigator.vibrate({"new": 80, "already": [400, 100, 400], "error": [150, 80, 150]}[kind]);
    }
  }

  function show(kind, main, detail) {
    result.className = "scan-result is-" + kind;
    mainLine.textContent = main;
    detailLine.textContent = detail || "";
    var item = document.createElement("li");
    item.className = "is-" + kind;
    item.textContent = new Date().toTimeString().slice(0, 5) + " · " + main +
                       (detail ? " · " + detail : "");
    log.insertBefore(item, log.firstChild);
    while (log.children.length > 20) log.removeChild(log.lastChild);
    // Sound is a help, not a condition: a device that refuses it still shows the result.
    try { beep(kind); } catch (ignored) { /* no audio on this device */ }
  }

  function send(content) {
    content = (content || "").trim();
    if (!content) return;
    var now = Date.now();
    if (content === last.code && now - last.at < REPEAT_MS) return;
    last = {code: content, at: now};
    var url = scanUrl();
    if (!url) { show("error", msg("choose")); return; }
    busy = true;
    fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json",
                "X-CSRFToken": root.getAttribute("data-csrf")},
      body: JSON.stringify({content: content, reason: reasonInput.value})
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") !== 0) throw {status: response.status};
      return response.json();
    }).then(function (answer) {
      var kind = {"checked_in": "new", "already": "already"}[answer.status] || "error";
      // Outside the half-day's times: the reason field, and a button to send this badge again.
      var needsReason = answer.status === "needs_reason" || answer.status === "invalid_reason";
      pending = needsReason ? content : null;
      retry.hidden = !needsReason;
      if (needsReason) {
        reasonBox.hidden = false;
        last.at = 0;
        reasonInput.focus();
      }
      if (answer.name && (kind !== "error" || needsReason)) {
        show(kind, answer.name, answer.message);
      } else {
        show(kind, answer.message);
      }
    }).catch(function (error) {
      last.at = 0;  // nothing was recorded: let the same badge be tried again at once
      show("error", error && error.status ? msg("error").replace("{status}", error.status)
                                          : msg("network"));
    }).then(function () { busy = false; });
  }

  retry.addEventListener("click", function () {
    if (!pending) return;
    last.code = null;
    send(pending);
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    unlockAudio();
    if (!input.value.trim() && pending) {  // Enter in the reason field: the refused badge again
      retry.click();
      return;
    }
    send(input.value);
    input.value = "";
    input.focus();
  });

  // Decoding: the browser's own detector when it reads QR codes, otherwise jsQR.
  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function nativeDetector() {
    if (!("BarcodeDetector" in window)) return Promise.resolve(null);
    var formats = window.BarcodeDetector.getSupportedFormats
      ? window.BarcodeDetector.getSupportedFormats() : Promise.resolve(["qr_code"]);
    return formats.then(function (list) {
      return list.indexOf("qr_code") >= 0 ? new window.BarcodeDetector({formats: ["qr_code"]}) : null;
    }).catch(function () { return null; });
  }

  function drawScaled(source, width, height) {
    var scale = Math.min(1, MAX_SIDE / Math.max(width, height));
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    context.drawImage(source, 0, 0, canvas.width, canvas.height);
    return context.getImageData(0, 0, canvas.width, canvas.height);
  }

  function getDecoder() {
    if (decoder) return Promise.resolve(decoder);
    return nativeDetector().then(function (detector) {
      if (detector) {
        decoder = function (source) {
          return detector.detect(source).then(function (codes) {
            return codes.length ? codes[0].rawValue : null;
          });
        };
        return decoder;
      }
      var ready = window.jsQR ? Promise.resolve() : loadScript(root.getAttribute("data-jsqr"));
      return ready.then(function () {
        decoder = function (source, width, height) {
          var image = drawScaled(source, width, height);
          var code = window.jsQR(image.data, image.width, image.height,
                                 {inversionAttempts: "dontInvert"});
          return Promise.resolve(code ? code.data : null);
        };
        return decoder;
      });
    });
  }

  // The camera: needs https:// or localhost; elsewhere a photo still works.
  var cameraPossible = window.isSecureContext && navigator.mediaDevices &&
                       navigator.mediaDevices.getUserMedia;
  startButton.hidden = !cameraPossible;
  photoLabel.hidden = false;
  if (!cameraPossible) help.textContent = msg("no-camera");

  function look() {
    if (!stream) return;
    if (busy || video.readyState < 2) { window.setTimeout(look, FRAME_MS); return; }
    decoder(video, video.videoWidth, video.videoHeight).then(function (text) {
      if (text) send(text);
    }).catch(function () {}).then(function () {
      if (stream) window.setTimeout(look, FRAME_MS);
    });
  }

  function stopCamera() {
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
    video.hidden = true;
    stopButton.hidden = true;
    startButton.hidden = !cameraPossible;
  }

  startButton.addEventListener("click", function () {
    unlockAudio();
    getDecoder().then(function () {
      return navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"},
                                                  audio: false});
    }).then(function (media) {
      stream = media;
      video.srcObject = media;
      video.hidden = false;
      return video.play();
    }).then(function () {
      startButton.hidden = true;
      stopButton.hidden = false;
      help.textContent = msg("scanning");
      look();
    }).catch(function () {
      stopCamera();
      help.textContent = msg("camera-refused");
    });
  });
  stopButton.addEventListener("click", stopCamera);
  window.addEventListener("pagehide", stopCamera);

  photoInput.addEventListener("change", function () {
    var file = photoInput.files && photoInput.files[0];
    if (!file) return;
    unlockAudio();
    var image = new Image();
    var address = URL.createObjectURL(file);
    image.onload = function () {
      getDecoder().then(function (decode) {
        return decode(image, image.naturalWidth, image.naturalHeight);
      }).then(function (text) {
        if (text) { last.code = null; send(text); } else show("error", msg("no-code"));
      }).catch(function () { show("error", msg("no-code")); }).then(function () {
        URL.revokeObjectURL(address);
        photoInput.value = "";
      });
    };
    image.src = address;
  });
})();

/* Projection page: every few seconds, fetch the live state and swap the counters, the QR code
   and the typed code without reloading, and switch between them and "Pointage fermé" as the
   check-in window opens and closes. Without JavaScript, the page refreshes itself. */
(function () {
  var root = document.getElementById("projection");
  if (!root || !window.fetch) return;
  var POLL_MS = 4000;
  var liveUrl = root.getAttribute("data-live-url");
  var qr = document.getElementById("qr");
  var url = document.getElementById("url");
  var windowState = document.getElementById("window-state");
  var liveStatus = document.getElementById("live-status");

  function setText(id, value) {
    var element = document.getElementById(id);
    if (element && element.textContent !== String(value)) element.textContent = value;
  }

  function show(state) {
    var counters = state.counters;
    setText("count-women", counters.women);
    setText("count-men", counters.men);
    setText("count-unknown", counters.unknown);
    setText("count-total", counters.total);
    setText("count-registered", counters.registered);
    showCheckIn(state);
    showTest(state.test);
    windowState.textContent = windowState.getAttribute(state.window_open ? "data-open" : "data-closed");
    windowState.className = "window-state " + (state.window_open ? "is-open" : "is-closed");
  }

  // Check-in open: the QR code and the typed code. Closed: neither (scanning would only earn a
  // refusal), but why and until when.
  function showCheckIn(state) {
    var open = state.window_open;
    document.getElementById("checkin-open").hidden = !open;
    document.getElementById("checkin-steps").hidden = !open;
    document.getElementById("checkin-closed").hidden = open;
    setText("closed-notice", state.closed_notice);
    var link = state.url || "";
    if (url.textContent !== link) {
      qr.innerHTML = state.qr_svg || "";  // markup made by our server, not by a user
      url.textContent = link;
    }
    setText("code", state.code || "");
  }

  // The open test's own QR code and link (pre-test, post-test or evaluation), when one is open.
  function showTest(test) {
    var box = document.getElementById("test");
    if (!box) return;
    box.hidden = !test;
    if (!test) return;
    setText("test-label", test.label);
    var testUrl = document.getElementById("test-url");
    if (testUrl.textContent !== test.url) {
      document.getElementById("test-qr").innerHTML = test.qr_svg;  // made by our server
      testUrl.textContent = test.url;
    }
  }

  function poll() {
    fetch(liveUrl, {credentials: "same-origin", cache: "no-store",
                    headers: {"Accept": "application/json"}})
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (!response.ok || type.indexOf("application/json") !== 0) throw new Error(response.status);
        return response.json();
      })
      .then(function (state) { show(state); liveStatus.hidden = true; })
      .catch(function () { liveStatus.hidden = false; })
      .then(function () { window.setTimeout(poll, POLL_MS); });
  }

  window.setTimeout(poll, POLL_MS);
})();

/* Finger signature: strokes saved as SVG path data in the hidden "signature" field.
   Without JavaScript the typed-name field stays the way to sign. */
(function () {
  var box = document.querySelector(".sig"), input = document.querySelector("input[name=signature]");
  if (!box || !input) return;
  box.hidden = false;
  var canvas = box.querySelector("canvas"), ctx = canvas.getContext("2d"), path = [], drawing = false;
  ctx.lineWidth = 2; ctx.lineCap = "round";
  function point(e) {
    var r = canvas.getBoundingClientRect();
    return [Math.round((e.clientX - r.left) * canvas.width / r.width),
            Math.round((e.clientY - r.top) * canvas.height / r.height)];
  }
  canvas.addEventListener("pointerdown", function (e) {
    drawing = true; var p = point(e); path.push("M" + p[0] + " " + p[1]);
    ctx.beginPath(); ctx.moveTo(p[0], p[1]); canvas.setPointerCapture(e.pointerId);
  });
  canvas.addEventListener("pointermove", function (e) {
    if (!drawing) return; var p = point(e); path.push("L" + p[0] + " " + p[1]);
    ctx.lineTo(p[0], p[1]); ctx.stroke();
  });
  function end() { drawing = false; input.value = path.join(""); }
  canvas.addEventListener("pointerup", end);
  canvas.addEventListener("pointercancel", end);
  box.querySelector("[data-clear]").addEventListener("click", function () {
    path = []; input.value = ""; ctx.clearRect(0, 0, canvas.width, canvas.height);
  });
})();

/* Show only the provinces of the chosen region; the form works the same without it. */
(function () {
  var region = document.getElementById("region");
  var province = document.getElementById("province");
  if (!region || !province) return;
  function sync() {
    var groups = province.querySelectorAll("optgroup");
    for (var i = 0; i < groups.length; i++) {
      var match = !region.value || groups[i].getAttribute("data-region") === region.value;
      groups[i].hidden = !match;
      groups[i].disabled = !match;
    }
    var chosen = province.options[province.selectedIndex];
    if (chosen && chosen.parentNode.disabled) {
      var first = province.querySelector("optgroup:not([disabled]) option");
      province.value = first ? first.value : "";
    }
  }
  region.addEventListener("change", sync);
  sync();
})();

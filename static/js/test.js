/* Test page: before sending, ask once when questions are left unanswered. Without
   JavaScript, the server shows the same warning and a "send anyway" button. */
(function () {
  var form = document.getElementById("test-form");
  if (!form) return;
  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (button && button.name === "confirm_unanswered") return;
    var blank = 0;
    var questions = form.querySelectorAll("fieldset.question");
    for (var i = 0; i < questions.length; i++) {
      if (!questions[i].querySelector("input:checked")) blank++;
    }
    if (!blank) return;
    if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); return; }
    var anyway = document.createElement("input");
    anyway.type = "hidden";
    anyway.name = "confirm_unanswered";
    anyway.value = "1";
    form.appendChild(anyway);
  });
})();

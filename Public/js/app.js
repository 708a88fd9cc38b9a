// Progressive enhancement only: every flow works without this file.
// Forms marked data-confirm ask before they submit (deactivate, revoke, reset).
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute && form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) { event.preventDefault(); }
});

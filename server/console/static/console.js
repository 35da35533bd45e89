// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // Ask before destructive posts (remove an attendee).
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
    });
  });
  // A background import's progress bar: reload the page every few seconds until it finishes.
  var progress = document.querySelector("progress[data-reload]");
  if (progress) {
    window.setTimeout(function () { window.location.reload(); }, 1000 * Number(progress.getAttribute("data-reload")));
  }
});

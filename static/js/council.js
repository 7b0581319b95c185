/* Progressive enhancement for the council pages: a "print" button on the minutes. Without JavaScript the
   button stays hidden and the browser's own print command does the same. */
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
});

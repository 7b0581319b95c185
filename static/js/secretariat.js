/* Progressive enhancement for the secretariat's queues: a "select all" box in the header of each selection
   column and a live count of the selected rows. Without JavaScript every row still has its own checkbox and
   the bulk buttons work the same. No inline handlers: this file is loaded with <script src>. */
document.addEventListener("DOMContentLoaded", function () {
  function boxesOf(formId) {
    return Array.prototype.slice.call(
      document.querySelectorAll('input.select-row[form="' + formId + '"]'));
  }

  function showCount(formId) {
    var count = boxesOf(formId).filter(function (box) { return box.checked; }).length;
    document.querySelectorAll('.selection-count[data-for="' + formId + '"]').forEach(function (out) {
      // The page gives the sentence in its own language; "{count}" marks where the number goes.
      var text = out.getAttribute("data-text") || "Đã chọn {count} hồ sơ.";
      out.textContent = count ? text.replace("{count}", count) : "";
    });
  }

  document.querySelectorAll("th[data-select-all]").forEach(function (th) {
    var formId = th.getAttribute("data-select-all");
    var boxes = boxesOf(formId);
    if (!boxes.length) { return; }
    var all = document.createElement("input");
    all.type = "checkbox";
    all.setAttribute("aria-label", th.getAttribute("data-label-all") || "Chọn tất cả hồ sơ trên trang này");
    th.textContent = "";
    th.appendChild(all);
    all.addEventListener("change", function () {
      boxes.forEach(function (box) { box.checked = all.checked; });
      showCount(formId);
    });
    boxes.forEach(function (box) {
      box.addEventListener("change", function () {
        all.checked = boxes.every(function (b) { return b.checked; });
        showCount(formId);
      });
    });
    showCount(formId);
  });
});

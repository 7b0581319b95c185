/* The unit officer's nomination form, a little friendlier with JavaScript (it works fully without):
 * - only the fields of the chosen nominee kind are shown;
 * - the award type list offers only the types the chosen campaign allows for that kind
 *   (the server checks again and says so beside the field);
 * - the achievement summary shows a live character count;
 * - choosing a unit of the tree as the collective fills in its name when the name is still empty.
 * No inline handlers: a strict Content-Security-Policy is expected.
 */
(function () {
  "use strict";

  var form = document.querySelector("form[data-nomination-form]");
  if (!form) {
    return;
  }

  function chosenKind() {
    var checked = form.querySelector("input[name='kind']:checked");
    return checked ? checked.value : "";
  }

  function showKindFields() {
    var kind = chosenKind();
    form.querySelectorAll("fieldset[data-kind]").forEach(function (fieldset) {
      fieldset.hidden = kind !== "" && fieldset.getAttribute("data-kind") !== kind;
    });
  }

  function words(option, name) {
    return (option.getAttribute(name) || "").split(" ");
  }

  function filterAwardTypes() {
    var select = form.querySelector("select[name='award_type']");
    var campaign = form.querySelector("select[name='campaign']");
    if (!select) {
      return;
    }
    var kind = chosenKind();
    var campaignId = campaign ? campaign.value : "";
    Array.prototype.forEach.call(select.options, function (option) {
      if (!option.hasAttribute("data-kinds")) {
        return; // the "choose…" placeholder
      }
      var fits = (kind === "" || words(option, "data-kinds").indexOf(kind) !== -1) &&
        (campaignId === "" || words(option, "data-campaigns").indexOf(campaignId) !== -1);
      option.hidden = !fits;
      option.disabled = !fits;
    });
    var selected = select.options[select.selectedIndex];
    if (selected && selected.disabled) {
      select.value = "";
    }
  }

  function countSummary() {
    var summary = form.querySelector("textarea[name='achievement_summary']");
    var help = document.getElementById("achievement_summary-help");
    if (!summary || !help) {
      return;
    }
    var max = summary.getAttribute("maxlength");
    // The page gives the sentence in its own language, with "{max}" and "{count}" where the numbers go.
    var text = form.getAttribute("data-count-text") || "Tối đa {max} ký tự · đã nhập {count} ký tự.";
    help.setAttribute("aria-live", "polite");
    var update = function () {
      help.textContent = text.replace("{max}", max).replace("{count}", summary.value.length);
    };
    summary.addEventListener("input", update);
    update();
  }

  function fillCollectiveName() {
    var unit = form.querySelector("select[name='collective_unit']");
    var name = form.querySelector("input[name='collective_name']");
    if (!unit || !name) {
      return;
    }
    unit.addEventListener("change", function () {
      var option = unit.options[unit.selectedIndex];
      if (name.value.trim() === "" && option && option.getAttribute("data-name")) {
        name.value = option.getAttribute("data-name");
      }
    });
  }

  form.querySelectorAll("input[name='kind']").forEach(function (radio) {
    radio.addEventListener("change", function () {
      showKindFields();
      filterAwardTypes();
    });
  });
  var campaign = form.querySelector("select[name='campaign']");
  if (campaign) {
    campaign.addEventListener("change", filterAwardTypes);
  }
  showKindFields();
  filterAwardTypes();
  countSummary();
  fillCollectiveName();
}());

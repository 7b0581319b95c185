/* The administrator's pages, a little friendlier with JavaScript (they work fully without):
 * - granting a role shows only the scope that role needs (a unit for a unit officer, an authority for the
 *   secretariat, council members and signers, none for an administrator); the server checks again.
 * No inline handlers: a strict Content-Security-Policy is expected.
 */
(function () {
  "use strict";

  var form = document.querySelector("form[data-grant-form]");
  if (!form) {
    return;
  }
  var role = form.querySelector("select[name='role']");
  var unitField = form.querySelector(".scope-unit");
  var authorityField = form.querySelector(".scope-authority");
  var UNIT_ROLES = ["unit_officer"];
  var AUTHORITY_ROLES = ["secretariat", "council_member", "authority"];

  // style.display, not the hidden attribute: the stylesheet's `.field { display: flex }` would win over it
  function show(field, visible) {
    if (field) {
      field.style.display = visible ? "" : "none";
    }
  }

  function showScope() {
    show(unitField, UNIT_ROLES.indexOf(role.value) !== -1);
    show(authorityField, AUTHORITY_ROLES.indexOf(role.value) !== -1);
  }

  if (role) {
    role.addEventListener("change", showScope);
    showScope();
  }
}());

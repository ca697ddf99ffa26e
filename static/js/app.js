/* Site-wide behaviour, loaded on every page (no inline script or style: the
   Content-Security-Policy forbids them).
   - Bars and chart marks carry their size as data-width / data-left (a percentage, set by
     the server); it is applied here through the CSSOM, which the policy allows.
   - Selects inside .js-form-select get Bootstrap's form-select class.
   - data-autosubmit (select): submits its form on change.
   - data-navigate (select): goes to the chosen option's address (a path on this site).
   - data-navigate-field="NAME" (form): on submit, goes to that select's address instead.
   - data-confirm="question" (form): asks before submitting.
   - data-check-all="selector" (checkbox): ticks or unticks every box the selector finds. */
(function () {
  "use strict";

  function percent(raw) {
    var value = parseFloat(String(raw).replace(",", "."));
    if (!isFinite(value)) return null;
    return Math.min(100, Math.max(0, value));
  }

  function applySizes(root) {
    root.querySelectorAll("[data-width]").forEach(function (el) {
      var value = percent(el.dataset.width);
      if (value !== null) el.style.width = value + "%";
    });
    root.querySelectorAll("[data-left]").forEach(function (el) {
      var value = percent(el.dataset.left);
      if (value !== null) el.style.left = value + "%";
    });
  }

  applySizes(document);
  document.querySelectorAll(".js-form-select select").forEach(function (el) {
    el.classList.add("form-select");
  });

  function go(address) {
    // Only paths of this site (the options are the server's own URLs).
    if (address && address.charAt(0) === "/" && address.charAt(1) !== "/") {
      window.location = address;
      return true;
    }
    return false;
  }

  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches("select[data-autosubmit]") && el.form) {
      el.form.submit();
    } else if (el.matches("select[data-navigate]")) {
      go(el.value);
    } else if (el.matches("input[type=checkbox][data-check-all]")) {
      document.querySelectorAll(el.dataset.checkAll).forEach(function (box) {
        box.checked = el.checked;
      });
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset.confirm !== undefined && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      return;
    }
    var field = form.dataset.navigateField;
    if (field && form.elements[field] && go(form.elements[field].value)) {
      event.preventDefault();
    }
  });

  window.dongtamApplySizes = applySizes;
})();

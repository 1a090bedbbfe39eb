/* SKP pages: keep every form's lock_version current after an htmx save, say "saved", toggle target kinds. */
(function () {
  "use strict";

  /* The IKI forms at or under ``root``: the root itself may be the form (a change event passes its form). */
  function ikiForms(root) {
    root = root || document;
    var forms = Array.prototype.slice.call(root.querySelectorAll("[data-iki-form]"));
    if (root.matches && root.matches("[data-iki-form]")) { forms.unshift(root); }
    return forms;
  }

  function syncTargetKind(root) {
    ikiForms(root).forEach(function (form) {
      var checked = form.querySelector("input[name=target_kind]:checked");
      var kind = checked ? checked.value : "number";
      form.querySelectorAll("[data-target-for]").forEach(function (el) {
        var kinds = el.getAttribute("data-target-for").split(" ");
        el.hidden = kinds.indexOf(kind) === -1;
      });
    });
  }

  function showToast(message) {
    var box = document.getElementById("skp-toast");
    if (!box || !message) { return; }
    box.querySelector("[data-toast-text]").textContent = message;
    if (window.bootstrap && window.bootstrap.Toast) {
      window.bootstrap.Toast.getOrCreateInstance(box, { delay: 2500 }).show();
    }
  }

  document.addEventListener("skp-saved", function (event) {
    var detail = event.detail || {};
    if (detail.lock !== undefined) {
      document.querySelectorAll("input.skp-lock").forEach(function (input) {
        if (!input.closest("[data-conflict]")) { input.value = detail.lock; }
      });
    }
    showToast(detail.message);
  });

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.name === "target_kind") { syncTargetKind(target.closest("[data-iki-form]")); }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    syncTargetKind(event.target.parentNode || document);
    var first = event.target.querySelector && event.target.querySelector("[data-autofocus] textarea, [data-autofocus] input:not([type=hidden]):not([type=radio])");
    if (first) { first.focus({ preventScroll: false }); }
  });

  document.addEventListener("DOMContentLoaded", function () { syncTargetKind(document); });
})();

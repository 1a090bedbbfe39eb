/* SKP pages: keep every form's lock_version current after an htmx save, say "saved", show the target fields
 * of the chosen target kind. (Opening, closing and focusing the inline forms is app.js's.) */
(() => {
  "use strict";

  // The IKI fields ([data-iki-form]) at or under `root`.
  const ikiForms = (root) => {
    const scope = root || document;
    const forms = Array.from(scope.querySelectorAll("[data-iki-form]"));
    if (scope.matches?.("[data-iki-form]")) forms.unshift(scope);
    return forms;
  };

  // Show only the target fields ([data-target-for="number range"]) of the checked target kind.
  const syncTargetKind = (root) => {
    ikiForms(root).forEach((form) => {
      const checked = form.querySelector("input[name=target_kind]:checked");
      const kind = checked ? checked.value : "number";
      form.querySelectorAll("[data-target-for]").forEach((el) => {
        el.hidden = !el.dataset.targetFor.split(" ").includes(kind);
      });
    });
  };

  const showToast = (message) => {
    const box = document.getElementById("skp-toast");
    if (!box || !message) return;
    box.querySelector("[data-toast-text]").textContent = message;
    window.bootstrap?.Toast?.getOrCreateInstance(box, { delay: 2500 }).show();
  };

  // A save answers with HX-Trigger "skp-saved" {lock, message}: every form now carries the new version
  // (not one showing a conflict: saving it again must stay a deliberate choice).
  document.addEventListener("skp-saved", (event) => {
    const detail = event.detail || {};
    if (detail.lock !== undefined) {
      document.querySelectorAll("input.skp-lock").forEach((input) => {
        if (!input.closest("[data-conflict]")) input.value = detail.lock;
      });
    }
    showToast(detail.message);
  });

  document.addEventListener("change", (event) => {
    if (event.target.name === "target_kind") syncTargetKind(event.target.closest("[data-iki-form]"));
  });

  document.addEventListener("htmx:afterSwap", (event) => syncTargetKind(event.target.parentNode || document));

  document.addEventListener("DOMContentLoaded", () => syncTargetKind(document));
})();

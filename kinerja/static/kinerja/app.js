/* Behaviour shared by every page (loaded by base.html). The front-end convention (docs/architecture.md):
 * no inline code in templates; each behaviour is a listener delegated from `document` and keyed by a
 * data-* attribute, in a static file of the app that owns it; one block-scoped, strict file each. */
(() => {
  "use strict";

  // <select data-autosubmit>: choosing a value submits its form (period and unit pickers).
  document.addEventListener("change", (event) => {
    const field = event.target.closest && event.target.closest("[data-autosubmit]");
    if (!field || !field.form) return;
    if (field.form.requestSubmit) field.form.requestSubmit();
    else field.form.submit();
  });

  // <form data-confirm="Question?">: ask before submitting; cancelling stops the submission.
  document.addEventListener("submit", (event) => {
    const form = event.target.closest && event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
  }, true);

  // <button data-print>: print the page.
  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-print]")) window.print();
  });

  // Fold and unfold a lazily loaded list (organisation tree, cascade map): htmx loads the children
  // once ("click once"); every click flips aria-expanded and hides or shows the list it controls.
  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-tree-toggle], [data-cascade-toggle]");
    if (!button) return;
    const list = document.getElementById(button.getAttribute("aria-controls"));
    const open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", open ? "true" : "false");
    if (list) list.hidden = !open;
  });

  // The inline form (templates/components/inline_form.html). Cancel or × closes it: with hx-get, htmx
  // reloads the row or section the form replaced; else the form's [data-inline-slot] is emptied; a form
  // outside a slot goes where its Cancel link points.
  document.addEventListener("click", (event) => {
    const cancel = event.target.closest("[data-inline-cancel]");
    if (!cancel || cancel.hasAttribute("hx-get")) return;
    const slot = cancel.closest("[data-inline-slot]");
    if (slot) {
      event.preventDefault();
      slot.replaceChildren();
      return;
    }
    const link = cancel.closest("form")?.querySelector("a[data-inline-cancel]");
    if (cancel !== link && link) window.location.assign(link.href);
  });

  // An inline form that htmx has just put on the page comes into view with its first field focused.
  document.addEventListener("htmx:afterSwap", (event) => {
    const swapped = event.target;
    const form = swapped.matches?.("[data-inline-form]") ? swapped : swapped.querySelector?.("[data-inline-form]");
    if (!form) return;
    form.scrollIntoView({ block: "nearest", behavior: "smooth" });
    const first = form.querySelector("textarea, input:not([type=hidden]):not([type=radio])");
    if (first) first.focus({ preventScroll: true });
  });
})();

// Plan pages: close an inline (htmx) form with its Cancel button; scroll a freshly loaded form into view.
(() => {
  "use strict";

  document.addEventListener("click", (event) => {
    const cancel = event.target.closest("[data-inline-cancel]");
    if (!cancel) return;
    const slot = cancel.closest(".inline-slot");
    if (slot) { event.preventDefault(); slot.innerHTML = ""; }
  });
  document.addEventListener("htmx:afterSwap", (event) => {
    const form = event.target.querySelector && event.target.querySelector(".inline-form");
    if (form) {
      form.scrollIntoView({ block: "nearest", behavior: "smooth" });
      const first = form.querySelector("input:not([type=hidden]), textarea, select");
      if (first) first.focus({ preventScroll: true });
    }
  });
  // After a successful inline save the server sends the page to show next (HX-Trigger "plan-saved").
  document.body.addEventListener("plan-saved", (event) => {
    const next = new URL(event.detail.url, window.location.href);
    const here = window.location;
    if (next.pathname === here.pathname && next.search === here.search) {
      if (next.hash) window.location.hash = next.hash;
      window.location.reload();
    } else {
      window.location.assign(next.href);
    }
  });
})();

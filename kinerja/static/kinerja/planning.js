// Plan pages: close an inline (htmx) form with its Cancel button; scroll a freshly loaded form into view.
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

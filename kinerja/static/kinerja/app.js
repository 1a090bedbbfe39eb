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

  // Offline (core/offline.py): a logged-in page registers the service worker served at the site root; a page
  // whose HTML did not come through the worker asks the worker to keep it and its static files now. A page shown
  // to nobody logged in (the log-in page after logging out) tells the worker to forget the kept pages.
  // localStorage "kinerja.user" names whose report drafts the offline page lists.
  //
  // "Did not come through the worker" is what the navigation timing says (workerStart is 0 when no worker
  // answered the request), not whether a worker controls the page now: a worker that activates while a page is
  // loading — the first page after logging in, often the report form — claims it (clients.claim), so the page may
  // have a controller by the time this script runs although its HTML came from the network and was never kept.
  // Where the timing is not known, the page asks anyway (the worker keeps it again).
  const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.content;
  const cameThroughWorker = () => {
    const [navigation] = performance.getEntriesByType?.("navigation") || [];
    return Boolean(navigation && navigation.workerStart > 0);
  };
  const remember = (user) => {
    try {
      if (user) localStorage.setItem("kinerja.user", user);
      else localStorage.removeItem("kinerja.user");
    } catch (error) { /* private mode: the offline page lists no drafts */ }
  };
  if (meta("kinerja-sw") && "serviceWorker" in navigator) {
    remember(meta("kinerja-user"));
    navigator.serviceWorker.register(meta("kinerja-sw"), { scope: "/", updateViaCache: "none" }).catch(() => {});
    document.addEventListener("DOMContentLoaded", () => {
      if (cameThroughWorker()) return; // the worker answered it, and kept it if it is a page to keep
      const assets = [...document.querySelectorAll("link[rel=stylesheet][href], link[rel=icon][href], script[src]")]
        .map((node) => node.href || node.src)
        .concat(performance.getEntriesByType("resource").map((entry) => entry.name));
      navigator.serviceWorker.ready.then((registration) => registration.active?.postMessage({
        type: "seen", page: window.location.href, assets: [...new Set(assets)] }));
    });
  } else if (meta("kinerja-sw-forget") && "serviceWorker" in navigator) {
    remember(null);
    // the registered worker, whether or not it controls this page (a hard reload of the log-in page bypasses it)
    navigator.serviceWorker.getRegistration().then((registration) => registration?.active?.postMessage({
      type: "forget" }));
  }

  // The offline page (core/offline.html): the report drafts kept on this device for the user last logged in,
  // each a link to its page (it opens if the worker kept it); <button data-reload> tries again.
  document.addEventListener("DOMContentLoaded", () => {
    const list = document.querySelector("[data-offline-drafts]");
    if (!list) return;
    let user = null;
    const drafts = [];
    try {
      user = localStorage.getItem("kinerja.user");
      for (let index = 0; index < localStorage.length; index += 1) {
        const key = localStorage.key(index);
        if (user && key.startsWith(`kinerja.report.${user}.`)) {
          const draft = JSON.parse(localStorage.getItem(key) || "null");
          if (draft && draft.page) drafts.push(draft);
        }
      }
    } catch (error) { /* no storage: nothing to list */ }
    drafts.sort((a, b) => (b.savedAt || 0) - (a.savedAt || 0)).forEach((draft) => {
      const item = document.createElement("li");
      item.className = "list-group-item";
      item.setAttribute("data-testid", "offline-draft");
      const link = document.createElement("a");
      link.href = draft.page;
      link.textContent = draft.title || draft.page;
      const when = document.createElement("div");
      when.className = "small text-muted";
      when.textContent = draft.savedAt ? new Date(draft.savedAt).toLocaleString() : "";
      item.append(link, when);
      list.append(item);
    });
    list.hidden = drafts.length === 0;
    document.querySelector("[data-offline-none]")?.toggleAttribute("hidden", drafts.length > 0);
  });

  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-reload]")) window.location.reload();
  });
})();

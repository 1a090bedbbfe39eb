/* Keep pushed URLs short: leave empty filters out of htmx GET requests from [data-drop-empty] forms. */
(() => {
  "use strict";

  document.addEventListener("htmx:configRequest", (event) => {
    const form = event.detail.elt.closest && event.detail.elt.closest("[data-drop-empty]");
    const data = event.detail.formData;
    if (!form || !data || event.detail.verb !== "get") return;
    Array.from(new Set(data.keys())).forEach((key) => {
      if (data.getAll(key).every((value) => value === "")) data.delete(key);
    });
  });
})();

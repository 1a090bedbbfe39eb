// Plan pages: after an inline form's save, show the page the server names (opening and closing the
// inline forms is app.js's, see templates/components/inline_form.html).
(() => {
  "use strict";

  // After a successful inline save the server sends the page to show next (HX-Trigger "plan-saved").
  document.addEventListener("plan-saved", (event) => {
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

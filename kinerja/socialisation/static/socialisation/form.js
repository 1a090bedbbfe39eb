/* The item form: "whole instance" disables (and dims) the choice of units. */
(() => {
  "use strict";

  const sync = () => {
    const whole = document.getElementById("id_whole_instance");
    const units = document.getElementById("id_units");
    if (!whole || !units) return;
    units.disabled = whole.checked;
    units.closest("[data-units-box]").classList.toggle("is-disabled", whole.checked);
  };
  document.addEventListener("change", (event) => {
    if (event.target.id === "id_whole_instance") sync();
  });
  document.addEventListener("DOMContentLoaded", sync);
})();

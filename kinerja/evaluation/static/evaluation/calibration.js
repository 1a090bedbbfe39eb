// The calibration chart: every <canvas data-distribution="{json}"> shows the actual share of each predikat
// against the range the curve allows; drawn on load and again when htmx swaps the curve panel in.
(() => {
  "use strict";
  const draw = (root) => {
    if (typeof window.Chart === "undefined") {
      return;
    }
    root.querySelectorAll("canvas[data-distribution]").forEach((canvas) => {
      const spec = JSON.parse(canvas.dataset.distribution);
      const old = window.Chart.getChart(canvas);
      if (old) {
        old.destroy();
      }
      new window.Chart(canvas, {
        type: "bar",
        data: {
          labels: spec.labels,
          datasets: [
            { label: spec.names.actual, data: spec.actual, backgroundColor: "#1d4ed8", borderRadius: 4 },
            { label: spec.names.low, data: spec.low, type: "line", borderColor: "#15803d", borderDash: [6, 4],
              pointRadius: 3, fill: false },
            { label: spec.names.high, data: spec.high, type: "line", borderColor: "#dc2626", borderDash: [6, 4],
              pointRadius: 3, fill: false },
          ],
        },
        options: {
          responsive: true, maintainAspectRatio: false,
          scales: { y: { min: 0, max: 100, ticks: { callback: (v) => `${v}%` } } },
          plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
        },
      });
    });
  };
  document.addEventListener("DOMContentLoaded", () => draw(document));
  document.addEventListener("htmx:afterSwap", (event) => draw(event.target));
  // An adjustment refused (422: no reason, a stale row) comes back as the row with its errors: htmx 2 does not
  // swap error responses by default, so without this the meeting would see nothing happen.
  document.addEventListener("htmx:beforeSwap", (event) => {
    const elt = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (event.detail.xhr.status === 422 && elt && elt.closest && elt.closest(".evaluation-adjust")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();

// The trend of the reports page: <canvas data-trend="{labels, series}"> as stacked bars per period.
(() => {
  "use strict";
  const palette = ["#15803d", "#1d4ed8", "#b45309", "#be123c", "#4b5563"];
  const draw = () => {
    if (typeof window.Chart === "undefined") {
      return;
    }
    document.querySelectorAll("canvas[data-trend]").forEach((canvas) => {
      const spec = JSON.parse(canvas.dataset.trend);
      new window.Chart(canvas, {
        type: "bar",
        data: {
          labels: spec.labels,
          datasets: spec.series.map((s, i) => ({ label: s.label, data: s.data, backgroundColor: palette[i] })),
        },
        options: {
          responsive: true, maintainAspectRatio: false,
          scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } },
          plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
        },
      });
    });
  };
  document.addEventListener("DOMContentLoaded", draw);
})();

// The calibration chart: every <canvas data-distribution="{json}"> shows the actual share of each predikat as a
// horizontal bar, over a green band for the range the curve allows — drawn only where the curve limits that
// predikat on its own (no band means no limit, never a made-up 0–100%); a share outside its band is red. Drawn on
// load and again when htmx swaps the curve panel in.
(() => {
  "use strict";
  const BLUE = "#1d4ed8";
  const RED = "#dc2626";
  const GREEN = "#15803d";
  const BAND = "rgba(21, 128, 61, 0.16)";
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
      const lang = document.documentElement.lang || "id";
      const pct = (v) => `${Number(v).toLocaleString(lang, { maximumFractionDigits: 2 })}%`;
      const hasBand = spec.band.some((b) => b !== null);
      const datasets = [
        { label: spec.names.actual, data: spec.actual, backgroundColor: spec.outside.map((o) => (o ? RED : BLUE)),
          borderRadius: 3, barPercentage: 0.55, categoryPercentage: 0.9, grouped: false, order: 1 },
      ];
      if (hasBand) {
        datasets.push({ label: spec.names.band, data: spec.band, backgroundColor: BAND, borderColor: GREEN,
          borderWidth: 1, borderSkipped: false, minBarLength: 3, barPercentage: 0.95, categoryPercentage: 0.9,
          grouped: false, order: 2 });
        if (spec.outside.some((o) => o)) {
          datasets.push({ label: spec.names.outside, data: [], backgroundColor: RED, order: 3 });
        }
      }
      new window.Chart(canvas, {
        type: "bar",
        data: { labels: spec.labels, datasets },
        options: {
          indexAxis: "y", responsive: true, maintainAspectRatio: false, animation: false,
          scales: {
            x: { min: 0, max: 100, ticks: { callback: (v) => `${v}%`, maxTicksLimit: 6 } },
            y: { ticks: { autoSkip: false } },
          },
          plugins: {
            legend: {
              position: "bottom",
              labels: {
                boxWidth: 12, boxHeight: 12,
                // the actual bars' colour varies (red outside the band): the legend shows them blue
                generateLabels: (chart) => window.Chart.defaults.plugins.legend.labels.generateLabels(chart)
                  .map((l) => (l.datasetIndex === 0 ? { ...l, fillStyle: BLUE, strokeStyle: BLUE } : l)),
              },
            },
            tooltip: {
              callbacks: {
                label: (item) => {
                  const raw = item.raw;
                  if (Array.isArray(raw)) {
                    return `${spec.names.allowed}: ${pct(raw[0])} – ${pct(raw[1])}`;
                  }
                  return `${item.dataset.label}: ${pct(raw)}`;
                },
              },
            },
          },
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
          responsive: true, maintainAspectRatio: false, animation: false,
          scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
          plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
        },
      });
    });
  };
  document.addEventListener("DOMContentLoaded", draw);
})();

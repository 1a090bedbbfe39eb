// The dashboard's charts: every <canvas data-chart="{json}" data-chart-kind="line|bar"> is drawn with Chart.js,
// on load and again after htmx swaps the board in (it refreshes itself every minute).
(() => {
  "use strict";
  const palette = ["#1d4ed8", "#0f766e", "#b45309", "#7c3aed", "#be123c", "#0369a1", "#4d7c0f", "#9d174d"];

  const lineChart = (canvas, spec) => {
    const threshold = Number(canvas.dataset.threshold || 80);
    const datasets = spec.series.map((s, i) => ({
      label: s.label, data: s.data, borderColor: palette[i % palette.length],
      backgroundColor: palette[i % palette.length], tension: 0.25, spanGaps: true, pointRadius: 3,
    }));
    datasets.push({
      label: canvas.dataset.thresholdLabel || "", data: spec.labels.map(() => threshold), borderColor: "#dc2626",
      borderDash: [6, 4], pointRadius: 0, borderWidth: 1, fill: false,
    });
    return {
      type: "line",
      data: { labels: spec.labels, datasets },
      options: {
        responsive: true, maintainAspectRatio: false,
        scales: { y: { suggestedMin: 0, suggestedMax: 120, ticks: { callback: (v) => `${v}%` } } },
        plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
      },
    };
  };

  const barChart = (canvas, spec) => {
    canvas.parentElement.style.height = `${Math.max(140, spec.labels.length * 40 + 70)}px`;
    return {
    type: "bar",
    data: {
      labels: spec.labels,
      datasets: [{
        label: canvas.dataset.label || "", data: spec.data,
        backgroundColor: spec.data.map((v) => (v >= 100 ? "#15803d" : v >= 80 ? "#1d4ed8" : "#dc2626")),
        maxBarThickness: 28, borderRadius: 4,
      }],
    },
    options: {
      indexAxis: "y", responsive: true, maintainAspectRatio: false,
      scales: { x: { suggestedMin: 0, suggestedMax: 120, ticks: { callback: (v) => `${v}%` } } },
      plugins: { legend: { display: false } },
    },
    };
  };

  const draw = (root) => {
    if (typeof window.Chart === "undefined") {
      return;
    }
    root.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
      const spec = JSON.parse(canvas.dataset.chart);
      const old = window.Chart.getChart(canvas);
      if (old) {
        old.destroy();
      }
      const config = canvas.dataset.chartKind === "bar" ? barChart(canvas, spec) : lineChart(canvas, spec);
      new window.Chart(canvas, config);
    });
  };

  document.addEventListener("DOMContentLoaded", () => draw(document));
  document.addEventListener("htmx:afterSwap", (event) => draw(event.target));
})();

// The unit page's trend chart (Chart.js, from the hub). Everything else is server-rendered;
// without this script the same figures are in the tables below each chart.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const canvas = document.getElementById("trend-chart");
  const source = document.getElementById("trend-data");
  if (!canvas || !source || typeof Chart === "undefined") return;
  const trend = JSON.parse(source.textContent);
  const months = trend.months;
  const value = (text) => (text === null ? null : Number(text));
  const english = document.documentElement.lang === "en";
  new Chart(canvas, {
    type: "line",
    data: {
      labels: months.map((m) => m.title),
      datasets: [
        { label: english ? "IKM (konversi)" : "IKM (konversi)", data: months.map((m) => value(m.konversi)),
          borderColor: "#1f5fa8", backgroundColor: "#1f5fa8", spanGaps: false, pointStyle: "circle" },
        { label: english ? "Quick index (not the IKM)" : "Indeks cepat (bukan IKM)", data: months.map((m) => value(m.quick_index)),
          borderColor: "#8a4b00", backgroundColor: "#8a4b00", borderDash: [6, 4], spanGaps: false, pointStyle: "rect" },
      ],
    },
    options: {
      animation: false,
      scales: { y: { min: 25, max: 100, title: { display: true, text: "25–100" } } },
      plugins: { legend: { labels: { usePointStyle: true } } },
    },
  });
});

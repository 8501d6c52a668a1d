/*
 * charts.js — draws every chart on a page with Chart.js, without inline script (strict CSP).
 *
 * Load after Chart.js, both from static files:
 *   <script src="{% static 'vendor/chartjs/chart.umd.min.js' %}" defer></script>
 *   <script src="{% static 'js/charts.js' %}" defer></script>
 *
 * Markup, one pair per chart:
 *   {{ data|json_script:"chart-7" }}
 *   <canvas data-chart="chart-7" data-kind="bar" aria-describedby="table-7">…</canvas>
 *   …and next to it a <table id="table-7"> with the same numbers (the accessible fallback).
 *
 * data-chart  the id of the <script type="application/json"> holding the data.
 * data-kind   "bar" (default), "hbar" (horizontal bars) or "line".
 *
 * The JSON:
 *   {
 *     "labels":   ["1", "2", "3"],                  // x categories (y for hbar)
 *     "datasets": [{"label": "Answers", "data": [2, 5, 1]}, …],   // one or more series
 *     "unit":     "%",          // optional: suffix in tooltips ("42%", "4.2/5", "12 answers")
 *                               // and, when 3 characters or fewer, on the value axis
 *     "min": 0, "max": 100,     // optional: value-axis bounds
 *     "stacked":  false,        // optional: stack the datasets (bar and hbar)
 *     "integers": true          // optional: whole-number ticks on the value axis (counts)
 *   }
 * A value may be null (a gap: no data, or hidden for a small group). Colors come from a fixed
 * palette in dataset order; a dataset may give its own "color" ("#rrggbb").
 *
 * Charts are drawn on DOMContentLoaded and again after every htmx swap (only the canvases
 * not drawn yet), so a partial swapped in by htmx gets its charts too.
 */
(function () {
  "use strict";

  var PALETTE = ["#24598f", "#1f7a4d", "#b3261e", "#8a5a00", "#6b4fa1", "#0f7c8c", "#5b6576"];

  function withUnit(value, unit) {
    if (value === null || value === undefined) {
      return "—";
    }
    if (!unit) {
      return String(value);
    }
    // "42%", "4.2/5" stick to the number; words are spaced: "12 answers"
    return /^[A-Za-z]/.test(unit) ? value + " " + unit : value + unit;
  }

  function config(kind, data) {
    var horizontal = kind === "hbar";
    var type = kind === "line" ? "line" : "bar";
    var unit = data.unit || "";
    var datasets = (data.datasets || []).map(function (set, index) {
      var color = set.color || PALETTE[index % PALETTE.length];
      return {
        label: set.label || "",
        data: set.data || [],
        backgroundColor: type === "line" ? color + "33" : color,
        borderColor: color,
        borderWidth: type === "line" ? 2 : 0,
        spanGaps: false,
        tension: 0.2,
      };
    });
    var valueAxis = {
      beginAtZero: true,
      stacked: Boolean(data.stacked),
      ticks: {
        precision: data.integers ? 0 : undefined,
        callback: function (value) {
          return unit && unit.length <= 3 ? value + unit : value;
        },
      },
    };
    if (typeof data.min === "number") {
      valueAxis.min = data.min;
    }
    if (typeof data.max === "number") {
      valueAxis.max = data.max;
    }
    var categoryAxis = { stacked: Boolean(data.stacked) };
    var reduceMotion =
      window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    return {
      type: type,
      data: { labels: data.labels || [], datasets: datasets },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: true,
        aspectRatio: horizontal ? 1.6 : 2,
        animation: reduceMotion ? false : undefined,
        scales: horizontal
          ? { x: valueAxis, y: categoryAxis }
          : { x: categoryAxis, y: valueAxis },
        plugins: {
          legend: { display: datasets.length > 1 },
          tooltip: {
            callbacks: {
              label: function (item) {
                var name = item.dataset.label ? item.dataset.label + ": " : "";
                var value = horizontal ? item.parsed.x : item.parsed.y;
                return name + withUnit(value, unit);
              },
            },
          },
        },
      },
    };
  }

  function draw(canvas) {
    if (typeof window.Chart === "undefined" || window.Chart.getChart(canvas)) {
      return;
    }
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source) {
      return;
    }
    var data;
    try {
      data = JSON.parse(source.textContent);
    } catch (error) {
      return;
    }
    new window.Chart(canvas, config(canvas.getAttribute("data-kind") || "bar", data));
  }

  // The whole document each time: a canvas already drawn is skipped, and after an outerHTML
  // swap the event's target is the element that was replaced.
  function drawAll() {
    var canvases = document.querySelectorAll("canvas[data-chart]");
    for (var i = 0; i < canvases.length; i += 1) {
      draw(canvases[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
  document.addEventListener("htmx:afterSwap", drawAll);

  window.MentorpathCharts = { drawAll: drawAll, config: config };
})();

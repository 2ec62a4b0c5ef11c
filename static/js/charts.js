/*
 * Draws every chart of a page from the figure JSON the server put beside it
 * (<div data-figure="ID" data-height="PX">, <script type="application/json" id="ID">).
 * The page's data tables already hold the same numbers, so nothing is lost
 * when this script or plotly.js does not run.
 *
 * plotly.js is large, so it is fetched only when a chart (or a map, through
 * window.ProbationCharts used by map.js) comes within a screen of being seen:
 * the page is complete and readable before it arrives. The script's address is
 * this script tag's data-plotly; it is added to the page once, from our own
 * origin, so a strict Content-Security-Policy holds.
 *
 * A figure may carry a narrow form in layout.meta.narrow (dashboard/charts/theme.py):
 * layout overrides applied when the chart's box is narrower than NARROW_WIDTH.
 */
(function () {
  "use strict";
  var NARROW_WIDTH = 560; // dashboard/charts/theme.py NARROW_WIDTH
  var AHEAD = "600px 0px"; // start fetching this far before a chart scrolls into view
  var config = { displayModeBar: false, responsive: true, displaylogo: false, scrollZoom: false };
  var plotlySource = document.currentScript && document.currentScript.getAttribute("data-plotly");
  var plotlyLoading = null;

  function loadPlotly() {
    if (!plotlyLoading) {
      plotlyLoading = new Promise(function (resolve, reject) {
        if (typeof Plotly !== "undefined") { resolve(); return; }
        if (!plotlySource) { reject(new Error("charts.js: no data-plotly address")); return; }
        var script = document.createElement("script");
        script.src = plotlySource;
        script.async = true;
        script.onload = function () { resolve(); };
        script.onerror = function () { reject(new Error("plotly.js did not load")); };
        document.head.appendChild(script);
      });
    }
    return plotlyLoading;
  }

  // Calls draw(element) once, when the element is about to be seen (at once without IntersectionObserver).
  function whenNear(elements, draw) {
    if (!("IntersectionObserver" in window)) {
      elements.forEach(draw);
      return;
    }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          draw(entry.target);
        }
      });
    }, { rootMargin: AHEAD });
    elements.forEach(function (element) { observer.observe(element); });
  }

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  // Objects merge key by key; anything else (lists included) replaces.
  function merge(base, overrides) {
    var result = {};
    Object.keys(base).forEach(function (key) { result[key] = base[key]; });
    Object.keys(overrides).forEach(function (key) {
      result[key] = isObject(base[key]) && isObject(overrides[key]) ? merge(base[key], overrides[key]) : overrides[key];
    });
    return result;
  }

  function layoutFor(figure, width) {
    var layout = figure.layout || {};
    var narrow = layout.meta && layout.meta.narrow;
    var chosen = narrow && width < NARROW_WIDTH ? merge(layout, narrow) : merge(layout, {});
    chosen.autosize = true;
    return chosen;
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-figure"));
    if (!source) { return; }
    var figure = JSON.parse(source.textContent);
    loadPlotly().then(function () {
      var narrow = canvas.clientWidth < NARROW_WIDTH;
      return Plotly.newPlot(canvas, figure.data || [], layoutFor(figure, canvas.clientWidth), config).then(function () {
        canvas.classList.add("chart-drawn");
        var link = canvas.getAttribute("data-click-link");
        if (link) {
          canvas.on("plotly_click", function (event) {
            var point = event.points && event.points[0];
            var href = point && point.customdata && point.customdata[link];
            if (href) { window.location.href = href; }
          });
        }
        // Redraw in the other form when the box crosses the narrow width (a phone turned sideways).
        window.addEventListener("resize", function () {
          var nowNarrow = canvas.clientWidth < NARROW_WIDTH;
          if (nowNarrow !== narrow) {
            narrow = nowNarrow;
            Plotly.react(canvas, figure.data || [], layoutFor(figure, canvas.clientWidth), config);
          }
        });
      });
    }).catch(function (error) {
      // The table beside the chart already holds its numbers.
      if (window.console) { window.console.warn(error); }
    });
  }

  // Reserve each chart's height now, so nothing moves when it is drawn
  // (site.css does the same from data-height where the browser can).
  function reserve(canvas) {
    var height = parseInt(canvas.getAttribute("data-height"), 10);
    if (height > 0) { canvas.style.height = height + "px"; }
  }

  window.ProbationCharts = { loadPlotly: loadPlotly, whenNear: whenNear };

  function start() {
    var canvases = Array.prototype.slice.call(document.querySelectorAll("[data-figure]"));
    canvases.forEach(reserve);
    whenNear(canvases, draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

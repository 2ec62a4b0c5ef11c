/*
 * Draws every chart of a page from the figure JSON the server put beside it
 * (<div data-figure="ID">, <script type="application/json" id="ID">).
 * The page's data tables already hold the same numbers, so nothing is lost
 * when this script or plotly.js does not run.
 */
(function () {
  "use strict";
  var config = { displayModeBar: false, responsive: true, displaylogo: false, scrollZoom: false };

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-figure"));
    if (!source || typeof Plotly === "undefined") { return; }
    var figure = JSON.parse(source.textContent);
    var layout = figure.layout || {};
    layout.autosize = true;
    Plotly.newPlot(canvas, figure.data || [], layout, config).then(function () {
      canvas.classList.add("chart-drawn");
      var link = canvas.getAttribute("data-click-link");
      if (link) {
        canvas.on("plotly_click", function (event) {
          var point = event.points && event.points[0];
          var href = point && point.customdata && point.customdata[link];
          if (href) { window.location.href = href; }
        });
      }
    });
  }

  function drawAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-figure]"), draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();

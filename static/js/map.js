/*
 * Draws the maps of a page (<div data-map-figure="ID" data-geometry="URL">) with plotly.js.
 *
 * The figure JSON beside each map comes from the server with every colour, hover
 * text and link already decided; each trace names the provider shapes it fills in
 * meta.shapes. This script fetches the static geometry file (once per page, from
 * our own origin; the browser caches it), copies those shapes' outlines into the
 * traces and draws, once the map is about to be seen; plotly.js comes through
 * charts.js's loader (window.ProbationCharts), so a page fetches it once.
 * site.css reserves the map's box where scripts run, so nothing moves when it is
 * drawn, and hides it where they do not: a reader without JavaScript sees the
 * summary and the table, never an empty box. If drawing fails the box goes too.
 * It also keeps the map form's standard and round to those of the era of the providers chosen.
 */
(function () {
  "use strict";
  var geometries = {};

  function loadGeometry(url) {
    if (!geometries[url]) {
      geometries[url] = fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) { throw new Error("map geometry: HTTP " + response.status); }
        return response.json();
      });
    }
    return geometries[url];
  }

  function outlines(geometry, slugs) {
    var x = [];
    var y = [];
    slugs.forEach(function (slug) {
      var shape = geometry.providers[slug];
      if (!shape) { return; }
      if (x.length) { x.push(null); y.push(null); }
      Array.prototype.push.apply(x, shape.x);
      Array.prototype.push.apply(y, shape.y);
    });
    return { x: x, y: y };
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-map-figure"));
    var holder = canvas.closest("[data-map]");
    if (!source || !window.ProbationCharts || typeof fetch === "undefined") {
      if (holder) { holder.hidden = true; }
      return;
    }
    var figure = JSON.parse(source.textContent);
    var interactive = !canvas.hasAttribute("data-map-static");
    var config = { displayModeBar: false, responsive: true, displaylogo: false, scrollZoom: false,
                   staticPlot: !interactive };
    Promise.all([
      loadGeometry(canvas.getAttribute("data-geometry")),
      window.ProbationCharts.loadPlotly()
    ]).then(function (loaded) {
      var geometry = loaded[0];
      var traces = (figure.data || []).map(function (trace) {
        var shape = outlines(geometry, (trace.meta && trace.meta.shapes) || []);
        trace.x = shape.x;
        trace.y = shape.y;
        return trace;
      });
      var layout = figure.layout || {};
      layout.autosize = true;
      return Plotly.newPlot(canvas, traces, layout, config);
    }).then(function () {
      canvas.classList.add("map-drawn");
      if (!interactive) { return; }
      canvas.on("plotly_click", function (event) {
        var point = event.points && event.points[0];
        var url = point && point.data && point.data.meta && point.data.meta.url;
        if (url) { window.location.href = url; }
      });
    }).catch(function (error) {
      // The summary and the table already say everything the map would.
      if (holder) { holder.hidden = true; }
      if (window.console) { window.console.warn(error); }
    });
  }

  // The map form offers the standards and rounds of the era of the providers shown (the type's optgroup).
  // Choosing providers of the other era sets both to the choices every era has and disables the rest,
  // rather than let the reader ask for a map that does not exist; choosing back restores them.
  function keepChoicesOfOneEra(form) {
    var type = form.querySelector("select[name=type]");
    var others = ["standard", "round"].map(function (name) {
      return form.querySelector("select[name=" + name + "]");
    }).filter(Boolean);
    if (!type || others.length !== 2) { return; }
    var eraOf = function () {
      var option = type.options[type.selectedIndex];
      return option && option.parentNode.tagName === "OPTGROUP" ? option.parentNode.label : "";
    };
    var shownEra = eraOf();
    var kept = others.map(function (select) { return select.value; });
    var common = ["overall", ""];
    type.addEventListener("change", function () {
      var same = eraOf() === shownEra;
      others.forEach(function (select, index) {
        Array.prototype.forEach.call(select.options, function (option) {
          option.disabled = !same && option.value !== common[index];
        });
        select.value = same ? kept[index] : common[index];
      });
    });
  }

  function drawAll() {
    Array.prototype.forEach.call(document.querySelectorAll("form.map-form"), keepChoicesOfOneEra);
    var canvases = Array.prototype.slice.call(document.querySelectorAll("[data-map-figure]"));
    if (window.ProbationCharts) {
      window.ProbationCharts.whenNear(canvases, draw);
    } else {
      canvases.forEach(draw);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();

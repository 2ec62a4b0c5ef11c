/*
 * Draws every chart of a page from the figure JSON the server put beside it
 * (<div data-figure="ID" data-height="PX">, <script type="application/json" id="ID">).
 * The page's data tables already hold the same numbers, so nothing is lost
 * when this script or plotly.js does not run.
 *
 * plotly.js is large, so it is fetched only when a chart or a locator map comes
 * within a screen of being seen: the page is complete and readable before it
 * arrives. The script's address is this script tag's data-plotly; it is added to
 * the page once, from our own origin, so a strict Content-Security-Policy holds.
 *
 * A figure may carry a narrow form in layout.meta.narrow (dashboard/charts/theme.py):
 * layout overrides applied when the chart's box is narrower than NARROW_WIDTH.
 *
 * Once a chart is drawn, "Download SVG" and "Download PNG" buttons are put in the
 * space kept below it (<p data-downloads-for="ID">; the files are written in the
 * browser), so a page without scripts never shows a button that cannot work; its
 * table and the page's CSV hold the numbers.
 *
 * Locator maps (<div data-map-figure="ID" data-geometry="URL">, dashboard/charts/maps.py
 * locator_map) name the provider shapes each trace fills in meta.shapes: their
 * outlines come from the static geometry file, fetched once a page. site.css
 * reserves a map's box where scripts run; if drawing fails the box goes too.
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

  // The file's name: the page's address and the chart's id, "providers-kss-crc-chart-standards".
  function fileName(canvas) {
    var path = window.location.pathname.replace(/^\/+|\/+$/g, "").replace(/[^A-Za-z0-9.-]+/g, "-");
    return (path ? path + "-" : "") + canvas.id;
  }

  function save(blob, name) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }

  // plotly.js's own PNG export loads its SVG as a blob: image, which the Content-Security-Policy's img-src
  // refuses; its SVG as a data: address is allowed, so the PNG is painted from that, at twice the size.
  function savePng(canvas, name) {
    var width = canvas.clientWidth;
    var height = canvas.clientHeight;
    Plotly.toImage(canvas, { format: "svg", width: width, height: height }).then(function (url) {
      return new Promise(function (resolve, reject) {
        var image = new Image();
        image.onload = function () { resolve(image); };
        image.onerror = function () { reject(new Error("charts.js: the chart's image did not load")); };
        image.src = url;
      });
    }).then(function (image) {
      var painted = document.createElement("canvas");
      painted.width = width * 2;
      painted.height = height * 2;
      var context = painted.getContext("2d");
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, painted.width, painted.height);
      context.drawImage(image, 0, 0, painted.width, painted.height);
      painted.toBlob(function (blob) { save(blob, name + ".png"); }, "image/png");
    }).catch(function (error) {
      if (window.console) { window.console.warn(error); }
    });
  }

  function addDownloads(canvas) {
    var caption = canvas.getAttribute("aria-label") || "";
    var group = document.querySelector('[data-downloads-for="' + canvas.id + '"]');
    if (!group) { return; }
    ["svg", "png"].forEach(function (format) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "chart-download";
      button.textContent = "Download " + format.toUpperCase();
      // The visible text is the same under every chart; the name says which chart's image it is.
      button.setAttribute("aria-label", "Download " + format.toUpperCase() + " image of the " +
        caption.replace(/^Chart: /, "chart: ").replace(/ The same numbers .*$/, ""));
      button.addEventListener("click", function () {
        if (format === "png") {
          savePng(canvas, fileName(canvas));
        } else {
          Plotly.downloadImage(canvas, { format: "svg", filename: fileName(canvas),
            width: canvas.clientWidth, height: canvas.clientHeight });
        }
      });
      group.appendChild(button);
    });
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-figure"));
    if (!source) { return; }
    var figure = JSON.parse(source.textContent);
    loadPlotly().then(function () {
      var narrow = canvas.clientWidth < NARROW_WIDTH;
      return Plotly.newPlot(canvas, figure.data || [], layoutFor(figure, canvas.clientWidth), config).then(function () {
        canvas.classList.add("chart-drawn");
        addDownloads(canvas);
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

  function drawMap(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-map-figure"));
    var holder = canvas.closest("[data-map]");
    if (!source || typeof fetch === "undefined") {
      if (holder) { holder.hidden = true; }
      return;
    }
    var figure = JSON.parse(source.textContent);
    Promise.all([loadGeometry(canvas.getAttribute("data-geometry")), loadPlotly()]).then(function (loaded) {
      var traces = (figure.data || []).map(function (trace) {
        var shape = outlines(loaded[0], (trace.meta && trace.meta.shapes) || []);
        trace.x = shape.x;
        trace.y = shape.y;
        return trace;
      });
      var layout = figure.layout || {};
      layout.autosize = true;
      return Plotly.newPlot(canvas, traces, layout, merge(config, { staticPlot: true }));
    }).then(function () {
      canvas.classList.add("map-drawn");
    }).catch(function (error) {
      // The page says in words what the map shows.
      if (holder) { holder.hidden = true; }
      if (window.console) { window.console.warn(error); }
    });
  }

  function start() {
    var canvases = Array.prototype.slice.call(document.querySelectorAll("[data-figure]"));
    canvases.forEach(reserve);
    whenNear(canvases, draw);
    whenNear(Array.prototype.slice.call(document.querySelectorAll("[data-map-figure]")), drawMap);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

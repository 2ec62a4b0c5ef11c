/*
 * The map page's map is SVG drawn by the server, each area a link named with its rating
 * (templates/partials/map_svg.html); this script only adds a label beside it:
 * - pointing at an area, or tabbing to it, shows its name, rating and date, and outlines it on top;
 * - on a touch screen the first tap shows the same with a link to the provider's page, so a tap
 *   never leaves the map unasked; a second tap on the area, or the link, opens the page.
 * It also keeps the map form's standard and round to those of the era of the providers chosen.
 */
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var GAP = 12; // px between the pointer and the label

  function line(text, tag) {
    var element = document.createElement(tag || "span");
    element.textContent = text;
    return element;
  }

  function enhance(canvas) {
    var svg = canvas.querySelector("svg");
    if (!svg) { return; }
    var tip = document.createElement("div");
    tip.className = "map-tip";
    tip.hidden = true;
    canvas.appendChild(tip);
    // The shape shown is outlined again on top of its neighbours, so its whole border shows.
    var highlight = document.createElementNS(SVG, "use");
    highlight.setAttribute("class", "map-highlight");
    highlight.setAttribute("aria-hidden", "true");
    svg.appendChild(highlight);
    var shown = null;
    var armed = null; // the area a first tap chose
    var pointer = "mouse";

    function areaOf(target) {
      return target && target.closest ? target.closest("a.map-area") : null;
    }

    function place(x, y) {
      var box = canvas.getBoundingClientRect();
      var left = Math.min(Math.max(x - box.left + GAP, 0), Math.max(box.width - tip.offsetWidth, 0));
      var top = y - box.top + GAP;
      if (top + tip.offsetHeight > box.height) { top = Math.max(y - box.top - GAP - tip.offsetHeight, 0); }
      tip.style.left = left + "px";
      tip.style.top = top + "px";
    }

    function show(area, x, y, withLink) {
      if (area !== shown || withLink !== tip.classList.contains("map-tip--touch")) {
        tip.replaceChildren(line(area.getAttribute("data-name"), "strong"), line(area.getAttribute("data-outcome")));
        if (area.getAttribute("data-published")) { tip.appendChild(line(area.getAttribute("data-published"))); }
        if (withLink) {
          var link = line("Open " + area.getAttribute("data-name") + "'s page", "a");
          link.href = area.getAttribute("href");
          tip.appendChild(link);
        }
        tip.classList.toggle("map-tip--touch", withLink);
        highlight.setAttribute("href", "#" + area.querySelector("path").id);
        shown = area;
      }
      tip.hidden = false;
      place(x, y);
    }

    function hide() {
      tip.hidden = true;
      highlight.removeAttribute("href");
      shown = null;
      armed = null;
    }

    function middle(area) {
      var box = area.getBoundingClientRect();
      return [box.left + box.width / 2, box.top + box.height / 2];
    }

    svg.addEventListener("pointerdown", function (event) { pointer = event.pointerType; });
    svg.addEventListener("pointermove", function (event) {
      if (event.pointerType !== "mouse" || armed) { return; }
      var area = areaOf(event.target);
      if (area) { show(area, event.clientX, event.clientY, false); } else { hide(); }
    });
    svg.addEventListener("pointerleave", function (event) {
      if (event.pointerType === "mouse" && !armed) { hide(); }
    });
    svg.addEventListener("focusin", function (event) {
      var area = areaOf(event.target);
      if (area && area !== armed) { show.apply(null, [area].concat(middle(area), [false])); }
    });
    canvas.addEventListener("focusout", function (event) {
      if (!armed && !canvas.contains(event.relatedTarget)) { hide(); }
    });
    svg.addEventListener("click", function (event) {
      var area = areaOf(event.target);
      if (!area) {
        if (armed) { hide(); }
        return;
      }
      if ((pointer !== "touch" && pointer !== "pen") || area === armed) { return; }
      event.preventDefault();
      armed = area;
      show(area, event.clientX, event.clientY, true);
    });
    document.addEventListener("pointerdown", function (event) {
      if (armed && !canvas.contains(event.target)) { hide(); }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && shown) { hide(); }
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

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form.map-form"), keepChoicesOfOneEra);
    Array.prototype.forEach.call(document.querySelectorAll("[data-map-svg]"), enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

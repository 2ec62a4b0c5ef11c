/*
 * The leagues' "Compare" checkboxes: count the ticks ("2 of up to 6 ticked"), stop a
 * seventh, and compare the providers in the order they were ticked, not the order of
 * the rows. Without this script the form still works: it compares them in row order,
 * and the comparison explains a list it cannot show.
 */
(function () {
  "use strict";
  var form = document.querySelector("form[data-keep-tick-order]");
  if (!form) { return; }
  var boxes = document.querySelectorAll('input[type="checkbox"][form="' + form.id + '"]');
  var limit = parseInt(form.getAttribute("data-max-ticks"), 10) || 6;
  var counter = document.getElementById("compare-ticks-count");
  var order = [];

  function tickedCount() {
    return Array.prototype.filter.call(boxes, function (box) { return box.checked; }).length;
  }

  function showCount(refused) {
    if (!counter) { return; }
    var ticked = tickedCount();
    var text = ticked + " of up to " + limit + " ticked";
    if (refused) { text += ": untick one to choose another"; }
    else if (ticked === 1) { text += ": tick one more to compare"; }
    counter.textContent = text + ".";
    counter.hidden = ticked === 0 && !refused;
  }

  Array.prototype.forEach.call(boxes, function (box) {
    if (box.checked) { order.push(box.value); }  // kept by the browser on "back"
    box.addEventListener("change", function () {
      if (box.checked && tickedCount() > limit) {
        box.checked = false;  // a seventh: the comparison shows six at most
        showCount(true);
        return;
      }
      order = order.filter(function (slug) { return slug !== box.value; });
      if (box.checked) { order.push(box.value); }
      showCount(false);
    });
  });
  showCount(false);

  form.addEventListener("submit", function (event) {
    var ticked = order.filter(function (slug) {
      return Array.prototype.some.call(boxes, function (box) { return box.checked && box.value === slug; });
    });
    if (ticked.length < 2) { return; }  // the builder explains what is missing
    event.preventDefault();
    window.location.assign(form.action + "?current=" + encodeURIComponent(ticked.join(",")));
  });
})();

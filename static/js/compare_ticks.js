/*
 * The league table's "Compare" checkboxes: compare the providers in the order they
 * were ticked, not the order of the rows. Without this script the form still
 * works and compares them in row order.
 */
(function () {
  "use strict";
  var form = document.querySelector("form[data-keep-tick-order]");
  if (!form) { return; }
  var boxes = document.querySelectorAll('input[type="checkbox"][form="' + form.id + '"]');
  var order = [];

  Array.prototype.forEach.call(boxes, function (box) {
    if (box.checked) { order.push(box.value); }  // kept by the browser on "back"
    box.addEventListener("change", function () {
      order = order.filter(function (slug) { return slug !== box.value; });
      if (box.checked) { order.push(box.value); }
    });
  });

  form.addEventListener("submit", function (event) {
    var ticked = order.filter(function (slug) {
      return Array.prototype.some.call(boxes, function (box) { return box.checked && box.value === slug; });
    });
    if (ticked.length < 2) { return; }  // the builder explains what is missing
    event.preventDefault();
    window.location.assign(form.action + "?current=" + encodeURIComponent(ticked.join(",")));
  });
})();

/*
 * The compare picker's checkboxes (templates/partials/compare_form.html): a count of the
 * ticks against the limit ("2 of up to 6 ticked"), a tick beyond the limit undone with a
 * message saying why, and a form sent with too few ticks held back with one. Without this
 * script the form still works: the server answers too many or too few ticks with the form
 * again and a message.
 */
(function () {
  "use strict";
  var form = document.querySelector("form[data-compare-picker]");
  if (!form) { return; }
  var counter = form.querySelector("[data-tick-count]");
  var boxes = form.querySelectorAll('input[type="checkbox"][name="providers"]');
  if (!counter || !boxes.length) { return; }
  var least = parseInt(form.getAttribute("data-min"), 10);
  var most = parseInt(form.getAttribute("data-max"), 10);

  function tickedCount() {
    return Array.prototype.filter.call(boxes, function (box) { return box.checked; }).length;
  }

  function show(note) {
    var count = tickedCount();
    counter.textContent = count + " of up to " + most + " ticked" + (note ? ": " + note : "");
    counter.classList.toggle("picker-count--warning", Boolean(note));
  }

  Array.prototype.forEach.call(boxes, function (box) {
    box.addEventListener("change", function () {
      if (box.checked && tickedCount() > most) {
        box.checked = false;
        show("a comparison shows at most " + most + ". Untick one to choose another.");
        return;
      }
      show("");
    });
  });

  form.addEventListener("submit", function (event) {
    var count = tickedCount();
    if (count < least) {
      event.preventDefault();
      show("tick at least " + least + " to compare.");
    }
  });

  counter.hidden = false;
  show(tickedCount() > most ? "a comparison shows at most " + most + ". Untick " + (tickedCount() - most) + "." : "");
})();

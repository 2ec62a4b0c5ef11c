/*
 * The search box's suggestions as one types: the WAI-ARIA 1.2 combobox pattern with a listbox popup
 * (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/). Down and Up move through the suggestions, Enter
 * follows the chosen one (or submits the form when none is chosen), Escape closes the list; a click
 * follows one too.
 *
 * Only names are ever sent: text with a digit in it may be a postcode, so it is never fetched; the form
 * answers it, by redirect, when submitted. Without this script the box is a plain search form.
 */
(function () {
  "use strict";
  var WAIT_MS = 200; // after the last key, before asking
  var SHORTEST = 2; // characters before anything is suggested

  function enhance(form, number) {
    var input = form.querySelector('input[name="q"]');
    var field = form.querySelector(".search__field");
    var address = form.getAttribute("data-suggest-url");
    if (!input || !field || !address || !window.fetch) { return; }

    var listId = (input.id || "search-" + number) + "-suggestions";
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "search__suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Suggestions");
    list.hidden = true;
    field.appendChild(list);

    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    form.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    var suggestions = [];
    var active = -1;
    var timer = null;
    var asking = null; // the AbortController of the request in flight
    var shownFor = null; // the text the list was made for

    function isOpen() { return !list.hidden; }

    function setActive(index) {
      var options = list.children;
      for (var i = 0; i < options.length; i += 1) {
        options[i].setAttribute("aria-selected", i === index ? "true" : "false");
        options[i].classList.toggle("is-active", i === index);
      }
      active = index;
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        if (options[index].scrollIntoView) { options[index].scrollIntoView({ block: "nearest" }); }
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      setActive(-1);
    }

    function open() {
      if (!suggestions.length) { return; }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function forget() {
      window.clearTimeout(timer);
      if (asking) { asking.abort(); asking = null; }
      suggestions = [];
      shownFor = null;
      list.textContent = "";
      close();
    }

    function show(text, found) {
      suggestions = found.slice(0, 8);
      shownFor = text;
      list.textContent = "";
      suggestions.forEach(function (suggestion, index) {
        var option = document.createElement("li");
        option.id = listId + "-" + index;
        option.className = "search__suggestion";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        var label = document.createElement("span");
        label.className = "search__suggestion-label";
        label.textContent = suggestion.label;
        var detail = document.createElement("span");
        detail.className = "search__suggestion-detail";
        detail.textContent = suggestion.detail;
        option.appendChild(label);
        option.appendChild(document.createTextNode(" "));
        option.appendChild(detail);
        list.appendChild(option);
      });
      setActive(-1);
      if (suggestions.length) {
        open();
        status.textContent = suggestions.length + (suggestions.length === 1 ? " suggestion" : " suggestions") +
          ": use the up and down arrow keys to choose, Enter to go.";
      } else {
        close();
        status.textContent = "";
      }
    }

    function ask() {
      var text = input.value.trim();
      if (text.length < SHORTEST || /\d/.test(text)) { forget(); return; }
      if (text === shownFor) { open(); return; }
      if (asking) { asking.abort(); }
      asking = window.AbortController ? new AbortController() : null;
      window.fetch(address + "?q=" + encodeURIComponent(text), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: asking ? asking.signal : undefined
      }).then(function (response) {
        return response.ok ? response.json() : { suggestions: [] };
      }).then(function (answer) {
        if (input.value.trim() !== text) { return; } // typed on since
        show(text, (answer && answer.suggestions) || []);
      }).catch(function () { /* aborted, or offline: the form still works */ });
    }

    function follow(index) {
      var suggestion = suggestions[index];
      if (!suggestion) { return; }
      close();
      window.location.assign(suggestion.url);
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      if (/\d/.test(input.value)) { forget(); return; } // a postcode, perhaps: never sent
      timer = window.setTimeout(ask, WAIT_MS);
    });

    input.addEventListener("keydown", function (event) {
      var count = suggestions.length;
      switch (event.key) {
        case "ArrowDown":
        case "Down":
          if (!count) { return; }
          event.preventDefault();
          if (!isOpen()) { open(); setActive(0); } else { setActive((active + 1) % count); }
          break;
        case "ArrowUp":
        case "Up":
          if (!count) { return; }
          event.preventDefault();
          if (!isOpen()) { open(); setActive(count - 1); } else { setActive(active <= 0 ? count - 1 : active - 1); }
          break;
        case "Enter":
          if (isOpen() && active >= 0) { event.preventDefault(); follow(active); }
          break;
        case "Escape":
        case "Esc":
          if (isOpen()) { event.preventDefault(); close(); }
          break;
        case "Tab":
          close();
          break;
        default:
          break;
      }
    });

    input.addEventListener("blur", close);
    input.addEventListener("focus", function () {
      if (suggestions.length && input.value.trim() === shownFor) { open(); }
    });
    // A press on the list keeps the focus in the box, so that the click lands before the list closes.
    list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    list.addEventListener("click", function (event) {
      var option = event.target.closest('[role="option"]');
      if (option) { follow(Array.prototype.indexOf.call(list.children, option)); }
    });
    // Back to this page from the browser's cache: the list closed, as it was left.
    window.addEventListener("pageshow", close);
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-search]"), enhance);
})();

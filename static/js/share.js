/*
 * "Copy link": copies the address in the read-only field beside the button and says so in a polite
 * live region. Where the Clipboard API is refused, the field's text is selected for the reader to copy.
 */
(function () {
  "use strict";

  function announce(status, message) {
    if (!status) { return; }
    status.textContent = "";
    // A fresh text node is announced even when the message repeats.
    window.setTimeout(function () { status.textContent = message; }, 50);
  }

  function selectField(field) {
    field.focus();
    field.select();
    field.setSelectionRange(0, field.value.length);
  }

  function fallback(field, status, copiedMessage) {
    selectField(field);
    var copied = false;
    try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
    announce(status, copied ? copiedMessage : "Selected: press Ctrl+C (or ⌘C) to copy it");
  }

  function enhance(button) {
    var field = document.getElementById(button.getAttribute("data-copy-target"));
    if (!field) { return; }
    var status = document.getElementById(button.getAttribute("data-status") || "copy-status");
    var copiedMessage = button.getAttribute("data-copied") || "Link copied";
    button.hidden = false;
    button.addEventListener("click", function () {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(
          function () { announce(status, copiedMessage); },
          function () { fallback(field, status, copiedMessage); }
        );
      } else {
        fallback(field, status, copiedMessage);
      }
    });
    field.addEventListener("focus", function () { field.select(); });
  }

  function enhanceAll() {
    Array.prototype.forEach.call(document.querySelectorAll("button[data-copy-target]"), enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhanceAll);
  } else {
    enhanceAll();
  }
})();

/*
 * "Copy link": copies the address in the read-only field beside the button and says so in a polite
 * live region. Where the Clipboard API is refused, the field's text is selected for the reader to copy.
 * "Share": where the browser has a share sheet (navigator.share), opens it with the page's title and
 * the same address; elsewhere the button stays hidden and the field and "Copy link" do the work.
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

  function shareable(data) {
    if (typeof navigator.share !== "function") { return false; }
    if (typeof navigator.canShare !== "function") { return true; }
    try { return navigator.canShare(data); } catch (error) { return false; }
  }

  function enhanceShare(button) {
    var field = document.getElementById(button.getAttribute("data-share-target"));
    if (!field) { return; }
    var data = { title: document.title, url: field.value };
    if (!shareable(data)) { return; }
    var status = document.getElementById(button.getAttribute("data-status") || "copy-status");
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.share(data).catch(function (error) {
        // The reader closing the sheet is no failure; anything else leaves the link to copy.
        if (error && error.name === "AbortError") { return; }
        announce(status, "Sharing did not work: copy the link instead");
      });
    });
  }

  function enhanceAll() {
    Array.prototype.forEach.call(document.querySelectorAll("button[data-copy-target]"), enhance);
    Array.prototype.forEach.call(document.querySelectorAll("button[data-share-target]"), enhanceShare);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhanceAll);
  } else {
    enhanceAll();
  }
})();

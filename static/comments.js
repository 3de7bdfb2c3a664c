/* Quoting a passage of the section text in a comment: select text in the
 * section, press "Quote the selection". The quote field stays a normal text
 * field, so the passage can also be typed or pasted. */
(function () {
  "use strict";

  function normalise(text) {
    return text.replace(/\s+/g, " ").trim();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var source = document.querySelector("[data-quote-source]");
    var target = document.querySelector("[data-quote-target]");
    var near = document.querySelector("[data-quote-near]");
    var button = document.querySelector("[data-quote-button]");
    if (!source || !target || !button) {
      return;
    }
    var last = null;

    document.addEventListener("selectionchange", function () {
      var selection = window.getSelection();
      if (!selection || selection.isCollapsed || selection.rangeCount === 0) {
        return;
      }
      var range = selection.getRangeAt(0);
      if (!source.contains(range.commonAncestorContainer)) {
        return;
      }
      var before = document.createRange();
      before.setStart(source, 0);
      before.setEnd(range.startContainer, range.startOffset);
      var prefix = normalise(before.toString());
      last = { text: normalise(selection.toString()), near: prefix ? prefix.length + 1 : 0 };
    });

    button.hidden = false;
    button.addEventListener("click", function () {
      if (!last || !last.text) {
        target.focus();
        return;
      }
      target.value = last.text;
      if (near) {
        near.value = String(last.near);
      }
      var text = document.getElementById("text");
      (text || target).focus();
    });
  });
})();

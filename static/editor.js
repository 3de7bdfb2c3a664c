/* Rich-text editing of section texts with Squire.
 *
 * Enhances every <textarea data-richtext>: the textarea stays in the form
 * (hidden) and receives the editor's HTML; without JavaScript it is edited as
 * HTML directly. The toolbar's labels come from the page (data-label-*), so
 * they are translated like the rest of the interface. */
(function () {
  "use strict";

  var ALLOWED = {
    ALLOWED_TAGS: ["p", "br", "h2", "h3", "h4", "ul", "ol", "li", "strong", "b", "em", "i", "a"],
    ALLOWED_ATTR: ["href"],
    RETURN_DOM_FRAGMENT: true,
  };

  // Word processors put style sheets and style attributes on the clipboard.
  // The page's Content Security Policy refuses inline style, also in the
  // inert document DOMPurify parses into, and reports every one it meets;
  // they are dropped from the markup before it is parsed. DOMPurify would
  // remove them anyway, so what is kept does not change.
  var START_TAG = /<[a-z][^\s\/<>]*(?:[\s\/](?:[^<>"']|"[^"]*"|'[^']*')*)?>/gi;
  var ATTRIBUTE = /[\s\/]+([^\s"'<>\/=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>`]+))?/g;

  var STYLE_START = /<style[\s\/>]/gi;
  var STYLE_END = /<\/style[\s\/>]/gi;

  function found(pattern, html, from) {
    pattern.lastIndex = from;
    var match = pattern.exec(html);
    return match ? match.index : -1;
  }

  function withoutStyleSheets(html) {
    // A style element runs to its end tag, or to the end of the markup.
    var kept = [];
    var from = 0;
    var start;
    while ((start = found(STYLE_START, html, from)) !== -1) {
      kept.push(html.slice(from, start));
      var end = found(STYLE_END, html, start + 6);
      var close = end === -1 ? -1 : html.indexOf(">", end);
      from = close === -1 ? html.length : close + 1;
    }
    kept.push(html.slice(from));
    return kept.join("");
  }

  function withoutInlineStyle(html) {
    return withoutStyleSheets(html).replace(START_TAG, function (tag) {
      return tag.replace(ATTRIBUTE, function (attribute, name) {
        return name.toLowerCase() === "style" ? "" : attribute;
      });
    });
  }

  function sanitize(html) {
    return window.DOMPurify.sanitize(withoutInlineStyle(html), ALLOWED);
  }

  function setBlock(editor, tag) {
    editor.modifyBlocks(function (fragment) {
      var blocks = Array.prototype.slice.call(fragment.childNodes);
      blocks.forEach(function (block) {
        if (block.nodeType !== 1 || block.nodeName === "UL" || block.nodeName === "OL") {
          return;
        }
        var replacement = document.createElement(tag);
        while (block.firstChild) {
          replacement.appendChild(block.firstChild);
        }
        fragment.replaceChild(replacement, block);
      });
      return fragment;
    });
  }

  function button(toolbar, label, pressedFormat, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "toolbar__button";
    b.textContent = label;
    if (pressedFormat) {
      b.setAttribute("aria-pressed", "false");
      b.dataset.format = pressedFormat;
    }
    b.addEventListener("click", onClick);
    toolbar.appendChild(b);
    return b;
  }

  function enhance(textarea) {
    var d = textarea.dataset;
    var wrapper = document.createElement("div");
    wrapper.className = "richtext";
    var toolbar = document.createElement("div");
    toolbar.className = "toolbar";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", d.labelToolbar);
    toolbar.setAttribute("aria-controls", textarea.id + "-editor");
    var area = document.createElement("div");
    area.id = textarea.id + "-editor";
    area.className = "richtext__area";
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    area.setAttribute("aria-labelledby", textarea.id + "-label");
    if (textarea.getAttribute("aria-describedby")) {
      area.setAttribute("aria-describedby", textarea.getAttribute("aria-describedby"));
    }
    wrapper.appendChild(toolbar);
    wrapper.appendChild(area);
    textarea.parentNode.insertBefore(wrapper, textarea);
    textarea.hidden = true;

    var editor = new window.Squire(area, { blockTag: "P", sanitizeToDOMFragment: sanitize });
    editor.setHTML(textarea.value);

    button(toolbar, d.labelHeading, null, function () { setBlock(editor, "H3"); editor.focus(); });
    button(toolbar, d.labelParagraph, null, function () { setBlock(editor, "P"); editor.focus(); });
    button(toolbar, d.labelBold, "B", function () {
      editor.hasFormat("B") ? editor.removeBold() : editor.bold();
      editor.focus();
    });
    button(toolbar, d.labelItalic, "I", function () {
      editor.hasFormat("I") ? editor.removeItalic() : editor.italic();
      editor.focus();
    });
    button(toolbar, d.labelBullets, null, function () { editor.makeUnorderedList(); editor.focus(); });
    button(toolbar, d.labelNumbers, null, function () { editor.makeOrderedList(); editor.focus(); });
    button(toolbar, d.labelLink, null, function () {
      var url = window.prompt(d.labelLinkPrompt, "https://");
      if (url && /^(https?:\/\/|mailto:)/i.test(url.trim())) {
        editor.makeLink(url.trim());
      }
      editor.focus();
    });
    button(toolbar, d.labelUnlink, null, function () { editor.removeLink(); editor.focus(); });

    function sync() {
      textarea.value = editor.getHTML();
      toolbar.querySelectorAll("[data-format]").forEach(function (b) {
        b.setAttribute("aria-pressed", editor.hasFormat(b.dataset.format) ? "true" : "false");
      });
    }
    editor.addEventListener("input", sync);
    editor.addEventListener("pathChange", sync);
    textarea.form.addEventListener("submit", sync);
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.Squire || !window.DOMPurify) {
      return;
    }
    document.querySelectorAll("textarea[data-richtext]").forEach(enhance);
  });
})();

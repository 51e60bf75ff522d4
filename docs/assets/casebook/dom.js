/* DOM helpers: building elements (text is only ever inserted as text, never as HTML), headings
 * that keep the page outline valid, and the live region for screen-reader announcements. */
(function (CB) {
  "use strict";

  let uidCounter = 0;
  function uid(prefix) {
    uidCounter += 1;
    return "cb-" + prefix + "-" + uidCounter;
  }

  /* Create an element. attrs: class, text, on<event> handlers, booleans, other attributes.
   * Children may be nodes, strings (inserted as text), arrays, or null/false (skipped). */
  function h(tag, attrs) {
    const el = document.createElement(tag);
    if (attrs) {
      for (const name of Object.keys(attrs)) {
        const v = attrs[name];
        if (v === null || v === undefined || v === false) continue;
        if (name === "class") el.className = v;
        else if (name === "text") el.textContent = v;
        else if (name.slice(0, 2) === "on" && typeof v === "function") el.addEventListener(name.slice(2), v);
        else el.setAttribute(name, v === true ? "" : String(v));
      }
    }
    for (let i = 2; i < arguments.length; i++) append(el, arguments[i]);
    return el;
  }

  function append(el, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) {
      for (const c of child) append(el, c);
    } else if (typeof child === "string" || typeof child === "number") {
      el.appendChild(document.createTextNode(String(child)));
    } else {
      el.appendChild(child);
    }
  }

  // Heading level for a block inserted at `el`: one below the closest heading before it in the
  // article (h2 when there is none, or only the page's h1), so the outline stays valid.
  function headingLevelFor(el) {
    const scope = el.closest("article") || document.body;
    const headings = scope.querySelectorAll("h1, h2, h3, h4, h5, h6");
    let level = 1;
    for (const hd of headings) {
      if (el.contains(hd)) continue;
      if (hd.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) {
        level = Number(hd.tagName.charAt(1));
      }
    }
    return Math.min(6, Math.max(2, level + 1));
  }

  function pageH1Text(el) {
    const scope = el.closest("article") || document.body;
    const h1 = scope.querySelector("h1");
    return h1 ? h1.textContent.trim() : "";
  }

  function showError(container, message) {
    container.textContent = "";
    container.appendChild(h("p", { class: "cb-error", text: message }));
  }

  // A polite live region and a function that speaks into it.
  function announcer() {
    const el = h("div", { class: "cb-sr-only", "aria-live": "polite" });
    function announce(msg) {
      el.textContent = "";
      // A fresh text node after a tick so repeated messages are read again.
      window.setTimeout(() => (el.textContent = msg), 30);
    }
    return { el: el, announce: announce };
  }

  Object.assign(CB, {
    uid: uid,
    h: h,
    headingLevelFor: headingLevelFor,
    pageH1Text: pageH1Text,
    showError: showError,
    announcer: announcer,
  });
  if (typeof module !== "undefined") module.exports = CB;
})(typeof module !== "undefined" ? require("./core.js") : window.Casebook);

/* Page bootstrap, loaded last: runs every part on Material's document$ (each instant page load),
 * or once on plain DOM ready when the theme's observable is absent. */
(function (CB) {
  "use strict";

  function init() {
    const steps = [CB.recordVisit, CB.initQuizzes, CB.initNotebook, CB.initTracks, CB.initTrackSummaries, CB.initReport];
    for (const step of steps) {
      try {
        step();
      } catch (e) {
        // One broken part must not stop the others (or the page).
        if (window.console) window.console.error("casebook:", e);
      }
    }
  }

  function start() {
    // Subscribe once per document even if the scripts are included or evaluated twice. A DOM
    // attribute rather than a global flag, so it is reset with the document.
    const htmlEl = document.documentElement;
    if (htmlEl.hasAttribute("data-cb-loaded")) return;
    htmlEl.setAttribute("data-cb-loaded", "");
    const obs = window.document$;
    if (obs && typeof obs.subscribe === "function") {
      obs.subscribe(init);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", init, { once: true });
    } else {
      init();
    }
  }

  CB.init = init;
  if (typeof module !== "undefined") module.exports = CB;
  else start();
})(typeof module !== "undefined" ? require("./core.js") : window.Casebook);

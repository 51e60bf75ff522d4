/* Site paths: page paths relative to the site root, so progress survives a sub-path like /kb/
 * and the offline bundle (pages as name.html, opened from file://). */
(function (CB) {
  "use strict";

  let cachedRoot = null;

  function siteRoot() {
    if (cachedRoot) return cachedRoot;
    let root = null;
    try {
      const cfg = document.getElementById("__config");
      if (cfg) {
        const base = JSON.parse(cfg.textContent || "").base;
        if (typeof base === "string") root = new URL(base, location.href);
      }
    } catch (e) {
      root = null;
    }
    if (!root) {
      try {
        // eslint-disable-next-line no-undef
        if (typeof __md_scope !== "undefined" && __md_scope instanceof URL) root = new URL(__md_scope.href);
      } catch (e) {
        root = null;
      }
    }
    if (!root) root = new URL(".", location.href);
    root.search = "";
    root.hash = "";
    if (!root.pathname.endsWith("/")) root.pathname += "/";
    cachedRoot = root;
    return root;
  }

  function decoded(s) {
    try {
      return decodeURI(s);
    } catch (e) {
      return s;
    }
  }

  // A page path as stored in state.visited: "cases/x/", "" for the home page. Pure.
  function normPath(p) {
    let s = String(p || "");
    s = decoded(s.split("#")[0].split("?")[0]);
    s = s.replace(/^(\.\/)+/, "").replace(/^\/+/, "");
    s = s.replace(/(^|\/)index\.html?$/, "$1");
    s = s.replace(/\.html?$/, "/"); // offline bundle: name.html is the page name/
    return s;
  }

  // Path of an absolute URL relative to the site root, or null when it is outside the site.
  function sitePathOf(url) {
    const root = siteRoot();
    if (url.origin !== root.origin) return null;
    const path = decoded(url.pathname);
    const rootPath = decoded(root.pathname);
    if (!path.startsWith(rootPath)) return null;
    return normPath(path.slice(rootPath.length));
  }

  /* The offline bundle (`casebook build --offline`, opened from disk) has no directory URLs:
   * a page is name.html, not name/. Links in the quiz and track JSON are written as directory
   * URLs relative to the page's directory URL, so there they are mapped to the files. */
  let cachedFileUrls = null;

  function fileUrls() {
    if (cachedFileUrls === null) {
      const canonical = document.querySelector('link[rel="canonical"]');
      cachedFileUrls = !!canonical && /\.html$/.test(canonical.getAttribute("href") || "");
    }
    return cachedFileUrls;
  }

  // Site paths ("guide/") of the section index pages (guide/index.html), from the navigation.
  let cachedIndexDirs = null;

  function indexDirs() {
    if (cachedIndexDirs) return cachedIndexDirs;
    cachedIndexDirs = new Set();
    for (const a of document.querySelectorAll("a[href]")) {
      try {
        const url = new URL(a.getAttribute("href") || "", location.href);
        const path = /\/index\.html$/.test(url.pathname) ? sitePathOf(url) : null;
        if (path) cachedIndexDirs.add(path);
      } catch (e) {
        /* not a URL */
      }
    }
    return cachedIndexDirs;
  }

  function pageHref(url) {
    if (!url || !fileUrls()) return url;
    try {
      const here = location.href.split("#")[0].split("?")[0].replace(/(\/index)?\.html$/, "/");
      const target = new URL(url, here);
      const path = target.pathname.endsWith("/") ? sitePathOf(target) : null;
      if (path === null) return target.href;
      const file = path === "" ? "index.html" : indexDirs().has(path) ? path + "index.html" : path.slice(0, -1) + ".html";
      return new URL(file, siteRoot()).href + target.hash;
    } catch (e) {
      return url;
    }
  }

  function recordVisit() {
    const path = sitePathOf(new URL(location.href));
    if (path === null) return;
    // The first visit is when the page was read (what the completion record reports).
    if (path in CB.loadState().visited) return;
    CB.updateState(function (s) {
      s.visited[path] = CB.today();
    });
  }

  Object.assign(CB, {
    siteRoot: siteRoot,
    normPath: normPath,
    sitePathOf: sitePathOf,
    pageHref: pageHref,
    recordVisit: recordVisit,
  });
  if (typeof module !== "undefined") module.exports = CB;
})(typeof module !== "undefined" ? require("./core.js") : window.Casebook);

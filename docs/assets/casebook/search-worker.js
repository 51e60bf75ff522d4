/* Search that answers the first query before the whole index is built (publish/search_worker.py).
 *
 * Material's search worker builds its lunr index in the browser from every entry, which takes
 * about a second at 1,000 cases, and the first query waits for it. This worker speaks Material's
 * worker protocol (Material documents a custom worker as supported) and runs Material's own search
 * code twice: here, at once, over the light index the build writes (search/light_index.json: the
 * entries that have text, with their titles, tags and the start of their text), and in a nested
 * worker over the whole index the page sends. Queries go to the light index until the whole one
 * is ready; then the last query is answered again from the whole index and Material shows the
 * fuller result in place. A small index is not split: it is built whole at once. Without a light
 * index, or where a nested worker cannot start, the whole index is built here.
 *
 * The page names Material's worker file (hashed per Material release) as `?m=`. Not used in the
 * offline bundle: from file:// Material runs its worker in an iframe, without nested workers.
 *
 * `&lazy=1` (the live preview's pages only) builds the whole index at the first query instead of at
 * once: the preview reloads the page after every save, and building a 1,000-case index on each
 * reload took a core from the next rebuild. */
(function () {
  "use strict";

  const SETUP = 0;
  const READY = 1;
  const QUERY = 2;
  const RESULT = 3;

  const params = new URLSearchParams(self.location.search);
  const name = params.get("m") || "";
  const lazy = params.get("lazy") === "1";
  if (!/^search\.[0-9a-f]{8}\.min\.js$/.test(name)) throw new Error("casebook search: bad worker name");
  const material = new URL("../javascripts/workers/" + name, self.location.href).href;
  const lightUrl = new URL("../../search/light_index.json", self.location.href).href;

  // Material's worker loads lunr's language files relative to its own location: resolve them
  // against it, not against this file.
  const importScriptsHere = self.importScripts.bind(self);
  self.importScripts = (...urls) => importScriptsHere(...urls.map((u) => new URL(u, material).href));

  // Run Material's worker code in this worker, catching its message handler and its replies
  // (it calls the global postMessage when a message has been handled, so that stays caught).
  let handle = null;
  let reply = null;
  const listen = self.addEventListener.bind(self);
  const post = self.postMessage.bind(self);
  self.addEventListener = (type, fn) => (type === "message" ? (handle = fn) : listen(type, fn));
  self.postMessage = (message) => reply && reply(message);
  importScriptsHere(material);
  self.addEventListener = listen;
  if (!handle) throw new Error("casebook search: Material's worker did not load");

  // One message through Material's handler at a time: every use is chained on `queue`.
  function ask(message) {
    return new Promise((resolve) => {
      reply = (answer) => {
        reply = null;
        resolve(answer);
      };
      handle({ data: message });
    });
  }

  /* Material segments a Chinese query greedily by the words in its index, but never tries the
   * whole run of Chinese characters as one word (its loop stops one short), so 手续费 is searched
   * as 手续 and 费, and an idiom found in one case is split into characters that match many.
   * A run that is itself a word gets a character no word ends with, so the loop reaches it. */
  const HAN = /\p{sc=Han}+/gu;
  const SENTINEL = "\u3007";
  let words = new Set();

  function learnWords(config, docs) {
    const separator = new RegExp(config.separator);
    const found = new Set();
    for (const doc of docs) {
      for (const field of [doc.title, doc.text, ...(doc.tags || [])]) {
        if (typeof field !== "string") continue;
        for (const word of field.replace(/<[^>]*>/g, " ").toLowerCase().split(separator)) if (word) found.add(word);
      }
    }
    words = found;
  }

  function wholeWords(query) {
    return typeof query === "string" ? query.replace(HAN, (run) => (run.length > 1 && words.has(run) ? run + SENTINEL : run)) : query;
  }

  let split = false; // the light index answers until the whole one is ready
  let whole = null; // the nested worker, once its index is ready
  let lastQuery = null;

  // Build the light index as soon as it has loaded; the page's index arrives later.
  function setupLight(light) {
    if (!light || light.split !== true || !Array.isArray(light.docs)) return undefined;
    split = true;
    learnWords(light.config, light.docs);
    return ask({ type: SETUP, data: { config: light.config, docs: light.docs, options: light.options } }).then(post);
  }

  let queue = fetch(lightUrl)
    .then((r) => (r.ok ? r.json() : null))
    .catch(() => null)
    .then(setupLight);

  let deferred = null; // with `lazy`, the page's index until the first query

  function setupWhole(data) {
    if (split && lazy && lastQuery === null) {
      deferred = data;
      return undefined;
    }
    learnWords(data.config, data.docs);
    if (!split) return ask({ type: SETUP, data: data }).then(post);
    let nested;
    try {
      nested = new Worker(material);
    } catch (e) {
      return buildWholeHere(data);
    }
    nested.onerror = function () {
      whole = null;
      buildWholeHere(data);
    };
    nested.onmessage = function (ev) {
      if (!ev.data || ev.data.type !== READY) return;
      whole = nested;
      nested.onmessage = (res) => res.data && res.data.type === RESULT && post(res.data);
      if (lastQuery !== null) nested.postMessage({ type: QUERY, data: wholeWords(lastQuery) });
    };
    nested.postMessage({ type: SETUP, data: data });
    return undefined;
  }

  function buildWholeHere(data) {
    // After what the light index is answering now; a query then waits for this build.
    queue = queue
      .then(() => ask({ type: SETUP, data: data }))
      .then(() => lastQuery !== null && ask({ type: QUERY, data: wholeWords(lastQuery) }).then(post));
  }

  listen("message", function (ev) {
    const message = ev.data || {};
    if (message.type === SETUP) {
      queue = queue.then(() => setupWhole(message.data));
    } else if (message.type === QUERY) {
      lastQuery = message.data;
      if (deferred !== null) {
        const data = deferred;
        deferred = null;
        queue = queue.then(() => setupWhole(data));
      }
      const query = { type: QUERY, data: wholeWords(message.data) };
      if (whole) whole.postMessage(query);
      else queue = queue.then(() => ask(query)).then(post);
    }
  });
})();

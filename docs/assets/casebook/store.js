/* Stored state: one versioned JSON document in localStorage under "casebook:v1", sanitised on
 * every read. Older schemas are migrated forward; a newer schema (a newer page wrote it) is
 * never overwritten. When localStorage cannot be used, an in-memory copy keeps the visit going.
 * Format and migration rule: generator/casebook/CONTRACT.md, "Stored state".
 */
(function (CB) {
  "use strict";

  const STORE_KEY = "casebook:v1";
  const SCHEMA = 1;
  const MAX_VISITED = 5000;

  // MIGRATIONS[n] turns a schema-n document into a schema-(n+1) one. Empty while SCHEMA is 1.
  const MIGRATIONS = {};

  function emptyState() {
    return { schema: SCHEMA, quizzes: CB.dict(), notebook: CB.dict(), visited: CB.dict(), completions: CB.dict() };
  }

  // A stored document brought to the current schema, or null when it cannot be (unknown or
  // damaged). Documents from a newer schema are not migrated: see parseStored.
  function migrate(raw) {
    if (!CB.isObj(raw) || !Number.isInteger(raw.schema) || raw.schema < 1 || raw.schema > SCHEMA) return null;
    let doc = raw;
    for (let n = raw.schema; n < SCHEMA; n++) {
      const step = MIGRATIONS[n];
      if (!step) return null;
      doc = step(doc);
    }
    return doc;
  }

  function sanitizeQuizzes(raw, out) {
    for (const k of Object.keys(raw)) {
      const v = raw[k];
      if (!CB.safeKey(k) || !CB.isObj(v) || typeof v.version !== "string") continue;
      const best = CB.clampScore(v.best);
      if (best === null) continue;
      const last = CB.clampScore(v.last);
      out[k] = {
        version: v.version,
        best: best,
        bestDate: typeof v.bestDate === "string" ? v.bestDate : "",
        last: last === null ? best : last,
        attempts: Number.isInteger(v.attempts) && v.attempts > 0 ? v.attempts : 1,
        passed: v.passed === true,
      };
    }
  }

  function sanitizeNotebook(raw, out) {
    for (const k of Object.keys(raw)) {
      const v = raw[k];
      if (!CB.safeKey(k) || !CB.isObj(v) || typeof v.version !== "string") continue;
      out[k] = {
        version: v.version,
        streak: Number.isInteger(v.streak) && v.streak >= 0 ? v.streak : 0,
        added: typeof v.added === "string" ? v.added : "",
      };
    }
  }

  function sanitizeVisited(raw, out) {
    let n = 0;
    for (const k of Object.keys(raw)) {
      const v = raw[k];
      if (k === "__proto__" || typeof v !== "string") continue;
      if (++n > MAX_VISITED) break;
      out[k] = v;
    }
  }

  function sanitizeCompletions(raw, out) {
    for (const k of Object.keys(raw)) {
      const v = raw[k];
      if (!CB.safeKey(k) || !CB.isObj(v) || typeof v.name !== "string") continue;
      out[k] = {
        name: v.name.slice(0, 60),
        date: typeof v.date === "string" ? v.date : "",
        score: CB.clampScore(v.score),
      };
    }
  }

  // Any value to a valid current-schema state: what cannot be trusted is dropped, never thrown on.
  function sanitize(raw) {
    const s = emptyState();
    const doc = migrate(raw);
    if (!doc) return s;
    if (CB.isObj(doc.quizzes)) sanitizeQuizzes(doc.quizzes, s.quizzes);
    if (CB.isObj(doc.notebook)) sanitizeNotebook(doc.notebook, s.notebook);
    if (CB.isObj(doc.visited)) sanitizeVisited(doc.visited, s.visited);
    if (CB.isObj(doc.completions)) sanitizeCompletions(doc.completions, s.completions);
    return s;
  }

  // The stored text to { state, newer }: newer is true when a newer page wrote it.
  function parseStored(text) {
    let raw = null;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      raw = null;
    }
    const newer = CB.isObj(raw) && typeof raw.schema === "number" && raw.schema > SCHEMA;
    return { state: newer ? null : sanitize(raw), newer: newer };
  }

  /* The backend: window.localStorage unless a test sets another with useStorage(). */
  let backend = null;
  let memoryState = null;
  let writable = true; // false when the stored document is from a newer schema

  function storage() {
    if (backend) return backend;
    return window.localStorage; // may throw (file:// policies, private mode): callers catch
  }

  function useStorage(b) {
    backend = b;
    memoryState = null;
    writable = true;
  }

  function loadState() {
    let text = null;
    try {
      text = storage().getItem(STORE_KEY);
    } catch (e) {
      return sanitize(memoryState);
    }
    if (text === null) return sanitize(memoryState);
    const parsed = parseStored(text);
    // Never overwrite data written by a newer version of this script.
    writable = !parsed.newer;
    return parsed.newer ? sanitize(memoryState) : parsed.state;
  }

  function saveState(state) {
    const json = JSON.stringify(state);
    memoryState = JSON.parse(json);
    if (!writable) return false;
    try {
      storage().setItem(STORE_KEY, json);
      return true;
    } catch (e) {
      return false; // quota or security error: the in-memory copy keeps this visit working
    }
  }

  function updateState(fn) {
    const state = loadState();
    fn(state);
    saveState(state);
    return state;
  }

  Object.assign(CB, {
    STORE_KEY: STORE_KEY,
    SCHEMA: SCHEMA,
    MAX_VISITED: MAX_VISITED,
    emptyState: emptyState,
    migrate: migrate,
    sanitize: sanitize,
    parseStored: parseStored,
    useStorage: useStorage,
    loadState: loadState,
    saveState: saveState,
    updateState: updateState,
  });
  if (typeof module !== "undefined") module.exports = CB;
})(typeof module !== "undefined" ? require("./core.js") : window.Casebook);

/* Stored state: one versioned JSON document in localStorage under "casebook:v1", sanitised on
 * every read. Older schemas are migrated forward; a newer schema (a newer page wrote it) is
 * never overwritten. When localStorage cannot be used, an in-memory copy keeps the visit going.
 * Format and migration rule: generator/casebook/CONTRACT.md, "Stored state".
 */
(function (CB) {
  "use strict";

  const STORE_KEY = "casebook:v1";
  const SCHEMA = 3;
  const MAX_VISITED = 5000;
  const MAX_QUESTIONS = 500; // per stored attempt: far above any exam, so a damaged list stays small
  const NOTEBOOK_BOXES = 5; // the 错题本's Leitner boxes (notebook.js schedules them)
  const DAY = /^\d{4}-\d{2}-\d{2}$/;

  // MIGRATIONS[n] turns a schema-n document into a schema-(n+1) one (before sanitising).
  const MIGRATIONS = {
    // 1 → 2: quiz results gain passedDate (the best date stands in for a passed quiz) and the
    // per-question outcomes of the best attempt (unknown before: empty); timed exams in progress.
    1: function (doc) {
      const quizzes = CB.dict();
      if (CB.isObj(doc.quizzes)) {
        for (const k of Object.keys(doc.quizzes)) {
          const v = doc.quizzes[k];
          quizzes[k] = CB.isObj(v) ? Object.assign({}, v, { passedDate: v.passed === true ? v.bestDate : "", outcomes: [] }) : v;
        }
      }
      return Object.assign({}, doc, { schema: 2, quizzes: quizzes, exams: {} });
    },
    // 2 → 3: the 错题本 becomes a Leitner ladder. A streak entry becomes a box entry due on
    // `day` (today): streak 0 in box 1, an entry already answered right once in box 2.
    2: function (doc, day) {
      const notebook = CB.dict();
      if (CB.isObj(doc.notebook)) {
        for (const k of Object.keys(doc.notebook)) {
          const v = doc.notebook[k];
          if (!CB.isObj(v)) continue;
          const box = Number.isInteger(v.streak) && v.streak > 0 ? 2 : 1;
          notebook[k] = { version: v.version, box: box, due: day, added: v.added };
        }
      }
      return Object.assign({}, doc, { schema: 3, notebook: notebook });
    },
  };

  function emptyState() {
    return {
      schema: SCHEMA,
      quizzes: CB.dict(),
      notebook: CB.dict(),
      visited: CB.dict(),
      completions: CB.dict(),
      exams: CB.dict(),
    };
  }

  // A stored document brought to the current schema, or null when it cannot be (unknown or
  // damaged). Documents from a newer schema are not migrated: see parseStored. `day` is the
  // local date a migration may need (default today).
  function migrate(raw, day) {
    if (!CB.isObj(raw) || !Number.isInteger(raw.schema) || raw.schema < 1 || raw.schema > SCHEMA) return null;
    let doc = raw;
    for (let n = raw.schema; n < SCHEMA; n++) {
      const step = MIGRATIONS[n];
      if (!step) return null;
      doc = step(doc, day || CB.today());
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
      const passed = v.passed === true;
      out[k] = {
        version: v.version,
        best: best,
        bestDate: typeof v.bestDate === "string" ? v.bestDate : "",
        last: last === null ? best : last,
        attempts: Number.isInteger(v.attempts) && v.attempts > 0 ? v.attempts : 1,
        passed: passed,
        passedDate: passed && typeof v.passedDate === "string" ? v.passedDate : "",
        outcomes: sanitizeOutcomes(v.outcomes),
      };
    }
  }

  // Per-question outcomes of one attempt: [{ key, version, points 0-1, right, answered }].
  function sanitizeOutcomes(raw) {
    if (!Array.isArray(raw)) return [];
    const out = [];
    for (const o of raw.slice(0, MAX_QUESTIONS)) {
      if (!CB.isObj(o) || !CB.safeKey(o.key) || typeof o.version !== "string") continue;
      const points = typeof o.points === "number" && Number.isFinite(o.points) ? Math.max(0, Math.min(1, o.points)) : 0;
      out.push({ key: o.key, version: o.version, points: points, right: o.right === true, answered: o.answered === true });
    }
    return out;
  }

  // A timed exam in progress: the drawn question keys, the deadline (ms since 1970) and the
  // responses so far, so a reload neither restarts the clock nor draws again.
  function sanitizeExams(raw, out) {
    for (const k of Object.keys(raw)) {
      const v = raw[k];
      if (!CB.safeKey(k) || !CB.isObj(v) || typeof v.version !== "string") continue;
      if (!Array.isArray(v.keys) || typeof v.deadline !== "number" || !Number.isFinite(v.deadline)) continue;
      const keys = v.keys.slice(0, MAX_QUESTIONS).filter(CB.safeKey);
      const responses = CB.dict();
      if (CB.isObj(v.responses)) {
        for (const q of Object.keys(v.responses)) if (keys.includes(q)) responses[q] = v.responses[q];
      }
      out[k] = { version: v.version, keys: keys, deadline: v.deadline, responses: responses };
    }
  }

  function sanitizeNotebook(raw, out) {
    for (const k of Object.keys(raw)) {
      const v = raw[k];
      if (!CB.safeKey(k) || !CB.isObj(v) || typeof v.version !== "string") continue;
      // An unknown box reads as box 1, a box past the last as the last; a damaged due date as "" (due now).
      const box = Number.isInteger(v.box) ? Math.max(1, Math.min(NOTEBOOK_BOXES, v.box)) : 1;
      out[k] = {
        version: v.version,
        box: box,
        due: typeof v.due === "string" && DAY.test(v.due) ? v.due : "",
        added: typeof v.added === "string" && DAY.test(v.added) ? v.added : "",
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
  // `day`: the local date migrations use (default today).
  function sanitize(raw, day) {
    const s = emptyState();
    const doc = migrate(raw, day);
    if (!doc) return s;
    if (CB.isObj(doc.quizzes)) sanitizeQuizzes(doc.quizzes, s.quizzes);
    if (CB.isObj(doc.notebook)) sanitizeNotebook(doc.notebook, s.notebook);
    if (CB.isObj(doc.visited)) sanitizeVisited(doc.visited, s.visited);
    if (CB.isObj(doc.completions)) sanitizeCompletions(doc.completions, s.completions);
    if (CB.isObj(doc.exams)) sanitizeExams(doc.exams, s.exams);
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
  let lastSaveFailed = false;

  function storage() {
    if (backend) return backend;
    return window.localStorage; // may throw (file:// policies, private mode): callers catch
  }

  function useStorage(b) {
    backend = b;
    memoryState = null;
    writable = true;
    lastSaveFailed = false;
  }

  // Why results are not being kept, for a message to the trainee: "newer" (a newer page's
  // data is stored and left alone), "failed" (the last save did not go through), or null.
  function storeProblem() {
    if (!writable) return "newer";
    return lastSaveFailed ? "failed" : null;
  }

  function loadState() {
    // After a failed save the stored copy is stale: this visit's memory is the truth.
    if (lastSaveFailed && memoryState) return sanitize(memoryState);
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
      lastSaveFailed = false;
      return true;
    } catch (e) {
      lastSaveFailed = true; // quota or security error: the in-memory copy keeps this visit working
      return false;
    }
  }

  // Change the stored state; returns it. Whether it was saved: storeProblem() === null.
  function updateState(fn) {
    const state = loadState();
    fn(state);
    saveState(state);
    return state;
  }

  Object.assign(CB, {
    STORE_KEY: STORE_KEY,
    SCHEMA: SCHEMA,
    NOTEBOOK_BOXES: NOTEBOOK_BOXES,
    MAX_VISITED: MAX_VISITED,
    emptyState: emptyState,
    migrate: migrate,
    sanitize: sanitize,
    parseStored: parseStored,
    useStorage: useStorage,
    loadState: loadState,
    saveState: saveState,
    updateState: updateState,
    storeProblem: storeProblem,
  });
  if (typeof module !== "undefined") module.exports = CB;
})(typeof module !== "undefined" ? require("./core.js") : window.Casebook);

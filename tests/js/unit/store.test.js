import assert from "node:assert/strict";
import { afterEach, describe, test } from "node:test";
import CB, { fakeStorage } from "./engine.js";

afterEach(() => CB.useStorage(null));

const plain = (x) => JSON.parse(JSON.stringify(x));

describe("sanitising stored state", () => {
  test("anything that is not a state document gives an empty state", () => {
    for (const raw of [null, undefined, 3, "x", [1, 2], {}, { schema: "1" }, { schema: 0 }, { schema: 1.5 }]) {
      assert.deepEqual(plain(CB.sanitize(raw)), plain(CB.emptyState()), JSON.stringify(raw));
    }
  });

  test("wrongly typed entries are dropped and the rest is kept", () => {
    const s = CB.sanitize({
      schema: CB.SCHEMA,
      quizzes: {
        ok: { version: "v", best: 80, bestDate: "2026-03-01", last: 70, attempts: 2, passed: true },
        noVersion: { best: 80 },
        badBest: { version: "v", best: "80" },
        __proto__: { version: "v", best: 1 },
      },
      notebook: {
        "a/1": { version: "v", box: -3, due: "tomorrow", added: 5 },
        "a/2": "x",
        "a/3": { version: "v", box: 9, due: "2026-03-04", added: "2026-03-01" },
        "a/4": { version: "v", box: 2.5, due: 20260304 },
      },
      visited: { "cases/x/": "2026-03-01", "cases/y/": 3 },
      completions: { t: { name: "学员".repeat(40), date: "2026-03-02", score: 120 }, u: { name: 3 } },
    });
    assert.deepEqual(Object.keys(s.quizzes), ["ok"]);
    assert.deepEqual(s.notebook["a/1"], { version: "v", box: 1, due: "", added: "" });
    assert.equal("a/2" in s.notebook, false);
    assert.deepEqual(s.notebook["a/3"], { version: "v", box: 5, due: "2026-03-04", added: "2026-03-01" });
    assert.deepEqual(s.notebook["a/4"], { version: "v", box: 1, due: "", added: "" });
    assert.deepEqual(Object.keys(s.visited), ["cases/x/"]);
    assert.equal(s.completions.t.name.length, 60);
    assert.equal(s.completions.t.score, 100);
    assert.equal("u" in s.completions, false);
  });

  test("scores are clamped to 0-100 and rounded; a missing last score is the best", () => {
    const s = CB.sanitize({ schema: CB.SCHEMA, quizzes: { q: { version: "v", best: 101.6, attempts: 0 }, r: { version: "v", best: -4, last: 33.4 } } });
    assert.deepEqual([s.quizzes.q.best, s.quizzes.q.last, s.quizzes.q.attempts, s.quizzes.q.passed], [100, 100, 1, false]);
    assert.deepEqual([s.quizzes.r.best, s.quizzes.r.last], [0, 33]);
  });

  test("no prototype keys reach the state", () => {
    const s = CB.sanitize(JSON.parse('{"schema":1,"quizzes":{"__proto__":{"version":"v","best":1},"constructor":{"version":"v","best":1}}}'));
    assert.deepEqual(Object.keys(s.quizzes), []);
    assert.equal(Object.getPrototypeOf(s.quizzes), null);
  });

  test("visited pages are capped", () => {
    const visited = {};
    for (let i = 0; i < CB.MAX_VISITED + 10; i++) visited["p" + i + "/"] = "2026-03-01";
    assert.equal(Object.keys(CB.sanitize({ schema: CB.SCHEMA, visited }).visited).length, CB.MAX_VISITED);
  });
});

describe("versioning", () => {
  test("a document from a newer schema is reported and not read", () => {
    const parsed = CB.parseStored(JSON.stringify({ schema: CB.SCHEMA + 1, quizzes: {} }));
    assert.deepEqual(parsed, { state: null, newer: true });
  });

  test("text that is not JSON reads as an empty state", () => {
    const parsed = CB.parseStored("{not json");
    assert.equal(parsed.newer, false);
    assert.deepEqual(plain(parsed.state), plain(CB.emptyState()));
  });

  test("a newer document is never overwritten; the visit goes on in memory", () => {
    const store = fakeStorage();
    const newer = JSON.stringify({ schema: CB.SCHEMA + 1, whatever: true });
    store.setItem(CB.STORE_KEY, newer);
    CB.useStorage(store);
    const state = CB.loadState();
    state.visited["cases/x/"] = "2026-03-01";
    assert.equal(CB.saveState(state), false);
    assert.equal(store.getItem(CB.STORE_KEY), newer);
    assert.equal(CB.loadState().visited["cases/x/"], "2026-03-01");
  });

  test("a full storage reports the save as failed and keeps the state in memory", () => {
    CB.useStorage(fakeStorage({ full: true }));
    assert.equal(CB.storeProblem(), null);
    const state = CB.updateState((s) => (s.visited["a/"] = "2026-03-01"));
    assert.equal(CB.storeProblem(), "failed");
    assert.equal(state.visited["a/"], "2026-03-01");
    assert.equal(CB.saveState(state), false);
    assert.equal(CB.loadState().visited["a/"], "2026-03-01");
  });

  test("after a failed save, the visit reads its own memory, not the stale stored copy", () => {
    const store = fakeStorage();
    store.setItem(CB.STORE_KEY, JSON.stringify({ schema: CB.SCHEMA, visited: { "old/": "2026-01-01" } }));
    CB.useStorage(store);
    store.setItem = () => {
      throw new Error("QuotaExceededError");
    };
    CB.updateState((s) => (s.visited["new/"] = "2026-03-01"));
    assert.deepEqual(Object.keys(CB.loadState().visited).sort(), ["new/", "old/"]);
  });

  test("a newer stored schema is reported as the problem", () => {
    const store = fakeStorage();
    store.setItem(CB.STORE_KEY, JSON.stringify({ schema: CB.SCHEMA + 1 }));
    CB.useStorage(store);
    CB.loadState();
    assert.equal(CB.storeProblem(), "newer");
  });

  test("a schema-1 document in storage is migrated on read and saved as the current schema", () => {
    const store = fakeStorage();
    const v1 = { schema: 1, quizzes: { q: { version: "v", best: 90, bestDate: "2026-03-01", last: 90, attempts: 1, passed: true } } };
    store.setItem(CB.STORE_KEY, JSON.stringify(v1));
    CB.useStorage(store);
    CB.updateState(() => {});
    const saved = JSON.parse(store.getItem(CB.STORE_KEY));
    assert.equal(saved.schema, CB.SCHEMA);
    assert.deepEqual(saved.quizzes.q, { ...v1.quizzes.q, passedDate: "2026-03-01", outcomes: [] });
  });

  test("a schema-2 notebook becomes a box ladder due on the day it is read", () => {
    const store = fakeStorage();
    const v2 = {
      schema: 2,
      notebook: {
        "a/1": { version: "v", streak: 0, added: "2026-02-01" },
        "a/2": { version: "v", streak: 1, added: "2026-02-03" },
        "a/3": { version: "v", streak: "x", added: 7 },
        "a/4": "damaged",
      },
    };
    assert.deepEqual(plain(CB.sanitize(v2, "2026-03-10").notebook), {
      "a/1": { version: "v", box: 1, due: "2026-03-10", added: "2026-02-01" },
      "a/2": { version: "v", box: 2, due: "2026-03-10", added: "2026-02-03" },
      "a/3": { version: "v", box: 1, due: "2026-03-10", added: "" },
    });
    store.setItem(CB.STORE_KEY, JSON.stringify(v2));
    CB.useStorage(store);
    CB.updateState(() => {});
    const saved = JSON.parse(store.getItem(CB.STORE_KEY));
    assert.equal(saved.schema, 3);
    assert.deepEqual(saved.notebook["a/2"], { version: "v", box: 2, due: CB.today(), added: "2026-02-03" });
  });

  test("a timed exam in progress keeps only valid keys, a numeric deadline and responses for its keys", () => {
    const s = CB.sanitize({
      schema: CB.SCHEMA,
      exams: {
        ok: { version: "v", keys: ["a/1", "__proto__", 3], deadline: 1772438400000, responses: { "a/1": ["b"], "x/9": ["c"] } },
        noDeadline: { version: "v", keys: [], deadline: "soon" },
      },
    });
    assert.deepEqual(Object.keys(s.exams), ["ok"]);
    assert.deepEqual(JSON.parse(JSON.stringify(s.exams.ok)), { version: "v", keys: ["a/1"], deadline: 1772438400000, responses: { "a/1": ["b"] } });
  });

  test("stored outcomes are cleaned: points kept within 0-1, bad entries dropped", () => {
    const s = CB.sanitize({
      schema: CB.SCHEMA,
      quizzes: { q: { version: "v", best: 50, outcomes: [{ key: "a/1", version: "v", points: 7, right: "yes" }, { key: 5 }, "x"] } },
    });
    assert.deepEqual(s.quizzes.q.outcomes, [{ key: "a/1", version: "v", points: 1, right: false, answered: false }]);
  });

  test("a saved state reads back the same", () => {
    const store = fakeStorage();
    CB.useStorage(store);
    const state = CB.emptyState();
    state.quizzes.q = CB.nextRecord(null, "v", 90, true, "2026-03-01");
    assert.equal(CB.saveState(state), true);
    assert.deepEqual(plain(CB.loadState()), plain(state));
    assert.equal(JSON.parse(store.getItem(CB.STORE_KEY)).schema, CB.SCHEMA);
  });
});

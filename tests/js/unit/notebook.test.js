import assert from "node:assert/strict";
import { describe, test } from "node:test";
import CB from "./engine.js";

const item = (key, version, right) => ({ q: { key, version }, g: { right } });

describe("notebook scheduling", () => {
  test("a wrong answer adds the question with the day it was added", () => {
    const s = CB.emptyState();
    assert.equal(CB.updateNotebook(s, [item("a/1", "v1", false), item("a/2", "v1", true)], "2026-03-01"), 0);
    assert.deepEqual(s.notebook["a/1"], { version: "v1", streak: 0, added: "2026-03-01" });
    assert.equal("a/2" in s.notebook, false); // right the first time: never in the notebook
  });

  test("two right answers in a row take it out; a wrong one in between starts over", () => {
    const s = CB.emptyState();
    CB.updateNotebook(s, [item("a/1", "v1", false)], "2026-03-01");
    CB.updateNotebook(s, [item("a/1", "v1", true)], "2026-03-02");
    assert.deepEqual(s.notebook["a/1"], { version: "v1", streak: 1, added: "2026-03-01" });
    CB.updateNotebook(s, [item("a/1", "v1", false)], "2026-03-03");
    assert.deepEqual(s.notebook["a/1"], { version: "v1", streak: 0, added: "2026-03-01" });
    CB.updateNotebook(s, [item("a/1", "v1", true)], "2026-03-04");
    assert.equal(CB.updateNotebook(s, [item("a/1", "v1", true)], "2026-03-05"), 1);
    assert.equal("a/1" in s.notebook, false);
  });

  test("an edited question (new version) starts its streak and date afresh", () => {
    const s = CB.emptyState();
    CB.updateNotebook(s, [item("a/1", "v1", false)], "2026-03-01");
    CB.updateNotebook(s, [item("a/1", "v1", true)], "2026-03-02");
    CB.updateNotebook(s, [item("a/1", "v2", true)], "2026-03-03");
    assert.deepEqual(s.notebook["a/1"], { version: "v2", streak: 1, added: "2026-03-01" });
    CB.updateNotebook(s, [item("a/1", "v3", false)], "2026-03-04");
    assert.deepEqual(s.notebook["a/1"], { version: "v3", streak: 0, added: "2026-03-04" });
  });

  test("unsafe keys are ignored", () => {
    const s = CB.emptyState();
    CB.updateNotebook(s, [item("__proto__", "v", false), item("", "v", false)], "2026-03-01");
    assert.deepEqual(Object.keys(s.notebook), []);
  });

  test("pruning drops questions gone from the bank or changed, and lists the rest oldest first", () => {
    const s = CB.emptyState();
    s.notebook["a/new"] = { version: "v", streak: 0, added: "2026-03-05" };
    s.notebook["a/old"] = { version: "v", streak: 1, added: "2026-03-01" };
    s.notebook["a/edited"] = { version: "v1", streak: 0, added: "2026-03-02" };
    s.notebook["a/gone"] = { version: "v", streak: 0, added: "2026-03-02" };
    const bank = new Map([
      ["a/new", { key: "a/new", version: "v" }],
      ["a/old", { key: "a/old", version: "v" }],
      ["a/edited", { key: "a/edited", version: "v2" }],
    ]);
    assert.deepEqual(CB.pruneNotebook(s, bank).map((x) => x.q.key), ["a/old", "a/new"]);
    assert.deepEqual(Object.keys(s.notebook).sort(), ["a/new", "a/old"]);
  });
});

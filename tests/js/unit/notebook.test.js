import assert from "node:assert/strict";
import { describe, test } from "node:test";
import CB from "./engine.js";

const item = (key, version, right) => ({ q: { key, version }, g: { right } });
const plain = (x) => JSON.parse(JSON.stringify(x));
const TODAY = "2026-03-01";

describe("notebook scheduling (Leitner ladder)", () => {
  test("a wrong answer puts the question in box 1, due the same day", () => {
    const s = CB.emptyState();
    assert.equal(CB.updateNotebook(s, [item("a/1", "v1", false), item("a/2", "v1", true)], TODAY), 0);
    assert.deepEqual(s.notebook["a/1"], { version: "v1", box: 1, due: TODAY, added: TODAY });
    assert.equal("a/2" in s.notebook, false); // right the first time: never in the notebook
  });

  test("each right answer on the due day moves it up a box: due 1, 3, 7, 14 days later, then it leaves", () => {
    const s = CB.emptyState();
    CB.updateNotebook(s, [item("a/1", "v1", false)], TODAY);
    const seen = [];
    let day = TODAY;
    for (let i = 0; i < 4; i++) {
      assert.equal(CB.updateNotebook(s, [item("a/1", "v1", true)], day), 0);
      seen.push([s.notebook["a/1"].box, s.notebook["a/1"].due]);
      day = s.notebook["a/1"].due;
    }
    assert.deepEqual(seen, [
      [2, "2026-03-02"],
      [3, "2026-03-05"],
      [4, "2026-03-12"],
      [5, "2026-03-26"],
    ]);
    assert.equal(s.notebook["a/1"].added, TODAY);
    assert.equal(CB.updateNotebook(s, [item("a/1", "v1", true)], "2026-03-26"), 1);
    assert.equal("a/1" in s.notebook, false);
  });

  test("dates cross month and year ends", () => {
    assert.equal(CB.addDays("2026-02-27", 3), "2026-03-02");
    assert.equal(CB.addDays("2028-02-28", 1), "2028-02-29");
    assert.equal(CB.addDays("2026-12-25", 14), "2027-01-08");
  });

  test("a right answer before the due date changes nothing; an overdue one counts", () => {
    const s = CB.emptyState();
    s.notebook["a/1"] = { version: "v", box: 3, due: "2026-03-05", added: "2026-02-20" };
    CB.updateNotebook(s, [item("a/1", "v", true)], "2026-03-04");
    assert.deepEqual(s.notebook["a/1"], { version: "v", box: 3, due: "2026-03-05", added: "2026-02-20" });
    CB.updateNotebook(s, [item("a/1", "v", true)], "2026-03-09"); // four days late
    assert.deepEqual(s.notebook["a/1"], { version: "v", box: 4, due: "2026-03-16", added: "2026-02-20" });
  });

  test("a wrong answer sends it back to box 1, due that day", () => {
    const s = CB.emptyState();
    s.notebook["a/1"] = { version: "v", box: 4, due: "2026-03-20", added: "2026-02-20" };
    CB.updateNotebook(s, [item("a/1", "v", false)], "2026-03-10"); // even before it was due
    assert.deepEqual(s.notebook["a/1"], { version: "v", box: 1, due: "2026-03-10", added: "2026-02-20" });
  });

  test("an edited question (new version) starts from box 1 with a new date", () => {
    const s = CB.emptyState();
    s.notebook["a/1"] = { version: "v1", box: 4, due: "2026-03-20", added: "2026-02-20" };
    CB.updateNotebook(s, [item("a/1", "v2", true)], TODAY);
    assert.deepEqual(s.notebook["a/1"], { version: "v2", box: 2, due: "2026-03-02", added: TODAY });
    CB.updateNotebook(s, [item("a/1", "v3", false)], "2026-03-04");
    assert.deepEqual(s.notebook["a/1"], { version: "v3", box: 1, due: "2026-03-04", added: "2026-03-04" });
  });

  test("unsafe keys are ignored", () => {
    const s = CB.emptyState();
    CB.updateNotebook(s, [item("__proto__", "v", false), item("", "v", false)], TODAY);
    assert.deepEqual(Object.keys(s.notebook), []);
  });

  test("pruning drops questions gone from the bank or changed, and lists the rest soonest due first", () => {
    const s = CB.emptyState();
    s.notebook["a/later"] = { version: "v", box: 3, due: "2026-03-09", added: "2026-02-01" };
    s.notebook["a/new"] = { version: "v", box: 1, due: "2026-03-05", added: "2026-03-05" };
    s.notebook["a/old"] = { version: "v", box: 1, due: "2026-03-05", added: "2026-03-01" };
    s.notebook["a/edited"] = { version: "v1", box: 1, due: "2026-03-02", added: "2026-03-02" };
    s.notebook["a/gone"] = { version: "v", box: 1, due: "2026-03-02", added: "2026-03-02" };
    const bank = new Map(["a/later", "a/new", "a/old"].map((k) => [k, { key: k, version: "v" }]));
    bank.set("a/edited", { key: "a/edited", version: "v2" });
    assert.deepEqual(CB.pruneNotebook(s, bank).map((x) => x.q.key), ["a/old", "a/new", "a/later"]);
    assert.deepEqual(Object.keys(s.notebook).sort(), ["a/later", "a/new", "a/old"]);
  });

  test("the status counts what is due on a day, skips edited or gone questions, and names the next date", () => {
    const s = CB.emptyState();
    s.notebook["a/1"] = { version: "v", box: 1, due: "2026-03-01", added: "2026-03-01" };
    s.notebook["a/2"] = { version: "v", box: 2, due: "2026-02-27", added: "2026-02-26" }; // overdue
    s.notebook["a/3"] = { version: "v", box: 3, due: "2026-03-04", added: "2026-02-20" };
    s.notebook["a/4"] = { version: "v", box: 4, due: "2026-03-02", added: "2026-02-10" };
    s.notebook["a/5"] = { version: "old", box: 1, due: "2026-03-01", added: "2026-03-01" };
    s.notebook["a/6"] = { version: "v", box: 1, due: "", added: "" }; // damaged date: due
    const versions = { "a/1": "v", "a/2": "v", "a/3": "v", "a/4": "v", "a/5": "new", "a/6": "v" };
    const versionOf = (k) => versions[k];
    assert.deepEqual(CB.notebookStatus(s, versionOf, TODAY), { total: 5, due: 3, next: "2026-03-02" });
    assert.deepEqual(CB.notebookStatus(s, versionOf, "2026-03-02"), { total: 5, due: 4, next: "2026-03-04" });
    assert.deepEqual(plain(CB.notebookStatus(CB.emptyState(), versionOf, TODAY)), { total: 0, due: 0, next: "" });
  });
});

describe("which question files the notebook loads", () => {
  const entry = (version) => ({ version, box: 1, due: TODAY, added: TODAY });

  test("only the quizzes of entries still at their current version, each once", () => {
    const state = {
      notebook: {
        "atm-card/q1": entry("v1"),
        "atm-card/q2": entry("v2"),
        "queue/q1": entry("old"),
        "gone/q1": entry("v9"),
        "fees/q3": entry("v3"),
      },
    };
    const versions = { "atm-card/q1": "v1", "atm-card/q2": "v2", "queue/q1": "new", "fees/q3": "v3" };
    assert.deepEqual(CB.neededQuizzes(state, versions), ["atm-card", "fees"]);
  });

  test("an empty notebook, or keys without a quiz part, load nothing", () => {
    assert.deepEqual(CB.neededQuizzes({ notebook: {} }, { "a/q1": "v" }), []);
    assert.deepEqual(CB.neededQuizzes({ notebook: { q1: entry("v"), "/q2": entry("v") } }, { q1: "v", "/q2": "v" }), []);
  });
});

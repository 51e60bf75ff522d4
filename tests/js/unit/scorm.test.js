// The SCORM launcher's pure logic (generator/casebook/publish/scorm/launcher.js): finding the LMS
// API, SCORM 1.2 value formats, and the progress it keeps in cmi.suspend_data under 4,096 characters.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, test } from "node:test";
import CB, { REPO, readJson } from "./engine.js";

const require = createRequire(import.meta.url);
const L = require(join(REPO, "generator", "casebook", "publish", "scorm", "launcher.js"));
const track = () => readJson("tests", "contract", "track-data.example.json");

function passedQuiz(best, date) {
  return { version: "1a2b3c4d5e6f", best, bestDate: date, last: best, attempts: 2, passed: best >= 60 };
}

describe("finding the LMS", () => {
  test("the nearest API up the parent chain, then the opener's", () => {
    const lms = { API: { name: "lms" } };
    lms.parent = lms;
    const middle = { parent: lms };
    const sco = { parent: middle };
    assert.equal(L.locateAPI(sco), lms.API);
    const popup = { parent: null, opener: sco };
    popup.parent = popup;
    assert.equal(L.locateAPI(popup), lms.API);
  });

  test("no API within seven hops is no API", () => {
    let win = { API: { far: true } };
    win.parent = win;
    for (let i = 0; i < 9; i++) win = { parent: win };
    assert.equal(L.locateAPI(win), null);
  });
});

describe("SCORM 1.2 values", () => {
  test("session time is a CMITimespan", () => {
    assert.equal(L.sessionTime(0), "0000:00:00.00");
    assert.equal(L.sessionTime(3723456), "0001:02:03.46");
  });

  test("status: incomplete, failed with a score, passed only when the track is complete", () => {
    const t = track();
    const state = CB.emptyState();
    assert.deepEqual(L.cmiFor(CB.trackProgress(state, t)), { "cmi.core.lesson_status": "incomplete" });
    state.quizzes["sample-final"] = { version: "5f60718293a4", best: 70, bestDate: "2026-11-30", last: 70, attempts: 1, passed: false };
    assert.deepEqual(L.cmiFor(CB.trackProgress(state, t)), {
      "cmi.core.lesson_status": "failed",
      "cmi.core.score.raw": "70",
      "cmi.core.score.min": "0",
      "cmi.core.score.max": "100",
    });
    state.quizzes["sample-final"] = { version: "5f60718293a4", best: 90, bestDate: "2026-12-01", last: 90, attempts: 2, passed: true };
    // The exam alone does not complete the track: the required case and quiz are still missing.
    assert.equal(L.cmiFor(CB.trackProgress(state, t))["cmi.core.lesson_status"], "incomplete");
    state.visited["cases/lost-card-call/"] = "2026-11-29";
    state.quizzes["lost-card-call"] = passedQuiz(100, "2026-11-29");
    assert.equal(L.cmiFor(CB.trackProgress(state, t))["cmi.core.lesson_status"], "passed");
  });

  test("interactions: identifiers without punctuation, SCORM types, t/f, correct/wrong", () => {
    const values = L.interactions(
      {
        questions: [
          { key: "queue-number-skipped/q2", type: "truefalse", response: false, right: true },
          { key: "spouse-card/q1", type: "multiple", response: ["b", "d"], right: false },
          { key: "x/q3", type: "ordering", response: ["c", "a", "b"], right: true },
        ],
      },
      4,
    );
    assert.deepEqual(values.slice(0, 4), [
      ["cmi.interactions.4.id", "queue-number-skipped_q2"],
      ["cmi.interactions.4.type", "true-false"],
      ["cmi.interactions.4.student_response", "f"],
      ["cmi.interactions.4.result", "correct"],
    ]);
    assert.deepEqual(values.slice(5, 8).map((v) => v[1]), ["choice", "b,d", "wrong"]);
    assert.equal(values[9][1], "sequencing");
  });
});

describe("suspend_data", () => {
  test("progress round-trips with its dates, and the track shows the same progress", () => {
    const t = track();
    const state = CB.emptyState();
    state.visited["cases/lost-card-call/"] = "2026-11-29";
    state.quizzes["lost-card-call"] = passedQuiz(75, "2026-11-30");
    const text = L.encodeSuspend(state, t, CB);
    assert.ok(text.startsWith("2;"), text);
    const restored = L.mergeProgress(CB.emptyState(), L.decodeSuspend(text, t, "2026-12-01"));
    assert.equal(restored.visited["cases/lost-card-call/"], "2026-11-29");
    assert.equal(restored.quizzes["lost-card-call"].best, 75);
    assert.equal(restored.quizzes["lost-card-call"].bestDate, "2026-11-30");
    assert.equal(CB.trackProgress(restored, t).done, CB.trackProgress(state, t).done);
  });

  test("a better local result is kept over the restored one", () => {
    const t = track();
    const here = CB.emptyState();
    here.quizzes["lost-card-call"] = passedQuiz(95, "2026-12-01");
    const older = CB.emptyState();
    older.quizzes["lost-card-call"] = passedQuiz(60, "2026-11-01");
    L.mergeProgress(here, L.decodeSuspend(L.encodeSuspend(older, t, CB), t, "2026-12-01"));
    assert.equal(here.quizzes["lost-card-call"].best, 95);
  });

  test("a huge track still fits SCORM 1.2's 4,096 characters", () => {
    const items = [];
    for (let i = 0; i < 3000; i++) items.push({ kind: "case", title: "案例", url: "", path: `cases/c-${i}/`, quiz: null, required: true });
    const big = { id: "big", title: "大", version: "0", modules: [{ title: "全部", description: "", items }], finalExam: null };
    const state = CB.emptyState();
    for (let i = 0; i < 3000; i += 2) state.visited[`cases/c-${i}/`] = "2026-11-30";
    const text = L.encodeSuspend(state, big, CB);
    assert.ok(text.length <= L.SUSPEND_MAX, String(text.length));
    const restored = L.decodeSuspend(text, big, "2026-12-01");
    assert.equal(Object.keys(restored.visited).length, 1500);
    assert.ok(restored.visited["cases/c-0/"] && !restored.visited["cases/c-1/"]);
  });

  test("a damaged suspend_data restores nothing rather than failing", () => {
    assert.deepEqual(L.decodeSuspend("garbage", track(), "2026-12-01"), { visited: {}, quizzes: {} });
    assert.deepEqual(L.decodeSuspend("", track(), "2026-12-01"), { visited: {}, quizzes: {} });
  });
});

// The engine's side of generator/casebook/CONTRACT.md: the example files in tests/contract/
// (the generator's side is tests/test_contract.py) are read by the engine as the contract says.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import CB, { readJson } from "./engine.js";

const example = (name) => readJson("tests", "contract", name);

describe("page data", () => {
  test("a practice quiz is read with every question, in order, none dropped", () => {
    const raw = example("quiz-data.example.json");
    assert.ok(CB.isQuizData(raw));
    const quiz = CB.normQuiz(raw, "fallback");
    assert.equal(quiz.id, raw.id);
    assert.equal(quiz.kind, "practice");
    assert.equal(quiz.passMark, raw.passMark);
    assert.deepEqual(quiz.questions.map((q) => q.key), raw.questions.map((q) => q.key));
    assert.deepEqual(quiz.questions.map((q) => q.type), ["single", "multiple", "truefalse", "ordering", "dialogue"]);
    assert.deepEqual(quiz.questions[1].answer, ["a", "b"]);
    assert.equal(quiz.questions[0].case.url, "../../cases/lost-card-call/");
  });

  test("an exam is read with its pools, its questions to be loaded from the question files", () => {
    const raw = example("exam-data.example.json");
    const quiz = CB.normQuiz(raw, "fallback");
    assert.equal(quiz.kind, "exam");
    assert.equal(quiz.fromBank, true);
    assert.deepEqual(quiz.questions, []);
    assert.deepEqual(quiz.pools, raw.pools);
    assert.equal(CB.examSize(quiz), 1);
    const keys = CB.drawKeys(quiz);
    assert.equal(keys.length, 1);
    assert.ok(raw.pools[0].keys.includes(keys[0]));
    assert.deepEqual(CB.quizIdsOf(keys), ["lost-card-call"]);
  });

  test("a track is read with its modules, items and final exam", () => {
    const raw = example("track-data.example.json");
    assert.ok(CB.isTrackData(raw));
    const track = CB.normTrack(raw, "fallback");
    assert.equal(track.id, raw.id);
    assert.deepEqual(track.modules[0].items.map((i) => i.kind), ["page", "case", "quiz", "roleplay"]);
    assert.equal(track.modules[0].items[2].version, raw.modules[0].items[2].version);
    assert.deepEqual(track.finalExam, raw.finalExam);
  });

  test("the home page's data is read: track page URLs, the notebook's URL and question versions", () => {
    const raw = example("home-data.example.json");
    assert.ok(CB.isHomeData(raw));
    const home = CB.normHome(raw);
    assert.equal(home.trackUrls["sample-track"], "training/sample-track/");
    assert.equal(home.notebook, "training/notebook/");
    assert.deepEqual({ ...home.versions }, raw.versions);
  });

  test("the notebook page's data is the versions by key, and a quiz's question file is read by key", () => {
    const quiz = example("quiz-data.example.json");
    const versions = Object.fromEntries(quiz.questions.map((q) => [q.key, q.version]));
    assert.ok(CB.isBankData({ versions: versions }));
    assert.ok(!CB.isBankData({ questions: {} }));
    const file = { questions: Object.fromEntries(quiz.questions.map((q) => [q.key, q])) };
    assert.deepEqual([...CB.normBank(file).keys()], quiz.questions.map((q) => q.key));
  });
});

describe("stored state", () => {
  test("a schema-1 state is migrated: results keep their scores and gain passedDate and outcomes", () => {
    const old = example("storage-v1.example.json");
    const s = CB.sanitize(old, "2026-03-10");
    assert.equal(s.schema, 3);
    assert.deepEqual(s.quizzes["lost-card-call"], { ...old.quizzes["lost-card-call"], passedDate: "2026-03-01", outcomes: [] });
    assert.deepEqual(s.quizzes["sample-final"], { ...old.quizzes["sample-final"], passedDate: "", outcomes: [] });
    assert.deepEqual(JSON.parse(JSON.stringify(s.notebook)), {
      "lost-card-call/q2": { version: "1b2c3d4e5f60", box: 2, due: "2026-03-10", added: "2026-03-01" },
    });
    assert.deepEqual(JSON.parse(JSON.stringify(s.exams)), {});
  });

  test("a schema-2 state is migrated: notebook streaks become boxes due that day, the rest unchanged", () => {
    const old = example("storage-v2.example.json");
    const s = JSON.parse(JSON.stringify(CB.sanitize(old, "2026-03-10")));
    const { notebook, ...rest } = s;
    const { notebook: oldNotebook, ...oldRest } = old;
    assert.equal(oldNotebook["lost-card-call/q2"].streak, 1);
    assert.deepEqual(rest, { ...oldRest, schema: 3 });
    assert.deepEqual(notebook, { "lost-card-call/q2": { version: "1b2c3d4e5f60", box: 2, due: "2026-03-10", added: "2026-03-01" } });
  });

  test("the example state is valid as it stands: sanitising changes nothing", () => {
    const raw = example("storage.example.json");
    assert.equal(raw.schema, CB.SCHEMA);
    assert.deepEqual(JSON.parse(JSON.stringify(CB.sanitize(raw))), raw);
  });

  test("with the example track and state, progress and the record rows follow", () => {
    const state = CB.sanitize(example("storage.example.json"));
    const track = CB.normTrack(example("track-data.example.json"), "t");
    const pr = CB.trackProgress(state, track);
    // The role-play card set was never opened: listed, but the record unlocks without it.
    assert.deepEqual([pr.done, pr.total, pr.examPassed, pr.complete], [4, 5, true, true]);
    assert.deepEqual(CB.trackQuizRows(state, track).map((r) => [r.id, r.kind, r.rec.best]), [
      ["lost-card-call", "单元测验", 80],
      ["sample-final", "结业考试", 100],
    ]);
  });
});

describe("home overview", () => {
  test("with the example track and state, the overview shows the track done and the notebook entry not yet due", () => {
    const state = CB.sanitize(example("storage.example.json"));
    const track = CB.normTrack(example("track-data.example.json"), "t");
    const home = CB.normHome(example("home-data.example.json"));
    const sum = CB.homeSummary(state, [track], home.versions, "2026-03-02");
    assert.deepEqual(sum.tracks.map((l) => [l.done, l.required, l.status, l.next]), [[2, 2, "已结业", null]]);
    assert.deepEqual(sum.notebook, { total: 1, due: 0, next: "2026-03-03" });
    assert.equal(CB.homeSummary(state, [track], home.versions, "2026-03-03").notebook.due, 1);
  });
});

describe("result file", () => {
  test("the engine writes the example result file from the example track and state", () => {
    const state = CB.sanitize(example("storage.example.json"));
    const track = CB.normTrack(example("track-data.example.json"), "t");
    const expected = example("result.example.json");
    const record = CB.completionRecord(state, track, "示例学员", "2026-03-02");
    assert.deepEqual(JSON.parse(CB.recordJson(record, expected.exported)), expected);
  });

  test("the result file names every question of the exam attempt by its stable key and version", () => {
    const result = example("result.example.json");
    const exam = example("exam-data.example.json");
    const versions = new Map(example("quiz-data.example.json").questions.map((q) => [q.key, q.version]));
    for (const o of result.finalExam.outcomes) assert.ok(exam.pools.some((p) => p.keys.includes(o.key)));
    assert.equal(result.finalExam.version, exam.version);
    for (const o of result.finalExam.outcomes) assert.equal(versions.get(o.key), o.version);
  });

  test("an attempt that could not be stored downloads as the example attempt file", () => {
    const expected = example("attempt.example.json");
    const quiz = CB.normQuiz(example("exam-data.example.json"), "x");
    const attempt = { quiz, score: expected.score, passed: expected.passed, date: expected.date, outcomes: expected.outcomes };
    assert.deepEqual(JSON.parse(CB.attemptJson(attempt, expected.exported)), expected);
    assert.equal(CB.attemptFileName(quiz, "2026-03-02"), "casebook-sample-final-2026-03-02.json");
  });
});

describe("class report data", () => {
  test("the example result and attempt files read against the example report data raise no flag", () => {
    const raw = example("report-data.example.json");
    assert.ok(CB.isReportData(raw));
    const lib = CB.normReportLibrary(raw);
    const files = ["result.example.json", "attempt.example.json"].map((name) => ({ name, text: JSON.stringify(example(name)) }));
    const report = CB.classReport(lib, files, []);
    assert.deepEqual(report.flags, []);
    const t = report.trainees[0];
    assert.deepEqual([t.name, t.track, t.modulesDone, t.modules, t.requiredDone, t.required, t.examScore, t.examPassed, t.completed], ["示例学员", "示例培训路线", 1, 1, 2, 2, 100, true, "2026-03-02"]);
    assert.deepEqual(report.attempts.map((a) => [a.quiz, a.score, a.passed]), [["示例结业考试", 50, false]]);
    // Hardest first. q1: right in the quiz, wrong in the attempt; q3 right in the quiz, the exam and the attempt.
    assert.deepEqual(report.questions.map((q) => [q.key, q.n, q.facility]), [
      ["lost-card-call/q2", 1, 0],
      ["lost-card-call/q1", 2, 50],
      ["lost-card-call/q3", 2, 100],
      ["lost-card-call/q4", 1, 100],
      ["lost-card-call/q5", 1, 100],
    ]);
  });
});

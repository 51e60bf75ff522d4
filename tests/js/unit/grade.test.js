import assert from "node:assert/strict";
import { describe, test } from "node:test";
import CB, { seeded } from "./engine.js";

const q = (raw) => CB.normQuestion(raw, "quiz/1");
const options = [
  { id: "a", text: "先道歉再说明" },
  { id: "b", text: "直接拒绝" },
  { id: "c", text: "记录并跟进" },
];
const single = q({ type: "single", options, answer: "a" });
const multiple = q({ type: "multiple", options, answer: ["a", "c"] });
const trueFalse = q({ type: "truefalse", answer: false });
const ordering = q({ type: "ordering", items: ["核实身份", "说明原因", "办理业务"] });
const dialogue = q({
  type: "dialogue",
  steps: [
    { customer: "卡被吞了！", options, answer: "a" },
    { customer: "什么时候能拿回？", options, answer: "c" },
    { customer: "要带什么证件？", options, answer: "c" },
  ],
});

describe("grading per question type", () => {
  test("single choice is right only with the answer alone", () => {
    assert.equal(CB.gradeQuestion(single, ["a"]).right, true);
    assert.equal(CB.gradeQuestion(single, ["b"]).points, 0);
    const none = CB.gradeQuestion(single, []);
    assert.deepEqual([none.right, none.answered], [false, false]);
  });

  test("multiple choice needs exactly the answer set, in any order, with no partial credit", () => {
    assert.equal(CB.gradeQuestion(multiple, ["c", "a"]).points, 1);
    assert.equal(CB.gradeQuestion(multiple, ["a"]).points, 0);
    assert.equal(CB.gradeQuestion(multiple, ["a", "b", "c"]).points, 0);
  });

  test("true/false compares the chosen 'true'/'false' with the boolean answer", () => {
    assert.equal(CB.gradeQuestion(trueFalse, ["false"]).right, true);
    assert.equal(CB.gradeQuestion(trueFalse, ["true"]).right, false);
  });

  test("ordering is right only in the exact order, and untouched counts as unanswered", () => {
    const right = CB.gradeQuestion(ordering, { order: [0, 1, 2], touched: true });
    assert.deepEqual([right.right, right.points, right.answered], [true, 1, true]);
    const swapped = CB.gradeQuestion(ordering, { order: [1, 0, 2], touched: false });
    assert.deepEqual([swapped.right, swapped.points, swapped.answered], [false, 0, false]);
  });

  test("ordering compares texts, so two equal items may trade places", () => {
    const twins = q({ type: "ordering", items: ["登记", "登记", "回访"] });
    assert.equal(CB.gradeQuestion(twins, { order: [1, 0, 2], touched: true }).right, true);
  });

  test("a dialogue earns a share for each step answered well", () => {
    const g = CB.gradeQuestion(dialogue, ["a", "b", null]);
    assert.equal(g.points, 1 / 3);
    assert.deepEqual([g.right, g.partial, g.rightSteps, g.stepCount], [false, true, 1, 3]);
    assert.deepEqual(g.rights, [true, false, false]);
    assert.equal(CB.verdictText(g), "部分正确（答对 1/3 轮）");
    const all = CB.gradeQuestion(dialogue, ["a", "c", "c"]);
    assert.deepEqual([all.right, all.partial, all.points], [true, false, 1]);
    assert.equal(CB.gradeQuestion(dialogue, [null, null, null]).answered, false);
  });
});

describe("scores and stored results", () => {
  test("the score is the rounded share of points (Math.round, halves up)", () => {
    const g = (points) => ({ points });
    assert.equal(CB.scoreOf([g(1), g(0)]), 50);
    assert.equal(CB.scoreOf([g(1), g(1), g(0)]), 67);
    assert.equal(CB.scoreOf([g(1), g(1 / 3), g(0), g(0)]), 33);
    assert.equal(CB.scoreOf([g(1), g(0.5), g(0), g(0)]), 38); // 37.5 rounds up
    assert.equal(CB.scoreOf([]), 0);
  });

  test("the record keeps the best score, its date and outcomes, and the day it was first passed", () => {
    const o = (n) => [{ key: "q/" + n, version: "v", points: 1, right: true, answered: true }];
    const first = CB.nextRecord(null, "v1", 50, false, "2026-03-01", o(1));
    assert.deepEqual(first, {
      version: "v1", best: 50, bestDate: "2026-03-01", last: 50, attempts: 1, passed: false, passedDate: "", outcomes: o(1),
    });
    const pass = CB.nextRecord(first, "v1", 80, true, "2026-03-02", o(2));
    assert.deepEqual([pass.best, pass.bestDate, pass.passed, pass.passedDate, pass.outcomes], [80, "2026-03-02", true, "2026-03-02", o(2)]);
    const worse = CB.nextRecord(pass, "v1", 40, false, "2026-03-03", o(3));
    assert.deepEqual([worse.best, worse.last, worse.attempts, worse.passed, worse.passedDate, worse.outcomes], [80, 40, 3, true, "2026-03-02", o(2)]);
    const equal = CB.nextRecord(worse, "v1", 80, true, "2026-03-04", o(4));
    assert.deepEqual([equal.bestDate, equal.passedDate, equal.outcomes], ["2026-03-02", "2026-03-02", o(2)]); // the first of equal bests
  });

  test("outcomes carry each question's key, version and share of points", () => {
    const graded = [
      { q: { key: "a/1", version: "v1" }, g: { right: true, points: 1, answered: true } },
      { q: { key: "a/2", version: "v2" }, g: { right: false, partial: true, points: 2 / 3, answered: true } },
      { q: { key: "a/3", version: "v3" }, g: { right: false, points: 0, answered: false } },
    ];
    assert.deepEqual(CB.outcomesOf(graded), [
      { key: "a/1", version: "v1", points: 1, right: true, answered: true },
      { key: "a/2", version: "v2", points: 0.667, right: false, answered: true },
      { key: "a/3", version: "v3", points: 0, right: false, answered: false },
    ]);
  });

  test("a result of another quiz version does not count", () => {
    const state = CB.emptyState();
    state.quizzes.q = CB.nextRecord(null, "old", 100, true, "2026-03-01");
    assert.equal(CB.currentResult(state, "q", "new"), null);
    assert.equal(CB.currentResult(state, "q", "old").best, 100);
  });
});

describe("the start order of an ordering question", () => {
  test("is never already the answer", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const order = CB.startOrder(["甲", "乙"], seeded(seed));
      assert.deepEqual(order.slice().sort(), [0, 1]);
      assert.notDeepEqual(order, [0, 1]);
    }
  });

  test("keeps every item once", () => {
    const order = CB.startOrder(ordering.items, seeded(7));
    assert.deepEqual(order.slice().sort(), [0, 1, 2]);
  });
});

describe("exam integrity", () => {
  const pooled = CB.normQuestion({ type: "truefalse", answer: true, pooled: true }, "p/1");
  const free = CB.normQuestion({ type: "truefalse", answer: true }, "p/2");
  const practice = { kind: "practice", trainer: false, questions: [pooled, free] };

  test("an unanswered question exams can draw never shows its answer; answered, it does", () => {
    assert.equal(CB.mayReveal(practice, pooled, { answered: false }), false);
    assert.equal(CB.mayReveal(practice, pooled, { answered: true }), true);
    assert.equal(CB.mayReveal(practice, free, { answered: false }), true);
    assert.equal(CB.mayReveal({ ...practice, trainer: true }, pooled, { answered: false }), true);
  });

  test("the trainee's printable answer key leaves out every question exams can draw", () => {
    assert.deepEqual(CB.printableQuestions(practice), [free]);
    assert.deepEqual(CB.printableQuestions({ ...practice, questions: [pooled] }), []);
    assert.deepEqual(CB.printableQuestions({ ...practice, trainer: true }), [pooled, free]);
    // The trainer edition prints an exam's key too: every question it may draw.
    assert.deepEqual(CB.printableQuestions({ ...practice, kind: "exam", trainer: true }), [pooled, free]);
    assert.deepEqual(CB.printableQuestions({ ...practice, kind: "exam" }), []);
  });

  test("the countdown reads m:ss, h:mm:ss from an hour, and stops at 0:00", () => {
    assert.equal(CB.clockText(30 * 60000), "30:00");
    assert.equal(CB.clockText(61000), "1:01");
    assert.equal(CB.clockText(59001), "1:00"); // a started second still counts
    assert.equal(CB.clockText(3600000 + 5000), "1:00:05");
    assert.equal(CB.clockText(-5000), "0:00");
  });

  test("a time limit is a positive whole number of minutes, else none", () => {
    const limit = (v) => CB.normQuiz({ id: "x", kind: "exam", questions: [], timeLimitMinutes: v }, "x").timeLimitMinutes;
    assert.deepEqual([limit(30), limit(0), limit(1.5), limit("30"), limit(null)], [30, null, null, null, null]);
  });
});

describe("answer key text", () => {
  test("names the answer of each type in words", () => {
    assert.equal(CB.keyAnswer(single), "先道歉再说明");
    assert.equal(CB.keyAnswer(multiple), "先道歉再说明；记录并跟进");
    assert.equal(CB.keyAnswer(trueFalse), "错");
    assert.equal(CB.keyAnswer(ordering), "核实身份 → 说明原因 → 办理业务");
    assert.equal(CB.keyAnswer(dialogue), "第 1 轮：先道歉再说明；第 2 轮：记录并跟进；第 3 轮：记录并跟进");
  });
});

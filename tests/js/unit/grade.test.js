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

  test("the record keeps the best score, its date and whether the quiz was ever passed", () => {
    const first = CB.nextRecord(null, "v1", 80, true, "2026-03-01");
    assert.deepEqual(first, { version: "v1", best: 80, bestDate: "2026-03-01", last: 80, attempts: 1, passed: true });
    const worse = CB.nextRecord(first, "v1", 40, false, "2026-03-02");
    assert.deepEqual(worse, { version: "v1", best: 80, bestDate: "2026-03-01", last: 40, attempts: 2, passed: true });
    const better = CB.nextRecord(worse, "v1", 90, true, "2026-03-03");
    assert.deepEqual([better.best, better.bestDate, better.attempts], [90, "2026-03-03", 3]);
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

describe("answer key text", () => {
  test("names the answer of each type in words", () => {
    assert.equal(CB.keyAnswer(single), "先道歉再说明");
    assert.equal(CB.keyAnswer(multiple), "先道歉再说明；记录并跟进");
    assert.equal(CB.keyAnswer(trueFalse), "错");
    assert.equal(CB.keyAnswer(ordering), "核实身份 → 说明原因 → 办理业务");
    assert.equal(CB.keyAnswer(dialogue), "第 1 轮：先道歉再说明；第 2 轮：记录并跟进；第 3 轮：记录并跟进");
  });
});

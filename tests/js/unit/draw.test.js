import assert from "node:assert/strict";
import { describe, test } from "node:test";
import CB, { seeded } from "./engine.js";

function question(key) {
  return { key, type: "truefalse", answer: true, prompt: key, version: "v" };
}

function exam(pools, keys) {
  return CB.normQuiz({ id: "final", kind: "exam", questions: keys.map(question), pools }, "final");
}

const keys = Array.from({ length: 12 }, (_, i) => "bank/q" + (i + 1));

describe("exam draws", () => {
  test("a practice quiz keeps its order", () => {
    const quiz = CB.normQuiz({ id: "p", kind: "practice", questions: keys.slice(0, 4).map(question) }, "p");
    assert.deepEqual(CB.drawKeys(quiz, seeded(1)), keys.slice(0, 4));
  });

  test("each pool gives its count, and no question is drawn twice when pools overlap", () => {
    const quiz = exam(
      [
        { count: 4, keys: keys.slice(0, 6) },
        { count: 4, keys: keys.slice(3, 10) }, // overlaps the first pool in q4-q6
      ],
      keys
    );
    for (let seed = 1; seed <= 100; seed++) {
      const drawn = CB.drawKeys(quiz, seeded(seed));
      assert.equal(drawn.length, 8);
      assert.equal(new Set(drawn).size, 8);
      assert.equal(drawn.filter((k) => keys.slice(0, 6).includes(k)).length >= 4, true);
      assert.ok(drawn.every((k) => keys.slice(0, 10).includes(k)));
    }
    assert.equal(CB.examSize(quiz), 8);
  });

  test("different seeds draw different sets; the same seed draws the same", () => {
    const quiz = exam([{ count: 5, keys }], keys);
    const draw = (seed) => CB.drawKeys(quiz, seeded(seed));
    assert.deepEqual(draw(3), draw(3));
    assert.notDeepEqual(new Set(draw(3)), new Set(draw(4)));
  });

  test("a pool left short by an earlier overlapping pool gives what remains", () => {
    const quiz = exam(
      [
        { count: 3, keys: keys.slice(0, 3) },
        { count: 3, keys: keys.slice(0, 4) },
      ],
      keys
    );
    assert.equal(CB.drawKeys(quiz, seeded(5)).length, 4);
  });

  test("a pool asks for more than it has: it gives what it has, and keys missing from the data are skipped", () => {
    const quiz = exam([{ count: 5, keys: ["bank/q1", "bank/q2", "bank/gone"] }], keys);
    assert.equal(CB.drawKeys(quiz, seeded(1)).length, 2);
    assert.equal(CB.examSize(quiz), 2);
  });

  test("pools with no valid count are dropped", () => {
    const quiz = exam([{ count: 0, keys }, { count: 1.5, keys }, { keys }, "x"], keys);
    assert.deepEqual(quiz.pools, []);
  });

  test("an attempt restored by its keys comes back in the same order, or not at all", () => {
    const quiz = exam([{ count: 3, keys }], keys);
    assert.deepEqual(
      CB.questionsByKeys(quiz, ["bank/q3", "bank/q1"]).map((q) => q.key),
      ["bank/q3", "bank/q1"]
    );
    assert.equal(CB.questionsByKeys(quiz, ["bank/q1", "bank/removed"]), null);
  });
});

describe("an exam whose questions are in the question files", () => {
  const bankExam = (pools) => CB.normQuiz({ id: "final", kind: "exam", bank: true, questions: [], pools }, "final");

  test("draws keys from its pools without carrying a question, and names only the files of those keys", () => {
    const pools = [
      { count: 2, keys: ["case-a/q1", "case-a/q2", "case-b/q1"] },
      { count: 1, keys: ["case-c/q1", "case-c/q2"] },
    ];
    const quiz = bankExam(pools);
    assert.equal(CB.examSize(quiz), 3);
    for (let seed = 1; seed <= 50; seed++) {
      const drawn = CB.drawKeys(quiz, seeded(seed));
      assert.equal(drawn.length, 3);
      assert.equal(drawn.filter((k) => pools[0].keys.includes(k)).length, 2);
      assert.equal(drawn.filter((k) => pools[1].keys.includes(k)).length, 1);
      const files = CB.quizIdsOf(drawn);
      assert.ok(files.includes("case-c"));
      assert.ok(files.length <= 3 && files.every((f) => ["case-a", "case-b", "case-c"].includes(f)));
    }
  });

  test("an exam page's data without the flag keeps skipping keys it does not carry", () => {
    const quiz = CB.normQuiz({ id: "final", kind: "exam", questions: [], pools: [{ count: 2, keys: ["a/q1", "b/q1"] }] }, "final");
    assert.equal(quiz.fromBank, false);
    assert.deepEqual(CB.drawKeys(quiz, seeded(1)), []);
  });
});

/* Grading, per question type, as pure functions of a question and a response:
 *   single / multiple  response: chosen option ids     all-or-nothing
 *   truefalse          response: ["true"] / ["false"]  all-or-nothing
 *   ordering           response: item indices in the trainee's order (plus whether it was touched)
 *                      right only in the exact order; compared by text, so equal items may swap
 *   dialogue           response: chosen option id per step (null = none)
 *                      partial credit: each step answered well earns 1/steps
 * A quiz's score is the rounded share of points (Math.round), 0-100. */
(function (CB) {
  "use strict";

  function sameSequence(a, b) {
    return a.length === b.length && a.every((x, i) => x === b[i]);
  }

  function answerIds(q) {
    return q.type === "multiple" ? q.answer : [q.answer];
  }

  function gradeChoice(q, chosen) {
    const want = answerIds(q);
    const right = chosen.length === want.length && want.every((a) => chosen.includes(a));
    return { right: right, points: right ? 1 : 0, answered: chosen.length > 0, chosen: chosen };
  }

  function gradeTrueFalse(q, chosen) {
    const right = chosen.length === 1 && chosen[0] === (q.answer ? "true" : "false");
    return { right: right, points: right ? 1 : 0, answered: chosen.length > 0, chosen: chosen };
  }

  function gradeOrdering(q, order, touched) {
    const right = sameSequence(order.map((i) => q.items[i]), q.items);
    return { right: right, points: right ? 1 : 0, answered: !!touched, order: order };
  }

  function gradeDialogue(q, chosen) {
    const rights = q.steps.map((s, i) => chosen[i] === s.answer);
    const n = rights.filter(Boolean).length;
    return {
      right: n === q.steps.length,
      partial: n > 0 && n < q.steps.length,
      rightSteps: n,
      stepCount: q.steps.length,
      points: n / q.steps.length,
      answered: chosen.some((c) => c !== null && c !== undefined),
      chosen: chosen,
      rights: rights,
    };
  }

  // One response to its grade. For ordering, response is { order, touched }.
  function gradeQuestion(q, response) {
    if (q.type === "truefalse") return gradeTrueFalse(q, response);
    if (q.type === "ordering") return gradeOrdering(q, response.order, response.touched);
    if (q.type === "dialogue") return gradeDialogue(q, response);
    return gradeChoice(q, response);
  }

  function scoreOf(grades) {
    if (!grades.length) return 0;
    const points = grades.reduce((sum, g) => sum + g.points, 0);
    return Math.round((100 * points) / grades.length);
  }

  // Per-question outcomes of a graded attempt ([{ q, g }]), as stored and downloaded.
  function outcomesOf(graded) {
    return graded.map((x) => ({
      key: x.q.key,
      version: x.q.version,
      points: Math.round(x.g.points * 1000) / 1000,
      right: !!x.g.right,
      answered: !!x.g.answered,
    }));
  }

  /* The stored result after one more attempt. `old` is the current record (same version) or
   * null. The outcomes kept are those of the best attempt (the first of equal scores), so the
   * best score and its questions always belong together; passedDate is the first pass. */
  function nextRecord(old, version, score, passed, date, outcomes) {
    const list = outcomes || [];
    if (!old) {
      return { version: version, best: score, bestDate: date, last: score, attempts: 1, passed: passed, passedDate: passed ? date : "", outcomes: list };
    }
    const better = score > old.best;
    return {
      version: version,
      best: better ? score : old.best,
      bestDate: better ? date : old.bestDate,
      last: score,
      attempts: old.attempts + 1,
      passed: old.passed || passed,
      passedDate: old.passed ? old.passedDate : passed ? date : "",
      outcomes: better ? list : old.outcomes || [],
    };
  }

  // The stored result for a quiz, unless the quiz has changed since (another version).
  function currentResult(state, quizId, version) {
    const rec = state.quizzes[quizId];
    if (!rec) return null;
    if (typeof version === "string" && version && rec.version !== version) return null;
    return rec;
  }

  function optionText(options, id) {
    const o = options.find((x) => x.id === id);
    return o ? o.text : "";
  }

  function verdictText(g) {
    if (g.right) return "回答正确";
    if (g.partial) return "部分正确（答对 " + g.rightSteps + "/" + g.stepCount + " 轮）";
    return "回答错误";
  }

  function bestText(rec) {
    if (!rec) return "";
    return "最好成绩 " + rec.best + " 分" + (rec.bestDate ? "（" + rec.bestDate + "）" : "");
  }

  Object.assign(CB, {
    sameSequence: sameSequence,
    answerIds: answerIds,
    gradeQuestion: gradeQuestion,
    scoreOf: scoreOf,
    outcomesOf: outcomesOf,
    nextRecord: nextRecord,
    currentResult: currentResult,
    optionText: optionText,
    verdictText: verdictText,
    bestText: bestText,
  });
  if (typeof module !== "undefined") module.exports = CB;
})(typeof module !== "undefined" ? require("./core.js") : window.Casebook);

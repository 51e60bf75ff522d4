/* Drawing the questions for one attempt: a practice quiz in its order; an exam drawn per pool
 * (no question twice, even when pools overlap), then shuffled. `random` is injectable for tests. */
(function (CB) {
  "use strict";

  // The keys an attempt may draw from: the questions the page carries, or, for an exam whose
  // questions are in the per-quiz files (quiz.fromBank), every key its pools name.
  function availableKeys(quiz) {
    if (!quiz.fromBank) return new Set(quiz.questions.map((q) => q.key));
    return new Set(quiz.pools.reduce((all, p) => all.concat(p.keys), []));
  }

  // The keys of one attempt: a practice quiz in its order; an exam per pool, then shuffled.
  function drawKeys(quiz, random) {
    if (quiz.kind !== "exam") return quiz.questions.map((q) => q.key);
    if (!quiz.pools.length) return CB.shuffle(quiz.questions.map((q) => q.key), random);
    const available = availableKeys(quiz);
    const used = new Set();
    const drawn = [];
    for (const pool of quiz.pools) {
      const candidates = CB.shuffle(
        Array.from(new Set(pool.keys)).filter((k) => available.has(k) && !used.has(k)),
        random
      );
      for (const k of candidates.slice(0, pool.count)) {
        used.add(k);
        drawn.push(k);
      }
    }
    return CB.shuffle(drawn, random);
  }

  // How many questions an attempt has; exact when the pools do not overlap, an upper bound otherwise.
  function examSize(quiz) {
    if (quiz.kind !== "exam" || !quiz.pools.length) return quiz.questions.length;
    const keys = availableKeys(quiz);
    const used = new Set();
    let n = 0;
    for (const pool of quiz.pools) {
      const avail = Array.from(new Set(pool.keys)).filter((k) => keys.has(k) && !used.has(k));
      const take = Math.min(pool.count, avail.length);
      avail.slice(0, take).forEach((k) => used.add(k));
      n += take;
    }
    return n;
  }

  // The questions for given keys, in that order (an exam attempt restored after a reload).
  function questionsByKeys(quiz, keys) {
    const byKey = new Map(quiz.questions.map((q) => [q.key, q]));
    const out = [];
    for (const k of keys) {
      if (!byKey.has(k)) return null;
      out.push(byKey.get(k));
    }
    return out;
  }

  // The quizzes whose question files hold `keys` ("<quiz id>/<question id>"; a quiz id has no "/").
  function quizIdsOf(keys) {
    const ids = new Set();
    for (const k of keys) {
      const cut = k.indexOf("/");
      if (cut > 0) ids.add(k.slice(0, cut));
    }
    return Array.from(ids).sort();
  }

  // A start order (item indices) for an ordering question that is never already correct,
  // unless every item has the same text.
  function startOrder(items, random) {
    const order = items.map((_, i) => i);
    const texts = (o) => o.map((i) => items[i]);
    const allSame = items.every((t) => t === items[0]);
    for (let tries = 0; tries < 100; tries++) {
      CB.shuffle(order, random);
      if (allSame || !CB.sameSequence(texts(order), items)) break;
    }
    if (!allSame && CB.sameSequence(texts(order), items)) order.reverse();
    return order;
  }

  Object.assign(CB, {
    drawKeys: drawKeys,
    quizIdsOf: quizIdsOf,
    examSize: examSize,
    questionsByKeys: questionsByKeys,
    startOrder: startOrder,
  });
  if (typeof module !== "undefined") module.exports = CB;
})(typeof module !== "undefined" ? (require("./grade.js"), require("./core.js")) : window.Casebook);

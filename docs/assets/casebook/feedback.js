/* What a graded attempt shows: the verdict and explanation per question (withheld for an
 * unanswered question exams can draw), the score summary, and the answer key a trainer can print
 * (on the trainee site only for questions no exam can draw; all of them with quiz.trainer). */
(function (CB) {
  "use strict";

  const h = CB.h;

  function feedbackBox(q, g, details, reveal) {
    const kind = g.right ? "right" : g.partial ? "partial" : "wrong";
    return h(
      "div",
      { class: "cb-feedback cb-feedback--" + kind },
      h("p", { class: "cb-verdict" }, CB.verdictText(g)),
      details,
      // The explanation gives the answer away: withheld with it.
      reveal && q.explanation ? h("p", { class: "cb-explanation" }, h("strong", null, "解析："), q.explanation) : null,
      q.case ? h("p", { class: "cb-case-link" }, h("a", { href: CB.pageHref(q.case.url) }, "回到案例：" + (q.case.title || "查看案例"))) : null
    );
  }

  // Whether grading may show a question's answer: not for an unanswered question exams can draw.
  function mayReveal(quiz, q, g) {
    return g.answered || !q.pooled || quiz.trainer;
  }

  // The questions whose answers the printable key may show: on the trainee site, none that an
  // exam can draw (the generator marks them pooled); in a trainer edition (quiz.trainer), all.
  function printableQuestions(quiz) {
    // The trainer edition prints every key, an exam's candidates included; the trainee site
    // never prints the key of a question an exam can draw.
    if (quiz.trainer) return quiz.questions || [];
    if (quiz.kind !== "practice") return [];
    return (quiz.questions || []).filter((q) => !q.pooled);
  }

  /* The answer key a trainer can print for a practice quiz: every question with its answer and
   * explanation, in the file's order. It is shown only in print (see casebook.css). */
  function keyAnswer(q) {
    const opts = Array.isArray(q.options) ? q.options : [];
    if (q.type === "single") return CB.optionText(opts, q.answer);
    if (q.type === "multiple") return (Array.isArray(q.answer) ? q.answer : []).map((id) => CB.optionText(opts, id)).join("；");
    if (q.type === "truefalse") return q.answer ? "对" : "错";
    if (q.type === "ordering") return (q.items || []).join(" → ");
    if (q.type === "dialogue") {
      return (q.steps || []).map((st, i) => "第 " + (i + 1) + " 轮：" + CB.optionText(st.options || [], st.answer)).join("；");
    }
    return "";
  }

  function answerKey(quiz, questions) {
    const list = h("ol", { class: "cb-key-list" });
    for (const q of questions) {
      list.appendChild(
        h(
          "li",
          null,
          h("p", { class: "cb-key-prompt" }, q.prompt || ""),
          h("p", null, h("strong", null, "答案："), keyAnswer(q)),
          h("p", null, h("strong", null, "解析："), q.explanation || "")
        )
      );
    }
    return h("section", { class: "cb-answer-key" }, h("p", { class: "cb-key-title" }, (quiz.title || "测验") + " · 答案"), list);
  }

  function printWithAnswers() {
    const htmlEl = document.documentElement;
    htmlEl.classList.add("cb-print-answers");
    window.addEventListener("afterprint", () => htmlEl.classList.remove("cb-print-answers"), { once: true });
    window.print();
  }

  // The summary under a graded attempt. `saved` false: nothing about the 错题本 or the best
  // result is claimed, since neither was kept (the store notice says so).
  function scoreSummary(quiz, graded, score, passed, removed, newRec, saved) {
    const unanswered = graded.filter((x) => !x.g.answered).length;
    const rightCount = graded.filter((x) => x.g.right).length;
    const wrongCount = graded.length - rightCount;
    const partly = saved && wrongCount ? "答错的题已收入错题本。" : "";
    return [
      h(
        "p",
        { class: "cb-score" },
        h("span", { class: "cb-score-text" }, "得分 " + score + " 分（及格线 " + quiz.passMark + " 分）"),
        " ",
        h("strong", { class: "cb-pass cb-pass--" + (passed ? "yes" : "no") }, passed ? "通过" : "未通过")
      ),
      h(
        "p",
        { class: "cb-score-detail" },
        "共 " + graded.length + " 题，完全答对 " + rightCount + " 题" + (unanswered ? "，" + unanswered + " 题未作答" : "") + "。" +
          partly +
          (saved && removed ? removed + " 道题已连续答对两次，移出错题本。" : "")
      ),
      saved && newRec ? h("p", { class: "cb-score-best" }, CB.bestText(newRec)) : null,
      h("p", { class: "cb-score-hint" }, "每道题的解析见上方。"),
    ];
  }

  Object.assign(CB, {
    feedbackBox: feedbackBox,
    mayReveal: mayReveal,
    printableQuestions: printableQuestions,
    keyAnswer: keyAnswer,
    answerKey: answerKey,
    printWithAnswers: printWithAnswers,
    scoreSummary: scoreSummary,
  });
  if (typeof module !== "undefined") module.exports = CB;
})(typeof module !== "undefined" ? (require("./grade.js"), require("./core.js")) : window.Casebook);

/* Quizzes and exams on a page: drawing an attempt, grading it, recording the result, and the
 * answer key a trainer can print for a practice quiz. */
(function (CB) {
  "use strict";

  const h = CB.h;

  function feedbackBox(q, g, details) {
    const kind = g.right ? "right" : g.partial ? "partial" : "wrong";
    return h(
      "div",
      { class: "cb-feedback cb-feedback--" + kind },
      h("p", { class: "cb-verdict" }, CB.verdictText(g)),
      details,
      q.explanation ? h("p", { class: "cb-explanation" }, h("strong", null, "解析："), q.explanation) : null,
      q.case ? h("p", { class: "cb-case-link" }, h("a", { href: CB.pageHref(q.case.url) }, "回到案例：" + (q.case.title || "查看案例"))) : null
    );
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

  function answerKey(quiz) {
    const list = h("ol", { class: "cb-key-list" });
    for (const q of quiz.questions || []) {
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

  function scoreSummary(quiz, graded, score, passed, removed, newRec) {
    const unanswered = graded.filter((x) => !x.g.answered).length;
    const rightCount = graded.filter((x) => x.g.right).length;
    const wrongCount = graded.length - rightCount;
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
          (wrongCount ? "答错的题已收入错题本。" : "") +
          (removed ? removed + " 道题已连续答对两次，移出错题本。" : "")
      ),
      newRec ? h("p", { class: "cb-score-best" }, CB.bestText(newRec)) : null,
      h("p", { class: "cb-score-hint" }, "每道题的解析见上方。"),
    ];
  }

  /* Mount a quiz into `container`.
   * opts.record: save scores under quiz.id (false for the notebook's 错题重练).
   * opts.questions(): optional source of questions for each attempt (notebook).
   * opts.afterGrade(state, graded, removed): hook after grading.
   * opts.beforeRetry(): return false to cancel 重新作答. */
  function mountQuiz(container, quiz, opts) {
    opts = opts || {};
    const record = opts.record !== false;
    const base = CB.uid("quiz");
    container.textContent = "";
    container.classList.add("cb-quiz-ready");

    if (quiz.title && quiz.title !== CB.pageH1Text(container) && opts.showTitle !== false) {
      container.appendChild(h("h" + CB.headingLevelFor(container), { class: "cb-quiz-title" }, quiz.title));
    }
    if (quiz.description) container.appendChild(h("p", { class: "cb-quiz-desc" }, quiz.description));

    const meta = h("p", { class: "cb-quiz-meta" });
    const best = h("p", { class: "cb-best" });
    container.append(meta, best);
    const live = CB.announcer();
    const body = h("div", { class: "cb-questions" });
    const summary = h("div", { class: "cb-summary", role: "status", tabindex: "-1" });
    const submit = h("button", { type: "button", class: "cb-btn cb-btn--primary cb-submit" }, "提交答案");
    const retry = h("button", { type: "button", class: "cb-btn cb-retry" }, "重新作答");
    const actions = h("div", { class: "cb-actions" }, submit, retry);
    // Exams draw at random, so only fixed practice quizzes offer a printed answer key.
    if (quiz.kind === "practice" && record) {
      actions.appendChild(h("button", { type: "button", class: "cb-btn cb-print-key", onclick: printWithAnswers }, "打印题目和答案"));
    }
    container.append(body, summary, actions, live.el);
    if (quiz.kind === "practice") container.appendChild(answerKey(quiz));

    function showBest() {
      const rec = record ? CB.currentResult(CB.loadState(), quiz.id, quiz.version) : null;
      best.textContent = "";
      best.hidden = !rec;
      if (rec) best.append(CB.bestText(rec), " · 已作答 " + rec.attempts + " 次" + (rec.passed ? " · 已通过" : ""));
    }

    let widgets = [];
    let questions = [];

    function start() {
      questions = opts.questions ? opts.questions() : CB.drawQuestions(quiz);
      body.textContent = "";
      summary.textContent = "";
      summary.className = "cb-summary";
      widgets = questions.map((q, i) => CB.makeWidget(q, i, base + "-q" + i, live.announce));
      widgets.forEach((w) => body.appendChild(w.el));
      meta.textContent = (quiz.kind === "exam" ? "本次考试随机抽取 " : "共 ") + questions.length + " 题 · 及格线 " + quiz.passMark + " 分";
      submit.hidden = false;
      submit.disabled = questions.length === 0;
      retry.hidden = true;
      if (!questions.length) body.appendChild(h("p", { class: "cb-error" }, "这份测验暂时没有题目。"));
      showBest();
    }

    function grade() {
      const graded = widgets.map((w, i) => ({ q: questions[i], w: w, g: w.grade(w.read()) }));
      for (const item of graded) {
        item.w.el.classList.add(item.g.right ? "cb-q--right" : "cb-q--wrong");
        item.w.el.appendChild(feedbackBox(item.q, item.g, item.w.details(item.g)));
      }
      const score = CB.scoreOf(graded.map((x) => x.g));
      const passed = score >= quiz.passMark;

      let removed = 0;
      let newRec = null;
      const state = CB.updateState(function (s) {
        removed = CB.updateNotebook(s, graded);
        if (record && CB.safeKey(quiz.id)) {
          newRec = CB.nextRecord(CB.currentResult(s, quiz.id, quiz.version), quiz.version, score, passed, CB.today());
          s.quizzes[quiz.id] = newRec;
        }
      });

      summary.textContent = "";
      summary.className = "cb-summary cb-summary--" + (passed ? "pass" : "fail");
      for (const node of scoreSummary(quiz, graded, score, passed, removed, newRec)) if (node) summary.appendChild(node);
      submit.hidden = true;
      retry.hidden = false;
      showBest();
      summary.focus();
      if (opts.afterGrade) opts.afterGrade(state, graded, removed);
    }

    submit.addEventListener("click", grade);
    retry.addEventListener("click", function () {
      if (opts.beforeRetry && opts.beforeRetry() === false) return;
      start();
      live.announce("已开始新的作答。");
      const first = body.querySelector("input, button");
      if (first) first.focus();
      else body.focus();
    });
    start();
  }

  function initQuizzes() {
    for (const container of document.querySelectorAll(".cb-quiz[data-quiz]")) {
      if (container.hasAttribute("data-cb-ready")) continue;
      container.setAttribute("data-cb-ready", "");
      const id = container.getAttribute("data-quiz") || "";
      const quiz = CB.normQuiz(CB.readData(id, CB.isQuizData), id);
      if (!quiz) {
        CB.showError(container, "测验数据无法读取，请联系培训管理员。");
        continue;
      }
      mountQuiz(container, quiz, {});
    }
  }

  Object.assign(CB, { keyAnswer: keyAnswer, mountQuiz: mountQuiz, initQuizzes: initQuizzes });
  if (typeof module !== "undefined") module.exports = CB;
})(typeof module !== "undefined" ? require("./core.js") : window.Casebook);

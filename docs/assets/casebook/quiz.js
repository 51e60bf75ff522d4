/* Quizzes and exams on a page: drawing an attempt (an exam's countdown and resume), asking before
 * unanswered questions are graded, grading, recording the result. Texts: feedback.js. */
(function (CB) {
  "use strict";

  const h = CB.h;

  // Remaining time as m:ss, or h:mm:ss from an hour up; never negative.
  function clockText(ms) {
    const total = Math.max(0, Math.ceil(ms / 1000));
    const pad = (n) => String(n).padStart(2, "0");
    const hours = Math.floor(total / 3600);
    const minutes = Math.floor((total % 3600) / 60);
    return (hours ? hours + ":" + pad(minutes) : String(minutes)) + ":" + pad(total % 60);
  }

  /* Mount a quiz into `container`.
   * opts.record: save scores under quiz.id (false for the notebook's 错题重练).
   * opts.questions(): optional source of questions for each attempt (notebook).
   * opts.afterGrade(state, graded, removed): hook after grading.
   * opts.beforeRetry(): return false to cancel 重新作答.
   * An exam shows no right or wrong before the whole exam is submitted; with a time limit it
   * starts on 开始考试, counts down, submits itself at zero and survives a reload (state.exams). */
  function mountQuiz(container, quiz, opts) {
    opts = opts || {};
    const record = opts.record !== false;
    const timed = record && quiz.kind === "exam" && !!quiz.timeLimitMinutes && CB.safeKey(quiz.id);
    const base = CB.uid("quiz");
    // The parts are put in place on the first draw: until an exam's questions have loaded, the
    // page keeps its first-visit markup rather than an empty box that then grows.
    const parts = [];
    if (quiz.title && quiz.title !== CB.pageH1Text(container) && opts.showTitle !== false) {
      parts.push(h("h" + CB.headingLevelFor(container), { class: "cb-quiz-title" }, quiz.title));
    }
    if (quiz.description) parts.push(h("p", { class: "cb-quiz-desc" }, quiz.description));

    const meta = h("p", { class: "cb-quiz-meta" });
    const best = h("p", { class: "cb-best" });
    const notice = h("div", { class: "cb-store-notice-box" });
    const timer = h("p", { class: "cb-timer", role: "timer", "aria-live": "off", hidden: true });
    parts.push(meta, best, notice, timer);
    const live = CB.announcer();
    const intro = h("div", { class: "cb-exam-intro", hidden: true });
    const body = h("div", { class: "cb-questions" });
    const confirmBox = h("div", { class: "cb-confirm-box" });
    const summary = h("div", { class: "cb-summary", role: "status", tabindex: "-1" });
    const submit = h("button", { type: "button", class: "cb-btn cb-btn--primary cb-submit" }, "提交答案");
    const retry = h("button", { type: "button", class: "cb-btn cb-retry" }, "重新作答");
    const actions = h("div", { class: "cb-actions" }, submit, retry);
    const printable = record ? CB.printableQuestions(quiz) : [];
    // Only questions no exam can draw have a printed answer key on the trainee site.
    if (printable.length) {
      actions.appendChild(h("button", { type: "button", class: "cb-btn cb-print-key", onclick: CB.printWithAnswers }, "打印题目和答案"));
    }
    parts.push(intro, body, confirmBox, summary, actions, live.el);
    if (printable.length) parts.push(CB.answerKey(quiz, printable));
    let attached = false;

    function attach() {
      if (attached) return;
      attached = true;
      container.textContent = "";
      container.classList.add("cb-quiz-ready");
      container.append(...parts);
    }

    function showBest() {
      const rec = record ? CB.currentResult(CB.loadState(), quiz.id, quiz.version) : null;
      best.textContent = "";
      best.hidden = !rec;
      if (rec) best.append(CB.bestText(rec), " · 已作答 " + rec.attempts + " 次" + (rec.passed ? " · 已通过" : ""));
    }

    function showNotice() {
      notice.textContent = "";
      const problem = CB.storeProblem();
      if (problem === "newer") notice.appendChild(CB.storeNotice(problem, null));
    }

    let widgets = [];
    let questions = [];
    let deadline = 0;
    let ticker = 0;
    let graded = false;

    function stopTimer() {
      if (ticker) window.clearInterval(ticker);
      ticker = 0;
    }

    function tick() {
      // Instant navigation removed the page: stop counting for it.
      if (!container.isConnected) return stopTimer();
      const left = deadline - Date.now();
      timer.textContent = "剩余时间 " + clockText(left);
      if (left <= 5 * 60000 && left > 5 * 60000 - 1000) live.announce("考试还剩 5 分钟。");
      if (left <= 0) {
        stopTimer();
        grade(true);
      }
    }

    function saveResponses() {
      if (!timed || graded) return;
      const responses = {};
      widgets.forEach((w, i) => (responses[questions[i].key] = w.read()));
      CB.updateState(function (s) {
        const at = s.exams[quiz.id];
        if (at && at.version === quiz.version) at.responses = responses;
      });
    }

    function build(list) {
      attach();
      questions = list;
      graded = false;
      body.textContent = "";
      summary.textContent = "";
      summary.className = "cb-summary";
      confirmBox.textContent = "";
      intro.hidden = true;
      body.hidden = false;
      actions.hidden = false;
      widgets = questions.map((q, i) => CB.makeWidget(q, i, base + "-q" + i, live.announce));
      widgets.forEach((w) => body.appendChild(w.el));
      meta.textContent = (quiz.kind === "exam" ? "本次考试随机抽取 " : "共 ") + questions.length + " 题 · 及格线 " + quiz.passMark + " 分" +
        (timed ? " · 限时 " + quiz.timeLimitMinutes + " 分钟" : "");
      submit.hidden = false;
      submit.disabled = questions.length === 0;
      retry.hidden = true;
      if (!questions.length) body.appendChild(h("p", { class: "cb-error" }, "这份测验暂时没有题目。"));
      showBest();
      showNotice();
    }

    // The questions for `keys`, then `then(list)`: from the page, or from the question files for
    // an exam that carries none (loaded once, asynchronously). If they cannot be had, `otherwise()`,
    // or by default a message in place of the quiz. Only the latest request is answered.
    let ticket = 0;
    function withQuestions(keys, then, otherwise) {
      const mine = ++ticket;
      function use(list) {
        if (mine !== ticket || !container.isConnected) return;
        if (list) return then(list);
        if (otherwise) return otherwise();
        CB.showError(container, "考试题目无法载入，请刷新页面重试；仍不行请联系培训管理员。");
      }
      if (quiz.fromBank) CB.bankQuestions(keys, use);
      else use(CB.questionsByKeys(quiz, keys));
    }

    function focusFirst() {
      const first = body.querySelector("input:not(:disabled), button:not(:disabled)");
      if (first) first.focus();
      else body.focus();
    }

    function runTimer(until) {
      deadline = until;
      timer.hidden = false;
      stopTimer();
      ticker = window.setInterval(tick, 1000);
      tick();
    }

    function beginTimed(then) {
      withQuestions(CB.drawKeys(quiz), function (list) {
        const until = Date.now() + quiz.timeLimitMinutes * 60000;
        CB.updateState(function (s) {
          s.exams[quiz.id] = { version: quiz.version, keys: list.map((q) => q.key), deadline: until, responses: {} };
        });
        build(list);
        runTimer(until);
        if (then) then();
      });
    }

    function showIntro() {
      attach();
      body.hidden = true;
      actions.hidden = true;
      timer.hidden = true;
      summary.textContent = "";
      confirmBox.textContent = "";
      meta.textContent = "本次考试随机抽取 " + CB.examSize(quiz) + " 题 · 及格线 " + quiz.passMark + " 分 · 限时 " + quiz.timeLimitMinutes + " 分钟";
      intro.textContent = "";
      const go = h("button", { type: "button", class: "cb-btn cb-btn--primary cb-start" }, "开始考试");
      go.addEventListener("click", function () {
        // The countdown starts once the questions are in; until then the trainee sees why nothing moves.
        go.disabled = true;
        go.textContent = "正在载入题目……";
        beginTimed(focusFirst);
      });
      intro.append(
        h("p", null, "本次考试限时 " + quiz.timeLimitMinutes + " 分钟。点击“开始考试”后开始计时，中途刷新或离开页面不会暂停；时间到会自动交卷。"),
        go
      );
      intro.hidden = false;
      showBest();
      showNotice();
    }

    // A new attempt, or the stored timed one if it is still for this exam; then `then()`.
    function start(then) {
      stopTimer();
      const show = (list) => (build(list), then && then());
      if (!timed) return opts.questions ? show(opts.questions()) : withQuestions(CB.drawKeys(quiz), show);
      const at = CB.loadState().exams[quiz.id];
      if (!at || at.version !== quiz.version || !at.keys.length) return showIntro();
      withQuestions(
        at.keys,
        function (list) {
          build(list);
          widgets.forEach((w, i) => {
            const r = at.responses[questions[i].key];
            if (r !== undefined) w.write(r);
          });
          runTimer(at.deadline);
        },
        showIntro
      );
    }

    function askToConfirm(unanswered, first) {
      confirmBox.textContent = "";
      const textId = CB.uid("confirm");
      const yes = h("button", { type: "button", class: "cb-btn cb-btn--primary cb-confirm-yes" }, "仍然交卷");
      const no = h("button", { type: "button", class: "cb-btn cb-confirm-no" }, "继续作答");
      const box = h(
        "div",
        { class: "cb-confirm", role: "alertdialog", "aria-modal": "false", "aria-labelledby": textId },
        h("p", { id: textId }, "还有 " + unanswered + " 道题没有作答，交卷后按答错计分，并收入错题本。确定要交卷吗？"),
        h("div", { class: "cb-confirm-actions" }, yes, no)
      );
      yes.addEventListener("click", () => grade(true));
      no.addEventListener("click", function () {
        confirmBox.textContent = "";
        submit.disabled = false;
        // A disabled control (an ordering question's first 上移) cannot take focus.
        const target = first.el.querySelector("input:not(:disabled), button:not(:disabled)") || first.el;
        target.focus();
      });
      confirmBox.appendChild(box);
      submit.disabled = true;
      no.focus();
    }

    // Tell whoever frames the site (the SCORM launcher reports exam answers to the LMS) what was
    // graded, question by question. The page itself does not listen.
    function announce(quiz, results, score, passed) {
      const questions = results.map((x) => ({ key: x.q.key, type: x.q.type, right: !!x.g.right, response: lmsResponse(x.q, x.w.read()) }));
      const detail = { quiz: quiz.id, kind: quiz.kind, score: score, passed: passed, questions: questions };
      window.dispatchEvent(new CustomEvent("casebook:graded", { detail: detail }));
    }

    function lmsResponse(q, r) {
      if (q.type === "truefalse") return Array.isArray(r) && r.length ? r[0] === "true" : null;
      if (q.type === "ordering") return r && Array.isArray(r.order) ? r.order : [];
      return Array.isArray(r) ? r.map((x) => (x === null || x === undefined ? "" : String(x))) : [];
    }

    // Grade the attempt. Without `confirmed`, unanswered questions first ask the trainee; if they
    // go back, nothing is recorded and the 错题本 is untouched.
    function grade(confirmed) {
      if (graded) return;
      const results = widgets.map((w, i) => ({ q: questions[i], w: w, g: w.grade(w.read()) }));
      const missing = results.filter((x) => !x.g.answered);
      if (!confirmed && missing.length) return askToConfirm(missing.length, missing[0].w);
      graded = true;
      stopTimer();
      confirmBox.textContent = "";
      submit.disabled = false;
      for (const item of results) {
        const reveal = CB.mayReveal(quiz, item.q, item.g);
        item.w.el.classList.add(item.g.right ? "cb-q--right" : "cb-q--wrong");
        item.w.el.appendChild(CB.feedbackBox(item.q, item.g, item.w.details(item.g, reveal), reveal));
      }
      const score = CB.scoreOf(results.map((x) => x.g));
      const passed = score >= quiz.passMark;
      const outcomes = CB.outcomesOf(results);
      const date = CB.today();

      let removed = 0;
      let newRec = null;
      const state = CB.updateState(function (s) {
        removed = CB.updateNotebook(s, results);
        if (record && CB.safeKey(quiz.id)) {
          newRec = CB.nextRecord(CB.currentResult(s, quiz.id, quiz.version), quiz.version, score, passed, date, outcomes);
          s.quizzes[quiz.id] = newRec;
          delete s.exams[quiz.id];
        }
      });
      const problem = CB.storeProblem();
      announce(quiz, results, score, passed);

      summary.textContent = "";
      summary.className = "cb-summary cb-summary--" + (passed ? "pass" : "fail");
      for (const node of CB.scoreSummary(quiz, results, score, passed, removed, newRec, !problem)) if (node) summary.appendChild(node);
      if (problem) {
        const attempt = { quiz: quiz, score: score, passed: passed, date: date, outcomes: outcomes };
        summary.appendChild(CB.storeNotice(problem, () => CB.download(CB.attemptFileName(quiz, date), CB.attemptJson(attempt), "application/json")));
      }
      timer.hidden = true;
      submit.hidden = true;
      retry.hidden = false;
      showBest();
      showNotice();
      summary.focus();
      if (opts.afterGrade) opts.afterGrade(state, results, removed);
    }

    submit.addEventListener("click", () => grade(false));
    body.addEventListener("change", saveResponses);
    // The ordering buttons change the response without a change event.
    body.addEventListener("click", (ev) => ev.target.closest && ev.target.closest("button") && window.setTimeout(saveResponses, 0));
    retry.addEventListener("click", function () {
      if (opts.beforeRetry && opts.beforeRetry() === false) return;
      const begun = function () {
        live.announce("已开始新的作答。");
        focusFirst();
      };
      if (timed) beginTimed(begun);
      else start(begun);
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

  Object.assign(CB, {
    clockText: clockText,
    mountQuiz: mountQuiz,
    initQuizzes: initQuizzes,
  });
  if (typeof module !== "undefined") module.exports = CB;
})(typeof module !== "undefined" ? require("./core.js") : window.Casebook);

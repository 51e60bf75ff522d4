/* 错题本 (mistake notebook) with spaced review: a Leitner ladder of five boxes with due dates.
 *
 * A wrong answer (anywhere) puts the question in box 1, due today. A right answer on a question
 * that is due moves it up one box and schedules it 1, 3 or 7 days later (boxes 2-4) or 14 days
 * later (box 5); a right answer in box 5 takes it out. A right answer before the due date (early
 * practice) changes nothing: the gaps are what make the review stick. A question edited since
 * (another version) starts over, and one no longer in the bank leaves. Dates are local YYYY-MM-DD.
 * Format: generator/casebook/CONTRACT.md, "Stored state". */
(function (CB) {
  "use strict";

  const h = CB.h;
  const BOX_DAYS = [1, 3, 7, 14]; // days until the next review after a right answer in box 1..4
  const BOXES = CB.NOTEBOOK_BOXES; // 5 (store.js), one more than the gaps
  const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

  // `day` plus `n` calendar days. Noon, so a daylight-saving change cannot move the date.
  function addDays(day, n) {
    const m = DAY.exec(day);
    if (!m) return day;
    return CB.today(new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + n, 12));
  }

  // Due on `day`, or overdue; an entry without a valid date is due.
  function isDue(entry, day) {
    return !DAY.test(entry.due) || entry.due <= day;
  }

  // Apply one graded attempt ([{ q, g }]) to state.notebook. Returns how many questions left it.
  function updateNotebook(state, graded, date) {
    let removed = 0;
    const day = date || CB.today();
    for (const item of graded) {
      const key = item.q.key;
      if (!CB.safeKey(key)) continue;
      const old = state.notebook[key];
      const sameVersion = !!old && old.version === item.q.version;
      const added = sameVersion && old.added ? old.added : day;
      if (!item.g.right) {
        state.notebook[key] = { version: item.q.version, box: 1, due: day, added: added };
        continue;
      }
      if (!old) continue; // right the first time: never in the notebook
      // An edited question is a new one: its right answer counts from box 1.
      const entry = sameVersion ? old : { version: item.q.version, box: 1, due: day, added: added };
      if (!isDue(entry, day)) continue;
      if (entry.box >= BOXES) {
        delete state.notebook[key];
        removed += 1;
      } else {
        state.notebook[key] = { version: item.q.version, box: entry.box + 1, due: addDays(day, BOX_DAYS[entry.box - 1]), added: added };
      }
    }
    return removed;
  }

  function byDueThenAdded(a, b) {
    const x = (a.entry.due || "") + "|" + a.entry.added;
    const y = (b.entry.due || "") + "|" + b.entry.added;
    return x < y ? -1 : x > y ? 1 : 0;
  }

  // Notebook entries still in `bank` at the same version, soonest due first (then oldest);
  // the others are removed from state.
  function pruneNotebook(state, bank) {
    const list = [];
    for (const k of Object.keys(state.notebook)) {
      const q = bank.get(k);
      if (!q || q.version !== state.notebook[k].version) {
        delete state.notebook[k];
        continue;
      }
      list.push({ q: q, entry: state.notebook[k] });
    }
    return list.sort(byDueThenAdded);
  }

  /* What the notebook holds on `day`, read only: `versionOf(key)` gives a question's current
   * version (undefined when it is gone). { total, due, next: the earliest later due date or "" }. */
  function notebookStatus(state, versionOf, day) {
    let total = 0;
    let due = 0;
    let next = "";
    for (const k of Object.keys(state.notebook)) {
      const entry = state.notebook[k];
      if (versionOf(k) !== entry.version) continue;
      total += 1;
      if (isDue(entry, day)) due += 1;
      else if (!next || entry.due < next) next = entry.due;
    }
    return { total: total, due: due, next: next };
  }

  function notebookQuestions(bank) {
    let list = [];
    CB.updateState((s) => (list = pruneNotebook(s, bank)));
    return list;
  }

  // The questions one session asks: "due" those due today, "all" every question in the notebook.
  function sessionQuestions(bank, mode) {
    const day = CB.today();
    return notebookQuestions(bank).filter((x) => mode === "all" || isDue(x.entry, day));
  }

  const RULE =
    "答对一次升一级，分别隔 1、3、7、14 天再复习；第 " + BOXES + " 级答对后移出错题本。答错则回到第 1 级，当天再练。";

  // The quizzes whose question data the notebook needs: those with an entry at the current version.
  // Keys are "<quiz id>/<question id>", and a quiz id has no "/".
  function neededQuizzes(state, versions) {
    const ids = new Set();
    for (const k of Object.keys(state.notebook)) {
      const cut = k.indexOf("/");
      if (cut > 0 && versions[k] === state.notebook[k].version) ids.add(k.slice(0, cut));
    }
    return Array.from(ids).sort();
  }

  function initNotebook() {
    for (const container of document.querySelectorAll(".cb-notebook")) {
      if (container.hasAttribute("data-cb-ready")) continue;
      container.setAttribute("data-cb-ready", "");
      const raw = CB.readData("bank", CB.isBankData);
      const versions = raw && CB.isObj(raw.versions) ? raw.versions : {};
      const ids = neededQuizzes(CB.loadState(), versions);
      if (ids.length) {
        container.textContent = "";
        container.appendChild(h("p", { class: "cb-hint" }, "正在载入错题……"));
      }
      CB.loadBank(ids, function (questions) {
        // Unreadable data must not empty the notebook: pruning would drop every entry it lacks.
        if (!questions) return CB.showError(container, "错题的题目数据无法载入，请刷新页面重试；仍不行请联系培训管理员。");
        renderNotebook(container, CB.normBank(questions), "due");
      });
    }
  }

  function statusText(st) {
    return "错题本中有 " + st.total + " 道题，今天待复习 " + st.due + " 道。";
  }

  function renderNotebook(container, bank, mode) {
    container.textContent = "";
    const items = notebookQuestions(bank);
    if (!items.length) {
      container.appendChild(
        h(
          "div",
          { class: "cb-nb-empty" },
          h("p", { class: "cb-nb-empty-title", tabindex: "-1" }, "错题本是空的。"),
          h("p", { class: "cb-hint" }, "在测验和考试中答错的题目会自动收进这里，并按间隔安排复习。" + RULE)
        )
      );
      return;
    }
    const versionOf = (k) => (bank.has(k) ? bank.get(k).version : undefined);
    const count = h("p", { class: "cb-nb-count", tabindex: "-1" });
    const rule = h("p", { class: "cb-hint cb-nb-rule" }, RULE);
    const switcher = h("p", { class: "cb-nb-switch" });
    container.append(count, rule, switcher);
    let st = notebookStatus(CB.loadState(), versionOf, CB.today());
    function showStatus() {
      st = notebookStatus(CB.loadState(), versionOf, CB.today());
      count.textContent = statusText(st);
      switcher.textContent = "";
      if (mode === "due" && st.total > st.due) {
        const n = st.total - st.due;
        switcher.appendChild(
          h("button", { type: "button", class: "cb-btn cb-nb-all", onclick: () => again("all") }, "提前练习未到期的 " + n + " 道题")
        );
      } else if (mode === "all" && st.due) {
        switcher.appendChild(h("button", { type: "button", class: "cb-btn cb-nb-due", onclick: () => again("due") }, "只练今天待复习的题"));
      }
    }
    function again(next) {
      renderNotebook(container, bank, next);
      const el = container.querySelector(".cb-nb-count, .cb-nb-empty-title");
      if (el) el.focus();
    }
    showStatus();
    if (mode === "due" && !st.due) {
      container.insertBefore(
        h("p", { class: "cb-nb-done" }, "今天的复习已完成。" + (st.next ? "下一次复习：" + st.next + "。" : "")),
        switcher
      );
      return;
    }
    if (mode === "all") {
      container.insertBefore(h("p", { class: "cb-hint cb-nb-early" }, "提前练习：未到期的题答对不升级，答错会回到第 1 级。"), switcher);
    }
    const quizBox = h("div", { class: "cb-quiz cb-nb-quiz" });
    container.appendChild(quizBox);
    const title = mode === "all" ? "全部错题练习" : "今日复习";
    const quiz = { id: "", title: title, kind: "practice", version: "", passMark: 60, description: null, questions: [], pools: [] };
    CB.mountQuiz(quizBox, quiz, {
      record: false,
      questions: () => CB.shuffle(sessionQuestions(bank, mode).map((x) => x.q)),
      afterGrade: showStatus,
      beforeRetry: function () {
        if (sessionQuestions(bank, mode).length) return true;
        again("due");
        return false;
      },
    });
  }

  Object.assign(CB, {
    NOTEBOOK_BOX_DAYS: BOX_DAYS,
    neededQuizzes: neededQuizzes,
    addDays: addDays,
    isDue: isDue,
    updateNotebook: updateNotebook,
    pruneNotebook: pruneNotebook,
    notebookStatus: notebookStatus,
    initNotebook: initNotebook,
  });
  if (typeof module !== "undefined") module.exports = CB;
})(typeof module !== "undefined" ? (require("./store.js"), require("./core.js")) : window.Casebook);

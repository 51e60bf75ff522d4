/* 错题本 (mistake notebook): every question answered wrong is kept, at its version, until it is
 * answered right twice in a row. A question edited since (another version) leaves the notebook. */
(function (CB) {
  "use strict";

  const h = CB.h;
  const RIGHT_IN_A_ROW = 2;

  // Apply one graded attempt ([{ q, g }]) to state.notebook. Returns how many questions left it.
  function updateNotebook(state, graded, date) {
    let removed = 0;
    const day = date || CB.today();
    for (const item of graded) {
      const key = item.q.key;
      if (!CB.safeKey(key)) continue;
      const entry = state.notebook[key];
      const sameVersion = !!entry && entry.version === item.q.version;
      if (!item.g.right) {
        state.notebook[key] = { version: item.q.version, streak: 0, added: sameVersion && entry.added ? entry.added : day };
      } else if (entry) {
        const streak = (sameVersion ? entry.streak : 0) + 1;
        if (streak >= RIGHT_IN_A_ROW) {
          delete state.notebook[key];
          removed += 1;
        } else {
          state.notebook[key] = { version: item.q.version, streak: streak, added: entry.added || day };
        }
      }
    }
    return removed;
  }

  // Notebook entries still in `bank` at the same version, oldest first; others are removed from state.
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
    list.sort((a, b) => (a.entry.added < b.entry.added ? -1 : a.entry.added > b.entry.added ? 1 : 0));
    return list;
  }

  function notebookQuestions(bank) {
    let list = [];
    CB.updateState((s) => (list = pruneNotebook(s, bank)));
    return list;
  }

  function initNotebook() {
    for (const container of document.querySelectorAll(".cb-notebook")) {
      if (container.hasAttribute("data-cb-ready")) continue;
      container.setAttribute("data-cb-ready", "");
      renderNotebook(container, CB.normBank(CB.readData("bank", CB.isBankData)));
    }
  }

  function renderNotebook(container, bank) {
    container.textContent = "";
    const items = notebookQuestions(bank);
    const count = h("p", { class: "cb-nb-count" });
    container.appendChild(count);
    function setCount(n) {
      count.textContent = n ? "错题本中有 " + n + " 道题。同一道题连续答对两次后，会自动移出错题本。" : "";
      count.hidden = !n;
    }
    if (!items.length) {
      setCount(0);
      container.appendChild(
        h(
          "div",
          { class: "cb-nb-empty" },
          h("p", { class: "cb-nb-empty-title" }, "错题本是空的。"),
          h("p", { class: "cb-hint" }, "在测验和考试中答错的题目会自动收进这里，方便你反复练习；连续答对两次即移出。")
        )
      );
      return;
    }
    setCount(items.length);
    const quizBox = h("div", { class: "cb-quiz cb-nb-quiz" });
    container.appendChild(quizBox);
    const quiz = { id: "", title: "错题重练", kind: "practice", version: "", passMark: 60, description: null, questions: [], pools: [] };
    CB.mountQuiz(quizBox, quiz, {
      record: false,
      questions: () => CB.shuffle(notebookQuestions(bank).map((x) => x.q)),
      afterGrade: function (state) {
        setCount(Object.keys(state.notebook).filter((k) => bank.has(k)).length);
      },
      beforeRetry: function () {
        if (notebookQuestions(bank).length) return true;
        renderNotebook(container, bank);
        const empty = container.querySelector(".cb-nb-empty-title");
        if (empty) {
          empty.setAttribute("tabindex", "-1");
          empty.focus();
        }
        return false;
      },
    });
  }

  Object.assign(CB, { updateNotebook: updateNotebook, pruneNotebook: pruneNotebook, initNotebook: initNotebook });
  if (typeof module !== "undefined") module.exports = CB;
})(typeof module !== "undefined" ? require("./core.js") : window.Casebook);

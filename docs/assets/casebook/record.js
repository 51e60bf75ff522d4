/* The completion record of a track: the trainee's name, the track's quizzes and the final exam,
 * shown on the page, printable on its own, and downloadable as CSV and JSON (download.js). */
(function (CB) {
  "use strict";

  const h = CB.h;

  // One row per quiz of the track (each once), then the final exam, with the current results.
  function trackQuizRows(state, track) {
    const rows = [];
    const seen = new Set();
    for (const m of track.modules) {
      for (const it of m.items) {
        if (it.kind !== "quiz" || !it.quiz || seen.has(it.quiz)) continue;
        seen.add(it.quiz);
        const rec = CB.currentResult(state, it.quiz, it.version);
        rows.push({ id: it.quiz, title: it.title, kind: "单元测验", module: m.title, version: it.version, rec: rec });
      }
    }
    if (track.finalExam) {
      const fe = track.finalExam;
      rows.push({ id: fe.id, title: fe.title, kind: "结业考试", module: "", version: fe.version, rec: CB.currentResult(state, fe.id, fe.version) });
    }
    return rows;
  }

  // Every item of the track with whether it is required, done, and the day it was done.
  function trackItems(state, track) {
    const out = [];
    for (const m of track.modules) {
      for (const it of m.items) {
        const st = CB.itemStatus(state, it);
        const id = it.kind === "quiz" ? it.quiz : it.path;
        out.push({ module: m.title, kind: it.kind, id: id, title: it.title, required: it.required, done: st.done, date: st.date, rec: st.rec });
      }
    }
    return out;
  }

  // Everything the record shows and the downloads carry, from the stored state.
  function completionRecord(state, track, name, date) {
    const exam = CB.examResult(state, track);
    return {
      name: name,
      track: track,
      date: date,
      score: exam ? exam.best : null,
      exam: exam,
      items: trackItems(state, track),
      rows: trackQuizRows(state, track),
    };
  }

  function completionSection(track, pr, state, hx, hy) {
    const titleId = CB.uid("ct");
    const section = h("section", { class: "cb-completion", "aria-labelledby": titleId });
    section.appendChild(h(hx, { class: "cb-completion-title", id: titleId }, "结业记录"));
    section.appendChild(h("p", { class: "cb-note" }, CB.NOTE));

    const stored = state.completions[track.id];
    const inputId = CB.uid("name");
    const errId = inputId + "-err";
    const input = h("input", { type: "text", id: inputId, class: "cb-name-input", autocomplete: "name", maxlength: "40", "aria-describedby": errId });
    if (stored) input.value = stored.name;
    const error = h("p", { class: "cb-field-error", id: errId });
    const form = h(
      "form",
      { class: "cb-name-form", novalidate: true },
      h("label", { for: inputId, class: "cb-name-label" }, "姓名"),
      h("div", { class: "cb-name-row" }, input, h("button", { type: "submit", class: "cb-btn cb-btn--primary" }, "生成结业记录")),
      error
    );
    section.appendChild(form);
    const recordBox = h("div", { class: "cb-record-box" });
    section.appendChild(recordBox);

    function build(name, focus) {
      const st = CB.loadState();
      const exam = CB.examResult(st, track);
      const prev = st.completions[track.id];
      const date = (prev && prev.date) || (exam && (exam.passedDate || exam.bestDate)) || CB.today();
      const record = completionRecord(st, track, name, date);
      CB.updateState(function (s) {
        s.completions[track.id] = { name: name, date: date, score: record.score };
      });
      recordBox.textContent = "";
      const problem = CB.storeProblem();
      // Not saved: say so, the downloads below still carry the record.
      if (problem) recordBox.appendChild(CB.storeNotice(problem, null));
      recordBox.appendChild(recordView(record, hy, focus));
    }

    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      const name = input.value.trim();
      if (!name) {
        error.textContent = "请输入姓名。";
        input.setAttribute("aria-invalid", "true");
        input.focus();
        return;
      }
      error.textContent = "";
      input.removeAttribute("aria-invalid");
      build(name, true);
    });
    if (stored && stored.name) build(stored.name, false);
    return section;
  }

  function resultText(rec) {
    return rec ? "最好 " + rec.best + " 分（作答 " + rec.attempts + " 次）" : "—";
  }

  // One row per item: what was done and when, required or not, and the quiz results.
  function recordTable(record) {
    const cols = ["内容", "单元", "类型", "必修", "完成日期", "成绩"];
    // data-label lets the phone layout show each cell with its column name.
    const cell = (i, text) => h("td", { "data-label": cols[i] }, text);
    const rows = record.items.map((it) =>
      h(
        "tr",
        null,
        h("th", { scope: "row" }, it.title || it.id),
        cell(1, it.module),
        cell(2, CB.KIND_LABELS[it.kind] || ""),
        cell(3, it.required ? "是" : "否"),
        cell(4, it.done ? it.date || "已完成" : "未完成"),
        cell(5, it.kind === "quiz" ? resultText(it.rec) : it.kind === "roleplay" ? "由观察员评分" : "—")
      )
    );
    const fe = record.track.finalExam;
    if (fe) {
      const rec = record.exam;
      rows.push(
        h(
          "tr",
          null,
          h("th", { scope: "row" }, fe.title),
          cell(1, "结业考试"),
          cell(2, "考试"),
          cell(3, "是"),
          cell(4, rec && rec.passed ? rec.passedDate || rec.bestDate : "未通过"),
          cell(5, resultText(rec))
        )
      );
    }
    return h(
      "table",
      { class: "cb-record-table" },
      h("caption", null, "学习记录"),
      h("thead", null, h("tr", null, cols.map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", null, rows)
    );
  }

  function recordView(record, hy, focus) {
    const fe = record.track.finalExam;
    const titleId = CB.uid("rt");
    const box = h("div", { class: "cb-record", tabindex: "-1", role: "region", "aria-labelledby": titleId });
    const field = (label, cls, value) => h("div", null, h("dt", null, label), h("dd", { class: cls }, value));
    box.appendChild(h(hy, { class: "cb-record-title", id: titleId }, "培训结业记录"));
    box.appendChild(
      h(
        "dl",
        { class: "cb-record-fields" },
        field("姓名", "cb-record-name", record.name),
        field("培训路线", "cb-record-track", record.track.title),
        field("完成日期", "cb-record-date", record.date),
        field(
          "结业考试成绩",
          "cb-record-score",
          (record.score === null ? "—" : record.score + " 分") + (fe ? "（及格线 " + fe.passMark + " 分）" : "")
        )
      )
    );
    box.appendChild(recordTable(record));
    box.appendChild(h("p", { class: "cb-note" }, CB.NOTE));
    box.appendChild(
      h(
        "div",
        { class: "cb-record-actions" },
        h("button", { type: "button", class: "cb-btn cb-btn--primary", onclick: printRecord }, "打印"),
        h("button", { type: "button", class: "cb-btn", onclick: () => CB.download(CB.recordFileName(record, "csv"), CB.recordCsv(record), "text/csv;charset=utf-8") }, "下载 CSV"),
        h("button", { type: "button", class: "cb-btn", onclick: () => CB.download(CB.recordFileName(record, "json"), CB.recordJson(record), "application/json") }, "下载 JSON")
      )
    );
    if (focus) window.setTimeout(() => box.focus(), 0);
    return box;
  }

  function printRecord() {
    const htmlEl = document.documentElement;
    htmlEl.classList.add("cb-print-record");
    const done = function () {
      htmlEl.classList.remove("cb-print-record");
      window.removeEventListener("afterprint", done);
    };
    window.addEventListener("afterprint", done);
    window.print();
    // Some browsers return from print() without firing afterprint.
    window.setTimeout(done, 1000);
  }

  Object.assign(CB, {
    trackQuizRows: trackQuizRows,
    trackItems: trackItems,
    completionRecord: completionRecord,
    completionSection: completionSection,
  });
  if (typeof module !== "undefined") module.exports = CB;
})(typeof module !== "undefined" ? (require("./tracks.js"), require("./grade.js"), require("./core.js")) : window.Casebook);

/* Downloads: the completion record as CSV and as JSON (the result file, CONTRACT.md "Result file"),
 * an attempt that could not be stored, built by pure functions; the notice that a result was not
 * saved; and a helper that hands a text to the browser as a file. */
(function (CB) {
  "use strict";

  function csvField(v) {
    let s = v === null || v === undefined ? "" : String(v);
    // Keep spreadsheet programs from treating a typed name as a formula.
    if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }

  // Rows to CSV text: a BOM (so spreadsheet programs read UTF-8), CRLF line ends.
  function csvText(lines) {
    return "\uFEFF" + lines.map((l) => l.map(csvField).join(",")).join("\r\n") + "\r\n";
  }

  const CSV_HEADER = ["姓名", "培训路线", "单元", "类型", "编号", "名称", "必修", "状态", "完成日期", "最好成绩", "作答次数"];

  // The completion record as CSV: one row per item of the track, then the final exam. No
  // trailing blank or note row: every line has the header's columns (the note is in the JSON).
  function recordCsv(record) {
    const lines = [CSV_HEADER];
    for (const it of record.items) {
      lines.push([
        record.name,
        record.track.title,
        it.module,
        CB.KIND_LABELS[it.kind] || it.kind,
        it.id,
        it.title,
        it.required ? "是" : "否",
        it.done ? "已完成" : "未完成",
        it.date || "",
        it.rec ? it.rec.best : "",
        it.rec ? it.rec.attempts : "",
      ]);
    }
    const fe = record.track.finalExam;
    if (fe) {
      const rec = record.exam;
      const status = rec ? (rec.passed ? "已通过" : "未通过") : "未参加";
      lines.push([record.name, record.track.title, "结业考试", "考试", fe.id, fe.title, "是", status, rec && rec.passed ? rec.passedDate : "", rec ? rec.best : "", rec ? rec.attempts : ""]);
    }
    return csvText(lines);
  }

  // A file-name part from typed text: no path separators, reserved or control characters.
  function fileNamePart(text) {
    return String(text || "")
      .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, "")
      .replace(/\s+/g, "")
      .slice(0, 20);
  }

  // casebook-TRACK-NAME-DATE.ext, so a trainer's folder of downloads sorts and does not collide.
  function recordFileName(record, ext) {
    const name = fileNamePart(record.name);
    return ["casebook", record.track.id, name, record.date].filter(Boolean).join("-") + "." + ext;
  }

  function quizResultJson(id, title, kind, version, rec) {
    return {
      id: id,
      title: title,
      kind: kind,
      version: version || "",
      best: rec ? rec.best : null,
      bestDate: rec ? rec.bestDate : null,
      last: rec ? rec.last : null,
      attempts: rec ? rec.attempts : 0,
      passed: !!(rec && rec.passed),
      passedDate: rec && rec.passed ? rec.passedDate : null,
      outcomes: rec ? rec.outcomes : [],
    };
  }

  // The completion record as the result file trainees download (CONTRACT.md, "Result file").
  function recordJson(record, exported) {
    const fe = record.track.finalExam;
    const exam = fe ? quizResultJson(fe.id, fe.title, "结业考试", fe.version, record.exam) : null;
    return JSON.stringify(
      {
        format: "casebook-result",
        schema: CB.SCHEMA,
        name: record.name,
        track: { id: record.track.id, title: record.track.title, version: record.track.version },
        completed: record.date,
        finalExam: exam ? Object.assign(exam, { passMark: fe.passMark, score: record.score }) : null,
        items: record.items.map((it) => ({
          module: it.module,
          kind: it.kind,
          id: it.id,
          title: it.title,
          required: it.required,
          done: it.done,
          date: it.date || null,
        })),
        quizzes: record.rows.map((r) => quizResultJson(r.id, r.title, r.kind, r.version, r.rec)),
        note: CB.NOTE,
        exported: exported || new Date().toISOString(),
      },
      null,
      2
    );
  }

  // One attempt that could not be stored, as a file the trainee can keep (CONTRACT.md).
  function attemptJson(attempt, exported) {
    const q = attempt.quiz;
    return JSON.stringify(
      {
        format: "casebook-attempt",
        schema: CB.SCHEMA,
        quiz: { id: q.id, title: q.title, kind: q.kind, version: q.version, passMark: q.passMark },
        date: attempt.date,
        score: attempt.score,
        passed: attempt.passed,
        outcomes: attempt.outcomes,
        note: CB.NOTE,
        exported: exported || new Date().toISOString(),
      },
      null,
      2
    );
  }

  function attemptFileName(quiz, date) {
    // Quiz ids are slugs; anything else is dropped rather than trusted in a file name.
    return ["casebook", String(quiz.id).replace(/[^A-Za-z0-9_-]/g, "") || "quiz", date].join("-") + ".json";
  }

  const NOTICES = {
    failed:
      "成绩没有保存：这个浏览器现在不能保存学习记录（存储空间已满，或被浏览器设置禁止）。本次结果只在页面打开期间有效，请先下载成绩文件留存。",
    newer:
      "本机保存的学习记录来自更新版本的案例通页面，这个页面不会改写它，所以本次结果没有保存。请刷新页面后再作答，或下载成绩文件留存。",
  };

  // The message that a result was not saved, with a download of it when `onDownload` is given.
  function storeNotice(problem, onDownload) {
    const box = CB.h("div", { class: "cb-store-notice", role: "alert" }, CB.h("p", null, NOTICES[problem] || NOTICES.failed));
    if (onDownload) box.appendChild(CB.h("button", { type: "button", class: "cb-btn cb-btn--primary", onclick: onDownload }, "下载本次成绩"));
    return box;
  }

  function download(filename, text, type) {
    const blob = new Blob([text], { type: type });
    const url = URL.createObjectURL(blob);
    const a = CB.h("a", { href: url, download: filename, class: "cb-sr-only", tabindex: "-1" });
    // Keep Material's instant navigation from seeing this click.
    a.addEventListener("click", (ev) => ev.stopPropagation());
    document.body.appendChild(a);
    a.click();
    // Remove the text-less helper link at once (screen readers would meet an unnamed link);
    // only the blob URL has to live on until the download has started.
    a.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  Object.assign(CB, {
    csvField: csvField,
    csvText: csvText,
    recordCsv: recordCsv,
    fileNamePart: fileNamePart,
    recordFileName: recordFileName,
    recordJson: recordJson,
    attemptJson: attemptJson,
    attemptFileName: attemptFileName,
    storeNotice: storeNotice,
    download: download,
  });
  if (typeof module !== "undefined") module.exports = CB;
})(typeof module !== "undefined" ? (require("./store.js"), require("./dom.js"), require("./core.js")) : window.Casebook);

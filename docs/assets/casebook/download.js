/* Downloads: the completion record as CSV and as JSON (the result file, CONTRACT.md "Result file"),
 * built by pure functions, and a helper that hands a text to the browser as a file. */
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

  const CSV_HEADER = ["姓名", "培训路线", "测验编号", "测验", "类型", "最好成绩", "最好成绩日期", "最近成绩", "作答次数", "是否通过", "完成日期"];

  // The completion record as CSV: one row per quiz of the track.
  function recordCsv(record) {
    const lines = [CSV_HEADER];
    for (const r of record.rows) {
      lines.push([
        record.name,
        record.track.title,
        r.id,
        r.title,
        r.kind,
        r.rec ? r.rec.best : "",
        r.rec ? r.rec.bestDate : "",
        r.rec ? r.rec.last : "",
        r.rec ? r.rec.attempts : 0,
        r.rec && r.rec.passed ? "是" : "否",
        record.date,
      ]);
    }
    lines.push([]);
    lines.push(["说明", CB.NOTE]);
    return csvText(lines);
  }

  // The completion record as the result file trainees download.
  function recordJson(record, exported) {
    const fe = record.track.finalExam;
    return JSON.stringify(
      {
        schema: CB.SCHEMA,
        name: record.name,
        track: { id: record.track.id, title: record.track.title, version: record.track.version },
        completed: record.date,
        finalExam: fe ? { id: fe.id, title: fe.title, passMark: fe.passMark, score: record.score } : null,
        quizzes: record.rows.map((r) => ({
          id: r.id,
          title: r.title,
          kind: r.kind,
          best: r.rec ? r.rec.best : null,
          bestDate: r.rec ? r.rec.bestDate : null,
          last: r.rec ? r.rec.last : null,
          attempts: r.rec ? r.rec.attempts : 0,
          passed: !!(r.rec && r.rec.passed),
        })),
        note: CB.NOTE,
        exported: exported || new Date().toISOString(),
      },
      null,
      2
    );
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

  Object.assign(CB, { csvField: csvField, csvText: csvText, recordCsv: recordCsv, recordJson: recordJson, download: download });
  if (typeof module !== "undefined") module.exports = CB;
})(typeof module !== "undefined" ? (require("./store.js"), require("./core.js")) : window.Casebook);

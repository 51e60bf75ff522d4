/* The class report page (guide/class-report/): a file input and drop zone for trainees' result
 * files, read in the browser only (File.text(); nothing is sent anywhere), and the report drawn
 * from report.js and report-files.js. Text from the files reaches the page only through h() (text nodes). */
(function (CB) {
  "use strict";

  const h = CB.h;

  const pct = (x) => x + "%";
  const disc = (d) => (d === null ? "—" : d.toFixed(2));

  function table(cls, caption, cols, rows) {
    return h(
      "div",
      { class: "cb-report-scroll" },
      h(
        "table",
        { class: "cb-report-table " + cls },
        h("caption", null, caption),
        h("thead", null, h("tr", null, cols.map((c) => h("th", { scope: "col" }, c)))),
        h("tbody", null, rows)
      )
    );
  }

  function traineeTable(report) {
    const rows = report.trainees.map((t) =>
      h(
        "tr",
        { class: t.flags.length ? "cb-report-flagged" : null },
        h("th", { scope: "row" }, t.name || "（未填写姓名）"),
        h("td", null, t.track),
        h("td", null, t.modulesDone + "/" + t.modules),
        h("td", null, t.requiredDone + "/" + t.required),
        h("td", null, t.examScore === null ? "—" : t.examScore + " 分" + (t.examPassed ? "（通过）" : "（未通过）")),
        h("td", null, t.completed || "—"),
        h("td", null, t.flags.length ? t.flags.length + " 条" : "—"),
        h("td", { class: "cb-report-file" }, t.file)
      )
    );
    return table("cb-report-trainees", "学员成绩", ["姓名", "培训路线", "完成单元", "必修完成", "结业考试", "完成日期", "检查提示", "文件"], rows);
  }

  function attemptTable(report) {
    const rows = report.attempts.map((a) =>
      h(
        "tr",
        null,
        h("th", { scope: "row", class: "cb-report-file" }, a.file),
        h("td", null, a.quiz),
        h("td", null, a.date || "—"),
        h("td", null, a.score === null ? "—" : a.score + " 分"),
        h("td", null, a.passed ? "通过" : "未通过")
      )
    );
    return table("cb-report-attempts", "单次作答文件（无法保存时下载的成绩，没有姓名）", ["文件", "测验", "日期", "成绩", "结果"], rows);
  }

  function questionTable(report) {
    const rows = report.questions.map((q) =>
      h(
        "tr",
        null,
        h("th", { scope: "row" }, h("span", { class: "cb-report-prompt" }, q.prompt), h("br"), h("code", null, q.key)),
        h("td", null, q.case ? q.case.title : "—"),
        h("td", null, String(q.n)),
        h("td", { class: "cb-report-facility" }, pct(q.facility)),
        h("td", { class: "cb-report-discrimination" }, disc(q.discrimination))
      )
    );
    return table("cb-report-questions", "逐题分析（通过率从低到高）", ["题目", "所属案例", "作答人数", "通过率", "区分度"], rows);
  }

  function weakTable(cls, caption, first, list) {
    const rows = list.slice(0, 10).map((w) => h("tr", null, h("th", { scope: "row" }, w.name), h("td", null, pct(w.wrong)), h("td", null, String(w.n))));
    return table(cls, caption, [first, "错误率", "作答题次"], rows);
  }

  function flagList(report) {
    if (!report.flags.length) return h("p", { class: "cb-report-ok" }, "没有发现不一致或被改动的文件。");
    return h(
      "ul",
      { class: "cb-report-flags" },
      report.flags.map((f) => h("li", null, f.file ? h("span", { class: "cb-report-file" }, f.file) : null, f.file ? "：" : null, f.text))
    );
  }

  function drawReport(box, report, hx) {
    box.textContent = "";
    const section = (title, body) => [h(hx, null, title), body];
    box.appendChild(
      h(
        "div",
        { class: "cb-report-actions" },
        h("button", { type: "button", class: "cb-btn cb-btn--primary", onclick: () => window.print() }, "打印"),
        h("button", { type: "button", class: "cb-btn", onclick: () => CB.download("casebook-class-report-" + CB.today() + ".csv", CB.reportCsv(report), "text/csv;charset=utf-8") }, "下载 CSV"),
        h("button", { type: "button", class: "cb-btn", onclick: () => CB.download("casebook-class-questions-" + CB.today() + ".csv", CB.questionsCsv(report), "text/csv;charset=utf-8") }, "下载逐题分析 CSV")
      )
    );
    box.appendChild(h("div", { class: "cb-report-section" }, section("检查提示", flagList(report))));
    if (report.trainees.length) box.appendChild(h("div", { class: "cb-report-section" }, section("学员", traineeTable(report))));
    if (report.attempts.length) box.appendChild(h("div", { class: "cb-report-section" }, section("单次作答", attemptTable(report))));
    if (!report.questions.length) return;
    box.appendChild(
      h(
        "div",
        { class: "cb-report-section" },
        section("逐题分析", [
          h(
            "p",
            { class: "cb-note" },
            "通过率：作答这道题的学员中答对的比例（情景对话题按得分比例计）。区分度：按每位学员全部题目的总得分率排序，取前 27% 与后 27% 两组，用前一组的通过率减去后一组的通过率，范围 −1 到 1。0.3 以上说明这道题能把掌握好的学员和掌握差的学员区分开；接近 0 或为负数，说明题目可能有歧义、答案可能有误，值得复查。每组不足 " +
              CB.REPORT_MIN_GROUP +
              " 人（作答人数少于 10 人）时显示“—”。"
          ),
          questionTable(report),
        ])
      )
    );
    box.appendChild(h("div", { class: "cb-report-section" }, section("错误最多的案例", weakTable("cb-report-cases", "按案例", "案例", report.cases))));
    box.appendChild(h("div", { class: "cb-report-section" }, section("错误最多的服务原则", weakTable("cb-report-principles", "按服务原则", "服务原则", report.principles))));
  }

  function mountReport(mount, lib) {
    const hx = "h" + CB.headingLevelFor(mount);
    const inputId = CB.uid("report-files");
    const input = h("input", { type: "file", id: inputId, class: "cb-report-input", multiple: true, accept: ".json,application/json" });
    const drop = h(
      "div",
      { class: "cb-report-drop" },
      h("label", { for: inputId, class: "cb-report-label" }, "选择学员的成绩文件（可多选），或把文件拖到这里"),
      input,
      // The browser's own file button speaks the browser's language ("Choose Files" in an English
      // one); this one is a second label of the same input, hidden from screen readers, which
      // read the input by its first label.
      h("label", { for: inputId, class: "cb-btn cb-btn--primary cb-report-pick", "aria-hidden": "true" }, "选择文件"),
      h("p", { class: "cb-note" }, "文件只在本机浏览器中读取，不会上传到任何地方。")
    );
    const status = h("p", { class: "cb-report-status", role: "status" });
    const clear = h("button", { type: "button", class: "cb-btn cb-report-clear", hidden: true }, "清空");
    const out = h("div", { class: "cb-report-out" });
    let loaded = [];
    let refused = [];

    function redraw() {
      const report = CB.classReport(lib, loaded, refused);
      clear.hidden = !loaded.length && !refused.length;
      status.textContent =
        "已读取 " + loaded.length + " 个文件：" + report.trainees.length + " 名学员，" + report.attempts.length + " 个单次作答文件，" + report.flags.length + " 条检查提示。";
      drawReport(out, report, hx);
    }

    function add(fileList) {
      const picked = Array.from(fileList || []);
      if (!picked.length) return;
      const sel = CB.selectReportFiles(loaded.map((f) => ({ name: f.name, size: f.text.length })).concat(picked));
      refused = refused.concat(sel.flags);
      const fresh = sel.accepted.filter((f) => f instanceof Blob);
      status.textContent = "正在读取 " + fresh.length + " 个文件……";
      Promise.all(fresh.map((f) => f.text().then((text) => ({ name: f.name, text: text }), () => ({ name: f.name, text: "" }))))
        .then(function (read) {
          // The same file picked twice is read once.
          const seen = new Set(loaded.map((f) => f.name + "\u0000" + f.text));
          for (const f of read) {
            const k = f.name + "\u0000" + f.text;
            if (seen.has(k)) continue;
            seen.add(k);
            loaded.push(f);
          }
          redraw();
        })
        .catch(function (e) {
          if (window.console) window.console.error("casebook:", e);
          status.textContent = "读取文件时出错，请重新选择。";
        });
    }

    input.addEventListener("change", function () {
      add(input.files);
      input.value = ""; // picking the same files again fires change again
    });
    // The whole report takes a drop, so a file let go just beside the box is not opened by the browser instead.
    mount.addEventListener("dragover", function (ev) {
      ev.preventDefault();
      drop.classList.add("cb-report-drop--over");
    });
    mount.addEventListener("dragleave", () => drop.classList.remove("cb-report-drop--over"));
    mount.addEventListener("drop", function (ev) {
      ev.preventDefault();
      drop.classList.remove("cb-report-drop--over");
      add(ev.dataTransfer && ev.dataTransfer.files);
    });
    clear.addEventListener("click", function () {
      loaded = [];
      refused = [];
      out.textContent = "";
      status.textContent = "已清空。";
      clear.hidden = true;
      input.focus();
    });
    mount.textContent = "";
    mount.appendChild(drop);
    mount.appendChild(h("div", { class: "cb-report-bar" }, status, clear));
    mount.appendChild(out);
  }

  function initReport() {
    for (const mount of document.querySelectorAll(".cb-report")) {
      if (mount.hasAttribute("data-cb-ready")) continue;
      mount.setAttribute("data-cb-ready", "");
      // The library data is a file of its own (render/class_report.py), loaded once per page.
      CB.loadData(["_report"], function (store) {
        const raw = store._report;
        if (!CB.isReportData(raw)) return CB.showError(mount, "班级成绩报告所需的案例库数据无法读取，请重新生成站点。");
        mountReport(mount, CB.normReportLibrary(raw));
      });
    }
  }

  Object.assign(CB, { initReport: initReport });
  if (typeof module !== "undefined") module.exports = CB;
})(typeof module !== "undefined" ? (require("./report.js"), require("./dom.js"), require("./core.js")) : window.Casebook);

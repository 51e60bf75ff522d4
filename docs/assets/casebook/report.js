/* The class report's figures: trainees' files (read and checked by report-files.js) to a table
 * per trainee, question facility and discrimination, the cases and principles the group gets
 * wrong most, and the CSV downloads. The library comes from the page data of guide/class-report/
 * (CONTRACT.md "Class report"). The drawing is in report-view.js. */
(function (CB) {
  "use strict";

  const isObj = CB.isObj;
  const str = CB.str;

  const GROUP_SHARE = 0.27; // the classic upper/lower group for discrimination
  const MIN_GROUP = 3; // fewer than 3 trainees per group (fewer than 10 answering) says nothing

  const isReportData = (d) => isObj(d) && Array.isArray(d.tracks) && Array.isArray(d.quizzes) && Array.isArray(d.questions);

  // The embedded library data to Maps (keys come from our own generator, still never trusted as object keys).
  function normReportLibrary(raw) {
    const lib = { tracks: new Map(), quizzes: new Map(), questions: new Map() };
    if (!isReportData(raw)) return lib;
    for (const t of raw.tracks) {
      if (!isObj(t) || !str(t.id) || !Array.isArray(t.modules)) continue;
      const modules = t.modules.filter(isObj).map((m) => ({
        title: str(m.title),
        items: (Array.isArray(m.items) ? m.items : []).filter(isObj).map((it) => ({ kind: str(it.kind), id: str(it.id), title: str(it.title), required: it.required !== false })),
      }));
      const fe = isObj(t.finalExam) ? t.finalExam : {};
      lib.tracks.set(str(t.id), { id: str(t.id), title: str(t.title), version: str(t.version), modules: modules, finalExam: str(fe.id) || null });
    }
    for (const q of raw.quizzes) {
      if (!isObj(q) || !str(q.id)) continue;
      const pm = CB.clampScore(q.passMark);
      lib.quizzes.set(str(q.id), { id: str(q.id), title: str(q.title), version: str(q.version), passMark: pm === null ? 60 : pm });
    }
    for (const q of raw.questions) {
      if (!isObj(q) || !str(q.key)) continue;
      const c = isObj(q.case) && str(q.case.id) ? { id: str(q.case.id), title: str(q.case.title) } : null;
      const principles = Array.isArray(q.principles) ? q.principles.map(str).filter(Boolean) : [];
      lib.questions.set(str(q.key), { key: str(q.key), version: str(q.version), prompt: str(q.prompt), case: c, principles: principles });
    }
    return lib;
  }


  // One respondent's points per question key (a question asked twice, in a quiz and an exam, counts once: its mean).
  function responses(outcomes) {
    const acc = new Map();
    for (const o of outcomes) {
      const a = acc.get(o.key) || { sum: 0, n: 0 };
      a.sum += o.points;
      a.n += 1;
      acc.set(o.key, a);
    }
    const out = new Map();
    for (const [k, a] of acc) out.set(k, a.sum / a.n);
    return out;
  }

  const mean = (xs) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const round2 = (x) => Math.round(x * 100) / 100;

  // Facility and discrimination of every question someone answered. Discrimination: the
  // respondents who were asked the question, ranked by total score (ties in file order), the top
  // and bottom 27 %: mean points of the top minus the bottom; null when a group is under MIN_GROUP.
  function questionStats(lib, respondents) {
    const stats = [];
    for (const q of lib.questions.values()) {
      const asked = respondents.filter((r) => r.points.has(q.key));
      if (!asked.length) continue;
      const pts = asked.map((r) => r.points.get(q.key));
      const ranked = asked.slice().sort((a, b) => b.total - a.total || a.order - b.order);
      const g = Math.round(GROUP_SHARE * asked.length);
      const d = g >= MIN_GROUP ? mean(ranked.slice(0, g).map((r) => r.points.get(q.key))) - mean(ranked.slice(-g).map((r) => r.points.get(q.key))) : null;
      stats.push({
        key: q.key,
        prompt: q.prompt,
        case: q.case,
        n: asked.length,
        right: pts.filter((p) => p >= 1).length,
        facility: Math.round(100 * mean(pts)),
        discrimination: d === null ? null : round2(d) + 0,
      });
    }
    return stats.sort((a, b) => a.facility - b.facility || (a.key < b.key ? -1 : 1));
  }

  // The cases (or principles) by the share of points missed over every answer to their questions.
  function weakest(lib, respondents, namesOf) {
    const acc = new Map();
    for (const r of respondents) {
      for (const [key, p] of r.points) {
        for (const name of namesOf(lib.questions.get(key))) {
          const a = acc.get(name) || { name: name, n: 0, missed: 0 };
          a.n += 1;
          a.missed += 1 - p;
          acc.set(name, a);
        }
      }
    }
    return Array.from(acc.values())
      .map((a) => ({ name: a.name, n: a.n, wrong: Math.round((100 * a.missed) / a.n) }))
      .sort((a, b) => b.wrong - a.wrong || b.n - a.n || (a.name < b.name ? -1 : 1));
  }

  function respondent(order, outcomes) {
    const points = responses(outcomes);
    const vals = Array.from(points.values());
    return { order: order, points: points, total: vals.length ? mean(vals) : 0 };
  }

  // The whole report from the files read (`files`: [{name, text}]) and the files refused unread (`preFlags`).
  function classReport(lib, files, preFlags) {
    const parsed = files.map((f) => CB.parseReportFile(f.name, f.text));
    const results = CB.dedupeReportFiles(parsed.filter((p) => p.kind === "result"), (r) => r.track.id + "\u0000" + r.name, (r) => "同一学员（" + (r.name || "未填写姓名") + "，" + r.track.title + "）");
    const attempts = CB.dedupeReportFiles(parsed.filter((p) => p.kind === "attempt"), (a) => [a.quiz.id, a.date, a.score, a.exported].join("\u0000"), () => "同一次作答");
    const respondents = [];
    const trainees = results.map(function (r) {
      const c = CB.checkReportResult(lib, r);
      respondents.push(respondent(respondents.length, c.outcomes));
      const fe = r.finalExam;
      return {
        file: r.file,
        name: r.name,
        track: r.track.title,
        modulesDone: c.pr.modulesDone,
        modules: c.pr.modules,
        requiredDone: c.pr.requiredDone,
        required: c.pr.required,
        examScore: fe ? fe.best : null,
        examPassed: !!(fe && fe.passed),
        completed: r.completed,
        flags: r.flags,
      };
    });
    const attemptRows = attempts.map(function (a) {
      CB.checkReportQuiz(lib, a.file, Object.assign({}, a.quiz, { outcomes: a.outcomes, broken: a.broken }), a.score, a.passed, a.quiz.passMark, a.flags);
      respondents.push(respondent(respondents.length, CB.usableOutcomes(lib, a.file, a.outcomes, a.flags)));
      return { file: a.file, quiz: a.quiz.title, date: a.date, score: a.score, passed: a.passed, flags: a.flags };
    });
    const flags = (preFlags || []).slice();
    for (const p of parsed) flags.push(...p.flags);
    flags.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    trainees.sort((a, b) => a.name.localeCompare(b.name, "zh-CN") || a.track.localeCompare(b.track, "zh-CN"));
    return {
      files: files.length,
      trainees: trainees,
      attempts: attemptRows,
      questions: questionStats(lib, respondents),
      cases: weakest(lib, respondents, (q) => (q.case ? [q.case.title] : [])),
      principles: weakest(lib, respondents, (q) => q.principles),
      flags: flags,
    };
  }

  const fileNote = (flags) => flags.map((f) => f.text).join("；");

  function reportCsv(report) {
    const lines = [["姓名", "培训路线", "完成单元", "必修完成", "结业考试成绩", "结业考试", "完成日期", "文件", "检查提示"]];
    for (const t of report.trainees) {
      lines.push([
        t.name,
        t.track,
        t.modulesDone + "/" + t.modules,
        t.requiredDone + "/" + t.required,
        t.examScore === null ? "" : t.examScore,
        t.examScore === null ? "未参加" : t.examPassed ? "已通过" : "未通过",
        t.completed,
        t.file,
        fileNote(t.flags),
      ]);
    }
    return CB.csvText(lines);
  }

  function questionsCsv(report) {
    const lines = [["题目编号", "题目", "所属案例", "作答人数", "答对人数", "通过率(%)", "区分度"]];
    for (const q of report.questions) {
      lines.push([q.key, q.prompt, q.case ? q.case.title : "", q.n, q.right, q.facility, q.discrimination === null ? "—" : q.discrimination.toFixed(2)]);
    }
    return CB.csvText(lines);
  }

  Object.assign(CB, {
    REPORT_MIN_GROUP: MIN_GROUP,
    isReportData: isReportData,
    normReportLibrary: normReportLibrary,
    classReport: classReport,
    reportCsv: reportCsv,
    questionsCsv: questionsCsv,
  });
  if (typeof module !== "undefined") module.exports = CB;
})(typeof module !== "undefined" ? (require("./report-files.js"), require("./download.js"), require("./core.js")) : window.Casebook);

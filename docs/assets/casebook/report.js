/* The class report's pure logic: trainees' result and attempt files (CONTRACT.md "Result file"),
 * read against the current library (the page data of guide/class-report/, CONTRACT.md "Class
 * report"), to a table per trainee, question facility and discrimination, the cases and principles
 * the group gets wrong most, and flags for files that do not add up. Every byte of a file is
 * hostile: it is parsed, type-checked and only ever handed on as plain values (never as HTML).
 * The drawing is in report-view.js. */
(function (CB) {
  "use strict";

  const isObj = CB.isObj;
  const str = CB.str;

  const MAX_FILES = 300;
  const MAX_BYTES = 2 * 1024 * 1024; // a full track's result file is about 30 KB
  const GROUP_SHARE = 0.27; // the classic upper/lower group for discrimination
  const MIN_GROUP = 3; // fewer than 3 trainees per group (fewer than 10 answering) says nothing
  const NAME_MAX = 60;

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

  function flag(file, code, text) {
    return { file: file, code: code, text: text };
  }

  // Which picked files to read at all: at most MAX_FILES, none over MAX_BYTES. `list` is [{name, size}].
  function selectReportFiles(list) {
    const accepted = [];
    const flags = [];
    list.forEach(function (f, i) {
      if (i >= MAX_FILES) return;
      if (f.size > MAX_BYTES) flags.push(flag(f.name, "too-big", "文件超过 2 MB，不是案例通的成绩文件，没有读取。"));
      else accepted.push(f);
    });
    if (list.length > MAX_FILES) {
      flags.push(flag("", "too-many", "一次最多读取 " + MAX_FILES + " 个文件，其余 " + (list.length - MAX_FILES) + " 个没有读取。"));
    }
    return { accepted: accepted, flags: flags };
  }

  const num = (x) => (typeof x === "number" && Number.isFinite(x) ? x : null);

  // An outcome as written by the engine, or null when it is not one.
  function normOutcome(o) {
    if (!isObj(o) || !str(o.key)) return null;
    const points = num(o.points);
    if (points === null || points < 0 || points > 1 || typeof o.right !== "boolean") return null;
    return { key: str(o.key), version: str(o.version), points: points, right: o.right, answered: o.answered !== false };
  }

  function normOutcomes(list) {
    const out = { list: [], broken: 0 };
    for (const o of Array.isArray(list) ? list : []) {
      const n = normOutcome(o);
      if (n) out.list.push(n);
      else out.broken += 1;
    }
    return out;
  }

  function normQuizResult(q) {
    if (!isObj(q) || !str(q.id)) return null;
    const oc = normOutcomes(q.outcomes);
    return {
      id: str(q.id),
      title: str(q.title) || str(q.id),
      version: str(q.version),
      best: num(q.best),
      attempts: num(q.attempts) || 0,
      passed: q.passed === true,
      outcomes: oc.list,
      broken: oc.broken,
    };
  }

  // A file's text to {kind: "result" | "attempt", ...} or {kind: null} with the reason flagged.
  function parseReportFile(name, text) {
    const bad = (code, msg) => ({ kind: null, file: name, flags: [flag(name, code, msg)] });
    let data;
    try {
      data = JSON.parse(String(text).replace(/^\uFEFF/, ""));
    } catch (e) {
      return bad("not-json", "不是 JSON 文件，没有读取。");
    }
    if (!isObj(data) || (data.format !== "casebook-result" && data.format !== "casebook-attempt")) {
      return bad("not-ours", "不是案例通的成绩文件（应为结业记录的“下载 JSON”或“下载本次成绩”），没有读取。");
    }
    if (data.format === "casebook-attempt") {
      if (!isObj(data.quiz) || !str(data.quiz.id) || !Array.isArray(data.outcomes)) return bad("broken", "成绩文件内容不完整，没有读取。");
      const oc = normOutcomes(data.outcomes);
      return {
        kind: "attempt",
        file: name,
        flags: [],
        quiz: { id: str(data.quiz.id), title: str(data.quiz.title) || str(data.quiz.id), version: str(data.quiz.version), passMark: CB.clampScore(data.quiz.passMark) },
        date: str(data.date),
        score: num(data.score),
        passed: data.passed === true,
        outcomes: oc.list,
        broken: oc.broken,
        exported: str(data.exported),
      };
    }
    if (!isObj(data.track) || !str(data.track.id) || !Array.isArray(data.items) || !Array.isArray(data.quizzes)) {
      return bad("broken", "成绩文件内容不完整，没有读取。");
    }
    const fe = normQuizResult(data.finalExam);
    if (fe) Object.assign(fe, { passMark: CB.clampScore(data.finalExam.passMark), score: num(data.finalExam.score) });
    return {
      kind: "result",
      file: name,
      flags: [],
      name: str(data.name).trim().slice(0, NAME_MAX),
      track: { id: str(data.track.id), title: str(data.track.title) || str(data.track.id), version: str(data.track.version) },
      completed: str(data.completed),
      finalExam: fe,
      items: data.items.filter(isObj).map((it) => ({ module: str(it.module), kind: str(it.kind), id: str(it.id), done: it.done === true, required: it.required !== false })),
      quizzes: data.quizzes.map(normQuizResult).filter(Boolean),
      exported: str(data.exported),
    };
  }

  // Result files: one per trainee and track; attempt files: one per identical attempt. The newest
  // export is kept, every other copy flagged.
  function dedupe(entries, keyOf, describe) {
    const groups = new Map();
    for (const e of entries) {
      const k = keyOf(e);
      if (!groups.has(k)) groups.set(k, []);
      groups.get(k).push(e);
    }
    const kept = [];
    for (const list of groups.values()) {
      let keep = list[0];
      for (const e of list) if (e.exported > keep.exported) keep = e;
      kept.push(keep);
      for (const e of list) {
        if (e !== keep) e.flags.push(flag(e.file, "duplicate", "与 " + keep.file + " 是" + describe(e) + "的重复文件，统计只用 " + keep.file + "。"));
      }
    }
    return kept;
  }

  const expectedScore = (outcomes) => Math.round((100 * outcomes.reduce((s, o) => s + o.points, 0)) / outcomes.length);

  // Flags for one quiz result (or attempt) against the library; `best` is its best or only score.
  function checkQuiz(lib, file, q, best, passed, passMark, flags) {
    const cur = lib.quizzes.get(q.id);
    if (!cur) {
      flags.push(flag(file, "quiz-unknown", "测验“" + q.title + "”（" + q.id + "）不在当前案例库中。"));
    } else if (q.version !== cur.version) {
      flags.push(flag(file, "quiz-version", "测验“" + q.title + "”的版本 " + q.version + " 与当前案例库的 " + cur.version + " 不一致：测验在文件导出后修改过，或文件被改动过。"));
    }
    if (q.broken) flags.push(flag(file, "score", "测验“" + q.title + "”有 " + q.broken + " 条逐题结果格式不对，没有计入。"));
    if (best === null) return;
    if (q.outcomes.length && best !== expectedScore(q.outcomes)) {
      flags.push(flag(file, "score", "测验“" + q.title + "”的成绩 " + best + " 分与逐题结果算出的 " + expectedScore(q.outcomes) + " 分不符。"));
    }
    const mismatched = q.outcomes.filter((o) => o.right !== o.points >= 1).length;
    if (mismatched) flags.push(flag(file, "score", "测验“" + q.title + "”有 " + mismatched + " 道题的对错与得分不符。"));
    const pm = cur ? cur.passMark : passMark;
    if (pm === null) return;
    if (passed && best < pm) flags.push(flag(file, "score", "测验“" + q.title + "”标为通过，但成绩 " + best + " 分低于及格线 " + pm + " 分。"));
    if (!passed && best >= pm) flags.push(flag(file, "score", "测验“" + q.title + "”的成绩 " + best + " 分已达及格线 " + pm + " 分，却标为未通过。"));
  }

  // The outcomes a file may contribute: keys and versions the current library knows; flags for the rest.
  function usableOutcomes(lib, file, outcomes, flags) {
    const unknown = outcomes.filter((o) => !lib.questions.has(o.key));
    const changed = outcomes.filter((o) => lib.questions.has(o.key) && lib.questions.get(o.key).version !== o.version);
    if (unknown.length) flags.push(flag(file, "question-unknown", unknown.length + " 道题的编号在当前题库中不存在（如 " + unknown[0].key + "），没有计入统计。"));
    if (changed.length) flags.push(flag(file, "question-version", changed.length + " 道题的版本与当前题库不一致（如 " + changed[0].key + "），没有计入统计。"));
    return outcomes.filter((o) => lib.questions.has(o.key) && lib.questions.get(o.key).version === o.version);
  }

  // Modules and required items done, by the current track when the library knows it (the file's
  // own `required` could have been edited), else by the file's items.
  function progressOf(lib, r) {
    const track = lib.tracks.get(r.track.id);
    const done = new Map(r.items.map((it) => [it.kind + "\u0000" + it.id, it.done]));
    let modules = track ? track.modules : [];
    if (!track) {
      const byTitle = new Map();
      for (const it of r.items) {
        if (!byTitle.has(it.module)) byTitle.set(it.module, { title: it.module, items: [] });
        byTitle.get(it.module).items.push(it);
      }
      modules = Array.from(byTitle.values());
    }
    const pr = { modulesDone: 0, modules: modules.length, requiredDone: 0, required: 0 };
    for (const m of modules) {
      const req = m.items.filter((it) => it.required);
      const isDone = (it) => done.get(it.kind + "\u0000" + it.id) === true;
      pr.required += req.length;
      pr.requiredDone += req.filter(isDone).length;
      if ((req.length ? req : m.items).every(isDone) && m.items.length) pr.modulesDone += 1;
    }
    return pr;
  }

  function checkResult(lib, r) {
    const flags = r.flags;
    const track = lib.tracks.get(r.track.id);
    if (!track) flags.push(flag(r.file, "track-unknown", "培训路线“" + r.track.title + "”（" + r.track.id + "）不在当前案例库中。"));
    else if (r.track.version !== track.version) {
      flags.push(flag(r.file, "track-version", "培训路线“" + r.track.title + "”的版本 " + r.track.version + " 与当前案例库的 " + track.version + " 不一致：路线在文件导出后修改过，或文件被改动过。"));
    }
    const quizzes = r.quizzes.slice();
    if (r.finalExam && !quizzes.some((q) => q.id === r.finalExam.id)) quizzes.push(r.finalExam);
    for (const q of quizzes) checkQuiz(lib, r.file, q, q.best, q.passed, null, flags);
    const fe = r.finalExam;
    const curExam = fe ? lib.quizzes.get(fe.id) : null;
    if (fe && fe.score !== null && fe.score !== fe.best) flags.push(flag(r.file, "score", "结业考试成绩 " + fe.score + " 分与最好成绩 " + fe.best + " 分不符。"));
    if (fe && curExam && fe.passMark !== null && fe.passMark !== curExam.passMark) {
      flags.push(flag(r.file, "score", "结业考试的及格线 " + fe.passMark + " 分与当前案例库的 " + curExam.passMark + " 分不符。"));
    }
    const byId = new Map(r.quizzes.map((q) => [q.id, q]));
    for (const it of r.items) {
      const q = it.kind === "quiz" ? byId.get(it.id) : null;
      if (it.done && q && !q.passed) flags.push(flag(r.file, "completion", "测验“" + q.title + "”标为已完成，但它的成绩没有通过。"));
    }
    const pr = progressOf(lib, r);
    if (r.completed) {
      const pm = curExam ? curExam.passMark : fe && fe.passMark;
      if (!fe || !fe.passed || fe.best === null || (pm !== null && fe.best < pm)) {
        flags.push(flag(r.file, "completion", "标有结业日期 " + r.completed + "，但结业考试没有通过。"));
      }
      if (pr.requiredDone < pr.required) {
        flags.push(flag(r.file, "completion", "标有结业日期 " + r.completed + "，但还有 " + (pr.required - pr.requiredDone) + " 项必修内容没有完成。"));
      }
    }
    const outcomes = [];
    for (const q of quizzes) outcomes.push(...q.outcomes);
    return { pr: pr, outcomes: usableOutcomes(lib, r.file, outcomes, flags) };
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
    const parsed = files.map((f) => parseReportFile(f.name, f.text));
    const results = dedupe(parsed.filter((p) => p.kind === "result"), (r) => r.track.id + "\u0000" + r.name, (r) => "同一学员（" + (r.name || "未填写姓名") + "，" + r.track.title + "）");
    const attempts = dedupe(parsed.filter((p) => p.kind === "attempt"), (a) => [a.quiz.id, a.date, a.score, a.exported].join("\u0000"), () => "同一次作答");
    const respondents = [];
    const trainees = results.map(function (r) {
      const c = checkResult(lib, r);
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
      checkQuiz(lib, a.file, Object.assign({}, a.quiz, { outcomes: a.outcomes, broken: a.broken }), a.score, a.passed, a.quiz.passMark, a.flags);
      respondents.push(respondent(respondents.length, usableOutcomes(lib, a.file, a.outcomes, a.flags)));
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
    REPORT_LIMITS: { files: MAX_FILES, bytes: MAX_BYTES, minGroup: MIN_GROUP },
    isReportData: isReportData,
    normReportLibrary: normReportLibrary,
    selectReportFiles: selectReportFiles,
    parseReportFile: parseReportFile,
    classReport: classReport,
    reportCsv: reportCsv,
    questionsCsv: questionsCsv,
  });
  if (typeof module !== "undefined") module.exports = CB;
})(typeof module !== "undefined" ? (require("./download.js"), require("./core.js")) : window.Casebook);

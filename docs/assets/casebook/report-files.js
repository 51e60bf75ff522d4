/* The class report's file side: a trainee's result or attempt file (CONTRACT.md "Result file")
 * parsed and type-checked, duplicates found, and each file checked against the current library
 * (CONTRACT.md "Class report") for flags in Chinese, located by file name. Every byte of a file is
 * hostile: it is only ever handed on as plain values. The figures are in report.js. */
(function (CB) {
  "use strict";

  const isObj = CB.isObj;
  const str = CB.str;

  const MAX_FILES = 300;
  const MAX_BYTES = 2 * 1024 * 1024; // a full track's result file is about 30 KB
  const NAME_MAX = 60;

  function flag(file, code, text) {
    return { file: file, code: code, text: text };
  }

  // Which picked files to read at all: at most MAX_FILES, none over MAX_BYTES. `list` is [{name, size}].
  function selectReportFiles(list) {
    const accepted = [];
    const flags = [];
    list.forEach(function (f, i) {
      if (i >= MAX_FILES) return;
      if (f.size > MAX_BYTES) flags.push(flag(f.name, "too-big", "文件超过 2 MB（成绩文件通常只有几十 KB），没有读取。"));
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

  Object.assign(CB, {
    REPORT_LIMITS: { files: MAX_FILES, bytes: MAX_BYTES },
    reportFlag: flag,
    selectReportFiles: selectReportFiles,
    parseReportFile: parseReportFile,
    dedupeReportFiles: dedupe,
    checkReportQuiz: checkQuiz,
    usableOutcomes: usableOutcomes,
    checkReportResult: checkResult,
  });
  if (typeof module !== "undefined") module.exports = CB;
})(typeof module !== "undefined" ? require("./core.js") : window.Casebook);

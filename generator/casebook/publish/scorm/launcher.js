/* 案例通 SCORM 1.2 launcher: the one SCO of a track's package.
 *
 * It finds the LMS's API (SCORM 1.2 RTE: the nearest `API` object up the parent chain, then the
 * opener's), keeps the offline site in a frame so page changes never end the session, and tells
 * the LMS what the engine records: lesson status, the final exam's score, one interaction per exam
 * question, the session time, and the trainee's progress in cmi.suspend_data (4,096 characters at
 * most in SCORM 1.2, hence the compact encoding below). Progress is computed by the engine's own
 * pure functions (tracks.js: trackProgress), so the LMS and the track page never disagree.
 * The pure parts are exported for node's test runner.
 */
(function (root) {
  "use strict";

  const SUSPEND_MAX = 4096;
  const FEEDBACK_MAX = 255;
  const DAY = 86400000;

  function findAPI(win) {
    for (let hops = 0; win && hops <= 7; hops++) {
      if (win.API) return win.API;
      if (!win.parent || win.parent === win) break;
      win = win.parent;
    }
    return null;
  }

  function locateAPI(win) {
    return findAPI(win) || (win.opener ? findAPI(win.opener) : null);
  }

  function pad(n, width) {
    return String(n).padStart(width, "0");
  }

  // CMITimespan: HHHH:MM:SS.SS
  function sessionTime(ms) {
    const cs = Math.max(0, Math.round(ms / 10));
    return pad(Math.min(9999, Math.floor(cs / 360000)), 4) + ":" + pad(Math.floor(cs / 6000) % 60, 2) + ":" +
      pad(Math.floor(cs / 100) % 60, 2) + "." + pad(cs % 100, 2);
  }

  function dayNumber(date) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date || "");
    return m ? Math.round(Date.UTC(+m[1], +m[2] - 1, +m[3]) / DAY) : null;
  }

  function dateOf(day) {
    return new Date(day * DAY).toISOString().slice(0, 10);
  }

  function items(track) {
    const out = [];
    for (const m of track.modules) for (const it of m.items) out.push(it);
    return out;
  }

  /* Progress as a short string: "2;" + one field per track item (then the final exam), "," between.
   * A page or case: "" not opened, else its day (days since 1970, base 36). A quiz: "" never done,
   * else best.day.passed(0/1).attempts in base 36. When dates would not fit in 4,096 characters the
   * days are left out ("3;"); when even that is too long, one bit per item ("4;"). */
  function encodeSuspend(state, track, CB) {
    const fields = [];
    const flags = [];
    const quizzes = items(track).map((it) => (it.kind === "quiz" && it.quiz ? it : null));
    items(track).forEach(function (it, i) {
      const st = CB.itemStatus(state, it);
      flags.push(st.done ? 1 : 0);
      if (quizzes[i]) {
        const rec = st.rec;
        fields.push(rec ? [rec.best, dayNumber(rec.bestDate) || 0, rec.passed ? 1 : 0, rec.attempts].map(b36).join(".") : "");
      } else {
        fields.push(st.done ? b36(dayNumber(st.date) || 0) : "");
      }
    });
    if (track.finalExam) {
      const exam = CB.currentResult(state, track.finalExam.id, track.finalExam.version);
      fields.push(exam ? [exam.best, dayNumber(exam.bestDate) || 0, exam.passed ? 1 : 0, exam.attempts].map(b36).join(".") : "");
    }
    let text = "2;" + fields.join(",");
    if (text.length <= SUSPEND_MAX) return text;
    text = "3;" + fields.map((f) => f.split(".").filter((_, i) => i !== 1).join(".").replace(/^[0-9a-z]+$/, "1")).join(",");
    if (text.length <= SUSPEND_MAX) return text;
    let bits = "";
    for (let i = 0; i < flags.length; i += 5) bits += b36(parseInt(flags.slice(i, i + 5).join("").padEnd(5, "0"), 2));
    return ("4;" + bits).slice(0, SUSPEND_MAX);
  }

  function b36(n) {
    return Math.max(0, Math.floor(Number(n) || 0)).toString(36);
  }

  function n36(s) {
    const v = parseInt(s, 36);
    return Number.isFinite(v) ? v : 0;
  }

  /* The stored-state parts that suspend_data restores: visits and quiz results, each dated. */
  function decodeSuspend(text, track, today) {
    const out = { visited: {}, quizzes: {} };
    const m = /^([234]);(.*)$/s.exec(text || "");
    if (!m) return out;
    const list = items(track);
    const all = track.finalExam ? list.concat([{ kind: "exam", quiz: track.finalExam.id, version: track.finalExam.version }]) : list;
    const put = function (it, fields, withDate) {
      if (it.kind === "quiz" || it.kind === "exam") {
        const best = n36(fields[0]);
        const day = withDate ? dateOf(n36(fields[1])) : today;
        const passed = fields[withDate ? 2 : 1] === "1";
        const attempts = Math.max(1, n36(fields[withDate ? 3 : 2]));
        out.quizzes[it.quiz] = { version: it.version, best: best, bestDate: day, last: best, attempts: attempts, passed: passed };
      } else if (it.path) {
        out.visited[it.path] = withDate ? dateOf(n36(fields[0])) : today;
      }
    };
    if (m[1] === "4") {
      const bits = m[2].split("").map((c) => n36(c).toString(2).padStart(5, "0")).join("");
      list.forEach(function (it, i) {
        if (bits[i] === "1" && it.kind !== "quiz" && it.path) out.visited[it.path] = today;
      });
      return out;
    }
    const fields = m[2].split(",");
    all.forEach(function (it, i) {
      if (fields[i]) put(it, fields[i].split("."), m[1] === "2");
    });
    return out;
  }

  /* Merge restored progress into a stored state, keeping whatever is better already there. */
  function mergeProgress(state, restored) {
    for (const p of Object.keys(restored.visited)) if (!(p in state.visited)) state.visited[p] = restored.visited[p];
    for (const id of Object.keys(restored.quizzes)) {
      const r = restored.quizzes[id];
      const have = state.quizzes[id];
      if (!have || have.version !== r.version || have.best < r.best) state.quizzes[id] = r;
    }
    return state;
  }

  /* What the LMS should hold for this progress: status and, once the exam is taken, its score. */
  function cmiFor(progress) {
    const values = {};
    if (progress.complete) values["cmi.core.lesson_status"] = "passed";
    else if (progress.exam && !progress.exam.passed) values["cmi.core.lesson_status"] = "failed";
    else values["cmi.core.lesson_status"] = "incomplete";
    if (progress.exam) {
      values["cmi.core.score.raw"] = String(progress.exam.best);
      values["cmi.core.score.min"] = "0";
      values["cmi.core.score.max"] = "100";
    }
    return values;
  }

  const INTERACTION_TYPES = { single: "choice", multiple: "choice", truefalse: "true-false", ordering: "sequencing", dialogue: "performance" };

  // CMIIdentifier: no spaces or punctuation beyond - and _; CMIFeedback: at most 255 characters.
  function identifier(key) {
    return String(key).replace(/[^A-Za-z0-9_-]/g, "_").slice(0, FEEDBACK_MAX);
  }

  function response(q) {
    const r = q.response;
    if (q.type === "truefalse") return r === true ? "t" : r === false ? "f" : "";
    if (Array.isArray(r)) return r.map((x) => String(x)).join(",").slice(0, FEEDBACK_MAX);
    return r === null || r === undefined ? "" : String(r).slice(0, FEEDBACK_MAX);
  }

  /* One exam submission as cmi.interactions.n.* values, numbered from `start`. */
  function interactions(detail, start) {
    const values = [];
    (detail.questions || []).forEach(function (q, i) {
      const n = "cmi.interactions." + (start + i) + ".";
      values.push([n + "id", identifier(q.key)]);
      values.push([n + "type", INTERACTION_TYPES[q.type] || "performance"]);
      values.push([n + "student_response", response(q)]);
      values.push([n + "result", q.right ? "correct" : "wrong"]);
    });
    return values;
  }

  const api = { findAPI, locateAPI, sessionTime, encodeSuspend, decodeSuspend, mergeProgress, cmiFor, interactions, SUSPEND_MAX };

  // --- In the browser: drive the frame and the LMS -------------------------------------------
  function run(win) {
    const CB = win.Casebook;
    const config = win.CASEBOOK_SCORM;
    const doc = win.document;
    const frame = doc.getElementById("cb-scorm-site");
    const note = doc.getElementById("cb-scorm-note");
    const lms = locateAPI(win);
    const started = Date.now();
    let finished = false;
    let last = {};
    let seen = 0;

    function tell(text) {
      note.textContent = text;
      note.hidden = false;
    }
    function set(name, value) {
      if (last[name] === value) return false;
      lms.LMSSetValue(name, value);
      last[name] = value;
      return true;
    }
    function report() {
      if (!lms || finished) return;
      const state = CB.loadState();
      const progress = CB.trackProgress(state, config.track);
      let changed = false;
      const values = cmiFor(progress);
      for (const name of Object.keys(values)) changed = set(name, values[name]) || changed;
      changed = set("cmi.suspend_data", encodeSuspend(state, config.track, CB)) || changed;
      if (changed) lms.LMSCommit("");
    }
    function graded(event) {
      const detail = event.detail || {};
      if (!lms || finished || !config.track.finalExam || detail.quiz !== config.track.finalExam.id) return;
      const count = parseInt(lms.LMSGetValue("cmi.interactions._count"), 10) || seen;
      for (const [name, value] of interactions(detail, count)) lms.LMSSetValue(name, value);
      seen = count + (detail.questions || []).length;
      report();
      lms.LMSCommit("");
    }
    function finish() {
      if (!lms || finished) return;
      report();
      lms.LMSSetValue("cmi.core.session_time", sessionTime(Date.now() - started));
      lms.LMSSetValue("cmi.core.exit", last["cmi.core.lesson_status"] === "passed" ? "" : "suspend");
      lms.LMSCommit("");
      lms.LMSFinish("");
      finished = true;
    }

    if (!lms) {
      tell("没有找到学习平台（LMS）的接口：学习记录只保存在本机浏览器中，不会回传给学习平台。");
    } else if (String(lms.LMSInitialize("")) !== "true") {
      tell("学习平台拒绝了本次学习记录（LMSInitialize 失败），学习记录不会回传。");
    } else {
      const saved = lms.LMSGetValue("cmi.suspend_data");
      if (saved) {
        const restored = decodeSuspend(saved, config.track, new Date().toISOString().slice(0, 10));
        CB.updateState((state) => mergeProgress(state, restored));
      }
      const status = lms.LMSGetValue("cmi.core.lesson_status");
      last["cmi.core.lesson_status"] = status;
      report();
    }
    frame.addEventListener("load", function () {
      try {
        frame.contentWindow.addEventListener("casebook:graded", graded);
        frame.contentWindow.addEventListener("casebook:saved", report);
      } catch (e) {
        /* a page from elsewhere: nothing to listen to */
      }
      report();
    });
    win.addEventListener("storage", report);
    win.setInterval(report, 5000);
    win.addEventListener("pagehide", finish);
    win.addEventListener("beforeunload", finish);
    frame.src = config.start;
  }

  if (typeof module !== "undefined") module.exports = api;
  else if (root.document && root.CASEBOOK_SCORM) run(root);
})(typeof window !== "undefined" ? window : globalThis);

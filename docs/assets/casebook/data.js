/* Page data: the JSON the generator embeds (generator/casebook/CONTRACT.md, "Page data") and its
 * normalisation into the shapes the engine uses. Anything malformed is dropped, never trusted.
 *
 * Carriers are <template class="cb-data" data-for="ID"> inside a hidden holder. A template (not
 * <script type="application/json">) because Material's instant navigation re-creates inline
 * scripts without their attributes, which would turn the data into a script that fails to run.
 */
(function (CB) {
  "use strict";

  const isObj = CB.isObj;
  const str = CB.str;

  const isQuizData = (d) => isObj(d) && Array.isArray(d.questions);
  const isTrackData = (d) => isObj(d) && Array.isArray(d.modules);
  // The 错题本 page's data: the current version of every question it can hold (the questions
  // themselves are loaded per quiz, notebook.js).
  const isBankData = (d) => isObj(d) && isObj(d.versions) && !("id" in d);

  // The JSON text of a carrier to a value; undefined when it is not JSON.
  function parseJsonText(text) {
    try {
      return JSON.parse(text || "");
    } catch (e) {
      return undefined;
    }
  }

  const parsedCache = new WeakMap();

  function parseCarrier(el) {
    if (parsedCache.has(el)) return parsedCache.get(el);
    const data = parseJsonText(el.tagName === "TEMPLATE" ? el.content.textContent : el.textContent);
    parsedCache.set(el, data);
    return data;
  }

  // The data for `id` accepted by `test`; undefined if there is none, null if it is unreadable.
  function readData(id, test) {
    let found;
    for (const el of document.querySelectorAll(".cb-data")) {
      if (el.getAttribute("data-for") !== id) continue;
      const data = parseCarrier(el);
      if (data !== undefined && test(data)) return data;
      found = null;
    }
    return found;
  }

  // Every track's data on the page (training index), once per track id.
  function allTrackData() {
    const out = [];
    const seen = new Set();
    for (const el of document.querySelectorAll(".cb-data")) {
      const data = parseCarrier(el);
      if (!isTrackData(data)) continue;
      const id = el.getAttribute("data-for") || "";
      const key = str(data.id) || id;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ id: id, data: data });
    }
    return out;
  }

  function normOptions(list) {
    if (!Array.isArray(list)) return null;
    const out = [];
    const seen = new Set();
    for (const o of list) {
      if (!isObj(o)) continue;
      const id = str(o.id);
      if (!id || seen.has(id)) continue;
      seen.add(id);
      out.push({ id: id, text: str(o.text), feedback: str(o.feedback) || null });
    }
    return out.length >= 2 ? out : null;
  }

  function normCase(c) {
    if (!isObj(c) || typeof c.url !== "string" || !c.url) return null;
    return { title: str(c.title), url: c.url };
  }

  // Type-specific fields of a question; false when the question cannot be asked.
  function normAnswer(type, q, out) {
    if (type === "single" || type === "multiple") {
      out.options = normOptions(q.options);
      if (!out.options) return false;
      const ids = new Set(out.options.map((o) => o.id));
      if (type === "single") {
        out.answer = str(q.answer);
        return ids.has(out.answer);
      }
      const answers = Array.isArray(q.answer) ? q.answer.map(str).filter((a) => ids.has(a)) : [];
      out.answer = Array.from(new Set(answers));
      return answers.length > 0;
    }
    if (type === "truefalse") {
      out.answer = q.answer;
      return typeof q.answer === "boolean";
    }
    if (type === "ordering") {
      if (!Array.isArray(q.items)) return false;
      out.items = q.items.map(str);
      return out.items.length >= 2;
    }
    if (!Array.isArray(q.steps)) return false;
    out.steps = [];
    for (const st of q.steps) {
      if (!isObj(st)) continue;
      const options = normOptions(st.options);
      const answer = str(st.answer);
      if (!options || !options.some((o) => o.id === answer)) continue;
      out.steps.push({ customer: str(st.customer), options: options, answer: answer });
    }
    return out.steps.length > 0;
  }

  function normQuestion(q, fallbackKey) {
    if (!isObj(q)) return null;
    const type = CB.TYPE_ALIASES[q.type];
    if (!type) return null;
    const out = {
      key: str(q.key) || fallbackKey,
      version: str(q.version),
      type: type,
      prompt: str(q.prompt),
      explanation: str(q.explanation),
      case: normCase(q.case),
      // Some exam may draw it: its key is shown only once answered, and never printed.
      pooled: q.pooled === true,
    };
    return normAnswer(type, q, out) ? out : null;
  }

  function normPools(list) {
    const pools = [];
    if (!Array.isArray(list)) return pools;
    for (const p of list) {
      if (!isObj(p) || !Array.isArray(p.keys)) continue;
      const count = Number.isInteger(p.count) && p.count > 0 ? p.count : 0;
      if (count) pools.push({ count: count, keys: p.keys.map(str).filter(Boolean) });
    }
    return pools;
  }

  function normQuiz(raw, fallbackId) {
    if (!isObj(raw)) return null;
    const id = str(raw.id) || fallbackId;
    const questions = [];
    if (Array.isArray(raw.questions)) {
      raw.questions.forEach(function (q, i) {
        const nq = normQuestion(q, id + "/" + (i + 1));
        if (nq) questions.push(nq);
      });
    }
    const passMark = CB.clampScore(raw.passMark);
    return {
      id: id,
      title: str(raw.title),
      kind: raw.kind === "exam" || raw.kind === "考试" ? "exam" : "practice",
      version: str(raw.version),
      passMark: passMark === null ? 60 : passMark,
      description: str(raw.description) || null,
      timeLimitMinutes: Number.isInteger(raw.timeLimitMinutes) && raw.timeLimitMinutes > 0 ? raw.timeLimitMinutes : null,
      trainer: raw.trainer === true,
      // An exam on the trainee site: its questions are in the per-quiz files (CONTRACT.md).
      fromBank: raw.bank === true,
      questions: questions,
      pools: normPools(raw.pools),
    };
  }

  const ITEM_KINDS = ["quiz", "case", "roleplay"];

  function normItem(it) {
    const kind = ITEM_KINDS.indexOf(it.kind) >= 0 ? it.kind : "page";
    return {
      kind: kind,
      title: str(it.title),
      url: str(it.url),
      quiz: str(it.quiz) || null,
      version: str(it.version) || null,
      path: str(it.path),
      // Older data without the flag: every item counts, the strict reading. A role-play is
      // scored by an observer on paper, so the browser never waits for it (CONTRACT.md).
      required: kind !== "roleplay" && it.required !== false,
    };
  }

  function normFinalExam(fe) {
    if (!isObj(fe) || !str(fe.id)) return null;
    const pm = CB.clampScore(fe.passMark);
    return {
      id: str(fe.id),
      title: str(fe.title) || "结业考试",
      url: str(fe.url),
      passMark: pm === null ? 60 : pm,
      version: str(fe.version) || null,
    };
  }

  function normTrack(raw, fallbackId) {
    if (!isObj(raw) || !Array.isArray(raw.modules)) return null;
    const modules = [];
    for (const m of raw.modules) {
      if (!isObj(m)) continue;
      const items = Array.isArray(m.items) ? m.items.filter(isObj).map(normItem) : [];
      modules.push({ title: str(m.title), description: str(m.description) || null, items: items });
    }
    return {
      id: str(raw.id) || fallbackId,
      title: str(raw.title),
      version: str(raw.version),
      url: str(raw.url) || null,
      modules: modules,
      finalExam: normFinalExam(raw.finalExam),
    };
  }

  // The 错题本's bank: question key → question, for the keys whose data can be asked.
  function normBank(raw) {
    const bank = new Map();
    if (!isObj(raw) || !isObj(raw.questions)) return bank;
    for (const k of Object.keys(raw.questions)) {
      const q = normQuestion(raw.questions[k], k);
      if (q) bank.set(k, q);
    }
    return bank;
  }

  /* Load the data files `assets/casebook/bank/ID.js` of `ids` (those not loaded yet) and call
   * done(store) once all have loaded or failed: store[ID] is a file's data, unset if it failed.
   * Script files: a page opened from disk (the offline bundle) cannot fetch, but it can load a
   * script. */
  function loadData(ids, done) {
    const store = (window.CasebookBank = window.CasebookBank || {});
    const missing = ids.filter((id) => !store[id]);
    let left = missing.length;
    if (!left) return done(store);
    for (const id of missing) {
      const script = document.createElement("script");
      script.src = new URL("assets/casebook/bank/" + encodeURIComponent(id) + ".js", CB.siteRoot()).href;
      script.onload = script.onerror = () => --left === 0 && done(store);
      document.head.appendChild(script);
    }
  }

  // The question data of the quizzes `ids`: done({ questions }) once all are in, or done(null)
  // if one could not be read.
  function loadBank(ids, done) {
    loadData(ids, function (store) {
      const questions = {};
      for (const id of ids) {
        if (!CB.isObj(store[id]) || !CB.isObj(store[id].questions)) return done(null);
        Object.assign(questions, store[id].questions);
      }
      done({ questions: questions });
    });
  }

  // The questions for `keys`, in that order, from the question files: done(list), or done(null)
  // when a file cannot be read or lacks a key (a page cached from an older build).
  function bankQuestions(keys, done) {
    loadBank(CB.quizIdsOf(keys), function (raw) {
      const bank = raw ? normBank(raw) : new Map();
      done(keys.every((k) => bank.has(k)) && raw ? keys.map((k) => bank.get(k)) : null);
    });
  }

  Object.assign(CB, {
    isQuizData: isQuizData,
    isTrackData: isTrackData,
    isBankData: isBankData,
    parseJsonText: parseJsonText,
    readData: readData,
    allTrackData: allTrackData,
    normQuestion: normQuestion,
    normQuiz: normQuiz,
    normTrack: normTrack,
    normBank: normBank,
    loadData: loadData,
    loadBank: loadBank,
    bankQuestions: bankQuestions,
  });
  if (typeof module !== "undefined") module.exports = CB;
})(typeof module !== "undefined" ? require("./core.js") : window.Casebook);

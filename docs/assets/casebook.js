/* 案例通 (casebook): quizzes, learning progress, the mistake notebook and training tracks.
 *
 * Plain browser JavaScript: no libraries, no build step, nothing fetched from the network.
 * Everything a trainee does is kept in this browser's localStorage under one key ("casebook:v1").
 * Markup and JSON come from the Python generator; see the contract in the project notes.
 * Text from the JSON is only ever inserted as text (textContent / text nodes), never as HTML.
 */
(function () {
  "use strict";

  // Run once per document even if the file is included or evaluated twice. This is a DOM
  // attribute rather than a global variable, so nothing leaks into the page's JS scope.
  const htmlEl = document.documentElement;
  if (htmlEl.hasAttribute("data-cb-loaded")) return;
  htmlEl.setAttribute("data-cb-loaded", "");

  const STORE_KEY = "casebook:v1";
  const SCHEMA = 1;
  const MAX_VISITED = 5000;

  const NOTE =
    "成绩由学员在本机浏览器中自行记录，仅供培训参考，不作为正式考核凭证。";

  const TYPE_ALIASES = {
    single: "single",
    单选: "single",
    multiple: "multiple",
    多选: "multiple",
    truefalse: "truefalse",
    判断: "truefalse",
    ordering: "ordering",
    排序: "ordering",
    dialogue: "dialogue",
    对话: "dialogue",
  };
  const TYPE_LABELS = {
    single: "单选",
    multiple: "多选",
    truefalse: "判断",
    ordering: "排序",
    dialogue: "情景对话",
  };
  const KIND_LABELS = { page: "阅读", case: "案例", quiz: "测验" };

  /* ------------------------------------------------------------------ *
   * Small helpers
   * ------------------------------------------------------------------ */

  function isObj(x) {
    return x !== null && typeof x === "object" && !Array.isArray(x);
  }

  function str(x) {
    if (typeof x === "string") return x;
    if (typeof x === "number" && Number.isFinite(x)) return String(x);
    return "";
  }

  function dict() {
    return Object.create(null);
  }

  // Keys that must never be used as plain-object property names.
  function safeKey(k) {
    return typeof k === "string" && k !== "" && k !== "__proto__" && k !== "constructor" && k !== "prototype";
  }

  function clampScore(x) {
    if (typeof x !== "number" || !Number.isFinite(x)) return null;
    return Math.max(0, Math.min(100, Math.round(x)));
  }

  function today() {
    const d = new Date();
    const pad = (n) => String(n).padStart(2, "0");
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  function shuffle(list) {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      const t = list[i];
      list[i] = list[j];
      list[j] = t;
    }
    return list;
  }

  let uidCounter = 0;
  function uid(prefix) {
    uidCounter += 1;
    return "cb-" + prefix + "-" + uidCounter;
  }

  /* Create an element. attrs: class, text, on<event> handlers, booleans, other attributes.
   * Children may be nodes, strings (inserted as text), arrays, or null/false (skipped). */
  function h(tag, attrs) {
    const el = document.createElement(tag);
    if (attrs) {
      for (const name of Object.keys(attrs)) {
        const v = attrs[name];
        if (v === null || v === undefined || v === false) continue;
        if (name === "class") el.className = v;
        else if (name === "text") el.textContent = v;
        else if (name.slice(0, 2) === "on" && typeof v === "function") el.addEventListener(name.slice(2), v);
        else el.setAttribute(name, v === true ? "" : String(v));
      }
    }
    for (let i = 2; i < arguments.length; i++) append(el, arguments[i]);
    return el;
  }

  function append(el, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) {
      for (const c of child) append(el, c);
    } else if (typeof child === "string" || typeof child === "number") {
      el.appendChild(document.createTextNode(String(child)));
    } else {
      el.appendChild(child);
    }
  }

  // Heading level for a block inserted at `el`: one below the closest heading before it in the
  // article (h2 when there is none, or only the page's h1), so the outline stays valid.
  function headingLevelFor(el) {
    const scope = el.closest("article") || document.body;
    const headings = scope.querySelectorAll("h1, h2, h3, h4, h5, h6");
    let level = 1;
    for (const hd of headings) {
      if (el.contains(hd)) continue;
      if (hd.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) {
        level = Number(hd.tagName.charAt(1));
      }
    }
    return Math.min(6, Math.max(2, level + 1));
  }

  function pageH1Text(el) {
    const scope = el.closest("article") || document.body;
    const h1 = scope.querySelector("h1");
    return h1 ? h1.textContent.trim() : "";
  }

  /* JSON data blocks: <template class="cb-data" data-for="ID"> inside a hidden holder. A template
   * (not <script type="application/json">) because Material's instant navigation re-creates inline
   * scripts without their attributes, which would turn the data into a script that fails to run. */
  const parsedCache = new WeakMap();

  function parseCarrier(el) {
    if (parsedCache.has(el)) return parsedCache.get(el);
    let data;
    try {
      const text = el.tagName === "TEMPLATE" ? el.content.textContent : el.textContent;
      data = JSON.parse(text || "");
    } catch (e) {
      data = undefined;
    }
    parsedCache.set(el, data);
    return data;
  }

  const isQuizData = (d) => isObj(d) && Array.isArray(d.questions);
  const isTrackData = (d) => isObj(d) && Array.isArray(d.modules);
  const isBankData = (d) => isObj(d) && isObj(d.questions) && !("id" in d);

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

  // Every track's data on the page (training index).
  function allTrackData() {
    const out = [];
    const seen = new Set();
    for (const el of document.querySelectorAll(".cb-data")) {
      const data = parseCarrier(el);
      if (isTrackData(data)) out.push({ id: el.getAttribute("data-for") || "", data: data });
    }
    return out.filter(function (t) {
      const key = str(t.data.id) || t.id;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  function showError(container, message) {
    container.textContent = "";
    container.appendChild(h("p", { class: "cb-error", text: message }));
  }

  /* ------------------------------------------------------------------ *
   * Storage: one versioned JSON document in localStorage, sanitised on every read.
   * If localStorage is unavailable (private mode, policy, quota) an in-memory copy
   * keeps the current visit working.
   * ------------------------------------------------------------------ */

  let memoryState = null;
  let storeWritable = true; // false when the stored document is from a newer schema

  function emptyState() {
    return { schema: SCHEMA, quizzes: dict(), notebook: dict(), visited: dict(), completions: dict() };
  }

  function sanitize(raw) {
    const s = emptyState();
    if (!isObj(raw) || raw.schema !== SCHEMA) return s;
    if (isObj(raw.quizzes)) {
      for (const k of Object.keys(raw.quizzes)) {
        const v = raw.quizzes[k];
        if (!safeKey(k) || !isObj(v) || typeof v.version !== "string") continue;
        const best = clampScore(v.best);
        if (best === null) continue;
        const last = clampScore(v.last);
        const attempts = Number.isInteger(v.attempts) && v.attempts > 0 ? v.attempts : 1;
        s.quizzes[k] = {
          version: v.version,
          best: best,
          bestDate: typeof v.bestDate === "string" ? v.bestDate : "",
          last: last === null ? best : last,
          attempts: attempts,
          passed: v.passed === true,
        };
      }
    }
    if (isObj(raw.notebook)) {
      for (const k of Object.keys(raw.notebook)) {
        const v = raw.notebook[k];
        if (!safeKey(k) || !isObj(v) || typeof v.version !== "string") continue;
        s.notebook[k] = {
          version: v.version,
          streak: Number.isInteger(v.streak) && v.streak >= 0 ? v.streak : 0,
          added: typeof v.added === "string" ? v.added : "",
        };
      }
    }
    if (isObj(raw.visited)) {
      let n = 0;
      for (const k of Object.keys(raw.visited)) {
        const v = raw.visited[k];
        if (typeof k !== "string" || k === "__proto__" || typeof v !== "string") continue;
        if (++n > MAX_VISITED) break;
        s.visited[k] = v;
      }
    }
    if (isObj(raw.completions)) {
      for (const k of Object.keys(raw.completions)) {
        const v = raw.completions[k];
        if (!safeKey(k) || !isObj(v) || typeof v.name !== "string") continue;
        s.completions[k] = {
          name: v.name.slice(0, 60),
          date: typeof v.date === "string" ? v.date : "",
          score: clampScore(v.score),
        };
      }
    }
    return s;
  }

  function loadState() {
    let text = null;
    try {
      text = window.localStorage.getItem(STORE_KEY);
    } catch (e) {
      return sanitize(memoryState);
    }
    if (text === null) return sanitize(memoryState);
    let raw = null;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      raw = null;
    }
    // Never overwrite data written by a newer version of this script.
    storeWritable = !(isObj(raw) && typeof raw.schema === "number" && raw.schema > SCHEMA);
    if (!storeWritable) return sanitize(memoryState);
    return sanitize(raw);
  }

  function saveState(state) {
    const json = JSON.stringify(state);
    memoryState = JSON.parse(json);
    if (!storeWritable) return;
    try {
      window.localStorage.setItem(STORE_KEY, json);
    } catch (e) {
      /* quota or security error: the in-memory copy keeps this visit working */
    }
  }

  function updateState(fn) {
    const state = loadState();
    fn(state);
    saveState(state);
    return state;
  }

  /* ------------------------------------------------------------------ *
   * Site paths: page paths relative to the site root, so progress survives a sub-path like /kb/.
   * ------------------------------------------------------------------ */

  let cachedRoot = null;

  function siteRoot() {
    if (cachedRoot) return cachedRoot;
    let root = null;
    try {
      const cfg = document.getElementById("__config");
      if (cfg) {
        const base = JSON.parse(cfg.textContent || "").base;
        if (typeof base === "string") root = new URL(base, location.href);
      }
    } catch (e) {
      root = null;
    }
    if (!root) {
      try {
        // eslint-disable-next-line no-undef
        if (typeof __md_scope !== "undefined" && __md_scope instanceof URL) root = new URL(__md_scope.href);
      } catch (e) {
        root = null;
      }
    }
    if (!root) root = new URL(".", location.href);
    root.search = "";
    root.hash = "";
    if (!root.pathname.endsWith("/")) root.pathname += "/";
    cachedRoot = root;
    return root;
  }

  function normPath(p) {
    let s = String(p || "");
    s = s.split("#")[0].split("?")[0];
    try {
      s = decodeURI(s);
    } catch (e) {
      /* keep as is */
    }
    s = s.replace(/^(\.\/)+/, "").replace(/^\/+/, "");
    s = s.replace(/(^|\/)index\.html?$/, "$1");
    s = s.replace(/\.html?$/, "/"); // offline bundle: name.html is the page name/
    return s;
  }

  // Path of an absolute URL relative to the site root, or null when it is outside the site.
  function sitePathOf(url) {
    const root = siteRoot();
    if (url.origin !== root.origin) return null;
    let path = url.pathname;
    try {
      path = decodeURI(path);
    } catch (e) {
      /* keep as is */
    }
    let rootPath = root.pathname;
    try {
      rootPath = decodeURI(rootPath);
    } catch (e) {
      /* keep as is */
    }
    if (!path.startsWith(rootPath)) return null;
    return normPath(path.slice(rootPath.length));
  }

  /* The offline bundle (`casebook build --offline`, opened from disk) has no directory URLs:
   * a page is name.html, not name/. Links in the quiz and track JSON are written as directory
   * URLs relative to the page's directory URL, so there they are mapped to the files. */
  let cachedFileUrls = null;

  function fileUrls() {
    if (cachedFileUrls === null) {
      const canonical = document.querySelector('link[rel="canonical"]');
      cachedFileUrls = !!canonical && /\.html$/.test(canonical.getAttribute("href") || "");
    }
    return cachedFileUrls;
  }

  // Site paths ("guide/") of the section index pages (guide/index.html), from the navigation.
  let cachedIndexDirs = null;

  function indexDirs() {
    if (cachedIndexDirs) return cachedIndexDirs;
    cachedIndexDirs = new Set();
    for (const a of document.querySelectorAll("a[href]")) {
      try {
        const url = new URL(a.getAttribute("href") || "", location.href);
        const path = /\/index\.html$/.test(url.pathname) ? sitePathOf(url) : null;
        if (path) cachedIndexDirs.add(path);
      } catch (e) {
        /* not a URL */
      }
    }
    return cachedIndexDirs;
  }

  function pageHref(url) {
    if (!url || !fileUrls()) return url;
    try {
      const here = location.href.split("#")[0].split("?")[0].replace(/(\/index)?\.html$/, "/");
      const target = new URL(url, here);
      const path = target.pathname.endsWith("/") ? sitePathOf(target) : null;
      if (path === null) return target.href;
      const file = path === "" ? "index.html" : indexDirs().has(path) ? path + "index.html" : path.slice(0, -1) + ".html";
      return new URL(file, siteRoot()).href + target.hash;
    } catch (e) {
      return url;
    }
  }

  function recordVisit() {
    const path = sitePathOf(new URL(location.href));
    if (path === null) return;
    updateState(function (s) {
      s.visited[path] = today();
    });
  }

  /* ------------------------------------------------------------------ *
   * Quiz and question data
   * ------------------------------------------------------------------ */

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

  function normQuestion(q, fallbackKey) {
    if (!isObj(q)) return null;
    const type = TYPE_ALIASES[q.type];
    if (!type) return null;
    const out = {
      key: str(q.key) || fallbackKey,
      version: str(q.version),
      type: type,
      prompt: str(q.prompt),
      explanation: str(q.explanation),
      case: normCase(q.case),
    };
    if (type === "single" || type === "multiple") {
      out.options = normOptions(q.options);
      if (!out.options) return null;
      const ids = new Set(out.options.map((o) => o.id));
      if (type === "single") {
        out.answer = str(q.answer);
        if (!ids.has(out.answer)) return null;
      } else {
        const answers = Array.isArray(q.answer) ? q.answer.map(str).filter((a) => ids.has(a)) : [];
        if (!answers.length) return null;
        out.answer = Array.from(new Set(answers));
      }
    } else if (type === "truefalse") {
      if (typeof q.answer !== "boolean") return null;
      out.answer = q.answer;
    } else if (type === "ordering") {
      if (!Array.isArray(q.items)) return null;
      out.items = q.items.map(str);
      if (out.items.length < 2) return null;
    } else if (type === "dialogue") {
      if (!Array.isArray(q.steps)) return null;
      out.steps = [];
      for (const st of q.steps) {
        if (!isObj(st)) continue;
        const options = normOptions(st.options);
        if (!options) continue;
        const answer = str(st.answer);
        if (!options.some((o) => o.id === answer)) continue;
        out.steps.push({ customer: str(st.customer), options: options, answer: answer });
      }
      if (!out.steps.length) return null;
    }
    return out;
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
    const pools = [];
    if (Array.isArray(raw.pools)) {
      for (const p of raw.pools) {
        if (!isObj(p) || !Array.isArray(p.keys)) continue;
        const count = Number.isInteger(p.count) && p.count > 0 ? p.count : 0;
        if (count) pools.push({ count: count, keys: p.keys.map(str).filter(Boolean) });
      }
    }
    const passMark = clampScore(raw.passMark);
    return {
      id: id,
      title: str(raw.title),
      kind: raw.kind === "exam" || raw.kind === "考试" ? "exam" : "practice",
      version: str(raw.version),
      passMark: passMark === null ? 60 : passMark,
      description: str(raw.description) || null,
      questions: questions,
      pools: pools,
    };
  }

  // The questions for one attempt: practice in order; exams drawn per pool, then shuffled.
  function drawQuestions(quiz) {
    if (quiz.kind !== "exam") return quiz.questions.slice();
    if (!quiz.pools.length) return shuffle(quiz.questions.slice());
    const byKey = new Map();
    for (const q of quiz.questions) if (!byKey.has(q.key)) byKey.set(q.key, q);
    const used = new Set();
    const drawn = [];
    for (const pool of quiz.pools) {
      const candidates = shuffle(Array.from(new Set(pool.keys)).filter((k) => byKey.has(k) && !used.has(k)));
      for (const k of candidates.slice(0, pool.count)) {
        used.add(k);
        drawn.push(byKey.get(k));
      }
    }
    return shuffle(drawn);
  }

  function examSize(quiz) {
    if (quiz.kind !== "exam" || !quiz.pools.length) return quiz.questions.length;
    const keys = new Set(quiz.questions.map((q) => q.key));
    const used = new Set();
    let n = 0;
    // An upper bound that matches drawQuestions when the pools do not overlap.
    for (const pool of quiz.pools) {
      const avail = Array.from(new Set(pool.keys)).filter((k) => keys.has(k) && !used.has(k));
      const take = Math.min(pool.count, avail.length);
      avail.slice(0, take).forEach((k) => used.add(k));
      n += take;
    }
    return n;
  }

  function currentResult(state, quizId, version) {
    const rec = state.quizzes[quizId];
    if (!rec) return null;
    if (typeof version === "string" && version && rec.version !== version) return null;
    return rec;
  }

  /* ------------------------------------------------------------------ *
   * Question widgets. Each returns { el, read(), grade(response), show(grade) }.
   * ------------------------------------------------------------------ */

  function questionLegend(q, index, extra) {
    return h(
      "legend",
      { class: "cb-q-legend" },
      h("span", { class: "cb-q-meta" }, "第 " + (index + 1) + " 题 · " + TYPE_LABELS[q.type] + (extra || "")),
      " ",
      h("span", { class: "cb-q-prompt" }, q.prompt)
    );
  }

  function optionList(name, options, multiple) {
    const box = h("div", { class: "cb-options" });
    const inputs = [];
    const labels = new Map();
    for (const o of options) {
      const input = h("input", { type: multiple ? "checkbox" : "radio", name: name, value: o.id, class: "cb-input" });
      const label = h("label", { class: "cb-option" }, input, h("span", { class: "cb-option-text" }, o.text));
      inputs.push(input);
      labels.set(o.id, label);
      box.appendChild(label);
    }
    return {
      el: box,
      inputs: inputs,
      labels: labels,
      checked: () => inputs.filter((i) => i.checked).map((i) => i.value),
    };
  }

  function badge(label, text, kind) {
    label.appendChild(h("span", { class: "cb-badge cb-badge--" + kind }, text));
  }

  function markOptions(list, correctIds, chosenIds, answerLabel) {
    for (const [id, label] of list.labels) {
      const correct = correctIds.includes(id);
      const chosen = chosenIds.includes(id);
      if (correct) label.classList.add("cb-option--answer");
      if (chosen) label.classList.add("cb-option--chosen");
      if (correct) badge(label, answerLabel || "正确答案", "right");
      else if (chosen) badge(label, "你的选择", "wrong");
    }
    list.inputs.forEach((i) => (i.disabled = true));
  }

  function optionText(options, id) {
    const o = options.find((x) => x.id === id);
    return o ? o.text : "";
  }

  function choiceWidget(q, index, name) {
    const multiple = q.type === "multiple";
    const options = shuffle(q.options.slice());
    const fs = h("fieldset", { class: "cb-q cb-q--" + q.type, "data-key": q.key });
    fs.appendChild(questionLegend(q, index, multiple ? "（可多选）" : ""));
    const list = optionList(name, options, multiple);
    fs.appendChild(list.el);
    return {
      el: fs,
      read: list.checked,
      grade: function (chosen) {
        const want = multiple ? q.answer : [q.answer];
        const right = chosen.length === want.length && want.every((a) => chosen.includes(a));
        return { right: right, points: right ? 1 : 0, answered: chosen.length > 0, chosen: chosen };
      },
      details: function (g) {
        const want = multiple ? q.answer : [q.answer];
        markOptions(list, want, g.chosen);
        const out = [];
        if (!g.answered) out.push(h("p", { class: "cb-chosen" }, "你没有作答。"));
        for (const o of options) {
          if (!g.chosen.includes(o.id)) continue;
          out.push(
            h(
              "p",
              { class: "cb-chosen" },
              h("strong", null, "你的选择："),
              "“" + o.text + "”",
              o.feedback ? h("span", { class: "cb-option-feedback" }, " " + o.feedback) : null
            )
          );
        }
        if (!g.right) {
          out.push(
            h(
              "p",
              { class: "cb-correct" },
              h("strong", null, "正确答案："),
              want.map((id) => "“" + optionText(q.options, id) + "”").join("；")
            )
          );
        }
        return out;
      },
    };
  }

  function trueFalseWidget(q, index, name) {
    const options = [
      { id: "true", text: "对" },
      { id: "false", text: "错" },
    ];
    const fs = h("fieldset", { class: "cb-q cb-q--truefalse", "data-key": q.key });
    fs.appendChild(questionLegend(q, index, "（判断这个说法对不对）"));
    const list = optionList(name, options, false);
    list.el.classList.add("cb-options--inline");
    fs.appendChild(list.el);
    const want = q.answer ? "true" : "false";
    return {
      el: fs,
      read: list.checked,
      grade: function (chosen) {
        const right = chosen.length === 1 && chosen[0] === want;
        return { right: right, points: right ? 1 : 0, answered: chosen.length > 0, chosen: chosen };
      },
      details: function (g) {
        markOptions(list, [want], g.chosen);
        const out = [];
        if (!g.answered) out.push(h("p", { class: "cb-chosen" }, "你没有作答。"));
        else out.push(h("p", { class: "cb-chosen" }, h("strong", null, "你的选择："), g.chosen[0] === "true" ? "对" : "错"));
        if (!g.right) {
          out.push(
            h(
              "p",
              { class: "cb-correct" },
              h("strong", null, "正确答案："),
              q.answer ? "对（这个说法正确）" : "错（这个说法不正确）"
            )
          );
        }
        return out;
      },
    };
  }

  function sameSequence(a, b) {
    return a.length === b.length && a.every((x, i) => x === b[i]);
  }

  function orderingWidget(q, index, name, announce) {
    const fs = h("fieldset", { class: "cb-q cb-q--ordering", "data-key": q.key });
    fs.appendChild(questionLegend(q, index, ""));
    const hintId = name + "-hint";
    fs.appendChild(h("p", { class: "cb-hint", id: hintId }, "用“上移”“下移”按钮把各项排成正确的顺序。"));

    // A start order that is never already correct (unless every item is the same text).
    let order = q.items.map((_, i) => i);
    const texts = (o) => o.map((i) => q.items[i]);
    const allSame = q.items.every((t) => t === q.items[0]);
    for (let tries = 0; tries < 100; tries++) {
      shuffle(order);
      if (allSame || !sameSequence(texts(order), q.items)) break;
    }
    if (!allSame && sameSequence(texts(order), q.items)) order.reverse();

    const ol = h("ol", { class: "cb-order", "aria-describedby": hintId });
    fs.appendChild(ol);
    let locked = false;
    let touched = false;

    function move(pos, delta, which) {
      const to = pos + delta;
      if (locked || to < 0 || to >= order.length) return;
      touched = true;
      const t = order[pos];
      order[pos] = order[to];
      order[to] = t;
      draw();
      const item = q.items[order[to]];
      announce("已将“" + item + "”移到第 " + (to + 1) + " 位，共 " + order.length + " 项。");
      // Keep focus on the moved item: same button if still usable, otherwise the other one.
      const li = ol.children[to];
      const buttons = li.querySelectorAll("button");
      const same = buttons[which];
      const other = buttons[1 - which];
      (same && !same.disabled ? same : other).focus();
    }

    function draw() {
      ol.textContent = "";
      order.forEach(function (itemIndex, pos) {
        const text = q.items[itemIndex];
        const up = h("button", {
          type: "button",
          class: "cb-btn cb-btn--small",
          "aria-label": "上移：" + text,
          onclick: () => move(pos, -1, 0),
        }, "上移");
        const down = h("button", {
          type: "button",
          class: "cb-btn cb-btn--small",
          "aria-label": "下移：" + text,
          onclick: () => move(pos, 1, 1),
        }, "下移");
        up.disabled = locked || pos === 0;
        down.disabled = locked || pos === order.length - 1;
        ol.appendChild(
          h(
            "li",
            { class: "cb-order-item" },
            h("span", { class: "cb-order-text" }, text),
            h("span", { class: "cb-order-buttons" }, up, down)
          )
        );
      });
    }
    draw();

    return {
      el: fs,
      read: () => order.slice(),
      grade: function (o) {
        const right = sameSequence(texts(o), q.items);
        return { right: right, points: right ? 1 : 0, answered: touched, order: o };
      },
      details: function (g) {
        locked = true;
        draw();
        Array.from(ol.children).forEach(function (li, pos) {
          const ok = q.items[g.order[pos]] === q.items[pos];
          li.classList.add(ok ? "cb-order-item--right" : "cb-order-item--wrong");
          li.appendChild(h("span", { class: "cb-badge cb-badge--" + (ok ? "right" : "wrong") }, ok ? "位置正确" : "位置不对"));
        });
        const out = [];
        if (!g.answered) out.push(h("p", { class: "cb-chosen" }, "你没有调整顺序。"));
        if (!g.right) {
          out.push(
            h("p", { class: "cb-correct" }, h("strong", null, "正确顺序：")),
            h("ol", { class: "cb-correct-order" }, q.items.map((t) => h("li", null, t)))
          );
        }
        return out;
      },
    };
  }

  function dialogueWidget(q, index, name) {
    const fs = h("fieldset", { class: "cb-q cb-q--dialogue", "data-key": q.key });
    fs.appendChild(questionLegend(q, index, ""));
    const steps = q.steps.map(function (step, si) {
      const options = shuffle(step.options.slice());
      const sfs = h(
        "fieldset",
        { class: "cb-step" },
        h(
          "legend",
          { class: "cb-step-legend" },
          h("span", { class: "cb-step-meta" }, "第 " + (si + 1) + " 轮 · 客户说："),
          " ",
          h("span", { class: "cb-bubble" }, step.customer)
        )
      );
      sfs.appendChild(h("p", { class: "cb-hint", "aria-hidden": "true" }, "你的回应："));
      const list = optionList(name + "-s" + si, options, false);
      sfs.appendChild(list.el);
      fs.appendChild(sfs);
      return { step: step, options: options, list: list, el: sfs };
    });
    return {
      el: fs,
      read: () => steps.map((s) => s.list.checked()[0] || null),
      grade: function (chosen) {
        const rights = steps.map((s, i) => chosen[i] === s.step.answer);
        const n = rights.filter(Boolean).length;
        return {
          right: n === steps.length,
          partial: n > 0 && n < steps.length,
          rightSteps: n,
          stepCount: steps.length,
          points: n / steps.length,
          answered: chosen.some((c) => c !== null),
          chosen: chosen,
          rights: rights,
        };
      },
      details: function (g) {
        steps.forEach(function (s, i) {
          const c = g.chosen[i];
          markOptions(s.list, [s.step.answer], c ? [c] : [], "最佳回应");
          const ok = g.rights[i];
          const chosenOpt = s.options.find((o) => o.id === c);
          s.el.appendChild(
            h(
              "div",
              { class: "cb-step-result cb-step-result--" + (ok ? "right" : "wrong") },
              h("p", { class: "cb-step-verdict" }, ok ? "本轮回应恰当" : c ? "本轮回应不恰当" : "本轮没有作答"),
              chosenOpt
                ? h(
                    "p",
                    { class: "cb-chosen" },
                    h("strong", null, "你的回应："),
                    "“" + chosenOpt.text + "”",
                    chosenOpt.feedback ? h("span", { class: "cb-option-feedback" }, " " + chosenOpt.feedback) : null
                  )
                : null,
              ok
                ? null
                : h("p", { class: "cb-correct" }, h("strong", null, "最佳回应："), "“" + optionText(s.options, s.step.answer) + "”")
            )
          );
        });
        return [];
      },
    };
  }

  function makeWidget(q, index, name, announce) {
    if (q.type === "truefalse") return trueFalseWidget(q, index, name);
    if (q.type === "ordering") return orderingWidget(q, index, name, announce);
    if (q.type === "dialogue") return dialogueWidget(q, index, name);
    return choiceWidget(q, index, name);
  }

  /* ------------------------------------------------------------------ *
   * Quiz engine
   * ------------------------------------------------------------------ */

  function verdictText(g) {
    if (g.right) return "回答正确";
    if (g.partial) return "部分正确（答对 " + g.rightSteps + "/" + g.stepCount + " 轮）";
    return "回答错误";
  }

  function feedbackBox(q, g, details) {
    const kind = g.right ? "right" : g.partial ? "partial" : "wrong";
    return h(
      "div",
      { class: "cb-feedback cb-feedback--" + kind },
      h("p", { class: "cb-verdict" }, verdictText(g)),
      details,
      q.explanation ? h("p", { class: "cb-explanation" }, h("strong", null, "解析："), q.explanation) : null,
      q.case ? h("p", { class: "cb-case-link" }, h("a", { href: pageHref(q.case.url) }, "回到案例：" + (q.case.title || "查看案例"))) : null
    );
  }

  // Apply one graded attempt to the mistake notebook. Returns how many questions left it.
  function updateNotebook(state, graded) {
    let removed = 0;
    const date = today();
    for (const item of graded) {
      const key = item.q.key;
      if (!safeKey(key)) continue;
      const entry = state.notebook[key];
      if (!item.g.right) {
        state.notebook[key] = {
          version: item.q.version,
          streak: 0,
          added: entry && entry.version === item.q.version && entry.added ? entry.added : date,
        };
      } else if (entry) {
        const streak = (entry.version === item.q.version ? entry.streak : 0) + 1;
        if (streak >= 2) {
          delete state.notebook[key];
          removed += 1;
        } else {
          state.notebook[key] = { version: item.q.version, streak: streak, added: entry.added || date };
        }
      }
    }
    return removed;
  }

  function bestText(rec) {
    if (!rec) return "";
    return "最好成绩 " + rec.best + " 分" + (rec.bestDate ? "（" + rec.bestDate + "）" : "");
  }

  /* Mount a quiz into `container`.
   * opts.record: save scores under quiz.id (false for the notebook's 错题重练).
   * opts.questions(): optional source of questions for each attempt (notebook).
   * opts.afterGrade(state, graded, removed): hook after grading. */
  /* The answer key a trainer can print for a practice quiz: every question with its answer and
   * explanation, in the file's order. It is shown only in print (see casebook.css). */
  function keyAnswer(q) {
    const opts = Array.isArray(q.options) ? q.options : [];
    if (q.type === "single") return optionText(opts, q.answer);
    if (q.type === "multiple") return (Array.isArray(q.answer) ? q.answer : []).map((id) => optionText(opts, id)).join("；");
    if (q.type === "truefalse") return q.answer ? "对" : "错";
    if (q.type === "ordering") return (q.items || []).join(" → ");
    if (q.type === "dialogue") {
      return (q.steps || []).map((st, i) => "第 " + (i + 1) + " 轮：" + optionText(st.options || [], st.answer)).join("；");
    }
    return "";
  }

  function answerKey(quiz) {
    const list = h("ol", { class: "cb-key-list" });
    for (const q of quiz.questions || []) {
      list.appendChild(
        h(
          "li",
          null,
          h("p", { class: "cb-key-prompt" }, q.prompt || ""),
          h("p", null, h("strong", null, "答案："), keyAnswer(q)),
          h("p", null, h("strong", null, "解析："), q.explanation || "")
        )
      );
    }
    return h("section", { class: "cb-answer-key" }, h("p", { class: "cb-key-title" }, (quiz.title || "测验") + " · 答案"), list);
  }

  function printWithAnswers() {
    const htmlEl = document.documentElement;
    htmlEl.classList.add("cb-print-answers");
    window.addEventListener("afterprint", () => htmlEl.classList.remove("cb-print-answers"), { once: true });
    window.print();
  }

  function mountQuiz(container, quiz, opts) {
    opts = opts || {};
    const record = opts.record !== false;
    const base = uid("quiz");
    container.textContent = "";
    container.classList.add("cb-quiz-ready");

    const h1 = pageH1Text(container);
    if (quiz.title && quiz.title !== h1 && opts.showTitle !== false) {
      container.appendChild(h("h" + headingLevelFor(container), { class: "cb-quiz-title" }, quiz.title));
    }
    if (quiz.description) container.appendChild(h("p", { class: "cb-quiz-desc" }, quiz.description));

    const meta = h("p", { class: "cb-quiz-meta" });
    container.appendChild(meta);
    const best = h("p", { class: "cb-best" });
    container.appendChild(best);
    const announcer = h("div", { class: "cb-sr-only", "aria-live": "polite" });
    const body = h("div", { class: "cb-questions" });
    const summary = h("div", { class: "cb-summary", role: "status", tabindex: "-1" });
    const submit = h("button", { type: "button", class: "cb-btn cb-btn--primary cb-submit" }, "提交答案");
    const retry = h("button", { type: "button", class: "cb-btn cb-retry" }, "重新作答");
    const actions = h("div", { class: "cb-actions" }, submit, retry);
    // Exams draw at random, so only fixed practice quizzes offer a printed answer key.
    if (quiz.kind === "practice" && opts.record !== false) {
      const printKey = h("button", { type: "button", class: "cb-btn cb-print-key" }, "打印题目和答案");
      printKey.addEventListener("click", printWithAnswers);
      actions.appendChild(printKey);
    }
    container.append(body, summary, actions, announcer);
    if (quiz.kind === "practice") container.appendChild(answerKey(quiz));

    function announce(msg) {
      announcer.textContent = "";
      // A fresh text node after a tick so repeated messages are read again.
      window.setTimeout(() => (announcer.textContent = msg), 30);
    }

    function showBest() {
      const rec = record ? currentResult(loadState(), quiz.id, quiz.version) : null;
      best.textContent = "";
      best.hidden = !rec;
      if (rec) {
        best.append(bestText(rec), " · 已作答 " + rec.attempts + " 次" + (rec.passed ? " · 已通过" : ""));
      }
    }

    let widgets = [];
    let questions = [];

    function start() {
      questions = opts.questions ? opts.questions() : drawQuestions(quiz);
      body.textContent = "";
      summary.textContent = "";
      summary.className = "cb-summary";
      widgets = questions.map((q, i) => makeWidget(q, i, base + "-q" + i, announce));
      widgets.forEach((w) => body.appendChild(w.el));
      meta.textContent =
        (quiz.kind === "exam" ? "本次考试随机抽取 " : "共 ") + questions.length + " 题 · 及格线 " + quiz.passMark + " 分";
      submit.hidden = false;
      submit.disabled = questions.length === 0;
      retry.hidden = true;
      if (!questions.length) body.appendChild(h("p", { class: "cb-error" }, "这份测验暂时没有题目。"));
      showBest();
    }

    function grade() {
      const graded = widgets.map((w, i) => {
        const g = w.grade(w.read());
        return { q: questions[i], w: w, g: g };
      });
      let points = 0;
      for (const item of graded) {
        points += item.g.points;
        item.w.el.classList.add(item.g.right ? "cb-q--right" : "cb-q--wrong");
        item.w.el.appendChild(feedbackBox(item.q, item.g, item.w.details(item.g)));
      }
      const score = questions.length ? Math.round((100 * points) / questions.length) : 0;
      const passed = score >= quiz.passMark;
      const unanswered = graded.filter((x) => !x.g.answered).length;
      const rightCount = graded.filter((x) => x.g.right).length;
      const wrongCount = graded.length - rightCount;

      let removed = 0;
      let newRec = null;
      const state = updateState(function (s) {
        removed = updateNotebook(s, graded);
        if (record && safeKey(quiz.id)) {
          const old = currentResult(s, quiz.id, quiz.version);
          const date = today();
          if (!old) {
            newRec = { version: quiz.version, best: score, bestDate: date, last: score, attempts: 1, passed: passed };
          } else {
            newRec = {
              version: quiz.version,
              best: Math.max(old.best, score),
              bestDate: score > old.best ? date : old.bestDate,
              last: score,
              attempts: old.attempts + 1,
              passed: old.passed || passed,
            };
          }
          s.quizzes[quiz.id] = newRec;
        }
      });

      summary.textContent = "";
      summary.className = "cb-summary cb-summary--" + (passed ? "pass" : "fail");
      summary.append(
        h(
          "p",
          { class: "cb-score" },
          h("span", { class: "cb-score-text" }, "得分 " + score + " 分（及格线 " + quiz.passMark + " 分）"),
          " ",
          h("strong", { class: "cb-pass cb-pass--" + (passed ? "yes" : "no") }, passed ? "通过" : "未通过")
        ),
        h(
          "p",
          { class: "cb-score-detail" },
          "共 " + graded.length + " 题，完全答对 " + rightCount + " 题" + (unanswered ? "，" + unanswered + " 题未作答" : "") + "。" +
            (wrongCount ? "答错的题已收入错题本。" : "") +
            (removed ? removed + " 道题已连续答对两次，移出错题本。" : "")
        ),
        newRec ? h("p", { class: "cb-score-best" }, bestText(newRec)) : null,
        h("p", { class: "cb-score-hint" }, "每道题的解析见上方。")
      );
      submit.hidden = true;
      retry.hidden = false;
      showBest();
      summary.focus();
      if (opts.afterGrade) opts.afterGrade(state, graded, removed);
    }

    submit.addEventListener("click", grade);
    retry.addEventListener("click", function () {
      if (opts.beforeRetry && opts.beforeRetry() === false) return;
      start();
      announce("已开始新的作答。");
      const first = body.querySelector("input, button");
      if (first) first.focus();
      else body.focus();
    });
    start();
  }

  function initQuizzes() {
    for (const container of document.querySelectorAll(".cb-quiz[data-quiz]")) {
      if (container.hasAttribute("data-cb-ready")) continue;
      container.setAttribute("data-cb-ready", "");
      const id = container.getAttribute("data-quiz") || "";
      const quiz = normQuiz(readData(id, isQuizData), id);
      if (!quiz) {
        showError(container, "测验数据无法读取，请联系培训管理员。");
        continue;
      }
      mountQuiz(container, quiz, {});
    }
  }

  /* ------------------------------------------------------------------ *
   * 错题本 (mistake notebook)
   * ------------------------------------------------------------------ */

  function initNotebook() {
    for (const container of document.querySelectorAll(".cb-notebook")) {
      if (container.hasAttribute("data-cb-ready")) continue;
      container.setAttribute("data-cb-ready", "");
      const raw = readData("bank", isBankData);
      const bank = new Map();
      if (isObj(raw) && isObj(raw.questions)) {
        for (const k of Object.keys(raw.questions)) {
          const q = normQuestion(raw.questions[k], k);
          if (q) bank.set(k, q);
        }
      }
      renderNotebook(container, bank);
    }
  }

  // Notebook questions still in the bank at the same version; stale entries are dropped and saved.
  function notebookQuestions(bank) {
    const list = [];
    updateState(function (s) {
      for (const k of Object.keys(s.notebook)) {
        const q = bank.get(k);
        if (!q || q.version !== s.notebook[k].version) {
          delete s.notebook[k];
          continue;
        }
        list.push({ q: q, entry: s.notebook[k] });
      }
    });
    list.sort((a, b) => (a.entry.added < b.entry.added ? -1 : a.entry.added > b.entry.added ? 1 : 0));
    return list;
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
    const quiz = {
      id: "",
      title: "错题重练",
      kind: "practice",
      version: "",
      passMark: 60,
      description: null,
      questions: [],
      pools: [],
    };
    mountQuiz(quizBox, quiz, {
      record: false,
      questions: function () {
        return shuffle(notebookQuestions(bank).map((x) => x.q));
      },
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

  /* ------------------------------------------------------------------ *
   * Training tracks
   * ------------------------------------------------------------------ */

  function normTrack(raw, fallbackId) {
    if (!isObj(raw) || !Array.isArray(raw.modules)) return null;
    const modules = [];
    for (const m of raw.modules) {
      if (!isObj(m)) continue;
      const items = [];
      if (Array.isArray(m.items)) {
        for (const it of m.items) {
          if (!isObj(it)) continue;
          const kind = it.kind === "quiz" || it.kind === "case" ? it.kind : "page";
          items.push({
            kind: kind,
            title: str(it.title),
            url: str(it.url),
            quiz: str(it.quiz) || null,
            version: str(it.version) || null,
            path: str(it.path),
          });
        }
      }
      modules.push({ title: str(m.title), description: str(m.description) || null, items: items });
    }
    let finalExam = null;
    if (isObj(raw.finalExam) && str(raw.finalExam.id)) {
      const pm = clampScore(raw.finalExam.passMark);
      finalExam = {
        id: str(raw.finalExam.id),
        title: str(raw.finalExam.title) || "结业考试",
        url: str(raw.finalExam.url),
        passMark: pm === null ? 60 : pm,
        version: str(raw.finalExam.version) || null,
      };
    }
    return {
      id: str(raw.id) || fallbackId,
      title: str(raw.title),
      version: str(raw.version),
      url: str(raw.url) || null,
      modules: modules,
      finalExam: finalExam,
    };
  }

  function itemPath(item) {
    if (item.path) return normPath(item.path);
    if (!item.url) return null;
    try {
      return sitePathOf(new URL(pageHref(item.url), location.href));
    } catch (e) {
      return null;
    }
  }

  function itemStatus(state, item) {
    if (item.kind === "quiz" && item.quiz) {
      const rec = currentResult(state, item.quiz, item.version);
      return { done: !!(rec && rec.passed), rec: rec };
    }
    const p = itemPath(item);
    return { done: p !== null && p in state.visited, rec: null };
  }

  function examResult(state, track) {
    if (!track.finalExam) return null;
    return currentResult(state, track.finalExam.id, track.finalExam.version);
  }

  function trackProgress(state, track) {
    let total = 0;
    let done = 0;
    const modules = track.modules.map(function (m) {
      const statuses = m.items.map((it) => itemStatus(state, it));
      const quizItems = m.items.filter((it) => it.kind === "quiz" && it.quiz);
      const complete = quizItems.length
        ? m.items.every((it, i) => !(it.kind === "quiz" && it.quiz) || statuses[i].done)
        : statuses.every((s) => s.done);
      total += statuses.length;
      done += statuses.filter((s) => s.done).length;
      return { module: m, statuses: statuses, complete: complete };
    });
    const exam = examResult(state, track);
    const examPassed = !!(exam && exam.passed);
    if (track.finalExam) {
      total += 1;
      if (examPassed) done += 1;
    }
    const percent = total ? Math.round((100 * done) / total) : 0;
    return { modules: modules, total: total, done: done, percent: percent, exam: exam, examPassed: examPassed };
  }

  function progressBar(percent, label, valueText) {
    const bar = h("div", {
      class: "cb-progress",
      role: "progressbar",
      "aria-valuemin": "0",
      "aria-valuemax": "100",
      "aria-valuenow": String(percent),
      "aria-valuetext": valueText,
      "aria-label": label,
    });
    const fill = h("div", { class: "cb-progress-fill" });
    fill.style.width = percent + "%";
    bar.appendChild(fill);
    return bar;
  }

  function initTracks() {
    for (const container of document.querySelectorAll(".cb-track[data-track]")) {
      if (container.hasAttribute("data-cb-ready")) continue;
      container.setAttribute("data-cb-ready", "");
      const id = container.getAttribute("data-track") || "";
      const track = normTrack(readData(id, isTrackData), id);
      if (!track) {
        showError(container, "培训路线数据无法读取，请联系培训管理员。");
        continue;
      }
      renderTrack(container, track);
    }
  }

  function renderTrack(container, track) {
    container.textContent = "";
    const state = loadState();
    const pr = trackProgress(state, track);
    const level = headingLevelFor(container);
    const hx = "h" + level;
    const hy = "h" + Math.min(6, level + 1);
    const valueText = "已完成 " + pr.done + "/" + pr.total + " 项（" + pr.percent + "%）";

    container.appendChild(
      h(
        "div",
        { class: "cb-track-overall" },
        h("p", { class: "cb-track-progress-text" }, "学习进度：" + valueText),
        progressBar(pr.percent, "学习进度", valueText)
      )
    );

    const list = h("ol", { class: "cb-modules" });
    pr.modules.forEach(function (mp, mi) {
      const m = mp.module;
      const status = mp.complete ? "已完成" : "进行中";
      const li = h(
        "li",
        { class: "cb-module " + (mp.complete ? "cb-module--done" : "cb-module--active") },
        h(
          hx,
          { class: "cb-module-title" },
          // Titles like "第一单元 服务规范" already carry their number.
          /^第\S*单元/.test(m.title) ? null : h("span", { class: "cb-module-num" }, "第 " + (mi + 1) + " 单元 "),
          m.title,
          " ",
          h("span", { class: "cb-status cb-status--" + (mp.complete ? "done" : "active") }, status)
        ),
        m.description ? h("p", { class: "cb-module-desc" }, m.description) : null
      );
      const items = h("ul", { class: "cb-items" });
      m.items.forEach(function (it, ii) {
        const st = mp.statuses[ii];
        const extra = [];
        if (it.kind === "quiz") {
          if (st.rec) extra.push(bestText(st.rec) + (st.rec.passed ? " · 已通过" : " · 未通过"));
          else extra.push("未作答");
        }
        items.appendChild(
          h(
            "li",
            { class: "cb-item cb-item--" + it.kind + (st.done ? " cb-item--done" : "") },
            h("span", { class: "cb-check", "aria-hidden": "true" }, st.done ? "✓" : ""),
            h("span", { class: "cb-sr-only" }, st.done ? "已完成：" : "未完成："),
            h("span", { class: "cb-item-kind" }, KIND_LABELS[it.kind] || ""),
            " ",
            it.url ? h("a", { href: pageHref(it.url) }, it.title) : h("span", null, it.title),
            extra.length ? h("span", { class: "cb-item-extra" }, " " + extra.join(" ")) : null
          )
        );
      });
      li.appendChild(items);
      list.appendChild(li);
    });
    container.appendChild(list);

    if (track.finalExam) {
      const fe = track.finalExam;
      const exam = pr.exam;
      container.appendChild(
        h(
          "section",
          { class: "cb-final " + (pr.examPassed ? "cb-final--passed" : "") },
          h(
            hx,
            { class: "cb-final-title" },
            "结业考试 ",
            h("span", { class: "cb-status cb-status--" + (pr.examPassed ? "done" : "active") }, pr.examPassed ? "已通过" : "未通过")
          ),
          h(
            "p",
            null,
            h("span", { class: "cb-check", "aria-hidden": "true" }, pr.examPassed ? "✓" : ""),
            fe.url ? h("a", { href: pageHref(fe.url) }, fe.title) : fe.title,
            " · 及格线 " + fe.passMark + " 分",
            exam ? " · " + bestText(exam) : " · 未参加"
          ),
          pr.examPassed ? null : h("p", { class: "cb-hint" }, "通过结业考试后，可以在这里填写姓名，生成并打印结业记录。")
        )
      );
      if (pr.examPassed) container.appendChild(completionSection(track, pr, state, hx, hy));
    }
  }

  function trackQuizRows(state, track) {
    const rows = [];
    const seen = new Set();
    for (const m of track.modules) {
      for (const it of m.items) {
        if (it.kind !== "quiz" || !it.quiz || seen.has(it.quiz)) continue;
        seen.add(it.quiz);
        rows.push({ id: it.quiz, title: it.title, kind: "单元测验", module: m.title, rec: currentResult(state, it.quiz, it.version) });
      }
    }
    if (track.finalExam) {
      rows.push({
        id: track.finalExam.id,
        title: track.finalExam.title,
        kind: "结业考试",
        module: "",
        rec: currentResult(state, track.finalExam.id, track.finalExam.version),
      });
    }
    return rows;
  }

  function csvField(v) {
    let s = v === null || v === undefined ? "" : String(v);
    // Keep spreadsheet programs from treating a typed name as a formula.
    if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }

  function download(filename, text, type) {
    const blob = new Blob([text], { type: type });
    const url = URL.createObjectURL(blob);
    const a = h("a", { href: url, download: filename, class: "cb-sr-only", tabindex: "-1" });
    // Keep Material's instant navigation from seeing this click.
    a.addEventListener("click", (ev) => ev.stopPropagation());
    document.body.appendChild(a);
    a.click();
    // Remove the text-less helper link at once (screen readers would meet an unnamed link);
    // only the blob URL has to live on until the download has started.
    a.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  function completionSection(track, pr, state, hx, hy) {
    const section = h("section", { class: "cb-completion", "aria-labelledby": uid("ct") });
    const titleId = section.getAttribute("aria-labelledby");
    section.appendChild(h(hx, { class: "cb-completion-title", id: titleId }, "结业记录"));
    section.appendChild(h("p", { class: "cb-note" }, NOTE));

    const stored = state.completions[track.id];
    const inputId = uid("name");
    const errId = inputId + "-err";
    const input = h("input", {
      type: "text",
      id: inputId,
      class: "cb-name-input",
      autocomplete: "name",
      maxlength: "40",
      "aria-describedby": errId,
    });
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
      const st = loadState();
      const exam = examResult(st, track);
      const prev = st.completions[track.id];
      const date = (prev && prev.date) || (exam && exam.bestDate) || today();
      const score = exam ? exam.best : null;
      updateState(function (s) {
        s.completions[track.id] = { name: name, date: date, score: score };
      });
      const rows = trackQuizRows(st, track);
      recordBox.textContent = "";
      recordBox.appendChild(recordView(track, name, date, score, rows, hy, focus));
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

  function recordView(track, name, date, score, rows, hy, focus) {
    const fe = track.finalExam;
    const record = h("div", { class: "cb-record", tabindex: "-1" });
    const titleId = uid("rt");
    record.setAttribute("aria-labelledby", titleId);
    record.setAttribute("role", "region");
    record.appendChild(h(hy, { class: "cb-record-title", id: titleId }, "培训结业记录"));
    record.appendChild(
      h(
        "dl",
        { class: "cb-record-fields" },
        h("div", null, h("dt", null, "姓名"), h("dd", { class: "cb-record-name" }, name)),
        h("div", null, h("dt", null, "培训路线"), h("dd", { class: "cb-record-track" }, track.title)),
        h("div", null, h("dt", null, "完成日期"), h("dd", { class: "cb-record-date" }, date)),
        h(
          "div",
          null,
          h("dt", null, "结业考试成绩"),
          h("dd", { class: "cb-record-score" }, (score === null ? "—" : score + " 分") + (fe ? "（及格线 " + fe.passMark + " 分）" : ""))
        )
      )
    );
    const cols = ["测验", "类型", "最好成绩", "最好成绩日期", "最近成绩", "作答次数", "是否通过"];
    // data-label lets the phone layout show each cell with its column name.
    const cell = (i, text) => h("td", { "data-label": cols[i] }, text);
    const table = h(
      "table",
      { class: "cb-record-table" },
      h("caption", null, "各项测验成绩"),
      h("thead", null, h("tr", null, cols.map((t) => h("th", { scope: "col" }, t)))),
      h(
        "tbody",
        null,
        rows.map((r) =>
          h(
            "tr",
            null,
            h("th", { scope: "row" }, r.title || r.id),
            cell(1, r.kind),
            cell(2, r.rec ? r.rec.best + " 分" : "—"),
            cell(3, r.rec ? r.rec.bestDate || "—" : "—"),
            cell(4, r.rec ? r.rec.last + " 分" : "—"),
            cell(5, r.rec ? String(r.rec.attempts) : "0"),
            cell(6, r.rec && r.rec.passed ? "是" : "否")
          )
        )
      )
    );
    record.appendChild(table);
    record.appendChild(h("p", { class: "cb-note" }, NOTE));

    const base = "casebook-" + track.id + "-" + date;
    function csv() {
      const lines = [["姓名", "培训路线", "测验编号", "测验", "类型", "最好成绩", "最好成绩日期", "最近成绩", "作答次数", "是否通过", "完成日期"]];
      for (const r of rows) {
        lines.push([
          name,
          track.title,
          r.id,
          r.title,
          r.kind,
          r.rec ? r.rec.best : "",
          r.rec ? r.rec.bestDate : "",
          r.rec ? r.rec.last : "",
          r.rec ? r.rec.attempts : 0,
          r.rec && r.rec.passed ? "是" : "否",
          date,
        ]);
      }
      lines.push([]);
      lines.push(["说明", NOTE]);
      return "\uFEFF" + lines.map((l) => l.map(csvField).join(",")).join("\r\n") + "\r\n";
    }
    function json() {
      return JSON.stringify(
        {
          schema: SCHEMA,
          name: name,
          track: { id: track.id, title: track.title, version: track.version },
          completed: date,
          finalExam: fe ? { id: fe.id, title: fe.title, passMark: fe.passMark, score: score } : null,
          quizzes: rows.map((r) => ({
            id: r.id,
            title: r.title,
            kind: r.kind,
            best: r.rec ? r.rec.best : null,
            bestDate: r.rec ? r.rec.bestDate : null,
            last: r.rec ? r.rec.last : null,
            attempts: r.rec ? r.rec.attempts : 0,
            passed: !!(r.rec && r.rec.passed),
          })),
          note: NOTE,
          exported: new Date().toISOString(),
        },
        null,
        2
      );
    }
    record.appendChild(
      h(
        "div",
        { class: "cb-record-actions" },
        h("button", { type: "button", class: "cb-btn cb-btn--primary", onclick: printRecord }, "打印"),
        h("button", { type: "button", class: "cb-btn", onclick: () => download(base + ".csv", csv(), "text/csv;charset=utf-8") }, "下载 CSV"),
        h("button", { type: "button", class: "cb-btn", onclick: () => download(base + ".json", json(), "application/json") }, "下载 JSON")
      )
    );
    if (focus) window.setTimeout(() => record.focus(), 0);
    return record;
  }

  function printRecord() {
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

  function initTrackSummaries() {
    const containers = Array.from(document.querySelectorAll(".cb-tracks-summary")).filter(
      (c) => !c.hasAttribute("data-cb-ready")
    );
    if (!containers.length) return;
    const tracks = allTrackData()
      .map((d) => normTrack(d.data, d.id))
      .filter(Boolean);
    const state = loadState();
    for (const container of containers) {
      container.setAttribute("data-cb-ready", "");
      container.textContent = "";
      if (!tracks.length) {
        container.appendChild(h("p", { class: "cb-hint" }, "暂无培训路线。"));
        continue;
      }
      const list = h("ul", { class: "cb-tracks-list" });
      for (const t of tracks) {
        const pr = trackProgress(state, t);
        const valueText = "已完成 " + pr.done + "/" + pr.total + " 项（" + pr.percent + "%）";
        list.appendChild(
          h(
            "li",
            { class: "cb-track-line" + (pr.examPassed ? " cb-track-line--done" : ""), "data-track": t.id },
            h(
              "p",
              { class: "cb-track-line-text" },
              t.url ? h("a", { href: pageHref(t.url) }, t.title) : h("strong", null, t.title),
              "：" + valueText + (pr.examPassed ? " · 已结业" : "")
            ),
            progressBar(pr.percent, t.title + " 学习进度", valueText)
          )
        );
      }
      container.appendChild(list);
    }
  }

  /* ------------------------------------------------------------------ *
   * Start-up: Material's document$ on every (instant) page load; plain DOM otherwise.
   * ------------------------------------------------------------------ */

  function init() {
    const steps = [recordVisit, initQuizzes, initNotebook, initTracks, initTrackSummaries];
    for (const step of steps) {
      try {
        step();
      } catch (e) {
        // One broken part must not stop the others (or the page).
        if (window.console) window.console.error("casebook:", e);
      }
    }
  }

  function start() {
    const obs = window.document$;
    if (obs && typeof obs.subscribe === "function") {
      obs.subscribe(init);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", init, { once: true });
    } else {
      init();
    }
  }

  start();
})();

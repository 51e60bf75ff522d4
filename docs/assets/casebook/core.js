/* 案例通 (casebook) browser engine: the shared namespace and small pure helpers.
 *
 * The engine is a set of plain classic scripts (no bundler, no modules, works from file://),
 * loaded in the order mkdocs.yml lists them. Each adds its functions to one namespace,
 * window.Casebook; in node (`node --test tests/js/unit/`) each file also exports that namespace,
 * so the pure logic is tested without a browser. Nothing here touches the DOM at load time.
 * The page data, stored state and result files are described in generator/casebook/CONTRACT.md.
 */
(function (CB) {
  "use strict";

  const NOTE = "成绩由学员在本机浏览器中自行记录，仅供培训参考，不作为正式考核凭证。";

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
  const KIND_LABELS = { page: "阅读", case: "案例", quiz: "测验", roleplay: "情景演练" };

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

  function pad2(n) {
    return String(n).padStart(2, "0");
  }

  // The local calendar date as YYYY-MM-DD (what a trainee reads as "today").
  function today(now) {
    const d = now || new Date();
    return d.getFullYear() + "-" + pad2(d.getMonth() + 1) + "-" + pad2(d.getDate());
  }

  // Fisher-Yates in place; `random` is injectable so tests can draw deterministically.
  function shuffle(list, random) {
    const rnd = random || Math.random;
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      const t = list[i];
      list[i] = list[j];
      list[j] = t;
    }
    return list;
  }

  Object.assign(CB, {
    NOTE: NOTE,
    TYPE_ALIASES: TYPE_ALIASES,
    TYPE_LABELS: TYPE_LABELS,
    KIND_LABELS: KIND_LABELS,
    isObj: isObj,
    str: str,
    dict: dict,
    safeKey: safeKey,
    clampScore: clampScore,
    today: today,
    shuffle: shuffle,
  });
  if (typeof module !== "undefined") module.exports = CB;
})(typeof window !== "undefined" ? (window.Casebook = window.Casebook || {}) : {});

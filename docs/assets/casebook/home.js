/* The learner's overview on the home page (<div class="cb-home">, render/home.py): for each
 * started track its progress and a 继续学习 link to the next required item, and the 错题本's
 * reviews due today. A first visit keeps the generator's hint, drawn the same way with a link,
 * so nothing on the page moves. Pure parts (homeSummary, nextStep) are unit-tested. */
(function (CB) {
  "use strict";

  const h = CB.h;

  const isHomeData = (d) => CB.isObj(d) && CB.isObj(d.versions);

  function normHome(raw) {
    const urls = CB.dict();
    if (Array.isArray(raw.tracks)) {
      for (const t of raw.tracks) if (CB.isObj(t) && CB.safeKey(t.id) && typeof t.url === "string") urls[t.id] = t.url;
    }
    const versions = CB.dict();
    for (const k of Object.keys(raw.versions)) if (CB.safeKey(k) && typeof raw.versions[k] === "string") versions[k] = raw.versions[k];
    return { trackUrls: urls, notebook: typeof raw.notebook === "string" ? raw.notebook : "", versions: versions };
  }

  // Where to go on: the first required item not done, else the final exam until it is passed.
  function nextStep(track, pr) {
    if (pr.missing.length) return pr.missing[0].item;
    if (track.finalExam && !pr.examPassed) return { kind: "exam", title: track.finalExam.title, url: track.finalExam.url };
    return null;
  }

  // A track is started once anything on it was done or tried.
  function started(pr) {
    return pr.done > 0 || !!pr.exam || pr.modules.some((m) => m.statuses.some((s) => s.rec));
  }

  /* Everything the overview shows, from the stored state: the started tracks with required
   * items done/total, status and the next step, and the 错题本's status on `day`. */
  function homeSummary(state, tracks, versions, day) {
    const lines = [];
    for (const track of tracks) {
      const pr = CB.trackProgress(state, track);
      if (!started(pr)) continue;
      let required = 0;
      for (const mp of pr.modules) required += mp.module.items.filter((it) => it.required).length;
      const status = pr.complete ? "已结业" : pr.missing.length ? "进行中" : "必修已完成，待通过结业考试";
      lines.push({ track: track, done: required - pr.missing.length, required: required, status: status, next: nextStep(track, pr) });
    }
    return { tracks: lines, notebook: CB.notebookStatus(state, (k) => versions[k], day) };
  }

  function link(url, text) {
    return url ? h("a", { href: CB.pageHref(url) }, text) : h("span", null, text);
  }

  function trackLine(line, url) {
    const t = line.track;
    const text = "必修内容已完成 " + line.done + "/" + line.required + " 项";
    const percent = line.required ? Math.round((100 * line.done) / line.required) : 100;
    return h(
      "li",
      { class: "cb-home-track", "data-track": t.id },
      h(
        "p",
        { class: "cb-home-track-text" },
        link(url, t.title),
        "：" + text + " · ",
        h("span", { class: "cb-home-status" }, line.status)
      ),
      CB.progressBar(percent, t.title + " 必修内容进度", text),
      line.next
        ? h("p", { class: "cb-home-next" }, "继续学习：", link(line.next.url, line.next.title))
        : null
    );
  }

  function notebookLine(nb, url) {
    if (!nb.total) return null;
    const text = nb.due
      ? ["错题本：今天有 ", h("strong", null, String(nb.due)), " 道题待复习。", link(url, "去复习")]
      : ["错题本：今天没有待复习的题" + (nb.next ? "，下一次复习在 " + nb.next + "。" : "。"), link(url, "打开错题本")];
    return h("p", { class: "cb-home-review" + (nb.due ? " cb-home-review--due" : "") }, text);
  }

  function render(container, data, tracks) {
    const sum = homeSummary(CB.loadState(), tracks, data.versions, CB.today());
    if (!sum.tracks.length && !sum.notebook.total) {
      // A first visit: the same hint as the generator's, its track title now a link.
      const first = tracks[0];
      const hint = container.querySelector(".cb-home-hint");
      if (hint && first) {
        hint.textContent = "";
        hint.append("第一次来？建议从“", link(data.trackUrls[first.id], first.title), "”开始。学习进度和待复习的错题只保存在你自己的浏览器中，会显示在这里。");
      }
      return;
    }
    container.textContent = "";
    container.classList.add("cb-home--back");
    container.appendChild(h("p", { class: "cb-home-title" }, "欢迎回来"));
    if (sum.tracks.length) container.appendChild(h("ul", { class: "cb-home-tracks" }, sum.tracks.map((l) => trackLine(l, data.trackUrls[l.track.id]))));
    const nb = notebookLine(sum.notebook, data.notebook);
    if (nb) container.appendChild(nb);
  }

  function initHome() {
    for (const container of document.querySelectorAll(".cb-home")) {
      if (container.hasAttribute("data-cb-ready")) continue;
      container.setAttribute("data-cb-ready", "");
      const raw = CB.readData("home", isHomeData);
      if (!raw) continue; // no data: the generator's hint stays
      const tracks = CB.allTrackData()
        .map((d) => CB.normTrack(d.data, d.id))
        .filter(Boolean);
      render(container, normHome(raw), tracks);
    }
  }

  Object.assign(CB, { isHomeData: isHomeData, normHome: normHome, homeSummary: homeSummary, initHome: initHome });
  if (typeof module !== "undefined") module.exports = CB;
})(typeof module !== "undefined" ? (require("./tracks.js"), require("./notebook.js"), require("./core.js")) : window.Casebook);

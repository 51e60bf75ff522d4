/* Training tracks: progress per module and item, drawn on the track page and summarised on the
 * training index. Progress is computed by pure functions of the stored state and the track data. */
(function (CB) {
  "use strict";

  const h = CB.h;

  // The site path of an item's page: from the data when given, else from its URL (needs the DOM).
  function itemPath(item) {
    if (item.path) return CB.normPath(item.path);
    if (!item.url) return null;
    try {
      return CB.sitePathOf(new URL(CB.pageHref(item.url), location.href));
    } catch (e) {
      return null;
    }
  }

  // Whether an item is done, and since when: a quiz when passed, a page or case once opened.
  function itemStatus(state, item) {
    if (item.kind === "quiz" && item.quiz) {
      const rec = CB.currentResult(state, item.quiz, item.version);
      const done = !!(rec && rec.passed);
      return { done: done, rec: rec, date: done ? rec.passedDate || rec.bestDate : "" };
    }
    const p = itemPath(item);
    const done = p !== null && p in state.visited;
    return { done: done, rec: null, date: done ? state.visited[p] : "" };
  }

  function examResult(state, track) {
    if (!track.finalExam) return null;
    return CB.currentResult(state, track.finalExam.id, track.finalExam.version);
  }

  const MODULE_STATUS = { todo: "未开始", active: "进行中", done: "已完成" };

  function moduleState(m, statuses) {
    const required = m.items.map((it) => it.required);
    const complete = required.some(Boolean) ? statuses.every((s, i) => !required[i] || s.done) : statuses.every((s) => s.done);
    if (complete && statuses.length) return "done";
    return statuses.some((s) => s.done || s.rec) ? "active" : "todo";
  }

  /* Progress on a track. The completion record unlocks (`complete`) only when every required
   * item is done and the final exam is passed; `missing` lists the required items not done. */
  function trackProgress(state, track) {
    let total = 0;
    let done = 0;
    const missing = [];
    const modules = track.modules.map(function (m) {
      const statuses = m.items.map((it) => itemStatus(state, it));
      m.items.forEach((it, i) => it.required && !statuses[i].done && missing.push({ module: m, item: it }));
      total += statuses.length;
      done += statuses.filter((s) => s.done).length;
      const st = moduleState(m, statuses);
      return { module: m, statuses: statuses, state: st, status: MODULE_STATUS[st], complete: st === "done" };
    });
    const exam = examResult(state, track);
    const examPassed = !!(exam && exam.passed);
    if (track.finalExam) {
      total += 1;
      if (examPassed) done += 1;
    }
    const percent = total ? Math.round((100 * done) / total) : 0;
    return {
      modules: modules,
      total: total,
      done: done,
      percent: percent,
      exam: exam,
      examPassed: examPassed,
      examStatus: !exam ? "未参加" : examPassed ? "已通过" : "未通过",
      missing: missing,
      complete: !!track.finalExam && examPassed && missing.length === 0,
    };
  }

  function progressText(pr) {
    return "已完成 " + pr.done + "/" + pr.total + " 项（" + pr.percent + "%）";
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
      const track = CB.normTrack(CB.readData(id, CB.isTrackData), id);
      if (!track) {
        CB.showError(container, "培训路线数据无法读取，请联系培训管理员。");
        continue;
      }
      renderTrack(container, track);
    }
  }

  function itemLine(it, st) {
    const extra = [];
    if (it.kind === "quiz") {
      if (st.rec) extra.push(CB.bestText(st.rec) + (st.rec.passed ? " · 已通过" : " · 未通过"));
      else extra.push("未作答");
    }
    return h(
      "li",
      { class: "cb-item cb-item--" + it.kind + (st.done ? " cb-item--done" : "") },
      h("span", { class: "cb-check", "aria-hidden": "true" }, st.done ? "✓" : ""),
      h("span", { class: "cb-sr-only" }, st.done ? "已完成：" : "未完成："),
      h("span", { class: "cb-item-kind" }, CB.KIND_LABELS[it.kind] || ""),
      " ",
      it.url ? h("a", { href: CB.pageHref(it.url) }, it.title) : h("span", null, it.title),
      it.required ? null : h("span", { class: "cb-item-optional" }, it.kind === "roleplay" ? "（观察员评分，不计入结业条件）" : "（选学）"),
      extra.length ? h("span", { class: "cb-item-extra" }, " " + extra.join(" ")) : null
    );
  }

  function moduleBlock(mp, mi, hx) {
    const m = mp.module;
    const li = h(
      "li",
      { class: "cb-module cb-module--" + mp.state },
      h(
        hx,
        { class: "cb-module-title" },
        // Titles like "第一单元 服务规范" already carry their number.
        /^第\S*单元/.test(m.title) ? null : h("span", { class: "cb-module-num" }, "第 " + (mi + 1) + " 单元 "),
        m.title,
        " ",
        h("span", { class: "cb-status cb-status--" + mp.state }, mp.status)
      ),
      m.description ? h("p", { class: "cb-module-desc" }, m.description) : null
    );
    li.appendChild(h("ul", { class: "cb-items" }, m.items.map((it, ii) => itemLine(it, mp.statuses[ii]))));
    return li;
  }

  // What still stands between the trainee and the completion record.
  function lockedHint(pr) {
    if (!pr.missing.length) return h("p", { class: "cb-hint" }, "通过结业考试后，可以在这里填写姓名，生成并打印结业记录。");
    const shown = pr.missing.slice(0, 8);
    return h(
      "div",
      { class: "cb-locked" },
      h(
        "p",
        { class: "cb-hint" },
        (pr.examPassed ? "结业考试已通过。" : "") + "还有 " + pr.missing.length + " 项必修内容没有完成；全部完成" +
          (pr.examPassed ? "" : "并通过结业考试") + "后，才能生成结业记录："
      ),
      h(
        "ul",
        { class: "cb-missing" },
        shown.map((x) => h("li", null, x.item.url ? h("a", { href: CB.pageHref(x.item.url) }, x.item.title) : x.item.title)),
        pr.missing.length > shown.length ? h("li", null, "……另有 " + (pr.missing.length - shown.length) + " 项") : null
      )
    );
  }

  function finalExamBlock(fe, pr, hx) {
    const exam = pr.exam;
    const st = !exam ? "todo" : pr.examPassed ? "done" : "failed";
    return h(
      "section",
      { class: "cb-final " + (pr.examPassed ? "cb-final--passed" : "") },
      h(hx, { class: "cb-final-title" }, "结业考试 ", h("span", { class: "cb-status cb-status--" + st }, pr.examStatus)),
      h(
        "p",
        null,
        h("span", { class: "cb-check", "aria-hidden": "true" }, pr.examPassed ? "✓" : ""),
        fe.url ? h("a", { href: CB.pageHref(fe.url) }, fe.title) : fe.title,
        " · 及格线 " + fe.passMark + " 分",
        exam ? " · " + CB.bestText(exam) : ""
      ),
      pr.complete ? null : lockedHint(pr)
    );
  }

  function renderTrack(container, track) {
    container.textContent = "";
    const state = CB.loadState();
    const pr = trackProgress(state, track);
    const level = CB.headingLevelFor(container);
    const hx = "h" + level;
    const hy = "h" + Math.min(6, level + 1);
    const valueText = progressText(pr);
    container.appendChild(
      h(
        "div",
        { class: "cb-track-overall" },
        h("p", { class: "cb-track-progress-text" }, "学习进度：" + valueText),
        progressBar(pr.percent, "学习进度", valueText)
      )
    );
    container.appendChild(h("ol", { class: "cb-modules" }, pr.modules.map((mp, mi) => moduleBlock(mp, mi, hx))));
    if (track.finalExam) {
      container.appendChild(finalExamBlock(track.finalExam, pr, hx));
      if (pr.complete) container.appendChild(CB.completionSection(track, pr, state, hx, hy));
    }
  }

  function initTrackSummaries() {
    const containers = Array.from(document.querySelectorAll(".cb-tracks-summary")).filter((c) => !c.hasAttribute("data-cb-ready"));
    if (!containers.length) return;
    const tracks = CB.allTrackData()
      .map((d) => CB.normTrack(d.data, d.id))
      .filter(Boolean);
    const state = CB.loadState();
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
        const valueText = progressText(pr);
        list.appendChild(
          h(
            "li",
            { class: "cb-track-line" + (pr.complete ? " cb-track-line--done" : ""), "data-track": t.id },
            h(
              "p",
              { class: "cb-track-line-text" },
              t.url ? h("a", { href: CB.pageHref(t.url) }, t.title) : h("strong", null, t.title),
              "：" + valueText + (pr.complete ? " · 已结业" : "")
            ),
            progressBar(pr.percent, t.title + " 学习进度", valueText)
          )
        );
      }
      container.appendChild(list);
    }
  }

  Object.assign(CB, {
    itemStatus: itemStatus,
    trackProgress: trackProgress,
    examResult: examResult,
    progressBar: progressBar,
    initTracks: initTracks,
    initTrackSummaries: initTrackSummaries,
  });
  if (typeof module !== "undefined") module.exports = CB;
})(typeof module !== "undefined" ? (require("./paths.js"), require("./grade.js"), require("./core.js")) : window.Casebook);

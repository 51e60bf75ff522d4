import assert from "node:assert/strict";
import { describe, test } from "node:test";
import CB from "./engine.js";

const track = CB.normTrack(
  {
    id: "t",
    title: "示例路线",
    modules: [
      {
        title: "第一单元",
        items: [
          { kind: "page", title: "服务规范", url: "knowledge/a/", path: "knowledge/a/", required: true },
          { kind: "case", title: "选学案例", url: "cases/b/", path: "cases/b/", required: false },
          { kind: "quiz", title: "单元测验", url: "quizzes/q/", path: "quizzes/q/", quiz: "q", version: "v1", required: true },
        ],
      },
    ],
    finalExam: { id: "final", title: "结业考试", url: "quizzes/final/", passMark: 80, version: "f1" },
  },
  "t"
);
const passed = (version) => ({ version, best: 90, bestDate: "2026-03-01", last: 90, attempts: 1, passed: true, passedDate: "2026-03-01", outcomes: [] });
const line = (state) => CB.homeSummary(state, [track], {}, "2026-03-02").tracks;

describe("home overview", () => {
  test("a track nothing was done on is not shown", () => {
    const s = CB.emptyState();
    s.visited["cases/other/"] = "2026-03-01";
    assert.deepEqual(line(s), []);
  });

  test("a started track counts required items only and points to the first one not done", () => {
    const s = CB.emptyState();
    s.visited["cases/b/"] = "2026-03-01"; // the elective: started, but no required item done
    let [l] = line(s);
    assert.deepEqual([l.done, l.required, l.status, l.next.title], [0, 2, "进行中", "服务规范"]);
    s.visited["knowledge/a/"] = "2026-03-01";
    [l] = line(s);
    assert.deepEqual([l.done, l.next.title, l.next.url], [1, "单元测验", "quizzes/q/"]);
  });

  test("a failed quiz attempt alone starts the track", () => {
    const s = CB.emptyState();
    s.quizzes.q = { ...passed("v1"), passed: false, passedDate: "" };
    assert.equal(line(s)[0].next.title, "服务规范");
  });

  test("with every required item done the final exam is next; passed, the track is 已结业", () => {
    const s = CB.emptyState();
    s.visited["knowledge/a/"] = "2026-03-01";
    s.quizzes.q = passed("v1");
    let [l] = line(s);
    assert.deepEqual([l.done, l.status, l.next.title, l.next.url], [2, "必修已完成，待通过结业考试", "结业考试", "quizzes/final/"]);
    s.quizzes.final = passed("f1");
    [l] = line(s);
    assert.deepEqual([l.status, l.next], ["已结业", null]);
  });

  test("a quiz passed at an older version is not done", () => {
    const s = CB.emptyState();
    s.visited["knowledge/a/"] = "2026-03-01";
    s.quizzes.q = passed("v0");
    assert.equal(line(s)[0].next.title, "单元测验");
  });

  test("home data is cleaned: unsafe keys and wrong types are dropped", () => {
    const raw = JSON.parse('{"tracks":[{"id":"__proto__","url":"x"},{"id":"t","url":3},{"id":"u","url":"training/u/"}],"notebook":5,"versions":{"a/1":"v","__proto__":"v","a/2":7}}');
    const home = CB.normHome(raw);
    assert.deepEqual({ ...home.trackUrls }, { u: "training/u/" });
    assert.deepEqual({ ...home.versions }, { "a/1": "v" });
    assert.equal(home.notebook, "");
    assert.equal(CB.isHomeData({ tracks: [] }), false);
  });
});

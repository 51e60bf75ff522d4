import assert from "node:assert/strict";
import { describe, test } from "node:test";
import CB from "./engine.js";

// A track of two modules (the second elective) and a final exam.
const track = CB.normTrack(
  {
    id: "t",
    title: "路线",
    modules: [
      {
        title: "第一单元",
        items: [
          { kind: "page", title: "规范", path: "knowledge/a/", required: true },
          { kind: "case", title: "案例", path: "cases/b/", required: false },
          { kind: "quiz", title: "测验", path: "quizzes/c/", quiz: "c", version: "v", required: true },
        ],
      },
      { title: "第二单元", items: [{ kind: "case", title: "选修案例", path: "cases/d/", required: false }] },
    ],
    finalExam: { id: "final", title: "结业考试", passMark: 80, version: "e" },
  },
  "t"
);

function state({ visited = {}, quizzes = {} } = {}) {
  return CB.sanitize({ schema: CB.SCHEMA, visited, quizzes });
}

const passed = (version, date) => ({ version, best: 90, bestDate: date, last: 90, attempts: 1, passed: true, passedDate: date });
const failed = (version) => ({ version, best: 40, bestDate: "2026-03-01", last: 40, attempts: 1, passed: false });

describe("track progress and completion", () => {
  test("nothing done: every module 未开始, the exam 未参加, the record locked", () => {
    const pr = CB.trackProgress(state(), track);
    assert.deepEqual(pr.modules.map((m) => m.status), ["未开始", "未开始"]);
    assert.equal(pr.examStatus, "未参加");
    assert.deepEqual([pr.done, pr.total, pr.complete], [0, 5, false]);
    assert.deepEqual(pr.missing.map((x) => x.item.title), ["规范", "测验"]);
  });

  test("a failed quiz starts the module and a failed exam reads 未通过", () => {
    const pr = CB.trackProgress(state({ quizzes: { c: failed("v"), final: failed("e") } }), track);
    assert.deepEqual([pr.modules[0].status, pr.examStatus, pr.complete], ["进行中", "未通过", false]);
  });

  test("one item done and the exam passed: the record stays locked", () => {
    const pr = CB.trackProgress(state({ visited: { "knowledge/a/": "2026-03-01" }, quizzes: { final: passed("e", "2026-03-02") } }), track);
    assert.deepEqual([pr.examPassed, pr.complete], [true, false]);
    assert.deepEqual(pr.missing.map((x) => x.item.title), ["测验"]);
    assert.equal(pr.modules[0].status, "进行中");
  });

  test("every required item done and the exam passed: unlocked, electives not needed", () => {
    const s = state({ visited: { "knowledge/a/": "2026-03-01" }, quizzes: { c: passed("v", "2026-03-01"), final: passed("e", "2026-03-02") } });
    const pr = CB.trackProgress(s, track);
    assert.deepEqual([pr.complete, pr.modules[0].status, pr.modules[1].status], [true, "已完成", "未开始"]);
  });

  test("required items done but the exam not passed: still locked", () => {
    const s = state({ visited: { "knowledge/a/": "2026-03-01" }, quizzes: { c: passed("v", "2026-03-01"), final: failed("e") } });
    assert.equal(CB.trackProgress(s, track).complete, false);
  });

  test("a quiz passed at another version does not count", () => {
    const s = state({ visited: { "knowledge/a/": "2026-03-01" }, quizzes: { c: passed("old", "2026-03-01"), final: passed("e", "2026-03-02") } });
    assert.equal(CB.trackProgress(s, track).complete, false);
  });

  test("the record lists every item with the day it was done", () => {
    const s = state({ visited: { "knowledge/a/": "2026-03-01" }, quizzes: { c: passed("v", "2026-03-03") } });
    assert.deepEqual(
      CB.trackItems(s, track).map((i) => [i.title, i.required, i.done, i.date]),
      [
        ["规范", true, true, "2026-03-01"],
        ["案例", false, false, ""],
        ["测验", true, true, "2026-03-03"],
        ["选修案例", false, false, ""],
      ]
    );
  });

  test("data without the required flag counts every item (the strict reading)", () => {
    const old = CB.normTrack({ id: "o", modules: [{ items: [{ kind: "page", path: "a/" }] }] }, "o");
    assert.equal(old.modules[0].items[0].required, true);
  });
});

describe("completion record downloads", () => {
  const s = state({ visited: { "knowledge/a/": "2026-03-01" }, quizzes: { c: passed("v", "2026-03-01"), final: passed("e", "2026-03-02") } });

  test("the CSV has one row per item and the exam, every row with the header's columns", () => {
    const csv = CB.recordCsv(CB.completionRecord(s, track, "王小明", "2026-03-02"));
    assert.ok(csv.endsWith("\r\n") && !csv.endsWith("\r\n\r\n"));
    const lines = csv.slice(1, -2).split("\r\n").map((l) => l.split(","));
    assert.equal(lines.length, 1 + 4 + 1);
    assert.ok(lines.every((l) => l.length === lines[0].length), "a row with another number of columns");
    assert.deepEqual(lines[5], ["王小明", "路线", "结业考试", "考试", "final", "结业考试", "是", "已通过", "2026-03-02", "90", "1"]);
  });

  test("file names carry the track, the trainee's name and the date, without unsafe characters", () => {
    const rec = CB.completionRecord(s, track, ' 王/小:明 *?"<>| ', "2026-03-02");
    assert.equal(CB.recordFileName(rec, "csv"), "casebook-t-王小明-2026-03-02.csv");
    assert.equal(CB.recordFileName({ ...rec, name: "../.." }, "json"), "casebook-t-....-2026-03-02.json");
  });
});

describe("role-play items (scored by an observer, CONTRACT.md › Track)", () => {
  // Data claiming a role-play is required is read as not required: the browser cannot see the score.
  const rp = CB.normTrack(
    {
      id: "r",
      title: "入职",
      modules: [
        { title: "第四单元", items: [{ kind: "quiz", title: "测验", path: "quizzes/c/", quiz: "c", version: "v", required: true }] },
        { title: "第五单元", items: [{ kind: "roleplay", title: "排队", path: "roleplay/q/", required: true }] },
      ],
      finalExam: { id: "final", title: "结业考试", passMark: 80, version: "e" },
    },
    "r"
  );
  const done = { c: passed("v", "2026-03-01"), final: passed("e", "2026-03-02") };

  test("a role-play keeps its kind and is never required", () => {
    assert.deepEqual([rp.modules[1].items[0].kind, rp.modules[1].items[0].required], ["roleplay", false]);
  });

  test("the record unlocks without the role-play; the role-play module waits for its card set to be opened", () => {
    const pr = CB.trackProgress(state({ quizzes: done }), rp);
    assert.deepEqual([pr.complete, pr.missing.length, pr.modules[1].status], [true, 0, "未开始"]);
    const opened = CB.trackProgress(state({ quizzes: done, visited: { "roleplay/q/": "2026-03-04" } }), rp);
    assert.deepEqual([opened.modules[1].status, opened.done, opened.total], ["已完成", 3, 3]);
  });

  test("the CSV lists the role-play as 情景演练, not required, with the day its cards were opened", () => {
    const s = state({ quizzes: done, visited: { "roleplay/q/": "2026-03-04" } });
    const lines = CB.recordCsv(CB.completionRecord(s, rp, "学员甲", "2026-03-02")).slice(1, -2).split("\r\n");
    assert.equal(lines[2], "学员甲,入职,第五单元,情景演练,roleplay/q/,排队,否,已完成,2026-03-04,,");
  });
});

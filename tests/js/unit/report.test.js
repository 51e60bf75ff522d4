// The class report (report.js): an invented class of ten trainees on a two-module track, with
// facility and discrimination worked out by hand, and one file per kind of tampering.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import CB from "./engine.js";

const LIB = CB.normReportLibrary({
  tracks: [
    {
      id: "t1",
      title: "新员工路线",
      version: "tv1",
      modules: [
        { title: "第一单元", items: [{ kind: "case", id: "cases/c1/", title: "挂失案例", required: true }, { kind: "quiz", id: "q1", title: "挂失测验", required: true }] },
        { title: "第二单元", items: [{ kind: "page", id: "knowledge/p/", title: "规范", required: false }, { kind: "quiz", id: "q2", title: "转账测验", required: true }] },
      ],
      finalExam: { id: "final", title: "结业考试", version: "fv", passMark: 80 },
    },
  ],
  quizzes: [
    { id: "q1", title: "挂失测验", version: "q1v", passMark: 60 },
    { id: "q2", title: "转账测验", version: "q2v", passMark: 60 },
    { id: "final", title: "结业考试", version: "fv", passMark: 80 },
  ],
  questions: [
    { key: "q1/a", version: "va", prompt: "题一", case: { id: "c1", title: "挂失案例" }, principles: ["耐心倾听", "首问负责"] },
    { key: "q1/b", version: "vb", prompt: "题二", case: { id: "c1", title: "挂失案例" }, principles: ["耐心倾听", "首问负责"] },
    { key: "q2/a", version: "vc", prompt: "题三", case: { id: "c2", title: "转账案例" }, principles: ["首问负责"] },
    { key: "q2/b", version: "vd", prompt: "题四", case: null, principles: [] },
  ],
});

const VERSIONS = { "q1/a": "va", "q1/b": "vb", "q2/a": "vc", "q2/b": "vd" };
const out = (key, points) => ({ key, version: VERSIONS[key], points, right: points === 1, answered: true });
const scoreOf = (outcomes) => Math.round((100 * outcomes.reduce((s, o) => s + o.points, 0)) / outcomes.length);

function quizResult(id, title, version, outcomes, passMark) {
  const best = scoreOf(outcomes);
  const passed = best >= passMark;
  return { id, title, kind: "单元测验", version, best, bestDate: "2026-03-02", last: best, attempts: 1, passed, passedDate: passed ? "2026-03-02" : null, outcomes };
}

// A result file as download.js writes it, for points [a, b, c, d] on q1/a, q1/b, q2/a, q2/b; the
// final exam asks q1/a and q2/a.
function resultFile(name, [a, b, c, d]) {
  const q1 = quizResult("q1", "挂失测验", "q1v", [out("q1/a", a), out("q1/b", b)], 60);
  const q2 = quizResult("q2", "转账测验", "q2v", [out("q2/a", c), out("q2/b", d)], 60);
  const exam = Object.assign(quizResult("final", "结业考试", "fv", [out("q1/a", a), out("q2/a", c)], 80), { kind: "结业考试" });
  const complete = q1.passed && q2.passed && exam.passed;
  return {
    format: "casebook-result",
    schema: 2,
    name,
    track: { id: "t1", title: "新员工路线", version: "tv1" },
    completed: complete ? "2026-03-05" : "",
    finalExam: Object.assign({}, exam, { passMark: 80, score: exam.best }),
    items: [
      { module: "第一单元", kind: "case", id: "cases/c1/", title: "挂失案例", required: true, done: true, date: "2026-03-01" },
      { module: "第一单元", kind: "quiz", id: "q1", title: "挂失测验", required: true, done: q1.passed, date: q1.passedDate },
      { module: "第二单元", kind: "page", id: "knowledge/p/", title: "规范", required: false, done: false, date: null },
      { module: "第二单元", kind: "quiz", id: "q2", title: "转账测验", required: true, done: q2.passed, date: q2.passedDate },
    ],
    quizzes: [q1, q2, exam],
    note: CB.NOTE,
    exported: "2026-03-05T08:00:00.000Z",
  };
}

const file = (name, data) => ({ name, text: typeof data === "string" ? data : JSON.stringify(data, null, 2) });

// Ten trainees: the top three (totals 3, 3, 2 of 4) and the bottom three (0.5, 0.5, 0) are the 27 % groups.
const CLASS = [
  ["学员甲", [1, 1, 1, 0]],
  ["学员乙", [1, 1, 1, 0]],
  ["学员丙", [1, 1, 0, 0]],
  ["学员丁", [1, 0, 0, 0.5]],
  ["学员戊", [0, 1, 0, 0.5]],
  ["学员己", [1, 0, 0, 0]],
  ["学员庚", [0, 0, 1, 0]],
  ["学员辛", [0, 0, 0, 0.5]],
  ["学员壬", [0, 0, 0, 0.5]],
  ["学员癸", [0, 0, 0, 0]],
].map(([name, pts], i) => file("casebook-t1-" + name + ".json", resultFile(name, pts)));

describe("class report figures", () => {
  const report = CB.classReport(LIB, CLASS, []);

  test("clean files raise no flag and give one row per trainee, in pinyin order", () => {
    assert.deepEqual(report.flags, []);
    assert.deepEqual(
      report.trainees.map((t) => t.name),
      ["学员丙", "学员丁", "学员庚", "学员癸", "学员己", "学员甲", "学员壬", "学员戊", "学员辛", "学员乙"]
    );
    const jia = report.trainees.find((t) => t.name === "学员甲");
    // q1 passed (100), q2 not (50): the first module done, 2 of 3 required items; exam 100.
    assert.deepEqual(
      [jia.modulesDone, jia.modules, jia.requiredDone, jia.required, jia.examScore, jia.examPassed, jia.completed, jia.file],
      [1, 2, 2, 3, 100, true, "", "casebook-t1-学员甲.json"]
    );
    const gui = report.trainees.find((t) => t.name === "学员癸");
    assert.deepEqual([gui.modulesDone, gui.requiredDone, gui.examScore, gui.examPassed], [0, 1, 0, false]);
  });

  test("facility is the share right; discrimination the top 27 % minus the bottom 27 %", () => {
    assert.deepEqual(
      report.questions.map((q) => [q.key, q.n, q.right, q.facility, q.discrimination]),
      [
        ["q2/b", 10, 0, 20, -0.33], // half points for the weaker trainees, none for the top three
        ["q2/a", 10, 3, 30, 0.67],
        ["q1/b", 10, 4, 40, 1],
        ["q1/a", 10, 5, 50, 1],
      ]
    );
  });

  test("the cases and principles the group misses most", () => {
    assert.deepEqual(report.cases, [
      { name: "转账案例", n: 10, wrong: 70 },
      { name: "挂失案例", n: 20, wrong: 55 },
    ]);
    assert.deepEqual(report.principles, [
      { name: "首问负责", n: 30, wrong: 60 },
      { name: "耐心倾听", n: 20, wrong: 55 },
    ]);
  });

  test("with fewer than ten answering, a group is under three and discrimination is null", () => {
    const small = CB.classReport(LIB, CLASS.slice(0, 9), []);
    assert.ok(small.questions.every((q) => q.discrimination === null));
    assert.equal(small.questions.find((q) => q.key === "q1/a").facility, 56); // 5 of 9
  });

  test("the CSV: BOM, CRLF, a row per trainee with the header's columns, formulas defused", () => {
    const hostile = resultFile("=HYPERLINK(\"x\")", [1, 1, 1, 1]);
    const csv = CB.reportCsv(CB.classReport(LIB, [CLASS[0], file("a.json", hostile)], []));
    assert.equal(
      csv,
      "\uFEFF姓名,培训路线,完成单元,必修完成,结业考试成绩,结业考试,完成日期,文件,检查提示\r\n" +
        '"\'=HYPERLINK(""x"")",新员工路线,2/2,3/3,100,已通过,2026-03-05,a.json,\r\n' +
        "学员甲,新员工路线,1/2,2/3,100,已通过,,casebook-t1-学员甲.json,\r\n"
    );
    const q = CB.questionsCsv(CB.classReport(LIB, CLASS.slice(0, 9), [])).split("\r\n");
    assert.equal(q[0], "\uFEFF题目编号,题目,所属案例,作答人数,答对人数,通过率(%),区分度");
    assert.equal(q[1], "q2/b,题四,,9,0,22,—");
  });
});

describe("class report flags", () => {
  const good = () => resultFile("学员甲", [1, 1, 1, 1]);
  const texts = (report, name) => report.flags.filter((f) => f.file === name).map((f) => [f.code, f.text]);

  test("a file that is not JSON, not ours or incomplete is named and skipped", () => {
    const report = CB.classReport(LIB, [file("notes.json", "{oops"), file("other.json", { format: "x" }), file("cut.json", { format: "casebook-result", name: "学员乙" })], []);
    assert.deepEqual(report.flags, [
      { file: "cut.json", code: "broken", text: "成绩文件内容不完整，没有读取。" },
      { file: "notes.json", code: "not-json", text: "不是 JSON 文件，没有读取。" },
      { file: "other.json", code: "not-ours", text: "不是案例通的成绩文件（应为结业记录的“下载 JSON”或“下载本次成绩”），没有读取。" },
    ]);
    assert.deepEqual(report.trainees, []);
  });

  test("edited versions and unknown question keys are flagged and left out of the figures", () => {
    const f = good();
    f.track.version = "old";
    f.quizzes[0].version = "q1old";
    f.quizzes[1].outcomes[1] = { key: "q2/zz", version: "v", points: 1, right: true, answered: true };
    f.quizzes[1].outcomes[0].version = "vcold";
    const report = CB.classReport(LIB, [file("t.json", f)], []);
    assert.deepEqual(texts(report, "t.json"), [
      ["track-version", "培训路线“新员工路线”的版本 old 与当前案例库的 tv1 不一致：路线在文件导出后修改过，或文件被改动过。"],
      ["quiz-version", "测验“挂失测验”的版本 q1old 与当前案例库的 q1v 不一致：测验在文件导出后修改过，或文件被改动过。"],
      ["question-unknown", "1 道题的编号在当前题库中不存在（如 q2/zz），没有计入统计。"],
      ["question-version", "1 道题的版本与当前题库不一致（如 q2/a），没有计入统计。"],
    ]);
    // q2/b is gone (its key replaced); q2/a still counts through the exam's outcome of the current version.
    assert.deepEqual(
      report.questions.map((q) => q.key),
      ["q1/a", "q1/b", "q2/a"]
    );
  });

  test("a track and quizzes the library does not know: flagged, progress counted from the file's own items", () => {
    const f = good();
    f.track = { id: "gone", title: "旧路线", version: "x" };
    f.quizzes[0].id = "q9";
    f.items[1].id = "q9";
    const report = CB.classReport(LIB, [file("old.json", f)], []);
    assert.deepEqual(texts(report, "old.json"), [
      ["track-unknown", "培训路线“旧路线”（gone）不在当前案例库中。"],
      ["quiz-unknown", "测验“挂失测验”（q9）不在当前案例库中。"],
    ]);
    const t = report.trainees[0];
    // The file's second module has an elective page not done and a required quiz done: done.
    assert.deepEqual([t.track, t.modulesDone, t.modules, t.requiredDone, t.required], ["旧路线", 2, 2, 3, 3]);
  });

  test("scores that do not follow from the outcomes, and a completion without a passed exam", () => {
    const raised = good();
    raised.quizzes[1].best = 100;
    raised.quizzes[1].outcomes[1].points = 0; // right stays true
    const faked = resultFile("学员乙", [1, 1, 0, 0]);
    faked.completed = "2026-03-05";
    faked.finalExam.passed = true;
    faked.quizzes[2].passed = true;
    faked.items[3].done = true;
    const report = CB.classReport(LIB, [file("raised.json", raised), file("faked.json", faked)], []);
    assert.deepEqual(texts(report, "raised.json"), [
      ["score", "测验“转账测验”的成绩 100 分与逐题结果算出的 50 分不符。"],
      ["score", "测验“转账测验”有 1 道题的对错与得分不符。"],
    ]);
    assert.deepEqual(texts(report, "faked.json"), [
      ["score", "测验“结业考试”标为通过，但成绩 50 分低于及格线 80 分。"],
      ["completion", "测验“转账测验”标为已完成，但它的成绩没有通过。"],
      ["completion", "标有结业日期 2026-03-05，但结业考试没有通过。"],
    ]);
    assert.equal(report.trainees.find((t) => t.name === "学员乙").requiredDone, 3); // as the file claims; flagged above
  });

  test("two files of one trainee: the newer export counts, the other is flagged", () => {
    const older = good();
    older.exported = "2026-03-01T08:00:00.000Z";
    const report = CB.classReport(LIB, [file("a.json", older), file("b.json", good())], []);
    assert.deepEqual(report.flags, [
      { file: "a.json", code: "duplicate", text: "与 b.json 是同一学员（学员甲，新员工路线）的重复文件，统计只用 b.json。" },
    ]);
    assert.deepEqual(
      report.trainees.map((t) => t.file),
      ["b.json"]
    );
    assert.ok(report.questions.every((q) => q.n === 1));
  });

  test("an attempt file counts in the figures and is checked like a result", () => {
    const attempt = {
      format: "casebook-attempt",
      schema: 2,
      quiz: { id: "final", title: "结业考试", kind: "exam", version: "fv", passMark: 80 },
      date: "2026-03-02",
      score: 100,
      passed: true,
      outcomes: [out("q1/a", 1), out("q2/a", 0)],
      note: CB.NOTE,
      exported: "2026-03-02T08:00:00.000Z",
    };
    const report = CB.classReport(LIB, [file("try.json", attempt)], []);
    assert.deepEqual(report.attempts.map((a) => [a.file, a.quiz, a.date, a.score, a.passed]), [["try.json", "结业考试", "2026-03-02", 100, true]]);
    assert.deepEqual(texts(report, "try.json"), [
      ["score", "测验“结业考试”的成绩 100 分与逐题结果算出的 50 分不符。"],
    ]);
    assert.deepEqual(
      report.questions.map((q) => [q.key, q.facility]),
      [["q2/a", 0], ["q1/a", 100]]
    );
  });

  test("too many or too large files are refused unread, with a Chinese message", () => {
    const list = Array.from({ length: CB.REPORT_LIMITS.files + 2 }, (_, i) => ({ name: "f" + i + ".json", size: 100 }));
    list[1].size = CB.REPORT_LIMITS.bytes + 1;
    const sel = CB.selectReportFiles(list);
    assert.equal(sel.accepted.length, CB.REPORT_LIMITS.files - 1);
    assert.deepEqual(sel.flags, [
      { file: "f1.json", code: "too-big", text: "文件超过 2 MB（成绩文件通常只有几十 KB），没有读取。" },
      { file: "", code: "too-many", text: "一次最多读取 300 个文件，其余 2 个没有读取。" },
    ]);
  });
});

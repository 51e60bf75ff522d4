"""The trainer's class report page (guide/class-report/): trainees' result files are read in the
browser (docs/assets/casebook/report.js) and compared with the current library's tracks, quizzes
and questions (CONTRACT.md, "Class report"). That data is a script file of its own, not page data:
it names every case, so a page carrying it (1.5 MB at 1,000 cases) was converted, cleaned and
audited again on every title edit in the preview."""

from __future__ import annotations

from typing import Any

from casebook.library.bank import BankQuestion, version
from casebook.library.load import Library
from casebook.render.boundary import trusted
from casebook.render.training import BANK_FOLDER, REPORT_DATA, data_script, quiz_version, track_json

URI = "guide/class-report.md"
DATA_URI = f"{BANK_FOLDER}/{REPORT_DATA}.js"


def report_json(lib: Library, bank: tuple[BankQuestion, ...]) -> dict[str, Any]:
    """Tracks (items by the id a result file gives them), quizzes and questions with their versions,
    and each question's case and service principles."""
    tracks = []
    for track in lib.tracks:
        data = track_json(track, lib, URI, bank)
        modules = [
            {
                "title": m["title"],
                "items": [_item(it) for it in m["items"]],
            }
            for m in data["modules"]
        ]
        exam = data["finalExam"]
        tracks.append(
            {
                "id": data["id"],
                "title": data["title"],
                "version": data["version"],
                "modules": modules,
                "finalExam": {k: exam[k] for k in ("id", "title", "version", "passMark")},
            }
        )
    quizzes = [
        {"id": q.id, "title": q.title, "version": quiz_version(q, bank), "passMark": q.pass_mark} for q in lib.quizzes
    ]
    questions = []
    for item in bank:
        case = lib.case(item.quiz.case) if item.quiz.case else None
        questions.append(
            {
                "key": item.key,
                "version": version(item.question),
                "prompt": item.question.prompt,
                "case": {"id": case.id, "title": case.title} if case else None,
                "principles": list(case.principles) if case else [],
            }
        )
    return {"tracks": tracks, "quizzes": quizzes, "questions": questions}


def _item(item: dict[str, Any]) -> dict[str, Any]:
    """A track item by the id a result file gives it: the quiz id, else the page path."""
    kept = {k: item[k] for k in ("kind", "title", "required")}
    return kept | {"id": item["quiz"] or item["path"]}


_MOUNT = '<div class="cb-report"><p class="cb-noscript">班级成绩报告需要在浏览器中启用 JavaScript。</p></div>'


def report_script(lib: Library, bank: tuple[BankQuestion, ...]) -> str:
    """The library data file the page loads (``DATA_URI``)."""
    return data_script(REPORT_DATA, report_json(lib, bank))


def render_class_report() -> str:
    """The page: how to use it and the mount point (the data is in ``DATA_URI``)."""
    return "\n".join(
        [
            "# 班级成绩报告",
            "",
            "把学员下载的成绩文件放进来，就能看到全班的完成情况和薄弱环节。成绩文件是学员在结业记录中点击"
            "“下载 JSON”得到的 `casebook-路线-姓名-日期.json`，以及成绩无法保存时“下载本次成绩”得到的文件。",
            "",
            "文件只在本机浏览器中读取，不会上传到任何地方；关闭页面后不会保留。报告按**当前**案例库核对文件："
            "测验或培训路线改过之后，旧文件中版本不符的内容会标出并不计入统计。",
            "",
            '!!! warning "成绩由学员自行记录"',
            "",
            "    成绩文件由学员的浏览器生成，学员可以改动它。报告会标出前后矛盾的文件，"
            "但不能证明没有标出的文件未被改动。需要正式记录时，请使用培训系统（LMS）中的 SCORM 课程包。",
            "",
            trusted(_MOUNT),
            "",
        ]
    )

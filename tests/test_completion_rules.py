"""Completion rules and exam settings as data: a track's required items, an exam's time limit,
and which questions exams can draw (whose answers the trainee site never prints)."""

from __future__ import annotations

from pathlib import Path

from casebook.library.load import load_library
from casebook.render.pages import render_pages
from casebook.render.training import pooled_keys, quiz_json, track_json
from helpers import REPO, Project
from test_quizzes import QUIZ, _quiz_project

EXAM = "id: final\ntitle: 结业考试\nkind: 考试\n{extra}pools:\n  - tags: [吞卡]\n    count: 1\n"
TRACK = (
    "id: basics\ntitle: 入职\ndescription: 说明\nmodules:\n"
    "  - title: 一\n    pages: [guide/index.md]\n    cases: [atm-card]\n    quizzes: [atm-card]\n{module}"
    "final_exam: final\n"
)


def _track_project(project: Project, module: str = "", exam_extra: str = "") -> Project:
    _quiz_project(project)
    (project.root / "docs" / "guide").mkdir(parents=True)
    (project.root / "docs" / "guide" / "index.md").write_text("# 指南\n", encoding="utf-8")
    (project.root / "quizzes" / "final.yaml").write_text(EXAM.format(extra=exam_extra), encoding="utf-8")
    (project.root / "quizzes" / "tracks").mkdir()
    (project.root / "quizzes" / "tracks" / "basics.yaml").write_text(TRACK.format(module=module), encoding="utf-8")
    return project


def _required(project: Project) -> dict[str, bool]:
    lib = project.load()
    data = track_json(lib.tracks[0], lib, "training/basics.md", lib.bank)
    return {item["kind"]: item["required"] for item in data["modules"][0]["items"]}


def test_by_default_every_page_case_and_quiz_of_a_module_is_required(project: Project) -> None:
    assert _required(_track_project(project)) == {"page": True, "case": True, "quiz": True}


def test_a_module_can_require_only_its_quizzes_or_nothing(project: Project) -> None:
    assert _required(_track_project(project, "    required: 测验\n")) == {"page": False, "case": False, "quiz": True}


def test_optional_items_are_not_required(project: Project) -> None:
    required = _required(_track_project(project, "    optional: [guide/index.md, atm-card]\n"))
    assert required == {"page": False, "case": False, "quiz": False}


def test_an_elective_module_requires_nothing(tmp_path: Path) -> None:
    project = Project(tmp_path)
    assert _required(_track_project(project, "    required: 选修\n")) == {"page": False, "case": False, "quiz": False}


def test_completion_rules_are_checked_where_they_are_written(project: Project) -> None:
    _track_project(project, "    required: 必修\n    optional: [ghost, atm-card, atm-card]\n")
    assert project.problems() == [
        "quizzes/tracks/basics.yaml:9:15: 字段 modules 第 1 项的 required（完成要求）的值无效，可选：全部、测验、选修，实际是文字“必修”"
    ]
    (project.root / "quizzes" / "tracks" / "basics.yaml").write_text(
        TRACK.format(module="    optional: [ghost, atm-card, atm-card]\n"), encoding="utf-8"
    )
    assert project.problems() == [
        "quizzes/tracks/basics.yaml:9:16: 选学内容“ghost”不是本单元列出的页面、案例或测验：请写本单元 pages、cases 或 quizzes 中的一项",
        "quizzes/tracks/basics.yaml:9:33: 选学内容“atm-card”重复出现",
    ]
    (project.root / "quizzes" / "tracks" / "basics.yaml").write_text(
        TRACK.format(module="    required: 选修\n    optional: [atm-card]\n"), encoding="utf-8"
    )
    assert project.problems() == [
        "quizzes/tracks/basics.yaml:10:15: 本单元的完成要求是“选修”，所有内容本来就不要求完成：请删除 optional"
    ]


def test_an_exam_time_limit_reaches_the_page(project: Project) -> None:
    lib = _track_project(project, exam_extra="time_limit_minutes: 45\n").load()
    data = quiz_json(lib.quiz("final"), lib, "quizzes/final.md", lib.bank)
    assert data["timeLimitMinutes"] == 45
    page = render_pages(lib)["quizzes/final.md"]
    assert "限时 45 分钟：开始后页面显示倒计时，时间到自动交卷，刷新页面不会重新计时。" in page
    assert "考试交卷后才显示对错和解析。" in page


def test_a_time_limit_is_for_exams_only_and_at_least_a_minute(project: Project) -> None:
    _track_project(project, exam_extra="time_limit_minutes: 0\n")
    (project.root / "quizzes" / "atm-card.yaml").write_text("time_limit_minutes: 10\n" + QUIZ, encoding="utf-8")
    assert project.problems() == [
        "quizzes/atm-card.yaml:1:21: time_limit_minutes（限时）只用于考试：请删除，或把 kind 改为“考试”",
        "quizzes/final.yaml:4:21: 字段 time_limit_minutes（限时（分钟））不能小于 1，实际是数字 0",
    ]


def test_questions_an_exam_can_draw_are_marked_pooled(project: Project) -> None:
    lib = _track_project(project).load()
    practice = quiz_json(lib.quiz("atm-card"), lib, "quizzes/atm-card.md", lib.bank)
    assert {q["key"]: q["pooled"] for q in practice["questions"]} == {"atm-card/q1": True, "atm-card/q2": True}
    assert practice["trainer"] is False
    assert quiz_json(lib.quiz("atm-card"), lib, "quizzes/atm-card.md", lib.bank, trainer=True)["trainer"] is True


def test_in_the_shipped_library_most_practice_questions_are_pooled() -> None:
    lib = load_library(REPO)
    pooled = pooled_keys(lib, lib.bank)
    assert pooled <= {item.key for item in lib.bank}
    assert len(pooled) > len(lib.bank) // 2

"""Quiz and track validation, and the quiz data a page carries."""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from casebook.render.boundary import json_block
from casebook.render.first_visit import site_relpath
from casebook.render.pages import render_pages
from casebook.render.training import relative_url
from helpers import Project

QUIZ = """\
id: atm-card
title: 吞卡测验
case: atm-card
tags: [吞卡]
questions:
  - id: q1
    type: 单选
    prompt: 通知领卡时要讲清什么？
    options:
      - {id: a, text: 营业时间}
      - {id: b, text: 领卡期限, feedback: 对。}
    answer: b
    explanation: 期限最容易引发投诉。
  - id: q2
    type: 排序
    prompt: 排序。
    items: [共情致歉, 事实确认, 方案提出, 跟踪反馈]
    explanation: 先致歉后处理。
"""


def _quiz_project(project: Project, quiz: str = QUIZ, name: str = "atm-card") -> Project:
    project.case("atm-card")
    (project.root / "quizzes").mkdir(exist_ok=True)
    (project.root / "quizzes" / f"{name}.yaml").write_text(quiz, encoding="utf-8")
    return project


def test_valid_quiz_loads_and_attaches_to_its_case(project: Project) -> None:
    library = _quiz_project(project).load()
    assert library.quiz_for_case("atm-card") is not None
    page = render_pages(library)["cases/atm-card.md"]
    assert "## 案例测验" in page
    assert '<div class="cb-quiz" data-quiz="atm-card">' in page


def test_answer_must_be_among_the_options(project: Project) -> None:
    _quiz_project(project, QUIZ.replace("answer: b", "answer: c"))
    assert project.problems() == ["quizzes/atm-card.yaml:12:13: 答案“c”不在选项中，可选的选项编号：a、b"]


def test_multiple_choice_answers_are_checked_one_by_one(project: Project) -> None:
    quiz = QUIZ.replace("type: 单选", "type: 多选").replace("answer: b", "answer: [b, b, z]")
    _quiz_project(project, quiz)
    assert project.problems() == [
        "quizzes/atm-card.yaml:12:17: 答案“b”重复出现",
        "quizzes/atm-card.yaml:12:20: 答案“z”不在选项中，可选的选项编号：a、b",
    ]


def test_question_and_option_ids_are_unique(project: Project) -> None:
    quiz = QUIZ.replace("  - id: q2", "  - id: q1").replace("{id: b, text: 领卡期限", "{id: a, text: 领卡期限")
    _quiz_project(project, quiz.replace("answer: b", "answer: a"))
    assert project.problems() == [
        "quizzes/atm-card.yaml:11:14: 选项编号“a”重复出现",
        "quizzes/atm-card.yaml:14:9: 题目编号“q1”重复出现",
    ]


def test_unknown_question_type_lists_the_types(project: Project) -> None:
    _quiz_project(project, QUIZ.replace("type: 排序", "type: 填空"))
    [problem] = project.problems()
    assert (
        problem
        == "quizzes/atm-card.yaml:15:11: 字段 questions 第 2 项的 type（题型）的值“填空”无效，可选：单选、多选、判断、排序、对话"
    )


def test_ordering_items_must_differ(project: Project) -> None:
    _quiz_project(project, QUIZ.replace("[共情致歉, 事实确认, 方案提出, 跟踪反馈]", "[共情致歉, 共情致歉]"))
    assert project.problems() == ["quizzes/atm-card.yaml:17:19: 排序项“共情致歉”重复出现"]


def test_missing_explanation(project: Project) -> None:
    quiz = QUIZ.replace("    explanation: 先致歉后处理。\n", "")
    _quiz_project(project, quiz)
    assert project.problems() == ["quizzes/atm-card.yaml:14:5: 缺少必填字段 questions 第 2 项的 explanation（解析）"]


def test_referenced_case_must_exist(project: Project) -> None:
    _quiz_project(project, QUIZ.replace("case: atm-card", "case: no-such-case"))
    assert project.problems() == [
        "quizzes/atm-card.yaml:3:7: 所属案例“no-such-case”不存在：cases/ 目录中没有编号为“no-such-case”的案例"
    ]


def test_exam_pool_must_hold_enough_questions(project: Project) -> None:
    _quiz_project(project)
    exam = "id: final\ntitle: 考试\nkind: 考试\npools:\n  - tags: [吞卡]\n    count: 3\n"
    (project.root / "quizzes" / "final.yaml").write_text(exam, encoding="utf-8")
    assert project.problems() == [
        "quizzes/final.yaml:6:12: 抽题数量 3 超过了题库中符合条件的题数 2：请减少数量或放宽标签、分类"
    ]


def test_track_references_are_checked(project: Project) -> None:
    _quiz_project(project)
    (project.root / "quizzes" / "tracks").mkdir()
    track = (
        "id: basics\ntitle: 入职\ndescription: 说明\nmodules:\n"
        "  - title: 一\n    pages: [knowledge/none.md]\n    cases: [atm-card, ghost]\n    quizzes: [atm-card]\n"
        "final_exam: atm-card\n"
    )
    (project.root / "quizzes" / "tracks" / "basics.yaml").write_text(track, encoding="utf-8")
    assert project.problems() == [
        "quizzes/tracks/basics.yaml:6:13: 学习页面“knowledge/none.md”不存在：docs/ 目录中没有这个文件",
        "quizzes/tracks/basics.yaml:7:23: 案例“ghost”不存在",
        "quizzes/tracks/basics.yaml:9:13: 结业考试“atm-card”是练习，不是考试：请指向 kind 为“考试”的测验",
    ]


def test_embedded_json_cannot_break_out_of_its_element() -> None:
    hostile = {"text": "</template></div><script>alert(1)</script>&\u2028"}
    html = json_block(hostile, for_id="x")
    body = html[html.index('data-for="x">') + len('data-for="x">') : html.rindex("</template>")]
    assert "<" not in body and ">" not in body and "&" not in body
    assert json.loads(body) == hostile


def test_answers_stay_out_of_the_visible_markdown(project: Project) -> None:
    page = render_pages(_quiz_project(project).load())["quizzes/atm-card.md"]
    visible = re.sub(r"<template.*?</template>", "", page, flags=re.S)
    assert "期限最容易引发投诉" not in visible
    assert "期限最容易引发投诉" in page


def test_relative_urls_follow_directory_urls() -> None:
    assert relative_url("cases/a.md", "quizzes/b.md") == "../../cases/a/"
    assert relative_url("cases/a.md", "training/index.md") == "../cases/a/"
    assert relative_url("training/index.md", "training/index.md") == "./"
    assert relative_url("index.md", "cases/a.md") == "../../"


_SITE_PATH = st.lists(st.sampled_from(["cases", "a", "b", "训练", "x.html"]), max_size=4).map("/".join)


@given(_SITE_PATH, _SITE_PATH)
def test_site_relpath_is_posixpaths_relpath_for_site_paths(target: str, start: str) -> None:
    """The links written into quiz data and the offline bundle: the same as relpath would give."""
    assert site_relpath(target, start) == posixpath.relpath(target or ".", start or ".")


def test_shipped_quizzes_cover_every_case(tmp_path: Path) -> None:
    from casebook.library.load import load_library
    from helpers import REPO

    library = load_library(REPO)
    for case in library.cases:
        quiz = library.quiz_for_case(case.id)
        assert quiz is not None, case.id
        assert len(quiz.questions) >= 3, case.id
        assert len({q.type for q in quiz.questions}) >= 2, case.id
    dialogues = [q for quiz in library.quizzes for q in quiz.questions if q.type == "对话"]
    assert len(dialogues) >= 5
    bank = library.bank
    from casebook.library.bank import pool_members

    for track in library.tracks:
        exam = library.quiz(track.final_exam)
        pool = {m.key for p in exam.pools for m in pool_members(bank, p)}
        assert len(pool) >= 30, track.id


def test_true_false_answer_must_be_a_boolean(project: Project) -> None:
    quiz = QUIZ.replace(
        "  - id: q2\n    type: 排序\n    prompt: 排序。\n    items: [共情致歉, 事实确认, 方案提出, 跟踪反馈]\n",
        "  - id: q2\n    type: 判断\n    prompt: 说法。\n    answer: 错\n",
    )
    _quiz_project(project, quiz)
    assert project.problems() == [
        "quizzes/atm-card.yaml:17:13: 字段 questions 第 2 项的 answer（答案）应为 true（正确）或 false（错误），实际是文字“错”"
        "（yes、no、on、off、是、否等都是文字，不是是非值：请写 true 或 false）"
    ]


def test_kind_and_pass_mark_are_explained(project: Project) -> None:
    _quiz_project(project, QUIZ.replace("tags: [吞卡]", "kind: 测试\npass_mark: 120\ntags: [吞卡]"))
    assert project.problems() == [
        "quizzes/atm-card.yaml:4:7: 字段 kind（类型）的值无效，可选：练习、考试，实际是文字“测试”",
        "quizzes/atm-card.yaml:5:12: 字段 pass_mark（及格分）不能大于 100，实际是数字 120",
    ]

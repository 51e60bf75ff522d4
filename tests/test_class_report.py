"""The class report page (guide/class-report/) carries the library as the trainee pages do: the
keys and versions a result file was written with are the ones the report compares it with."""

from __future__ import annotations

import functools
import json
import re
from typing import Any

from casebook.library.bank import version
from casebook.library.load import Library, load_library
from casebook.render.class_report import DATA_URI
from casebook.render.pages import render_pages
from casebook.render.training import bank_script_data
from helpers import REPO

_TEMPLATE = re.compile(r'<template class="cb-data" data-for="([^"]*)">([^<]*)</template>')


@functools.cache
def library() -> Library:
    return load_library(REPO)


@functools.cache
def pages() -> dict[str, str]:
    return render_pages(library())


def embedded(uri: str) -> dict[str, Any]:
    """The page data of one generated page, by ``data-for``."""
    return {m[1]: json.loads(m[2]) for m in _TEMPLATE.finditer(pages()[uri])}


def report() -> dict[str, Any]:
    data = bank_script_data(pages()[DATA_URI])
    assert data is not None
    return dict(data)


def test_the_page_has_its_mount_point_and_its_data_is_a_file_of_its_own() -> None:
    text = pages()["guide/class-report.md"]
    assert text.startswith("# 班级成绩报告\n")
    assert '<div class="cb-report">' in text
    assert embedded("guide/class-report.md") == {}
    assert DATA_URI == "assets/casebook/bank/_report.js"
    assert pages()[DATA_URI].count("window.CasebookBank") == 2  # one assignment, nothing else


def test_quizzes_and_their_questions_match_the_quiz_pages() -> None:
    data = report()
    quizzes = {q["id"]: q for q in data["quizzes"]}
    questions = {q["key"]: q for q in data["questions"]}
    lib = library()
    assert list(quizzes) == [q.id for q in lib.quizzes]
    for quiz in lib.quizzes:
        page = embedded(f"quizzes/{quiz.id}.md")[quiz.id]
        assert quizzes[quiz.id] == {
            "id": quiz.id,
            "title": quiz.title,
            "version": page["version"],
            "passMark": page["passMark"],
        }
        for q in page["questions"]:  # a practice quiz's questions (an exam carries none)
            assert questions[q["key"]]["version"] == q["version"], q["key"]
        for pool in page["pools"]:  # an exam's candidates, as the question files give them
            for key in pool["keys"]:
                data = bank_script_data(pages()[f"assets/casebook/bank/{key.split('/')[0]}.js"])
                assert data is not None and questions[key]["version"] == data["questions"][key]["version"], key


def test_every_bank_question_with_its_case_and_principles() -> None:
    lib = library()
    data = report()
    assert [q["key"] for q in data["questions"]] == [item.key for item in lib.bank]
    for q, item in zip(data["questions"], lib.bank, strict=True):
        assert q["version"] == version(item.question)
        assert q["prompt"] == item.question.prompt
        case = lib.case(item.quiz.case) if item.quiz.case else None
        assert q["case"] == ({"id": case.id, "title": case.title} if case else None)
        assert q["principles"] == (list(case.principles) if case else [])
    assert any(q["principles"] for q in data["questions"])


def test_tracks_match_the_track_pages_item_by_item() -> None:
    data = report()
    assert [t["id"] for t in data["tracks"]] == [t.id for t in library().tracks]
    for track in data["tracks"]:
        page = embedded(f"training/{track['id']}.md")[track["id"]]
        assert (track["title"], track["version"]) == (page["title"], page["version"])
        # A result file names an item by its quiz id, else its page path (download.js: recordJson).
        expected = [
            [(it["kind"], it["quiz"] or it["path"], it["title"], it["required"]) for it in m["items"]]
            for m in page["modules"]
        ]
        got = [[(it["kind"], it["id"], it["title"], it["required"]) for it in m["items"]] for m in track["modules"]]
        assert got == expected
        assert [m["title"] for m in track["modules"]] == [m["title"] for m in page["modules"]]
        exam = page["finalExam"]
        assert track["finalExam"] == {k: exam[k] for k in ("id", "title", "version", "passMark")}

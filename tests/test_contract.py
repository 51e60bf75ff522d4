"""The generator's side of generator/casebook/CONTRACT.md: the data it embeds for the shipped
library has the shape of the example files in tests/contract/ (the engine's side is
tests/js/unit/contract.test.js, which reads the same files)."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

import pytest

from casebook.library.load import Library, load_library
from casebook.render.boundary import json_block as embed_json
from casebook.render.class_report import report_json
from casebook.render.home import home_json
from casebook.render.training import quiz_json, track_json
from helpers import REPO

CONTRACT = REPO / "tests" / "contract"
# Keys whose value may be null instead of the example's type (CONTRACT.md says which).
NULLABLE = {"case", "description", "feedback", "quiz", "timeLimitMinutes"}


@functools.cache
def library() -> Library:
    return load_library(REPO)


def example(name: str) -> Any:
    return json.loads((CONTRACT / name).read_text(encoding="utf-8"))


def shape_errors(real: Any, ex: Any, where: str = "$") -> list[str]:
    """Where ``real`` differs in shape (keys and JSON types) from ``ex``; [] when it conforms.

    A list conforms when each element conforms to one of the example's elements (questions of
    different types, track items of different kinds)."""
    if isinstance(ex, dict):
        if not isinstance(real, dict):
            return [f"{where}: expected an object, got {type(real).__name__}"]
        if set(real) != set(ex):
            return [f"{where}: keys {sorted(real)} != {sorted(ex)}"]
        errors: list[str] = []
        for key in ex:
            if real[key] is None and (key in NULLABLE or ex[key] is None):
                continue
            errors += shape_errors(real[key], ex[key], f"{where}.{key}")
        return errors
    if isinstance(ex, list):
        if not isinstance(real, list):
            return [f"{where}: expected a list, got {type(real).__name__}"]
        errors = []
        for i, item in enumerate(real):
            tries = [shape_errors(item, candidate, f"{where}[{i}]") for candidate in ex] or [
                [f"{where}: empty example"]
            ]
            if all(tries):
                errors += min(tries, key=len)
        return errors
    if isinstance(ex, bool) or isinstance(real, bool):
        return [] if isinstance(real, bool) and isinstance(ex, bool) else [f"{where}: {real!r} is not like {ex!r}"]
    if isinstance(ex, int | float):
        return [] if isinstance(real, int | float) else [f"{where}: {real!r} is not a number"]
    return [] if type(real) is type(ex) else [f"{where}: {real!r} is not like {ex!r}"]


def test_the_shape_check_catches_a_missing_key_and_a_wrong_type() -> None:
    ex = example("quiz-data.example.json")
    broken = json.loads(json.dumps(ex))
    del broken["questions"][0]["explanation"]
    broken["passMark"] = "60"
    errors = shape_errors(broken, ex)
    assert any("questions[0]" in e for e in errors), errors
    assert any("passMark" in e for e in errors), errors
    assert shape_errors(ex, ex) == []


def quiz_ids(kind: str) -> list[str]:
    return [q.id for q in library().quizzes if q.kind == kind]


@pytest.mark.parametrize("quiz_id", quiz_ids("练习"))
def test_every_practice_quiz_has_the_shape_of_the_example(quiz_id: str) -> None:
    lib = library()
    data = quiz_json(lib.quiz(quiz_id), lib, f"quizzes/{quiz_id}.md", lib.bank)
    assert shape_errors(data, example("quiz-data.example.json")) == []


def test_the_examples_cover_every_question_type_the_library_uses() -> None:
    lib = library()
    used = {
        q["type"]
        for quiz_id in quiz_ids("练习")
        for q in quiz_json(lib.quiz(quiz_id), lib, "x.md", lib.bank)["questions"]
    }
    assert used <= {q["type"] for q in example("quiz-data.example.json")["questions"]}


@pytest.mark.parametrize("quiz_id", quiz_ids("考试"))
def test_every_exam_has_the_shape_of_the_example(quiz_id: str) -> None:
    lib = library()
    data = quiz_json(lib.quiz(quiz_id), lib, f"quizzes/{quiz_id}.md", lib.bank)
    assert data["pools"] and data["questions"] == [] and data["bank"] is True
    assert shape_errors(data, example("exam-data.example.json")) == []
    # A trainer edition's exam carries its candidate questions, each shaped like a quiz's.
    trainer = quiz_json(lib.quiz(quiz_id), lib, f"quizzes/{quiz_id}.md", lib.bank, trainer=True)
    assert "bank" not in trainer and len(trainer["questions"]) == len({k for p in data["pools"] for k in p["keys"]})
    trainer_example = example("exam-data.example.json") | {"questions": example("quiz-data.example.json")["questions"]}
    assert shape_errors(trainer | {"bank": True}, trainer_example) == []


@pytest.mark.parametrize("track_id", [t.id for t in library().tracks])
def test_every_track_has_the_shape_of_the_example(track_id: str) -> None:
    lib = library()
    track = next(t for t in lib.tracks if t.id == track_id)
    assert (
        shape_errors(track_json(track, lib, f"training/{track_id}.md", lib.bank), example("track-data.example.json"))
        == []
    )


def test_the_class_report_data_has_the_shape_of_the_example() -> None:
    lib = library()
    assert shape_errors(report_json(lib, lib.bank), example("report-data.example.json")) == []


def test_page_data_travels_in_a_template_the_engine_finds_by_data_for() -> None:
    data = example("quiz-data.example.json") | {"title": "</template><script>x</script> & 测验"}
    html = embed_json(data, for_id="lost-card-call")
    match = re.fullmatch(
        r'<div class="cb-data-holder" hidden data-search-exclude>'
        r'<template class="cb-data" data-for="lost-card-call">(?P<json>[^<>&]*)</template></div>',
        html,
    )
    assert match, html
    assert json.loads(match["json"]) == data


def test_the_built_quiz_page_embeds_exactly_that_template(built_site: Path) -> None:
    html = (built_site / "quizzes" / "service-standards" / "index.html").read_text(encoding="utf-8")
    found = re.findall(r'<template class="cb-data" data-for="service-standards">([^<]*)</template>', html)
    assert len(found) == 1
    lib = library()
    assert json.loads(found[0]) == quiz_json(
        lib.quiz("service-standards"), lib, "quizzes/service-standards.md", lib.bank
    )


def test_the_home_page_data_has_the_shape_of_the_example() -> None:
    lib = library()
    data = home_json(lib, "index.md")
    ex = example("home-data.example.json")
    # versions is a map by question key: its keys are the library's, its values like the example's.
    assert shape_errors(data | {"versions": {}}, ex | {"versions": {}}) == []
    assert all(re.fullmatch(r"[0-9a-f]{12}", v) for v in [*data["versions"].values(), *ex["versions"].values()])
    assert data["notebook"] == "training/notebook/"
    assert [t["url"] for t in data["tracks"]] == [f"training/{t.id}/" for t in lib.tracks]
    assert set(data["versions"]) == {item.key for item in lib.bank}


def test_the_built_home_page_carries_the_overview_and_every_track(built_site: Path) -> None:
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert html.count('<div class="cb-home">') == 1
    carried = re.findall(r'<template class="cb-data" data-for="([^"]*)">', html)
    lib = library()
    assert carried == [t.id for t in lib.tracks] + ["home"]
    home = re.findall(r'<template class="cb-data" data-for="home">([^<]*)</template>', html)
    assert json.loads(home[0]) == home_json(lib, "index.md")
    assert "```" not in html  # the fenced block is gone, not shown as code

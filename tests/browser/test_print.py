"""Printing on A4: a case page prints its text without the site around it, and 打印 on a
completion record prints the record alone."""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

CASE = "helmet-security-guard"
TRACK = "onboarding"


def display(page: Page, selector: str) -> list[str]:
    """The computed ``display`` of every element matching ``selector``."""
    return page.locator(selector).evaluate_all("els => els.map(e => getComputedStyle(e).display)")


def test_case_page_prints_only_its_text(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}cases/{CASE}/")
    quiz = page.locator(f".cb-quiz[data-quiz='{CASE}']")
    expect(quiz.locator("fieldset.cb-q").first).to_be_visible()
    assert display(page, ".md-header") == ["block"]  # on screen

    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar", ".md-search", ".md-footer", ".md-top"):
        shown = display(page, chrome)
        assert shown and set(shown) == {"none"}, (chrome, shown)
    expect(page.locator("article h1")).to_be_visible()
    expect(page.get_by_role("heading", name="案例经过", exact=True)).to_be_visible()
    expect(page.locator(".cb-dialogue .cb-line").first).to_be_visible()
    # The quiz and its heading stay on screen.
    expect(quiz).to_be_hidden()
    expect(page.get_by_role("heading", name="案例测验", exact=True)).to_be_hidden()
    breaks = page.locator(".cb-line, article table, .admonition").evaluate_all(
        "els => els.map(e => getComputedStyle(e).breakInside)"
    )
    assert breaks and set(breaks) == {"avoid"}, breaks


def completed_state(track: dict[str, Any]) -> dict[str, Any]:
    """A browser store in which ``track`` (its page data) is done and its record has a name."""
    passed = {"best": 90, "bestDate": "2026-03-02", "last": 90, "attempts": 1, "passed": True}
    state: dict[str, Any] = {"schema": 1, "quizzes": {}, "notebook": {}, "visited": {}, "completions": {}}
    for module in track["modules"]:
        for item in module["items"]:
            state["visited"][item["path"]] = "2026-03-01"
            if item.get("quiz"):
                state["quizzes"][item["quiz"]] = {"version": item["version"], **passed}
    exam = track["finalExam"]
    state["quizzes"][exam["id"]] = {"version": exam["version"], **passed}
    state["completions"][track["id"]] = {"name": "示例学员", "date": "2026-03-02", "score": 90}
    return state


def test_printing_the_completion_record_prints_only_the_record(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}training/{TRACK}/")
    data = page.locator(f"template.cb-data[data-for='{TRACK}']").evaluate("t => t.content.textContent")
    page.evaluate("s => localStorage.setItem('casebook:v1', JSON.stringify(s))", completed_state(json.loads(data)))
    page.reload()
    record = page.locator(".cb-record")
    expect(record).to_contain_text("示例学员")

    page.emulate_media(media="print")
    expect(page.locator("article h1")).to_be_visible()  # an ordinary print shows the page
    page.evaluate("document.documentElement.classList.add('cb-print-record')")  # what 打印 does
    expect(record).to_be_visible()
    expect(record.locator(".cb-record-table tbody tr")).not_to_have_count(0)
    expect(record.locator(".cb-record-actions")).to_be_hidden()
    for other in ("article h1", ".cb-modules", ".cb-name-form", ".md-header"):
        assert set(display(page, other)) <= {"none"}, other
    box = record.bounding_box()
    assert box is not None and box["y"] < 100  # starts at the top of the first page


def test_the_trainee_site_prints_no_answers_of_questions_exams_can_draw(page: Page, base_url: str) -> None:
    # Every practice question of the shipped library is in some exam pool.
    for path in (f"cases/{CASE}/", "quizzes/service-standards/"):
        page.goto(f"{base_url}{path}")
        expect(page.locator(".cb-quiz[data-cb-ready] fieldset.cb-q").first).to_be_visible()
        expect(page.get_by_role("button", name="打印题目和答案")).to_have_count(0)
        expect(page.locator(".cb-answer-key")).to_have_count(0)
        page.emulate_media(media="print")
        page.evaluate("document.documentElement.classList.add('cb-print-answers')")
        expect(page.locator(".cb-answer-key")).to_have_count(0)
        page.emulate_media(media="screen")


def test_the_trainer_edition_prints_every_key_when_asked_for(page: Page, trainer_url: str) -> None:
    """``casebook build --trainer``: practice quizzes and exams print their questions with keys."""
    from casebook.library.load import load_library
    from helpers import REPO

    library = load_library(REPO)
    quiz = library.quiz(CASE)
    page.goto(f"{trainer_url}cases/{CASE}/")
    expect(page.get_by_role("note")).to_contain_text("培训师版")
    expect(page.locator(".cb-quiz[data-cb-ready] fieldset.cb-q").first).to_be_visible()
    key = page.locator(".cb-answer-key")
    expect(key).to_be_hidden()  # never on screen
    # Stub the print dialogue: record that it was asked for, and what print media would show.
    page.evaluate("window.print = () => { window.__printed = document.documentElement.className; }")
    page.get_by_role("button", name="打印题目和答案").click()
    assert "cb-print-answers" in page.evaluate("window.__printed")
    page.emulate_media(media="print")
    expect(key).to_be_visible()
    expect(page.locator(f".cb-quiz[data-quiz='{CASE}'] fieldset.cb-q").first).to_be_hidden()
    items = key.locator(".cb-key-list > li")
    expect(items).to_have_count(len(quiz.questions))
    first = quiz.questions[0]
    expect(items.first).to_contain_text(first.prompt)
    expect(items.first).to_contain_text("解析：" + first.explanation)

    # The final exam: its key covers every question it may draw, before any attempt.
    exam_id = library.tracks[0].final_exam
    page.emulate_media(media="screen")
    page.goto(f"{trainer_url}quizzes/{exam_id}/")
    data = json.loads(page.locator(f"template.cb-data[data-for='{exam_id}']").evaluate("t => t.content.textContent"))
    expect(page.get_by_role("button", name="打印题目和答案")).to_be_visible()
    page.emulate_media(media="print")
    page.evaluate("document.documentElement.classList.add('cb-print-answers')")
    expect(page.locator(".cb-answer-key .cb-key-list > li")).to_have_count(len(data["questions"]))

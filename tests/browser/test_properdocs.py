"""Smoke test of the second back-end: the site ProperDocs builds, in headless Chromium under /kb/.

The full suite runs on the MkDocs build; this checks that a trainee gets the same site from ProperDocs
(the maintained MkDocs 1.x continuation, built in a venv without MkDocs): home page, a case page,
Chinese search and a quiz that grades.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from kit import SUBPATH, answer_all, search
from playwright.sync_api import Page, expect

from casebook.library.load import load_library
from helpers import REPO

pytestmark = pytest.mark.browser

CASE = "medical-card-swallowed-expired"


@pytest.fixture(autouse=True)
def page_errors(page: Page) -> Iterator[None]:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"pageerror: {error}"))
    page.on("console", lambda message: errors.append(f"console: {message.text}") if message.type == "error" else None)
    yield
    assert errors == [], errors


def test_home_page_links_to_the_case_browser(page: Page, properdocs_url: str) -> None:
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(properdocs_url)
    expect(page).to_have_title("首页 - 案例通 · 银行客服投诉案例库")
    page.get_by_role("link", name="浏览案例").click()
    page.wait_for_url(f"{properdocs_url}browse/")
    assert failed == []


def test_case_page_shows_its_sections_in_the_theme(page: Page, properdocs_url: str) -> None:
    page.goto(f"{properdocs_url}cases/{CASE}/")
    expect(page.locator("article h1")).to_have_text(load_library(REPO).case(CASE).title)
    assert page.locator("article h2").all_inner_texts()[:4] == ["案例经过", "原因分析", "应对措施", "案例小结"]
    colour = page.locator("header.md-header").evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")


def test_chinese_search_finds_the_case(page: Page, properdocs_url: str) -> None:
    page.goto(properdocs_url)
    assert f"{SUBPATH}cases/{CASE}/" in search(page, "吞卡")[:8]


def test_a_quiz_grades_a_perfect_attempt(page: Page, properdocs_url: str) -> None:
    library = load_library(REPO)
    quiz = library.quiz(CASE)
    questions = {f"{quiz.id}/{q.id}": q for q in quiz.questions}
    page.goto(f"{properdocs_url}quizzes/{CASE}/")
    box = page.locator(".cb-quiz[data-quiz][data-cb-ready]")
    expect(box.locator("fieldset.cb-q").first).to_be_visible()

    assert answer_all(box, questions, right=lambda key: True) == list(questions)
    box.get_by_role("button", name="提交答案").click()

    expect(box.locator(".cb-score-text")).to_have_text(f"得分 100 分（及格线 {quiz.pass_mark} 分）")
    expect(box.locator(".cb-pass--yes")).to_have_text("通过")
    expect(box.locator("fieldset.cb-q.cb-q--right")).to_have_count(len(questions))

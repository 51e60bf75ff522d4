"""Quiz, track, training and notebook pages are written at build time as the script draws them for
a first visit (render/first_visit.py): readable without JavaScript, and nothing moves when the
script takes over. Layout shift is measured with a PerformanceObserver, phone and desktop."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from casebook.library.load import Library, load_library
from casebook.library.quiz_model import Dialogue, MultipleChoice, Ordering, SingleChoice
from helpers import REPO

CASE = "atm-deposit-swallowed-cash"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
# Every page type with a drawn part, and the element the script draws into.
PAGES = {
    "case": (f"cases/{CASE}/", f".cb-quiz[data-quiz='{CASE}']"),
    "quiz": ("quizzes/service-standards/", ".cb-quiz[data-quiz='service-standards']"),
    "exam": ("quizzes/onboarding-final/", ".cb-quiz[data-quiz='onboarding-final']"),
    "track": ("training/onboarding/", ".cb-track"),
    "training": ("training/", ".cb-tracks-summary"),
    "notebook": ("training/notebook/", ".cb-notebook"),
    "home": ("", ".cb-home"),
}
_CLS = """window.__cls = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__cls += entry.value;
}).observe({type: 'layout-shift', buffered: true});"""


@functools.cache
def library() -> Library:
    return load_library(REPO)


def _page(browser: Browser, *, js: bool, viewport: str = "desktop") -> Page:
    context = browser.new_context(locale="zh-CN", java_script_enabled=js, viewport=VIEWPORTS[viewport])  # type: ignore[arg-type]
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


@pytest.fixture
def no_js(browser: Browser) -> Iterator[Page]:
    page = _page(browser, js=False)
    yield page
    page.context.close()


def _text(page: Page, selector: str) -> str:
    return str(page.locator(selector).first.inner_text())


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize("kind", sorted(PAGES))
def test_nothing_moves_when_the_script_draws(browser: Browser, base_url: str, kind: str, viewport: str) -> None:
    path, selector = PAGES[kind]
    page = _page(browser, js=True, viewport=viewport)
    try:
        page.add_init_script(_CLS)
        page.goto(base_url + path, wait_until="load")
        expect(page.locator(f"{selector}[data-cb-ready]").first).to_be_attached()
        page.wait_for_timeout(1000)
        assert float(page.evaluate("window.__cls")) <= 0.1
    finally:
        page.context.close()


def test_a_case_quiz_reads_without_javascript(no_js: Page, base_url: str) -> None:
    quiz = library().quiz_for_case(CASE)
    assert quiz is not None
    no_js.goto(f"{base_url}cases/{CASE}/")
    box = no_js.locator(f".cb-quiz[data-quiz='{CASE}']")
    expect(box.locator(".cb-quiz-title")).to_have_text(quiz.title)
    expect(box.locator(".cb-quiz-meta")).to_have_text(f"共 {len(quiz.questions)} 题 · 及格线 {quiz.pass_mark} 分")
    questions = box.locator(".cb-static-q")
    expect(questions).to_have_count(len(quiz.questions))
    for i, (q, shown) in enumerate(zip(quiz.questions, questions.all(), strict=True), 1):
        expect(shown.locator(".cb-q-prompt")).to_have_text(q.prompt)
        expect(shown.locator(".cb-q-meta")).to_contain_text(f"第 {i} 题")
        texts = shown.locator(".cb-option-text, .cb-order-text").all_inner_texts()
        if isinstance(q, SingleChoice | MultipleChoice):
            assert texts == [o.text for o in q.options]
        elif isinstance(q, Ordering):
            assert sorted(texts) == sorted(q.items) and texts != q.items  # the answer is not printed
        elif isinstance(q, Dialogue):
            assert texts == [o.text for s in q.steps for o in s.options]
        else:
            assert texts == ["对", "错"]
    expect(box.locator(".cb-noscript")).to_have_text(
        "作答和自动评分需要在浏览器中启用 JavaScript；未启用时可以阅读和打印题目。"
    )
    # Explanations and keys stay in the data: nothing of an answer is on the page as text.
    assert not any(q.explanation in _text(no_js, "article") for q in quiz.questions)


def test_an_exam_says_what_it_needs_without_javascript(no_js: Page, base_url: str) -> None:
    exam = library().quiz("onboarding-final")
    no_js.goto(f"{base_url}quizzes/onboarding-final/")
    box = no_js.locator(".cb-quiz[data-quiz='onboarding-final']")
    draw = sum(p.count for p in exam.pools)
    expect(box.locator(".cb-quiz-meta")).to_contain_text(f"本次考试随机抽取 {draw} 题 · 及格线 {exam.pass_mark} 分")
    expect(box.locator(".cb-noscript")).to_contain_text("考试需要在浏览器中启用 JavaScript")


def _first_visit_text(browser: Browser, url: str, selector: str) -> tuple[str, str]:
    """The element's text without JavaScript (its note left out) and as the script draws it."""
    texts = []
    for js in (False, True):
        page = _page(browser, js=js)
        try:
            page.goto(url)
            if js:
                expect(page.locator(f"{selector}[data-cb-ready]")).to_be_attached()
            else:
                page.locator(f"{selector} .cb-noscript").evaluate_all("els => els.forEach(e => e.remove())")
            texts.append(_text(page, selector))
        finally:
            page.context.close()
    return texts[0], texts[1]


@pytest.mark.parametrize("path,selector", [("training/onboarding/", ".cb-track"), ("training/", ".cb-tracks-summary")])
def test_track_markup_is_what_the_script_draws_for_a_first_visit(
    browser: Browser, base_url: str, path: str, selector: str
) -> None:
    static, drawn = _first_visit_text(browser, base_url + path, selector)
    assert static == drawn


def test_the_track_page_leads_to_every_item_without_javascript(no_js: Page, base_url: str) -> None:
    track = next(t for t in library().tracks if t.id == "onboarding")
    no_js.goto(f"{base_url}training/onboarding/")
    box = no_js.locator(".cb-track")
    expect(box.locator(".cb-module")).to_have_count(len(track.modules))
    expect(box.locator(".cb-track-progress-text")).to_contain_text("学习进度：已完成 0/")
    links: list[Any] = box.locator(".cb-items a, .cb-final-title + p a").evaluate_all("els => els.map(e => e.href)")
    assert len(links) == sum(len(m.pages) + len(m.cases) + len(m.quizzes) + len(m.roleplays) for m in track.modules) + 1
    for url in dict.fromkeys(links):
        assert no_js.request.get(url).status == 200, url
    expect(box.locator(".cb-noscript")).to_contain_text("学习进度保存在本机浏览器中")


def test_the_notebook_page_carries_versions_not_questions(base_url: str, no_js: Page) -> None:
    """The page holds the version of each question; the questions come from per-quiz files."""
    response = no_js.request.get(f"{base_url}training/notebook/")
    html = response.text()
    lib = library()
    assert not any(item.question.prompt in html for item in lib.bank)
    assert all(item.key in html for item in lib.bank)
    no_js.goto(f"{base_url}training/notebook/")
    expect(no_js.locator(".cb-nb-empty-title")).to_have_text("错题本是空的。")
    expect(no_js.locator(".cb-notebook .cb-noscript")).to_contain_text("需要启用 JavaScript")

"""Helpers for driving the site in the browser."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Locator, Page

from casebook.library.quiz_model import MultipleChoice, Option, Ordering, Question, SingleChoice, TrueFalse

SUBPATH = "/kb/"


def search(page: Page, query: str) -> list[str]:
    """Type ``query`` into Material's search box; return the result links' paths."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # Material reacts to key events, and fill() sends none
    page.wait_for_selector(".md-search-result__item")
    return page.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => new URL(e.href).pathname)")


# --- Quizzes -----------------------------------------------------------------------------------
# The helpers below answer one rendered question (a ``fieldset.cb-q``) from its YAML source, right
# or wrong, by clicking what a trainee would click. Options are shuffled on the page, so they are
# found by their option id (the input's value), never by position.


def answer(fieldset: Locator, question: Question, *, right: bool) -> None:
    """Answer ``question``, rendered as ``fieldset``, correctly or not."""
    if isinstance(question, SingleChoice):
        choose(fieldset, question.answer if right else _other_option(question.options, question.answer))
    elif isinstance(question, MultipleChoice):
        for option_id in question.answer if right else _wrong_selection(question):
            fieldset.locator(f"input[value='{option_id}']").check()
    elif isinstance(question, TrueFalse):
        choose(fieldset, str(question.answer == right).lower())
    elif isinstance(question, Ordering):
        put_in_order(fieldset, question.items)
        if not right:  # swap the first two
            fieldset.get_by_role("button", name=f"下移：{question.items[0]}", exact=True).click()
    else:
        for step, step_box in zip(question.steps, fieldset.locator("fieldset.cb-step").all(), strict=True):
            choose(step_box, step.answer if right else _other_option(step.options, step.answer))


def choose(box: Locator, option_id: str) -> None:
    """Check the radio button whose value is ``option_id`` inside ``box``."""
    box.locator(f"input[value='{option_id}']").check()


def put_in_order(fieldset: Locator, items: list[str]) -> None:
    """Move the items of an ordering question into ``items``' order with the 上移 buttons."""
    for target, text in enumerate(items):
        current = fieldset.locator(".cb-order-text").all_inner_texts().index(text)
        for _ in range(current - target):
            fieldset.get_by_role("button", name=f"上移：{text}", exact=True).click()
    assert fieldset.locator(".cb-order-text").all_inner_texts() == items


def answer_all(quiz: Locator, questions: dict[str, Question], *, right: Callable[[str], bool]) -> list[str]:
    """Answer every question shown in ``quiz``; ``right(key)`` says which to get right. Returns the keys in page order."""
    keys = []
    for fieldset in quiz.locator("fieldset.cb-q").all():
        key = fieldset.get_attribute("data-key") or ""
        answer(fieldset, questions[key], right=right(key))
        keys.append(key)
    return keys


def _other_option(options: list[Option], answer_id: str) -> str:
    return next(o.id for o in options if o.id != answer_id)


def _wrong_selection(question: MultipleChoice) -> list[str]:
    """A non-empty selection that is not the answer: a wrong option, or the answer less one."""
    wrong = [o.id for o in question.options if o.id not in question.answer]
    return wrong[:1] or question.answer[:-1]

"""Pages for learners: a case page opens with its story, on a phone too."""

from __future__ import annotations

import functools
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from casebook.library.load import Library, load_library
from helpers import REPO

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@functools.cache
def library() -> Library:
    return load_library(REPO)


@pytest.mark.parametrize("case_id", [c.id for c in load_library(REPO).cases])
def test_a_case_page_shows_the_start_of_its_story_on_the_first_phone_screen(
    browser: Browser, base_url: str, case_id: str
) -> None:
    context = browser.new_context(locale="zh-CN", viewport=PHONE)
    page = context.new_page()
    page.goto(f"{base_url}cases/{case_id}/")
    case = library().case(case_id)
    expect(page.locator("article h1")).to_have_text(case.title)
    expect(page.locator("article .cb-lead")).to_have_text(case.summary.strip())
    box = page.get_by_role("heading", name="案例经过", exact=True).bounding_box()
    assert box is not None
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], (case_id, box)
    first_paragraph = page.locator("h2#案例经过 + p").bounding_box()
    assert first_paragraph is not None and first_paragraph["y"] < PHONE["height"], (case_id, first_paragraph)
    context.close()


def test_the_chips_link_to_the_browse_pages_and_the_table_is_folded(page: Page, base_url: str) -> None:
    case = library().case("atm-deposit-swallowed-cash")
    page.goto(f"{base_url}cases/{case.id}/")
    chips = page.locator(".cb-chips a")
    names = chips.all_inner_texts()
    main, _, sub = case.category.partition("/")
    assert names[0] == f"{main} / {sub}"
    assert names[1] == case.cause
    assert names[2 : 2 + len(case.principles)] == case.principles
    assert names[2 + len(case.principles) :] == case.tags  # the # before a tag is CSS, not link text
    details = page.locator("details.info")
    expect(details.locator("summary")).to_have_text("完整分类信息")
    expect(details.locator("table")).to_be_hidden()
    details.locator("summary").click()
    expect(details.locator("table")).to_be_visible()
    expect(details.locator("td").filter(has_text="责任认定")).to_be_visible()

    chips.nth(1).click()
    expect(page).to_have_url(re.compile(r"/browse/cause/[^/]+/$"))
    expect(page.locator("article")).to_contain_text(case.title)


def test_chips_show_a_visible_focus_ring(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}cases/atm-deposit-swallowed-cash/")
    chip = page.locator(".cb-chips a").first
    chip.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # keyboard focus, so :focus-visible applies
    expect(chip).to_be_focused()
    style = chip.evaluate("e => { const s = getComputedStyle(e); return [s.outlineStyle, s.outlineWidth]; }")
    assert style[0] == "solid" and float(style[1].removesuffix("px")) >= 2, style

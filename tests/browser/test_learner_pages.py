"""Pages for learners: a case page opens with its story (on a phone too), and the home page
greets a returning trainee with their tracks, what to continue and the reviews due."""

from __future__ import annotations

import functools
import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from casebook.library.load import Library, load_library
from casebook.render.training import track_json
from helpers import REPO

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@functools.cache
def library() -> Library:
    return load_library(REPO)


def track_data(track_id: str) -> dict[str, Any]:
    lib = library()
    return track_json(next(t for t in lib.tracks if t.id == track_id), lib, "index.md", lib.bank)


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


def test_a_first_visit_sees_the_start_hint_and_nothing_moves(browser: Browser, base_url: str) -> None:
    tops = []
    for javascript in (False, True):
        context = browser.new_context(locale="zh-CN", viewport=PHONE, java_script_enabled=javascript)
        page = context.new_page()
        page.goto(base_url)
        hint = page.locator(".cb-home-hint")
        expect(hint).to_have_text(
            "第一次来？建议从“新员工入职培训”开始。学习进度和待复习的错题只保存在你自己的浏览器中，会显示在这里。"
        )
        if javascript:
            expect(page.locator(".cb-home[data-cb-ready]")).to_be_attached()
            expect(hint.get_by_role("link", name="新员工入职培训")).to_have_attribute("href", "training/onboarding/")
        box = page.get_by_role("heading", name="我是学员").bounding_box()
        assert box is not None
        tops.append(box["y"])
        context.close()
    assert tops[0] == tops[1], tops


def test_a_returning_trainee_sees_their_track_what_comes_next_and_the_reviews_due(page: Page, base_url: str) -> None:
    data = track_data("onboarding")
    required = [it for m in data["modules"] for it in m["items"] if it["required"]]
    first, second = required[0], required[1]
    assert first["kind"] in ("page", "case"), "the onboarding track should start with something to read"
    page.goto(f"{base_url}{first['path']}")
    expect(page.locator("article h1")).to_be_visible()

    page.goto(base_url)
    line = page.locator(".cb-home-track[data-track='onboarding']")
    expect(page.locator(".cb-home-title")).to_have_text("欢迎回来")
    expect(line.locator(".cb-home-track-text")).to_have_text(
        f"{data['title']}：必修内容已完成 1/{len(required)} 项 · 进行中"
    )
    expect(line.locator(".cb-home-next")).to_have_text(f"继续学习：{second['title']}")
    bar = line.get_by_role("progressbar", name=f"{data['title']} 必修内容进度")
    expect(bar).to_have_attribute("aria-valuenow", str(round(100 / len(required))))
    expect(page.locator(".cb-home-track")).to_have_count(1)  # the advanced track is not started
    expect(page.locator(".cb-home-review")).to_have_count(0)  # nothing in the 错题本

    line.locator(".cb-home-next a").click()
    expect(page).to_have_url(f"{base_url}{second['path']}")

"""Role-play card sets (情景演练卡): reached from the case page, one card per A4 page on paper,
no site chrome, and listed on the onboarding track as an observer-scored item."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from helpers import REPO

pytestmark = pytest.mark.browser

CASE = "long-wait-single-queue"
CARDS = ["顾客角色卡", "员工任务卡", "观察评分表"]


def display(page: Page, selector: str) -> set[str]:
    return set(page.locator(selector).evaluate_all("els => els.map(e => getComputedStyle(e).display)"))


def pdf_pages(pdf: bytes) -> int:
    """Pages in a PDF Chromium wrote (its page objects are not compressed)."""
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def test_card_set_prints_each_card_on_its_own_a4_page(page: Page, base_url: str, tmp_path: Path) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base_url}cases/{CASE}/")
    page.get_by_role("link", name="打印情景演练卡").click()
    # navigation.tracking may add the hash of the section in view.
    expect(page).to_have_url(re.compile(re.escape(f"{base_url}roleplay/{CASE}/") + "(#.*)?$"))
    cards = page.locator("article .cb-rp-card")
    expect(cards).to_have_count(3)
    for i, name in enumerate(CARDS):
        expect(cards.nth(i).get_by_role("heading", name=name, exact=True)).to_be_visible()
    expect(cards.nth(0)).to_contain_text("插队")  # the trainer's override for this case
    expect(cards.nth(2).locator("table").first).to_contain_text("共情致歉")
    assert display(page, ".md-header") == {"block"}
    page.screenshot(path=tmp_path / "roleplay-screen.png", full_page=True)

    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar", ".md-footer", ".md-search", ".md-top"):
        assert display(page, chrome) == {"none"}, chrome
    expect(page.locator("article h1")).to_be_hidden()
    expect(page.locator(".cb-rp-intro")).to_be_hidden()
    # The second and third cards break before; nothing printable precedes the first.
    breaks = cards.evaluate_all("els => els.map(e => getComputedStyle(e).breakBefore)")
    assert breaks == ["auto", "page", "page"]
    before_first = page.evaluate(
        """() => {
          const first = document.querySelector('.cb-rp-card');
          return [...document.querySelectorAll('body *')].filter(e => !e.contains(first)
            && e.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING
            && e.getBoundingClientRect().height > 0).map(e => e.tagName);
        }"""
    )
    assert before_first == []
    page.screenshot(path=tmp_path / "roleplay-print.png", full_page=True)
    # Each card fits its page: the three cards are exactly three A4 pages.
    assert pdf_pages(page.pdf(format="A4")) == 3


def test_every_card_set_prints_on_three_pages(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}roleplay/")
    links = page.locator("article li a").evaluate_all("els => els.map(e => e.href)")
    assert len(links) == len(list((REPO / "cases").glob("*.yaml")))
    page.emulate_media(media="print")
    for href in links:
        page.goto(href)
        assert pdf_pages(page.pdf(format="A4")) == 3, href


def test_onboarding_week_five_lists_roleplays_scored_by_an_observer(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}training/onboarding/")
    module = page.locator(".cb-module").filter(has_text="第五周")
    items = module.locator(".cb-item--roleplay")
    expect(items).to_have_count(4)
    expect(items.first).to_contain_text("情景演练")
    expect(items.first).to_contain_text("（观察员评分，不计入结业条件）")
    items.first.get_by_role("link").click()
    expect(page.locator("article .cb-rp-card")).to_have_count(3)


def test_card_set_has_no_serious_accessibility_problem(page: Page, base_url: str) -> None:
    from test_quiz import serious_axe_violations  # the one axe-core runner of the browser tests

    for width in (1280, 390):  # desk and phone
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{base_url}roleplay/{CASE}/")
        expect(page.locator("article .cb-rp-card")).to_have_count(3)
        assert serious_axe_violations(page) == [], width

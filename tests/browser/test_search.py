"""Search as a trainee uses it: cases first, found by synonyms, with story snippets (issue 11)."""

from __future__ import annotations

import pytest
from kit import SUBPATH, search
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

# A term from the trainers' synonym list (taxonomy.yaml) that the case itself never uses.
SYNONYMS = {
    "卡被吞": "medical-card-swallowed-expired",
    "钱被吞": "atm-deposit-swallowed-cash",
    "老太太": "elderly-customer-waiting",
}


@pytest.mark.parametrize(("query", "case_id"), SYNONYMS.items())
def test_a_synonym_finds_the_case(page: Page, base_url: str, query: str, case_id: str) -> None:
    page.goto(base_url)
    assert f"{SUBPATH}cases/{case_id}/" in search(page, query)[:3]


@pytest.mark.parametrize("query", ["吞钞", "吞卡", "排队", "手续费"])
def test_listing_pages_never_crowd_out_cases(page: Page, base_url: str, query: str) -> None:
    page.goto(base_url)
    results = search(page, query)
    assert results[0].startswith(f"{SUBPATH}cases/"), results
    assert not [r for r in results if r.startswith(f"{SUBPATH}browse/")], results


def test_a_case_snippet_starts_with_the_story(page: Page, base_url: str) -> None:
    page.goto(base_url)
    search(page, "医保卡")
    link = page.locator('.md-search-result__item > a[href*="cases/medical-card-swallowed-expired/"]').first
    text = link.inner_text().replace("\u200b", "")
    title, _, snippet = text.partition("\n")
    assert "医保卡" in title
    assert not snippet.lstrip().startswith(("项目", "分类")), snippet
    assert "自助" in snippet[:60], snippet


def test_quiz_hits_show_their_title_not_the_no_script_notice(page: Page, base_url: str) -> None:
    page.goto(base_url)
    search(page, "测验")
    texts = page.locator(".md-search-result").inner_text()
    assert "测验需要在浏览器中启用 JavaScript" not in texts

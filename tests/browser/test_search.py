"""Search as a trainee uses it: cases first, found by synonyms, with story snippets (issue 11)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

import pytest
from kit import SUBPATH, search
from playwright.sync_api import Page, Route, expect

from casebook.publish.search_worker import LIGHT_TEXT, light_index
from casebook.render.search_index import ZWSP

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


def _deep_term(docs: list[dict[str, Any]], light: list[dict[str, Any]]) -> tuple[str, str]:
    """A word some case's entry has only past the start its light entry keeps, none of whose
    characters any light entry has (Material searches a word the index lacks by its pieces): the
    light index cannot find it, the whole index can. Returns (word, location)."""
    seen = set("".join("".join([d["title"], d.get("text", ""), *d.get("tags", [])]) for d in light))
    for doc in docs:
        if not doc["location"].startswith("cases/"):
            continue
        for word in re.sub(r"<[^>]+>", "", doc["text"][LIGHT_TEXT:]).split(ZWSP):
            if re.fullmatch(r"[\u4e00-\u9fff]{2,4}", word) and not set(word) & seen:
                return word, doc["location"]
    raise AssertionError("no case word beyond the light text")


def test_a_big_index_answers_from_the_light_index_first_then_from_the_whole_one(page: Page, base_url: str) -> None:
    index = page.request.get(f"{base_url}search/search_index.json").json()
    # Padding past SPLIT_AT, so this library's index is split as a big library's is.
    filler = [{"location": f"pad/{i}/", "title": f"填充{i}", "text": f"填充{ZWSP}" * 60} for i in range(1300)]
    big = {**index, "docs": index["docs"] + filler}
    light = light_index(big, suggest=True)
    assert light["split"] is True
    word, location = _deep_term(index["docs"], light["docs"])

    held: list[Route] = []
    page.route("**/search/search_index.json", lambda route: held.append(route))
    page.route("**/search/light_index.json", lambda route: route.fulfill(json=light))
    page.goto(base_url)
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(word)
    box.press("End")
    # Answered by the light index while the page's whole index has not even arrived.
    expect(page.locator(".md-search-result__meta")).to_have_text("没有找到符合条件的结果")
    assert len(held) == 1
    held[0].fulfill(json=big)
    # The whole index answers the same query again, in place.
    hit = page.locator(f'.md-search-result__item > a[href*="{location.split("#")[0]}"]').first
    expect(hit).to_be_visible(timeout=20000)
    assert box.input_value() == word


@pytest.mark.parametrize("word", ["手续费", "心不在焉"])
def test_a_query_that_is_one_word_is_searched_and_highlighted_whole(page: Page, base_url: str, word: str) -> None:
    # Material's own segmentation never tries the whole run, so 手续费 was searched as 手续 + 费.
    page.goto(base_url)
    search(page, word)
    first = page.locator(".md-search-result__item").first
    marks = first.locator("mark").all_inner_texts()
    assert marks and set(marks) == {word}, marks
    link = first.locator("a").first.get_attribute("href") or ""
    assert link.endswith("?h=" + quote(word)), link

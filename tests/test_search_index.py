"""The search index we write: which pages are in it and what a case is found by (issue 11)."""

from __future__ import annotations

import json
from pathlib import Path

from casebook.library.load import load_library
from casebook.render.search_index import ZWSP, expansions, search_docs, segment

REPO = Path(__file__).resolve().parent.parent


def test_listing_pages_are_left_out_and_every_case_is_in_once() -> None:
    lib = load_library(REPO)
    docs = search_docs(lib)
    assert not [uri for uri in docs if uri.startswith(("browse/", "stats/"))]
    assert {f"cases/{c.id}.md" for c in lib.cases} <= docs.keys()
    assert "training/notebook.md" not in docs


def test_a_case_is_found_by_story_summary_tags_principles_and_synonyms() -> None:
    lib = load_library(REPO)
    doc = search_docs(lib)["cases/medical-card-swallowed-expired.md"]
    text = doc.text.replace(ZWSP, "")
    case = lib.case("medical-card-swallowed-expired")
    assert text.startswith(" ".join(case.scenario.split())[:20])
    assert all(tag in text for tag in case.tags)
    assert all(p in text for p in case.principles)
    assert "卡被吞" in text  # from the synonym group of 吞卡
    assert doc.tags == tuple(case.tags)


def test_synonyms_add_only_the_words_a_text_lacks() -> None:
    lib = load_library(REPO)
    assert expansions("客户的卡被吞了", lib.taxonomy) == ["吞卡", "卡被吃"]
    assert expansions("与同义词无关的一句话", lib.taxonomy) == []


def test_entries_are_html_text_as_material_inserts_them() -> None:
    assert (
        segment('客户<img src=x onerror="alert(1)">&').replace(ZWSP, "")
        == '客户&lt;img src=x onerror="alert(1)"&gt;&amp;'
    )


def test_segmentation_marks_word_boundaries_with_zero_width_spaces() -> None:
    assert segment("客户  投诉\n手续费") == f"客户{ZWSP} {ZWSP}投诉{ZWSP} {ZWSP}手续费"


def test_the_built_index_has_no_listing_pages(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))
    locations = [doc["location"] for doc in index["docs"]]
    assert not [loc for loc in locations if loc.startswith(("browse/", "stats/", "training/notebook"))]
    cases = [loc for loc in locations if loc.startswith("cases/")]
    assert len(cases) == len(set(cases)) == len(load_library(REPO).cases)

"""The light search index and the worker swap (publish/search_worker.py); the worker itself is
tested in tests/js/unit/search-worker.test.js and in Chromium (tests/browser/test_search.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from casebook.publish.search_worker import LIGHT_TEXT, SPLIT_AT, light_index, text_start, use_casebook_worker
from helpers import Project, run_casebook

CONFIG = {"lang": ["zh"], "separator": "[\\s]+", "pipeline": ["stemmer"], "fields": {"title": {"boost": 1000.0}}}


def test_the_start_of_a_text_never_ends_inside_a_tag_or_a_character_reference() -> None:
    assert text_start("短文") == "短文"
    assert text_start("甲" * LIGHT_TEXT) == "甲" * LIGHT_TEXT
    assert text_start("甲" * (LIGHT_TEXT + 1)) == "甲" * LIGHT_TEXT + "…"
    inside_tag = "甲" * (LIGHT_TEXT - 4) + "<code>x</code>"
    assert text_start(inside_tag) == "甲" * (LIGHT_TEXT - 4) + "…"
    inside_reference = "甲" * (LIGHT_TEXT - 3) + "&amp;乙乙"
    assert text_start(inside_reference) == "甲" * (LIGHT_TEXT - 3) + "…"
    closed = "甲" * (LIGHT_TEXT - 8) + "<b>乙</b>丙丙丙丙"
    assert text_start(closed) == closed[:LIGHT_TEXT] + "…"


def test_a_small_index_is_not_split() -> None:
    index = {"config": CONFIG, "docs": [{"location": "cases/a/", "title": "甲", "text": "乙" * 1000}]}
    assert light_index(index, suggest=True) == {
        "config": CONFIG,
        "docs": [],
        "options": {"suggest": True},
        "split": False,
    }


def test_a_big_index_keeps_entries_with_text_cut_short_with_their_title_tags_and_boost() -> None:
    story = "客户" * (SPLIT_AT // 4 + 1)
    docs = [
        {"location": "cases/a/", "title": "吞卡", "text": story, "tags": ["吞卡", "ATM"]},
        {"location": "cases/b/", "title": "插队", "text": story, "boost": 2},
        {"location": "quizzes/a/", "title": "吞卡测验", "text": ""},
    ]
    light = light_index({"config": CONFIG, "docs": docs}, suggest=False)
    assert light["split"] is True and light["options"] == {"suggest": False} and light["config"] == CONFIG
    assert light["docs"] == [
        {"location": "cases/a/", "title": "吞卡", "text": story[:LIGHT_TEXT] + "…", "tags": ["吞卡", "ATM"]},
        {"location": "cases/b/", "title": "插队", "text": story[:LIGHT_TEXT] + "…", "boost": 2},
    ]


def test_only_materials_worker_url_in_its_config_is_replaced() -> None:
    page = '<script id="__config" type="application/json">{"search": "../../assets/javascripts/workers/search.a7633da7.min.js", "x": 1}</script>'
    assert use_casebook_worker(page) == (
        '<script id="__config" type="application/json">{"search": '
        '"../../assets/casebook/search-worker.js?m=search.a7633da7.min.js", "x": 1}</script>'
    )
    text = "<p>assets/javascripts/workers/search.a7633da7.min.js</p>"
    assert use_casebook_worker(text) == text


def test_every_page_of_the_built_site_searches_through_our_worker(built_site: Path) -> None:
    workers = {
        m for page in built_site.rglob("*.html") for m in re.findall(r'"search": "([^"]*)"', page.read_text("utf-8"))
    }
    assert workers and all(
        re.fullmatch(r"(/([\w-]+/)*|(\.\./)*)assets/casebook/search-worker\.js\?m=search\.[0-9a-f]{8}\.min\.js", w)
        for w in workers
    ), workers
    name = next(iter(workers)).split("?m=")[1]
    assert (built_site / "assets/javascripts/workers" / name).is_file()
    assert (built_site / "assets/casebook/search-worker.js").is_file()
    light = json.loads((built_site / "search/light_index.json").read_text("utf-8"))
    index = json.loads((built_site / "search/search_index.json").read_text("utf-8"))
    assert light == light_index(index, suggest=True)  # the shipped mkdocs.yml turns search.suggest on


def test_the_light_index_of_the_hostile_library_adds_no_markup(hostile_site: Path) -> None:
    """Every payload of the hostile corpus, split as a big library's index is: a light entry's
    text is the start of its entry's (already escaped) text, cut where no tag or reference is open."""
    index = json.loads((hostile_site / "search/search_index.json").read_text("utf-8"))
    filler = [{"location": f"pad/{i}/", "title": "填充", "text": "填充" * 100} for i in range(SPLIT_AT // 200 + 1)]
    big = {**index, "docs": index["docs"] + filler}
    light = light_index(big, suggest=True)
    assert light["split"] is True
    texts = {d["location"]: d["text"] for d in big["docs"]}
    for doc in light["docs"]:
        start = doc["text"].removesuffix("…")
        assert texts[doc["location"]].startswith(start), doc["location"]
        assert not re.search(r"<[^>]*$|&[^;]*$", start), doc["text"]
        if doc["location"].startswith("cases/"):  # our entries: the payloads stay escaped text
            assert "<" not in start, doc["text"]


def test_a_project_without_our_worker_keeps_materials(project: Project) -> None:
    # A project whose docs/ predates the worker must still search: the swap would point every
    # page at a file that is not there.
    project.case("atm-card")
    site = project.root / "site"
    result = run_casebook("build", "--site-dir", str(site), root=project.root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (site / "assets" / "casebook" / "search-worker.js").exists()
    for page in (site / "index.html", site / "cases" / "atm-card" / "index.html", site / "404.html"):
        html = page.read_text(encoding="utf-8")
        assert re.search(r'"search": "[^"]*assets/javascripts/workers/search\.[0-9a-f]{8}\.min\.js"', html), page
        assert "search-worker.js" not in html

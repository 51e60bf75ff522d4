"""Golden tests: fixed cases render to the committed Markdown, byte for byte.

Run with UPDATE_GOLDEN=1 to rewrite the expected files after an intended change,
then review the diff like any other code change.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from casebook.library.load import Library, load_library
from casebook.render.first_visit import site_relpath
from casebook.render.pages import render_pages
from helpers import REPO

GOLDEN = Path(__file__).parent / "golden"
PAGES = [
    "cases/full-featured.md",
    "cases/minimal.md",
    "browse/index.md",
    "browse/category/index.md",
    "browse/category/staff.md",
    "browse/category/staff/attitude.md",
    "browse/principle/first-contact-responsibility.md",
    "browse/tag/吞卡.md",
    "browse/channel/counter.md",
    "roleplay/full-featured.md",
    "roleplay/minimal.md",
]


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    root = tmp_path_factory.mktemp("golden")
    shutil.copytree(GOLDEN / "cases", root / "cases")
    shutil.copy(REPO / "taxonomy.yaml", root / "taxonomy.yaml")
    return load_library(root)


@pytest.mark.parametrize("uri", PAGES)
def test_page_matches_golden(library: Library, uri: str) -> None:
    pages = render_pages(library)
    expected = GOLDEN / "expected" / uri
    if os.environ.get("UPDATE_GOLDEN"):
        expected.parent.mkdir(parents=True, exist_ok=True)
        expected.write_text(pages[uri], encoding="utf-8")
    assert pages[uri] == expected.read_text(encoding="utf-8")


def test_rendering_is_deterministic(library: Library) -> None:
    assert render_pages(library) == render_pages(library)


def test_every_taxonomy_term_gets_a_browse_page(library: Library) -> None:
    pages = render_pages(library)
    tax = library.taxonomy
    for cat in tax.categories:
        assert f"browse/category/{cat.slug}.md" in pages
        for sub in cat.subcategories:
            assert f"browse/category/{cat.slug}/{sub.slug}.md" in pages
    for term in tax.principles:
        assert f"browse/principle/{term.slug}.md" in pages


def test_html_in_yaml_never_becomes_markup(library: Library) -> None:
    page = render_pages(library)["cases/full-featured.md"]
    assert "<script>" not in page
    assert "<img" not in page
    assert "<b>" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page


@pytest.mark.parametrize(
    ("target", "base", "expected"),
    [
        ("cases/a.md", "browse/category/staff", "../../../cases/a.md"),
        ("browse/category/staff/skills.md", "browse/category", "staff/skills.md"),
        ("browse/tag/吞卡.md", "cases", "../browse/tag/吞卡.md"),
        ("cases/b.md", "cases", "b.md"),
        ("index.md", "", "index.md"),
        ("browse/index.md", "browse/tag", "../index.md"),
    ],
)
def test_relative_path_matches_posixpath(target: str, base: str, expected: str) -> None:
    import posixpath

    assert site_relpath(target, base) == expected == posixpath.relpath(target, base or ".")

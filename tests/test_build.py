"""One real end-to-end build of the shipped library, and what a broken build must not do."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from casebook.library.load import load_library
from helpers import REPO, VALID_CASE, run_casebook
from offline import external_references

OWN_URL = "http://127.0.0.1:8000/"


def test_every_case_gets_a_page_with_its_sections(built_site: Path) -> None:
    library = load_library(REPO)
    assert len(library.cases) >= 5
    for case in library.cases:
        html = (built_site / "cases" / case.id / "index.html").read_text(encoding="utf-8")
        for heading in ("案例经过", "原因分析", "应对措施", "案例小结"):
            assert f">{heading}<" in html, (case.id, heading)


def test_nav_lists_sections_not_every_case(built_site: Path) -> None:
    html = (built_site / "index.html").read_text(encoding="utf-8")
    start = html.index('<nav class="md-nav md-nav--primary"')
    nav = html[start : html.index("md-sidebar--secondary", start)]
    assert "按分类" in nav
    assert not re.search(r'href="(?:\.{1,2}/)*cases/', nav)  # no case pages (guide/cases/ is fine)


def test_every_case_is_reachable_from_the_browse_pages(built_site: Path) -> None:
    linked = set()
    for page in (built_site / "browse").rglob("index.html"):
        linked |= set(re.findall(r'href="[./]*cases/([a-z0-9-]+)/"', page.read_text(encoding="utf-8")))
    assert linked == {c.id for c in load_library(REPO).cases}


def test_search_index_is_raw_utf8_and_segmented(built_site: Path) -> None:
    raw = (built_site / "search" / "search_index.json").read_text(encoding="utf-8")
    index = json.loads(raw)
    # Exactly the unescaped serialisation: Chinese is stored as UTF-8, not as \uXXXX.
    assert raw == json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    assert "吞卡" in raw
    assert "\u200b" in index["docs"][1]["text"]  # jieba segmented the Chinese text
    assert "（" in index["config"]["separator"]


def test_built_site_references_nothing_outside_itself(built_site: Path) -> None:
    assert external_references(built_site, own=OWN_URL) == []
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in html
    assert "Made with" not in html


def test_offline_scanner_catches_each_kind(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(
        '<img src="https://cdn.example/x.png"><a href="//evil.example/">x</a>'
        '<svg xmlns="http://www.w3.org/2000/svg"></svg><a href="http://127.0.0.1:8000/ok/">',
        encoding="utf-8",
    )
    (tmp_path / "b.css").write_text("body{background:url('https://x.example/b.png')}", encoding="utf-8")
    (tmp_path / "c.js").write_text('fetch("https://api.example/repos")', encoding="utf-8")
    assert external_references(tmp_path, own=OWN_URL) == [
        "a.html: https://cdn.example/x.png",
        "a.html: //evil.example/",
        "b.css: https://x.example/b.png",
        "c.js: https://api.example/repos",
    ]


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(".venv", ".git", "site", "tests", "bench", "__pycache__"))
    return root


def test_script_in_yaml_is_shown_as_text_in_the_built_page(tmp_path: Path) -> None:
    root = _project(tmp_path)
    text = VALID_CASE.format(id="xss-probe").replace(
        "scenario: 客户的医保卡被自助机吞没，网点通知领卡时没有说明期限。",
        'scenario: "<script>alert(1)</script> 与 <img src=x onerror=alert(2)>"',
    )
    (root / "cases" / "xss-probe.yaml").write_text(text, encoding="utf-8")
    site = tmp_path / "out"
    result = run_casebook("build", "--site-dir", str(site), root=root)
    assert result.returncode == 0, result.stderr
    html = (site / "cases" / "xss-probe" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_broken_case_fails_the_build_and_keeps_the_old_site(tmp_path: Path) -> None:
    root = _project(tmp_path)
    site = tmp_path / "published"
    for name in ("index.html", "assets/casebook.js", "search/search_index.json"):  # an earlier build's site
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text("previous site", encoding="utf-8")
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    (root / "cases" / "broken.yaml").write_text("id: broken\ntitle: 缺少其他字段\n", encoding="utf-8")
    result = run_casebook("build", "--site-dir", str(site), root=root)
    assert result.returncode == 1
    assert "cases/broken.yaml:1:1: 缺少必填字段 category（分类）" in result.stderr
    assert "生成失败，原有站点未被改动。" in result.stderr
    assert "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in (tmp_path / "published.casebook").iterdir()) == [".casebook-versions", ".lock"]


def test_two_builds_are_byte_identical(built_site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    result = run_casebook("build", "--site-dir", str(again))
    assert result.returncode == 0, result.stderr
    first = {p.relative_to(built_site): p.read_bytes() for p in built_site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    # The sitemap carries the build date; everything else must not change between builds.
    changed = [str(k) for k in first if first[k] != second[k] and not k.name.startswith("sitemap.xml")]
    assert changed == []


def test_quiz_answers_stay_out_of_the_search_index(built_site: Path) -> None:
    library = load_library(REPO)
    index = (built_site / "search" / "search_index.json").read_text(encoding="utf-8")
    # Quiz-only text: explanations and option feedback (some explanations repeat a case's own
    # countermeasure word for word, so those are not evidence either way and are skipped).
    pages = "".join(p.read_text(encoding="utf-8") for p in (REPO / "cases").glob("*.yaml"))
    quiz_only = [
        text
        for quiz in library.quizzes
        for q in quiz.questions
        for text in [q.explanation, *(o.feedback or "" for o in getattr(q, "options", []))]
        if len(text) > 10 and text not in pages
    ]
    assert len(quiz_only) > 50
    # jieba inserts zero-width spaces between words in the index; compare without them.
    flat = index.replace("\u200b", "")
    assert [t for t in quiz_only if t in flat] == []
    # The pages themselves do carry the quiz, for the browser to grade.
    case_page = (built_site / "cases" / "helmet-security-guard" / "index.html").read_text(encoding="utf-8")
    assert 'class="cb-quiz"' in case_page


def test_an_in_process_build_freezes_the_library_only_while_it_builds(tmp_path: Path) -> None:
    """A build moves the loaded library out of the collector's way (gc.freeze) and hands it back
    when it ends, so builds run one after another in one process (casebook build, the tests)
    free each other's memory."""
    import gc

    from casebook import cli, plugin

    project = tmp_path / "p"
    shutil.copytree(REPO, project, ignore=shutil.ignore_patterns(".*", "site*", "node_modules", "tests", "bench"))
    frozen: list[int] = []
    real = plugin.CasebookPlugin.on_post_build

    def watched(self: plugin.CasebookPlugin, *, config: object) -> None:
        frozen.append(gc.get_freeze_count())
        real(self, config=config)

    plugin.CasebookPlugin.on_post_build = watched  # type: ignore[method-assign]
    try:
        for name in ("one", "two"):
            assert cli.main(["--root", str(project), "build", "--site-dir", str(tmp_path / name)]) == 0
            assert gc.get_freeze_count() == 0
    finally:
        plugin.CasebookPlugin.on_post_build = real  # type: ignore[method-assign]
    assert len(frozen) == 2 and all(count > 10_000 for count in frozen)
    page = "cases/atm-deposit-swallowed-cash/index.html"
    assert (tmp_path / "one" / page).read_bytes() == (tmp_path / "two" / page).read_bytes()

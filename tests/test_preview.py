"""The live preview without a browser: error page, addresses, and the incremental rebuild's results."""

from __future__ import annotations

import html
import json
import re
import socket
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from casebook.errors import Problem
from casebook.preview.errorpage import render_error_page
from casebook.preview.server import Preview, parse_address
from helpers import ONE_QUESTION_QUIZ, REPO, Project, run_casebook


def test_error_page_groups_by_file_and_quotes_the_line(tmp_path: Path) -> None:
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "a.yaml").write_text("id: a\ntitle： 标题<b>\n", encoding="utf-8")
    page = render_error_page(
        tmp_path,
        [
            Problem("cases/b.yaml", 1, 1, "文件是空的"),
            Problem("cases/a.yaml", 2, 6, "用了全角冒号"),
            Problem("cases/a.yaml", 1, 1, "第一个问题"),
        ],
    )
    assert "案例库有 3 个问题（涉及 2 个文件）" in page
    # Grouped by file, in order, each problem located; the line is quoted with its markup escaped.
    assert page.index("<h2>cases/a.yaml</h2>") < page.index("cases/a.yaml:1:1: 第一个问题")
    assert page.index("cases/a.yaml:1:1: 第一个问题") < page.index("cases/a.yaml:2:6: 用了全角冒号")
    assert page.index("cases/a.yaml:2:6") < page.index("<h2>cases/b.yaml</h2>")
    assert "   2 | title： 标题&lt;b&gt;\n     |      ^" in page


def test_dev_addr_is_host_and_port() -> None:
    assert parse_address("127.0.0.1:8001") == ("127.0.0.1", 8001)
    assert parse_address("[::1]:9000") == ("::1", 9000)
    assert parse_address("8000") is None
    assert parse_address("localhost:99999") is None


def test_busy_port_is_a_chinese_message_not_a_traceback(project: Project) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_casebook("serve", "--dev-addr", f"127.0.0.1:{port}", root=project.root)
    assert result.returncode == 1
    assert f"端口 {port} 已被占用" in result.stdout
    assert f"--dev-addr 127.0.0.1:{port + 1}" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_bad_dev_addr_is_explained(project: Project) -> None:
    result = run_casebook("serve", "--dev-addr", "8000", root=project.root)
    assert result.returncode == 2
    assert "预览地址“8000”的格式不对" in result.stderr


@pytest.fixture
def preview(project: Project) -> Iterator[Preview]:
    """A preview session on a project with no quizzes/ folder, built once, without a server."""
    for name in ("atm-card", "fee-refund", "lost-card"):
        project.case(name)
    session = Preview(project.root, "127.0.0.1", 8000)
    session.build()
    yield session
    if session.config is not None:
        session.config.plugins.on_shutdown()


def _html(preview: Preview, url: str) -> str:
    return (Path(preview.site_dir) / url / "index.html").read_text(encoding="utf-8")


def _index(preview: Preview) -> list[dict[str, str]]:
    data = json.loads((Path(preview.site_dir) / "search" / "search_index.json").read_text(encoding="utf-8"))
    return list(data["docs"])


def _edit(path: Path, change: Callable[[str], str]) -> None:
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def test_an_edit_rebuilds_the_page_and_keeps_the_search_index_exact(preview: Preview, project: Project) -> None:
    assert preview.problems is None
    before = _index(preview)
    untouched = (Path(preview.site_dir) / "cases" / "lost-card" / "index.html").stat().st_mtime_ns
    _edit(
        project.root / "cases" / "atm-card.yaml",
        lambda t: t.replace("title: 医保卡被吞后逾期领取", "title: 改过的标题"),
    )
    preview.build()
    assert preview.problems is None
    assert "<title>改过的标题" in _html(preview, "cases/atm-card")
    # The rebuild skipped the case page that did not change.
    assert (Path(preview.site_dir) / "cases" / "lost-card" / "index.html").stat().st_mtime_ns == untouched
    after = _index(preview)
    assert len(after) == len(before)
    assert not [k for k, n in Counter((e["location"], e["title"]) for e in after).items() if n > 1]
    titles = {e["title"].replace("\u200b", "") for e in after if e["location"] == "cases/atm-card/"}
    assert "改过的标题" in titles
    assert not any(
        "医保卡被吞后逾期领取" in e["title"].replace("\u200b", "") for e in after if "atm-card" in e["location"]
    )


def test_a_rename_shows_the_case_page_first_and_the_listings_right_after(
    preview: Preview, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The edited case's page is published before the listings that only repeat its title; a
    # browser asking for a listing meanwhile waits for it. Both steps are one build() call.
    site = Path(preview.site_dir)
    seen: list[tuple[str, str, bool]] = []

    def published() -> None:
        seen.append((_html(preview, "cases/atm-card"), _html(preview, "browse"), preview._catching_up == set()))

    monkeypatch.setattr(preview, "_publish_now", published)
    browse_stamp = (site / "browse" / "index.html").stat().st_mtime_ns
    _edit(
        project.root / "cases" / "atm-card.yaml",
        lambda t: t.replace("title: 医保卡被吞后逾期领取", "title: 改过的标题"),
    )
    preview.build()
    assert preview.problems is None
    [(case_page, browse_page, idle)] = seen
    assert "<title>改过的标题" in case_page
    assert "改过的标题" not in browse_page  # still the listing of before the save
    assert idle  # nothing is waited for before the second step starts
    assert "改过的标题" in _html(preview, "browse")
    assert (site / "browse" / "index.html").stat().st_mtime_ns != browse_stamp
    assert preview._catching_up == set()
    index = _index(preview)
    assert not [k for k, n in Counter((e["location"], e["title"]) for e in index).items() if n > 1]


def _stamps(site: Path) -> dict[str, int]:
    return {str(p.relative_to(site)): p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}


def test_an_edited_case_page_is_published_alone_first_and_is_the_page_a_full_build_makes(
    preview: Preview, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = Path(preview.site_dir)
    before = _stamps(site)
    policy = re.search(r'<meta http-equiv="Content-Security-Policy"[^>]*>', _html(preview, "cases/lost-card"))
    assert policy is not None
    seen: list[tuple[str, set[str]]] = []

    def published() -> None:
        now = _stamps(site)
        seen.append((_html(preview, "cases/atm-card"), {p for p, t in now.items() if before.get(p) != t}))

    monkeypatch.setattr(preview, "_publish_now", published)
    _edit(project.root / "cases" / "atm-card.yaml", lambda t: t.replace("没有说明期限。", "没有说明期限。补记一句。"))
    preview.build()
    assert preview.problems is None
    [(first, written)] = seen
    # The first step wrote the pages made from the edited case and nothing else, with the site's policy.
    assert written == {"cases/atm-card/index.html", "roleplay/atm-card/index.html"}
    assert "补记一句。" in first
    assert policy.group(0) in first
    edited = _html(preview, "cases/atm-card")
    assert edited == first  # the dirty build after it left the page as it was
    preview.config.plugins.on_shutdown()
    fresh = Preview(project.root, preview.host, preview.port)
    fresh.build()
    try:
        assert fresh.problems is None
        assert _html(fresh, "cases/atm-card") == edited
        assert _html(fresh, "roleplay/atm-card") == _html(preview, "roleplay/atm-card")
    finally:
        fresh.config.plugins.on_shutdown()


class _Server:
    """The parts of MkDocs' live-reload server a build touches: the epochs browsers reload on."""

    def __init__(self) -> None:
        import threading

        self._epoch_cond = threading.Condition()
        self._visible_epoch = self._wanted_epoch = 0

    def watch(self, path: str) -> None:
        pass


def test_browsers_reload_once_and_again_only_where_the_second_step_rewrote_the_page(
    preview: Preview, project: Project
) -> None:
    server = _Server()
    preview.server = server
    case = project.root / "cases" / "atm-card.yaml"
    _edit(case, lambda t: t.replace("没有说明期限。", "没有说明期限。补记三句。"))
    preview.build()
    first = server._visible_epoch
    # Published by the first step; the second wrote no page, so MkDocs' loop reloads nobody again.
    assert first > 0
    assert server._wanted_epoch == first
    assert not preview.reload_needed("cases/atm-card/index.html", first, first)
    _edit(case, lambda t: t.replace("title: 医保卡被吞后逾期领取", "title: 改过的标题"))
    preview.build()
    published, last = server._visible_epoch, server._wanted_epoch
    assert first < published < last  # the listings: a version more, published when MkDocs' loop ends
    # Every browser reloads for the first step's version; for the second, only those showing a
    # listing it rewrote: the case page would come back the same.
    assert preview.reload_needed("cases/lost-card/index.html", first, published)
    assert not preview.reload_needed("cases/atm-card/index.html", published, last)
    assert not preview.reload_needed("cases/lost-card/index.html", published, last)
    assert preview.reload_needed("browse/index.html", published, last)
    assert preview.reload_needed("browse/tag/吞卡/index.html", published, last)
    assert preview.reload_needed("cases/atm-card/index.html", first, last)  # it missed the first step
    assert preview.reload_needed(None, published, last)  # no Referer: as MkDocs does


def test_a_first_step_publishes_hostile_text_only_through_the_boundary(
    preview: Preview, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []
    monkeypatch.setattr(preview, "_publish_now", lambda: seen.append(_html(preview, "cases/atm-card")))
    case = project.root / "cases" / "atm-card.yaml"
    good = case.read_text(encoding="utf-8")
    _edit(case, lambda t: t.replace("没有说明期限。", "没有说明期限。<img src=x onerror=alert(1)>"))
    preview.build()
    assert preview.problems is None
    [first] = seen  # published by the first step, before any full build had run
    assert "&lt;img src=x onerror=alert(1)&gt;" in first  # shown as text, never as markup
    assert "<img src=x" not in first
    # A script link is refused by the check: nothing is published early, the error page shows.
    seen.clear()
    case.write_text(good.replace("没有说明期限。", "没有说明期限。[点我](javascript:alert(2))"), encoding="utf-8")
    preview.build()
    assert seen == []
    assert preview.problems is not None
    assert "javascript:alert(2)" not in _html(preview, "cases/atm-card")
    assert "不允许外部链接或脚本链接" in preview.error_page.decode("utf-8")


def test_a_first_step_the_audit_refuses_is_left_to_the_full_rebuild(
    preview: Preview, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    from casebook.publish.audit import Finding

    refused: list[list[str]] = []

    def refuse(site_dir: Path, rels: list[str], policy: object, cache: object) -> list[Finding]:
        refused.append(rels)
        assert (site_dir / rels[0]).is_file()
        return [Finding(rels[0], 1, "测试用的拒绝")]

    monkeypatch.setattr("casebook.preview.quick.audit_pages", refuse)
    published: list[str] = []
    monkeypatch.setattr(preview, "_publish_now", lambda: published.append("early"))
    _edit(project.root / "cases" / "atm-card.yaml", lambda t: t.replace("没有说明期限。", "没有说明期限。补记两句。"))
    preview.build()
    assert refused == [["cases/atm-card/index.html", "roleplay/atm-card/index.html"]]
    assert published == []  # nothing was published before the full rebuild
    assert preview.problems is None
    # The rebuild made the page again (the first step's page was removed), with the edit.
    assert "补记两句。" in _html(preview, "cases/atm-card")


def test_a_request_for_a_listing_waits_while_the_second_step_writes_it(preview: Preview) -> None:
    import threading

    from casebook.preview.server import _site_path

    assert _site_path("/browse/", "/") == "browse/index.html"
    assert (
        _site_path("/browse/tag/吞卡/".encode().decode("latin-1"), "/")  # WSGI's PATH_INFO: UTF-8 read as Latin-1
        == "browse/tag/吞卡/index.html"
    )
    assert _site_path("/cases/../browse/", "/") == "browse/index.html"
    with preview._caught_up:
        preview._catching_up = {"browse/index.html"}
    done: list[str] = []
    waiter = threading.Thread(target=lambda: (preview.wait_unless_written("browse/index.html"), done.append("browse")))
    waiter.start()
    preview.wait_unless_written("cases/atm-card/index.html")  # not held: returns at once
    waiter.join(0.3)
    assert done == []
    with preview._caught_up:
        preview._catching_up = set()
        preview._caught_up.notify_all()
    waiter.join(5)
    assert done == ["browse"]


def test_a_new_case_appears_in_browse_without_a_restart(preview: Preview, project: Project, valid_case) -> None:
    project.case("new-case", valid_case("new-case", title="新加的案例"))
    preview.build()
    assert preview.problems is None
    assert "新加的案例" in _html(preview, "browse")
    assert "<title>新加的案例" in _html(preview, "cases/new-case")
    assert any(e["location"] == "cases/new-case/" for e in _index(preview))


def test_problems_replace_the_site_until_fixed(preview: Preview, project: Project) -> None:
    case = project.root / "cases" / "fee-refund.yaml"
    good = case.read_text(encoding="utf-8")
    _edit(case, lambda t: t.replace("category: 业务差错/业务操作差错", "category: 硬件/不存在"))
    preview.build()
    assert preview.problems is not None
    assert str(preview.problems[0]).startswith(
        "cases/fee-refund.yaml:3:11: 字段 category（分类）的值“硬件”不在分类表中"
    )
    assert len(preview.problems) == 1
    assert "category: 硬件/不存在" in preview.error_page.decode("utf-8")
    case.write_text(good, encoding="utf-8")
    preview.build()
    assert preview.problems is None


def _home_versions(page: Path) -> dict[str, str]:
    found = re.search(
        r'<template class="cb-data" data-for="home">(.*?)</template>', page.read_text(encoding="utf-8"), re.S
    )
    assert found is not None
    return dict(json.loads(html.unescape(found.group(1)))["versions"])


def test_a_rebuild_redraws_the_home_overview_only_when_its_library_data_changed(
    preview: Preview, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A dirty rebuild skips hand-written pages whose source did not change; the overview's
    # data (tracks, question versions) comes from the library, so its page is rebuilt when
    # that data changes, and only then: it is the biggest page of a large library.
    _edit(project.root / "docs" / "index.md", lambda t: t + "\n```学习概况\n```\n")
    (project.root / "docs" / "other.md").write_text("# 其他页面\n\n没有概况。\n", encoding="utf-8")
    (project.root / "quizzes").mkdir()
    quiz = project.root / "quizzes" / "atm-card.yaml"
    quiz.write_text(ONE_QUESTION_QUIZ.format(id="atm-card"), encoding="utf-8")
    preview.build()
    assert preview.problems is None
    home = Path(preview.site_dir) / "index.html"
    other = Path(preview.site_dir) / "other" / "index.html"
    assert '<div class="cb-home">' in home.read_text(encoding="utf-8")
    stamps = (home.stat().st_mtime_ns, other.stat().st_mtime_ns)
    versions = _home_versions(home)

    _edit(
        project.root / "cases" / "atm-card.yaml",
        lambda t: t.replace("title: 医保卡被吞后逾期领取", "title: 改过的标题"),
    )
    preview.build()
    assert preview.problems is None
    assert "改过的标题" in _html(preview, "cases/atm-card")
    assert (home.stat().st_mtime_ns, other.stat().st_mtime_ns) == stamps  # the overview shows no case title

    from casebook.render import home as home_module

    made: list[str] = []
    builds: list[bool] = []
    real_block, real_build = home_module.home_block, Preview._build_once
    monkeypatch.setattr(home_module, "home_block", lambda lib, page: made.append(page) or real_block(lib, page))
    monkeypatch.setattr(
        Preview, "_build_once", lambda self, *, quick: builds.append(quick) or real_build(self, quick=quick)
    )
    _edit(quiz, lambda t: t.replace("通知领卡时要讲清什么？", "通知客户领卡时，最要讲清什么？"))
    preview.build()
    assert preview.problems is None
    # The first step built the quiz's own pages alone; the MkDocs build after it makes the
    # block once, to compare, and publishes that one.
    assert builds == [False]
    assert made == ["index.md"]
    assert home.stat().st_mtime_ns != stamps[0]
    assert other.stat().st_mtime_ns == stamps[1]
    after = _home_versions(home)
    assert after.keys() == versions.keys() == {"atm-card/q1"}
    assert after["atm-card/q1"] != versions["atm-card/q1"]


def test_the_preview_lists_an_installed_theme_once_and_a_project_theme_folder_every_time(tmp_path: Path) -> None:
    import jinja2
    import material

    from casebook.preview import incremental

    installed = jinja2.FileSystemLoader([str(Path(material.__file__).parent / "templates")])
    first = incremental._remembered_list_templates(installed)
    assert (
        first == incremental._REAL_LIST_TEMPLATES(installed) and "assets/javascripts/lunr/min/lunr.zh.min.js" in first
    )
    assert incremental._LISTINGS[tuple(installed.searchpath)] == first

    own = tmp_path / "overrides"
    (own / "assets").mkdir(parents=True)
    (own / "assets" / "a.css").write_text("a{}", encoding="utf-8")
    project_theme = jinja2.FileSystemLoader([str(own), *installed.searchpath])
    assert "assets/b.css" not in incremental._remembered_list_templates(project_theme)
    (own / "assets" / "b.css").write_text("b{}", encoding="utf-8")  # a trainer adds a file mid-preview
    assert "assets/b.css" in incremental._remembered_list_templates(project_theme)


def test_preview_pages_build_the_whole_search_index_only_when_searched(project: Project) -> None:
    # The preview reloads the page after every save; a built site starts the whole index at once.
    from casebook.publish.search_worker import OURS

    project.case("atm-card")
    worker = project.root / "docs" / OURS
    worker.parent.mkdir(parents=True)
    worker.write_text((REPO / "docs" / OURS).read_text(encoding="utf-8"), encoding="utf-8")
    session = Preview(project.root, "127.0.0.1", 8000)
    try:
        session.build()
        assert session.problems is None
        for page in ("index.html", "cases/atm-card/index.html", "404.html"):
            html = (Path(session.site_dir) / page).read_text(encoding="utf-8")
            assert re.search(
                r'"search": "[^"]*assets/casebook/search-worker\.js\?m=search\.[0-9a-f]{8}\.min\.js&lazy=1"', html
            )
    finally:
        if session.config is not None:
            session.config.plugins.on_shutdown()
    built = project.root / "built"
    result = run_casebook("build", "--site-dir", str(built), root=project.root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "lazy=1" not in (built / "cases" / "atm-card" / "index.html").read_text(encoding="utf-8")
    assert "search-worker.js?m=" in (built / "cases" / "atm-card" / "index.html").read_text(encoding="utf-8")


def test_a_build_after_a_preview_in_the_same_process_writes_every_page(preview: Preview, project: Project) -> None:
    # MkDocs keeps the plugin instance for the next command in the process: the build must not
    # reuse the preview's pages folder, which the preview removed when it stopped.
    from casebook import cli

    assert preview.config is not None
    preview.config.plugins.on_shutdown()
    site = project.root / "built"
    assert cli.main(["--root", str(project.root), "build", "--site-dir", str(site)]) == 0
    assert "<title>医保卡被吞后逾期领取" in (site / "cases" / "atm-card" / "index.html").read_text(encoding="utf-8")


def test_a_preview_build_runs_without_collector_pauses_and_collects_after(
    preview: Preview, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from casebook import plugin

    seen: list[bool] = []
    real = plugin.CasebookPlugin.on_post_build

    def watched(self: plugin.CasebookPlugin, *, config: object) -> None:
        seen.append(gc.isenabled())
        real(self, config=config)

    monkeypatch.setattr(plugin.CasebookPlugin, "on_post_build", watched)
    _edit(project.root / "cases" / "atm-card.yaml", lambda t: t.replace("没有说明期限。", "没有说明领取期限。"))
    preview.build()
    assert preview.problems is None
    assert seen == [False]
    assert gc.isenabled()
    assert "没有说明领取期限" in _html(preview, "cases/atm-card")

"""The site audit: each forbidden construct planted in a real built page is found, at its line."""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from casebook.publish.audit import SiteAuditError, SitePolicy, audit_page, audit_site, check_site
from casebook.publish.csp import add_csp
from casebook.publish.guard import SITE_MARKER
from helpers import REPO, run_casebook

PAGE = "cases/atm-deposit-swallowed-cash/index.html"
# The scripts mkdocs.yml lists: the engine's modules and the offline search shim.
ENGINE = re.findall(r"^\s+- (assets/casebook/\S+\.js)\s*$", (REPO / "mkdocs.yml").read_text("utf-8"), re.M)
POLICY = SitePolicy(
    base_path="/",
    site_url="http://127.0.0.1:8000/",
    scripts={*ENGINE, "assets/vendor/iframe-worker-shim.js"},
)

# (planted HTML, the findings' texts, one a line). Every one is a way a page could run script or leave the site.
PLANTED = [
    ("<script>alert(1)</script>", "发现未知的内嵌脚本“alert(1)”"),
    ('<script src="../../assets/evil.js"></script>', "发现未知脚本 <script src=“../../assets/evil.js”>"),
    (
        '<script src="https://cdn.example/x.js"></script>',
        "发现外部地址“https://cdn.example/x.js”（<script src>）\n发现未知脚本 <script src=“https://cdn.example/x.js”>",
    ),
    ('<img src="a.png" onerror="alert(1)">', "发现事件属性 onerror（<img>）"),
    ('<p ONCLICK="x()">a</p>', "发现事件属性 onclick（<p>）"),
    ('<a href="javascript:alert(1)">a</a>', "发现脚本地址“javascript:alert(1)”（<a href>）"),
    ('<a href=" JaVa&#x09;ScRiPt:alert(1)">a</a>', "发现脚本地址“JaVaScRiPt:alert(1)”（<a href>）"),
    ('<a href="vbscript:msgbox(1)">a</a>', "发现脚本地址“vbscript:msgbox(1)”（<a href>）"),
    ('<a href="data:text/html,x">a</a>', "发现 data: 地址“data:text/html,x”（<a href>）"),
    ('<img src="data:image/png;base64,AA">', "发现 data: 地址“data:image/png;base64,AA”（<img src>）"),
    ('<img src="https://host.example/a.png">', "发现外部地址“https://host.example/a.png”（<img src>）"),
    ('<img src="//host.example/a.png">', "发现外部地址“//host.example/a.png”（<img src>）"),
    ('<img src="/\\host.example/a.png">', "发现外部地址“/\\host.example/a.png”（<img src>）"),
    ('<img srcset="ok.png 1x, //host.example/b.png 2x">', "发现外部地址“//host.example/b.png”（<img srcset>）"),
    ('<video poster="http://host.example/p.jpg"></video>', "发现外部地址“http://host.example/p.jpg”（<video poster>）"),
    (
        '<button formaction="https://host.example/">a</button>',
        "发现外部地址“https://host.example/”（<button formaction>）",
    ),
    ('<a href="../../../../outside/">a</a>', "发现指向站点之外的地址“../../../../outside/”（<a href>）"),
    ('<p style="background:url(//host.example/a.png)">a</p>', "发现外部地址“//host.example/a.png”"),
    ("<style>@import 'https://host.example/a.css';</style>", "发现外部地址“https://host.example/a.css”"),
    ("<base href='../'>", "发现不允许的 <base> 元素"),
    ('<meta http-equiv="Refresh" content="0;url=../">', "发现自动跳转 <meta http-equiv=refresh>"),
    ("<iframe></iframe>", "发现不允许的 <iframe> 元素"),
    ("<object></object>", "发现不允许的 <object> 元素"),
    ("<embed>", "发现不允许的 <embed> 元素"),
    ('<form action="x"></form>', "发现不允许的 <form> 元素"),
]


@pytest.fixture(scope="module")
def site(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built site's case page and assets, copied so each test can plant into it."""
    copy = tmp_path_factory.mktemp("audit") / "site"
    shutil.copytree(built_site, copy)
    return copy


def test_the_built_site_passes(built_site: Path) -> None:
    assert audit_site(built_site, POLICY) == []


@pytest.mark.parametrize(("html", "why"), PLANTED, ids=[p[0][:40] for p in PLANTED])
def test_planted_construct_is_found_at_its_line(site: Path, html: str, why: str) -> None:
    page = site / PAGE
    original = page.read_text(encoding="utf-8")
    lines = original.split("\n")
    at = next(i for i, line in enumerate(lines) if "<article" in line) + 1
    page.write_text("\n".join([*lines[:at], html, *lines[at:]]), encoding="utf-8")
    try:
        with pytest.raises(SiteAuditError) as info:
            check_site(site, POLICY)
    finally:
        page.write_text(original, encoding="utf-8")
    assert [str(f) for f in info.value.findings] == [f"site/{PAGE}: 第 {at + 1} 行: {w}" for w in why.split("\n")]
    assert info.value.report().endswith(
        f"站点检查未通过：共发现 {len(why.split(chr(10)))} 处可能运行脚本或访问外部地址的内容，站点没有发布。"
    )


def test_stylesheets_and_our_scripts_are_checked(site: Path) -> None:
    css = site / "assets" / "casebook.css"
    js = site / "assets" / "casebook" / "core.js"
    css_text, js_text = css.read_text(encoding="utf-8"), js.read_text(encoding="utf-8")
    css.write_text(css_text + "\n.x { background: url('//host.example/a.png') }\n", encoding="utf-8")
    js.write_text(js_text + '\nconst u = "https://host.example/track";\n', encoding="utf-8")
    try:
        found = [str(f) for f in audit_site(site, POLICY)]
    finally:
        css.write_text(css_text, encoding="utf-8")
        js.write_text(js_text, encoding="utf-8")
    assert sorted(found) == [
        f"site/assets/casebook.css: 第 {css_text.count(chr(10)) + 2} 行: 发现外部地址“//host.example/a.png”",
        f"site/assets/casebook/core.js: 第 {js_text.count(chr(10)) + 2} 行: 脚本中发现外部地址“https://host.example/track”",
    ]


@pytest.mark.parametrize(
    "tamper",
    [
        lambda text: text + 'fetch("https://host.example/x");\n',  # code after the data
        lambda text: text.replace("] = {", "] = alert(1) || {", 1),  # code in the expression
        lambda text: text.replace('["', '["x"] = 1; window["', 1),  # a second statement
        lambda text: text.replace("/* ", "/* */ alert(1) /* ", 1),  # code in the header
    ],
)
def test_a_notebook_question_file_passes_only_as_pure_data(site: Path, tamper: Callable[[str], str]) -> None:
    """The 错题本's question files carry trainer text (which may look like a URL) as data only."""
    path = site / "assets" / "casebook" / "bank" / "atm-deposit-swallowed-cash.js"
    text = path.read_text(encoding="utf-8")
    assert audit_site(site, POLICY) == []
    path.write_text(tamper(text), encoding="utf-8")
    try:
        found = [str(f) for f in audit_site(site, POLICY)]
    finally:
        path.write_text(text, encoding="utf-8")
    assert found == [
        "site/assets/casebook/bank/atm-deposit-swallowed-cash.js: 第 1 行: "
        "数据文件（错题本题目或班级报告）的内容不是 casebook 生成的数据，不能发布"
    ]


def test_url_like_trainer_text_in_a_question_file_is_data(site: Path) -> None:
    path = site / "assets" / "casebook" / "bank" / "atm-deposit-swallowed-cash.js"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"prompt":"', '"prompt":"javascript:alert(1) https://host.example/ ', 1), "utf-8")
    try:
        assert audit_site(site, POLICY) == []
    finally:
        path.write_text(text, encoding="utf-8")


def test_a_failing_audit_fails_the_build_and_keeps_the_old_site(tmp_path: Path) -> None:
    """A trainer's own script file listed in mkdocs.yml reaches the audit, which stops the build."""
    root = tmp_path / "project"
    shutil.copytree(
        REPO, root, ignore=shutil.ignore_patterns(".venv", "site", "node_modules", ".git", "tests", "bench")
    )
    (root / "docs" / "assets" / "track.js").write_text('fetch("https://host.example/collect");\n', encoding="utf-8")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        config.replace("  - assets/casebook/boot.js", "  - assets/casebook/boot.js\n  - assets/track.js")
    )
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("旧站点", encoding="utf-8")
    (site / SITE_MARKER).write_text("", encoding="utf-8")  # an earlier casebook build, which may be replaced
    result = run_casebook("build", "--site-dir", str(site), root=root)
    assert result.returncode == 1
    assert "site/assets/track.js: 第 1 行: 脚本中发现外部地址“https://host.example/collect”" in result.stderr
    assert "站点检查未通过" in result.stderr
    assert (site / "index.html").read_text(encoding="utf-8") == "旧站点"


def test_the_policy_is_written_once_and_unchanged_pages_are_not_rewritten(tmp_path: Path) -> None:
    """A preview rebuild runs the writer again over pages it skipped: one policy, same file."""
    page = tmp_path / "a" / "index.html"
    page.parent.mkdir()
    page.write_text('<html><head><meta charset="utf-8"><script>var x = 1;</script></head></html>', encoding="utf-8")
    add_csp(tmp_path)
    first = page.read_text(encoding="utf-8")
    stamp = page.stat().st_mtime_ns
    add_csp(tmp_path)
    assert page.read_text(encoding="utf-8") == first
    assert page.stat().st_mtime_ns == stamp
    assert first.count('http-equiv="Content-Security-Policy"') == 1
    digest = "'sha256-" + base64.b64encode(hashlib.sha256(b"var x = 1;").digest()).decode() + "'"
    assert f"script-src 'self' {digest};" in first


def test_trainer_quiz_data_is_refused_on_the_trainee_site() -> None:
    html = '<p>题目</p>\n<template class="cb-data" data-for="q">{"id":"q","title":"\\"trainer\\":true","trainer":true}</template>'
    reason = "学员版站点中出现了培训师版的测验数据（含考试题答案），站点不能发布"
    assert audit_page(html, "quizzes/q/index.html", SitePolicy()) == [(2, reason)]
    assert audit_page(html, "quizzes/q/index.html", SitePolicy(trainer=True)) == []
    # A title that merely contains the words, JSON-escaped inside a string, is not flagged.
    quoted = html.replace(',"trainer":true', ',"trainer":false')
    assert audit_page(quoted, "quizzes/q/index.html", SitePolicy()) == []


def test_only_materials_own_files_pass_unread_under_its_script_folder(site: Path) -> None:
    """A trainer's script copied into docs/assets/javascripts/ (or a changed copy of Material's)
    is read like ours; Material's own files, byte for byte, are the pinned theme."""
    bundle = next((site / "assets" / "javascripts").glob("bundle.*.min.js"))
    original = bundle.read_text(encoding="utf-8")
    planted = site / "assets" / "javascripts" / "extra.js"
    planted.write_text('fetch("https://host.example/collect");\n', encoding="utf-8")
    bundle.write_text(original + '\nfetch("https://host.example/x");\n', encoding="utf-8")
    try:
        found = sorted(str(f) for f in audit_site(site, POLICY))
    finally:
        planted.unlink()
        bundle.write_text(original, encoding="utf-8")
    # A changed copy of the bundle is read like ours: the line added, and Material's own
    # repository-facts addresses (api.github.com …) with it, so it cannot be published.
    planted_line = f"site/assets/javascripts/{bundle.name}: 第 {original.count(chr(10)) + 2} 行: 脚本中发现外部地址“https://host.example/x”"
    assert planted_line in found
    assert "site/assets/javascripts/extra.js: 第 1 行: 脚本中发现外部地址“https://host.example/collect”" in found
    assert all(
        f.startswith((f"site/assets/javascripts/{bundle.name}:", "site/assets/javascripts/extra.js:")) for f in found
    )
    assert audit_site(site, POLICY) == []


def _plant_everywhere(site: Path) -> dict[Path, str]:
    """Each planted construct in its own page (as many as there are pages); returns the originals."""
    pages = sorted(p for p in site.rglob("index.html") if "<article" in p.read_text(encoding="utf-8"))
    originals: dict[Path, str] = {}
    for page, (html, _) in zip(pages, PLANTED, strict=False):
        text = page.read_text(encoding="utf-8")
        originals[page] = text
        page.write_text(text.replace("<article", html + "\n<article", 1), encoding="utf-8")
    return originals


def test_a_large_site_is_read_on_several_cores_with_the_same_findings(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from casebook import helper_process
    from casebook.publish import audit

    originals = _plant_everywhere(site)
    try:
        serial = audit_site(site, POLICY)
        started: list[object] = []
        real_start = audit._start_helper

        def counted(share: list[tuple[str, str]], policy: SitePolicy) -> object:
            helper = real_start(share, policy)
            started.append(helper)
            return helper

        monkeypatch.setattr(audit, "_PARALLEL_FROM", 1)
        monkeypatch.setattr(helper_process, "cores", lambda: 3)
        monkeypatch.setattr(audit, "_start_helper", counted)
        parallel = audit_site(site, POLICY)
        ran = list(started)
        # A helper that cannot run leaves its share to this process: nothing goes unread.
        monkeypatch.setattr(helper_process.sys, "executable", "/bin/false")
        fallback = audit_site(site, POLICY)
    finally:
        for page, text in originals.items():
            page.write_text(text, encoding="utf-8")
    assert len(ran) == 2 and all(h is not None and h.returncode == 0 for h in ran)  # two helpers did their share
    # Planted on pages of every depth (a ../ that leaves the site from one page stays inside from another).
    assert len({f.path for f in serial}) > 20
    assert parallel == serial
    assert fallback == serial


def test_a_stuck_helper_is_stopped_and_its_share_done_here(
    site: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A helper that never answers (and never reads its job) must not hang the build."""
    import signal

    from casebook import helper_process
    from casebook.publish import audit

    stuck = tmp_path / "stuck-python"
    stuck.write_text("#!/bin/sh\nexec sleep 60\n")
    stuck.chmod(0o755)
    started: list[helper_process.Helper | None] = []
    real_start = audit._start_helper

    def counted(share: list[tuple[str, str]], policy: SitePolicy) -> helper_process.Helper | None:
        started.append(real_start(share, policy))
        return started[-1]

    originals = _plant_everywhere(site)
    try:
        serial = audit_site(site, POLICY)
        monkeypatch.setattr(audit, "_PARALLEL_FROM", 1)
        monkeypatch.setattr(helper_process, "cores", lambda: 3)
        monkeypatch.setattr(helper_process, "TIMEOUT_S", 1.0)
        monkeypatch.setattr(helper_process.sys, "executable", str(stuck))
        monkeypatch.setattr(audit, "_start_helper", counted)
        fallback = audit_site(site, POLICY)
    finally:
        for page, text in originals.items():
            page.write_text(text, encoding="utf-8")
    # Both were stopped (a sleep left to finish exits 0 after a minute), and their pages read here.
    assert len(started) == 2 and all(h is not None and h.returncode == -signal.SIGKILL for h in started)
    assert fallback == serial and len(serial) > 20

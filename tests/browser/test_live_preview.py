"""``casebook serve`` in a real browser: problems shown in place of the page, then the page comes back."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from helpers import Project


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def serving(project: Project) -> Iterator[tuple[Project, str]]:
    """``casebook serve`` on a project whose case atm-card names a category that does not exist."""
    project.case("lost-card")
    good = project.case("atm-card").read_text(encoding="utf-8")
    project.case("atm-card", good.replace("category: 业务差错/业务操作差错", "category: 硬件/不存在"))
    port = _free_port()
    log = project.root / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "casebook.cli",
                "--root",
                str(project.root),
                "serve",
                "--dev-addr",
                f"127.0.0.1:{port}",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    try:
        deadline = time.monotonic() + 180
        while "预览地址" not in log.read_text(encoding="utf-8"):
            assert proc.poll() is None, log.read_text(encoding="utf-8")
            assert time.monotonic() < deadline, "the preview did not start"
            time.sleep(0.2)
        yield project, f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_problems_show_in_the_browser_and_the_page_returns_when_fixed(serving: tuple[Project, str], page: Page) -> None:
    project, url = serving
    page.goto(url + "cases/atm-card/")
    expect(page.locator("h1")).to_have_text("案例库有 1 个问题（涉及 1 个文件），请修改后保存")
    problem = page.locator("li").first
    expect(problem.locator(".cb-loc")).to_contain_text(
        "cases/atm-card.yaml:3:11: 字段 category（分类）的值“硬件”不在分类表中"
    )
    expect(problem.locator("pre")).to_contain_text("3 | category: 硬件/不存在")
    # Every page is replaced, not just the broken case's.
    other = page.context.new_page()
    other.goto(url + "cases/lost-card/")
    expect(other.locator("h1")).to_contain_text("案例库有 1 个问题")
    other.close()

    case = Path(project.root / "cases" / "atm-card.yaml")
    case.write_text(
        case.read_text(encoding="utf-8").replace("category: 硬件/不存在", "category: 业务差错/业务操作差错"),
        encoding="utf-8",
    )
    # No reload by the test: the live-reload script brings the real page back.
    expect(page.locator("article h1")).to_have_text("医保卡被吞后逾期领取", timeout=90_000)
    expect(page.locator("article")).to_contain_text("业务操作差错")


def test_a_rename_reloads_the_case_page_and_then_the_listings(serving: tuple[Project, str], page: Page) -> None:
    # The preview publishes the edited case first and the listings that repeat its title right
    # after; a browser reloads after each step that changed its page, and a listing asked for in
    # between is never stale.
    project, url = serving
    case = Path(project.root / "cases" / "atm-card.yaml")
    case.write_text(
        case.read_text(encoding="utf-8").replace("category: 硬件/不存在", "category: 业务差错/业务操作差错"),
        encoding="utf-8",
    )
    page.goto(url + "cases/atm-card/")
    expect(page.locator("article h1")).to_have_text("医保卡被吞后逾期领取", timeout=90_000)
    browse = page.context.new_page()
    browse.goto(url + "browse/")
    expect(browse.locator("article")).to_contain_text("医保卡被吞后逾期领取")
    assert "改名后的案例" not in browse.locator("article").inner_text()

    loads: list[str] = []
    page.on("load", lambda: loads.append(page.url))
    case.write_text(
        case.read_text(encoding="utf-8").replace("title: 医保卡被吞后逾期领取", "title: 改名后的案例"), encoding="utf-8"
    )
    expect(page.locator("article h1")).to_have_text("改名后的案例", timeout=90_000)
    expect(browse.locator("article a", has_text="改名后的案例")).to_have_count(1, timeout=90_000)
    page.request.get(url + "sitemap.xml")  # answered once the second step has ended
    page.wait_for_timeout(1000)
    # The case page reloaded for the first step only: the second rewrote the listings, not it.
    assert loads == [url + "cases/atm-card/"]
    fresh = page.context.new_page()
    fresh.goto(url + "browse/")
    expect(fresh.locator("article a", has_text="改名后的案例")).to_have_count(1)
    index = fresh.request.get(url + "search/search_index.json").json()
    titles = [d["title"].replace("\u200b", "") for d in index["docs"] if d["location"] == "cases/atm-card/"]
    assert titles == ["改名后的案例"]

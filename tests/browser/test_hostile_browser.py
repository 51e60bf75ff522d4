"""The hostile corpus, built and opened in Chromium: nothing runs, nothing leaves the server."""

from __future__ import annotations

import functools
import re
import socket
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from hostile_project import accepted

pytestmark = pytest.mark.browser


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_Quiet, directory=str(hostile_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{port}/"
    server.shutdown()


class Watch:
    """A page whose dialogs and outside requests are recorded (and outside requests refused)."""

    def __init__(self, browser: Browser, base: str) -> None:
        self.context = browser.new_context(locale="zh-CN")
        self.page: Page = self.context.new_page()
        self.page.set_default_timeout(30_000)  # a loaded test machine; nothing here waits on purpose
        self.dialogs: list[str] = []
        self.outside: list[str] = []
        self.host = urlsplit(base).netloc
        self.context.add_init_script(
            "window.__cspViolations = [];"
            "document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(e.violatedDirective));"
        )
        self.page.on("dialog", self._dialog)
        self.context.route("**/*", self._route)

    def _dialog(self, dialog: object) -> None:
        self.dialogs.append(dialog.message)  # type: ignore[attr-defined]
        dialog.dismiss()  # type: ignore[attr-defined]

    def _route(self, route: Route) -> None:
        url = urlsplit(route.request.url)
        if url.scheme in ("http", "https") and url.netloc == self.host:
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def assert_clean(self) -> None:
        bad = self.page.evaluate(
            """() => {
              const found = [];
              for (const el of document.querySelectorAll('*')) {
                for (const a of el.attributes) if (a.name.toLowerCase().startsWith('on')) found.push(el.tagName + ' ' + a.name);
              }
              for (const a of document.querySelectorAll('a[href], area[href]')) {
                const p = new URL(a.href, location.href).protocol;
                if (p !== 'http:' && p !== 'https:') found.push('link ' + a.getAttribute('href'));
              }
              return found;
            }"""
        )
        assert bad == []
        assert self.page.evaluate("window.__cspViolations") == []
        assert self.dialogs == []
        assert self.outside == []


def _pages() -> list[str]:
    n = len(accepted())
    return [
        "",
        "knowledge/hostile/",
        "training/",
        "training/hostile/",
        "training/notebook/",
        "quizzes/",
        "browse/",
        "browse/principle/hostile/",
        "browse/principle/",
        "browse/category/staff/attitude/",
        "stats/",
        "guide/class-report/",
        *[f"cases/hostile-{i:02d}/" for i in range(1, n + 1)],
        *[f"quizzes/hostile-{i:02d}/" for i in range(1, n + 1)],
    ]


def test_no_page_runs_script_or_leaves_the_site(browser: Browser, hostile_url: str) -> None:
    watch = Watch(browser, hostile_url)
    for path in _pages():
        watch.page.goto(hostile_url + path, wait_until="load")
        watch.page.wait_for_timeout(150)
        watch.assert_clean()
    watch.context.close()


@pytest.mark.parametrize("path", ["knowledge/hostile/", "cases/hostile-07/"])
def test_clicking_every_link_runs_nothing(browser: Browser, hostile_url: str, path: str) -> None:
    watch = Watch(browser, hostile_url)
    watch.page.goto(hostile_url + path, wait_until="load")
    count = watch.page.locator("article a").count()
    assert count > 0
    for i in range(count):
        watch.page.goto(hostile_url + path, wait_until="domcontentloaded")
        link = watch.page.locator("article a").nth(i)
        if link.is_visible():
            link.click(no_wait_after=True)
            watch.page.wait_for_timeout(150)
            watch.page.wait_for_load_state("load")
        watch.assert_clean()
    watch.context.close()


def test_quiz_with_hostile_text_still_works_and_shows_it_as_text(browser: Browser, hostile_url: str) -> None:
    watch = Watch(browser, hostile_url)
    watch.page.goto(hostile_url + "quizzes/hostile-01/", wait_until="load")
    questions = watch.page.locator("fieldset.cb-q")
    assert questions.count() == 2
    assert "题干<script>alert(1)</script>" in questions.first.inner_text()
    questions.first.locator("input[value='a']").check()
    questions.nth(1).locator("input[value='true']").check()
    watch.page.get_by_role("button", name="提交答案").click()
    expect(watch.page.locator(".cb-score-text")).to_have_text(re.compile(r"^得分 100 分（及格线 \d+ 分）$"))
    watch.assert_clean()
    watch.context.close()


def test_the_content_security_policy_is_in_force_and_quiet(browser: Browser, hostile_url: str) -> None:
    """Instant navigation, search and a quiz raise no violation; a script slipped in is blocked."""
    watch = Watch(browser, hostile_url)
    watch.page.goto(hostile_url, wait_until="load")
    watch.page.locator("article a[href*='browse/']:visible").first.click()
    watch.page.wait_for_url("**/browse/")
    watch.page.locator("article a[href*='cases/']:visible").first.click()
    watch.page.wait_for_url("**/cases/**")
    assert watch.page.evaluate("performance.getEntriesByType('navigation').length") == 1  # one document: instant
    box = watch.page.locator("input.md-search__input")
    box.click()
    box.fill("吞卡")
    box.press("End")
    watch.page.wait_for_selector(".md-search-result__item")
    watch.assert_clean()
    watch.page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; document.head.append(s); }"
    )
    assert watch.page.evaluate("window.__ran") is None
    assert watch.page.evaluate("window.__cspViolations") == ["script-src-elem"]
    watch.context.close()

"""What a trainee feels, measured in Debian's Chromium: first-search latency and bytes, layout shift.

The network is emulated as 100 Mbit/s with 5 ms latency (Chrome DevTools Protocol), the intranet a
branch office reaches. Latency is timed inside the page, from the keypress to the first result in the
DOM, so Playwright's own round trips do not count.
"""

from __future__ import annotations

import functools
import gzip
import io
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import Browser, Page, Request, sync_playwright

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
NETWORK = {"offline": False, "latency": 5, "downloadThroughput": 100e6 / 8, "uploadThroughput": 100e6 / 8}
VIEWPORTS = {"mobile": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}

# Keypress → first result, timed by the page's own clock.
_TIME_FIRST_RESULT = """(query) => new Promise((resolve) => {
  const input = document.querySelector('.md-search__input');
  const list = document.querySelector('.md-search-result__list');
  let start = 0;
  const seen = () => list.querySelector('.md-search-result__item');
  new MutationObserver((_, obs) => {
    if (start && seen()) { obs.disconnect(); resolve(performance.now() - start); }
  }).observe(list, {childList: true, subtree: true});
  input.focus();
  start = performance.now();
  input.value = query;
  input.dispatchEvent(new KeyboardEvent('keyup', {key: query.slice(-1), bubbles: true}));
  input.dispatchEvent(new Event('input', {bubbles: true}));
  setTimeout(() => resolve(-1), 60000);
})"""

_CLS_OBSERVER = """window.__cls = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__cls += entry.value;
}).observe({type: 'layout-shift', buffered: true});"""


class _Gzip(SimpleHTTPRequestHandler):
    """A static server that compresses text the way the publishing guide's nginx does
    (``gzip on`` with ``gzip_types``), for both sites alike."""

    TEXT = (".html", ".json", ".js", ".css", ".xml", ".svg", ".txt")

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not (path.suffix in self.TEXT and path.is_file() and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        if path.name == "index.html" and not self.path.split("?")[0].endswith(("/", ".html")):
            return super().send_head()  # let the parent redirect /dir to /dir/
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """``root`` over HTTP on a free loopback port, for as long as the block runs."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_Gzip, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.shutdown()


@contextmanager
def chromium() -> Iterator[Browser]:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass(frozen=True)
class Search:
    first_result_ms: float
    bytes_until_result: int
    """Every byte the page fetched from navigation until the first result showed."""


def _count_bytes(page: Page) -> dict[str, int]:
    """Bytes received by the page and its workers (the search worker fetches the light index and
    lunr's language files itself, which the page's DevTools session does not report)."""
    total = {"bytes": 0}
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", NETWORK)

    def finished(request: Request) -> None:
        sizes = request.sizes()
        total["bytes"] += sizes["responseBodySize"] + sizes["responseHeadersSize"]

    page.on("requestfinished", finished)
    return total


def first_search(browser: Browser, url: str, query: str) -> Search:
    """Open ``url`` cold (new context, empty cache), search ``query`` and time the first result."""
    context = browser.new_context(viewport=VIEWPORTS["desktop"], locale="zh-CN")
    try:
        page = context.new_page()
        counter = _count_bytes(page)
        page.goto(url, wait_until="load")
        ms = float(page.evaluate(_TIME_FIRST_RESULT, query))
        page.wait_for_timeout(200)  # let transfers that finished with the result report in
        return Search(ms, counter["bytes"])
    finally:
        context.close()


def layout_shift(browser: Browser, url: str, viewport: str) -> float:
    """Cumulative layout shift of a page from navigation until it has settled (2 s after load)."""
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale="zh-CN")
    try:
        page = context.new_page()
        page.add_init_script(_CLS_OBSERVER)
        page.goto(url, wait_until="load")
        page.wait_for_timeout(2000)
        return float(page.evaluate("window.__cls"))
    finally:
        context.close()

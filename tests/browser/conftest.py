"""Browser fixtures: the shipped library built for, and served under, the sub-path /kb/."""

from __future__ import annotations

import functools
import os
import shutil
import socket
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from kit import SUBPATH
from playwright.sync_api import Browser, Page, sync_playwright

from helpers import require_properdocs, run_casebook

CHROMIUM = "/usr/bin/chromium"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _built_and_served(tmp_path_factory: pytest.TempPathFactory, backend: str, *options: str) -> Iterator[str]:
    """Build the shipped library with ``backend`` and serve it at http://127.0.0.1:PORT/kb/."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}{SUBPATH}"
    webroot = tmp_path_factory.mktemp(f"webroot-{backend}")
    site = str(webroot / SUBPATH.strip("/"))
    result = run_casebook("build", "--backend", backend, "--site-dir", site, *options, env={"CASEBOOK_SITE_URL": url})
    assert result.returncode == 0, result.stderr
    handler = functools.partial(_Quiet, directory=str(webroot))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of the site built by MkDocs and served under /kb/, as IT would publish it."""
    yield from _built_and_served(tmp_path_factory, "mkdocs")


@pytest.fixture(scope="session")
def trainer_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The trainer edition (``casebook build --trainer``) of the shipped library, served the same way."""
    yield from _built_and_served(tmp_path_factory, "mkdocs", "--trainer")


@pytest.fixture(scope="session")
def properdocs_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The same site built by the second back-end, ProperDocs, from its own venv (no MkDocs there)."""
    require_properdocs()
    yield from _built_and_served(tmp_path_factory, "properdocs")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not shutil.which(CHROMIUM):
        message = f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            # Flags that keep Chromium from calling home on a machine with no internet.
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()

"""The built site served by Debian's nginx with the configuration from the publishing guide, under /kb/."""

from __future__ import annotations

import gzip
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import REPO

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
GUIDE = REPO / "docs" / "guide" / "publishing.md"


def guide_server_block() -> str:
    """The nginx ``server { … }`` example from the publishing guide, as IT would copy it."""
    text = GUIDE.read_text(encoding="utf-8")
    section = text[text.index("## 用 nginx 发布到 /kb/") :]
    lines = section.splitlines()
    start = next(i for i, line in enumerate(lines) if line == "    server {")
    end = next(i for i in range(start, len(lines)) if lines[i] == "    }")
    return "\n".join(line[4:] for line in lines[start : end + 1])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def kb(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """http://127.0.0.1:PORT/kb/ served by a foreground nginx with its own prefix and config."""
    if not Path(NGINX).is_file():
        message = "nginx is missing: run `make test`, which installs Debian's nginx-light"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    prefix = tmp_path_factory.mktemp("nginx")
    port = _free_port()
    server = guide_server_block()
    assert "alias /srv/casebook/site/;" in server and "listen 80;" in server
    server = server.replace("alias /srv/casebook/site/;", f"alias {built_site}/;").replace(
        "listen 80;", f"listen 127.0.0.1:{port};"
    )
    temp = " ".join(
        f"{kind}_temp_path {prefix}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    conf = prefix / "nginx.conf"
    conf.write_text(
        # As root, nginx would hand requests to "nobody", who cannot read pytest's private temp folder.
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"daemon off;\npid {prefix}/nginx.pid;\nerror_log {prefix}/error.log;\nevents {{}}\n"
        + f"http {{\ninclude /etc/nginx/mime.types;\naccess_log off;\n{temp}\n{server}\n}}\n",
        encoding="utf-8",
    )
    proc = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(conf)], stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/kb/"
    try:
        for _ in range(100):
            if proc.poll() is not None:
                pytest.fail(f"nginx did not start: {proc.stderr.read() if proc.stderr else ''}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.05)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def fetch(url: str, *, gzip_ok: bool) -> tuple[dict[str, str], bytes]:
    headers = {"Accept-Encoding": "gzip"} if gzip_ok else {}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as response:
        return {k.lower(): v for k, v in response.headers.items()}, response.read()


def _theme_file(site: Path, folder: str, pattern: str) -> str:
    return next((site / folder).glob(pattern)).relative_to(site).as_posix()


def test_nginx_sends_the_gz_copies_of_index_scripts_styles_and_pages(kb: str, built_site: Path) -> None:
    paths = [
        "search/search_index.json",
        "assets/casebook/widgets.js",
        "assets/casebook.css",
        _theme_file(built_site, "assets/javascripts", "bundle.*.min.js"),
        _theme_file(built_site, "assets/stylesheets", "main.*.min.css"),
        "cases/helmet-security-guard/index.html",
        "sitemap.xml",
    ]
    for path in paths:
        raw = (built_site / path).read_bytes()
        headers, body = fetch(kb + path, gzip_ok=True)
        assert headers.get("content-encoding") == "gzip", path
        assert gzip.decompress(body) == raw, path
        # The bytes on the wire are the precompressed file written by the build (level 9).
        assert body == (built_site / f"{path}.gz").read_bytes(), path
        assert len(body) < len(raw) / 3, path
        assert headers.get("vary") == "Accept-Encoding", path


def test_the_page_url_is_compressed_and_plain_clients_get_plain_bytes(kb: str, built_site: Path) -> None:
    raw = (built_site / "cases" / "helmet-security-guard" / "index.html").read_bytes()
    headers, body = fetch(kb + "cases/helmet-security-guard/", gzip_ok=True)
    assert headers.get("content-encoding") == "gzip"
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert gzip.decompress(body) == raw
    headers, body = fetch(kb + "search/search_index.json", gzip_ok=False)
    assert "content-encoding" not in headers
    assert headers["content-type"] == "application/json; charset=utf-8"
    assert body == (built_site / "search" / "search_index.json").read_bytes()


def test_files_without_a_gz_copy_are_compressed_by_nginx(kb: str, built_site: Path) -> None:
    # gzip_types covers a text file with no .gz copy beside it (here: one taken away for the test).
    (built_site / "search" / "search_index.json.gz").rename(built_site / "moved.gz")
    try:
        headers, body = fetch(kb + "search/search_index.json", gzip_ok=True)
    finally:
        (built_site / "moved.gz").rename(built_site / "search" / "search_index.json.gz")
    assert headers.get("content-encoding") == "gzip"
    assert gzip.decompress(body) == (built_site / "search" / "search_index.json").read_bytes()
    with pytest.raises(urllib.error.HTTPError) as info:
        fetch(kb + "cases/no-such-case/", gzip_ok=True)
    assert info.value.code == 404
    assert info.value.headers.get("Content-Encoding") == "gzip"  # the site's own 404 page, precompressed
    assert gzip.decompress(info.value.read()) == (built_site / "404.html").read_bytes()

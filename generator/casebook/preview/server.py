"""``casebook serve``: MkDocs' live-reload server that never hangs on a broken library.

MkDocs' own server keeps every browser waiting while a build fails ("the server will appear
stuck until build errors are resolved"). Here a failed build still completes a reload: every page
request gets the Chinese error page, with the live-reload script, until the next build succeeds.
"""

from __future__ import annotations

import errno
import gc
import hashlib
import logging
import os
import posixpath
import re
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from casebook.errors import Problem
from casebook.gcpause import without_gc_pauses
from casebook.library.pii_names import load_tagger
from casebook.preview.errorpage import render_error_page
from casebook.preview.quick import rebuild_edited
from casebook.render.class_report import DATA_URI as CLASS_REPORT_DATA
from casebook.render.class_report import URI as CLASS_REPORT

log = logging.getLogger("mkdocs.casebook")


class _Collect(logging.Handler):
    """MkDocs' warnings and errors during one build, turned into problems for the error page."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class _NoDirtyWarning(logging.Filter):
    """MkDocs warns about every --dirty build; with ``strict: true`` that warning alone aborts it."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "A 'dirty' build is being performed" not in record.getMessage()


# What every build writes again, whatever changed: a request must not read it half-written.
_REWRITTEN = frozenset(
    ("search/search_index.json", "search/light_index.json", "sitemap.xml", "sitemap.xml.gz", "404.html")
)


def _mkdocs_problem(message: str) -> Problem:
    return Problem("mkdocs.yml", 1, 1, f"站点生成出错（MkDocs）：{message}")


def _freeze_heap() -> None:
    """Move what a full build left in memory out of the garbage collector's sight.

    The library's models and the caches of a 1,000-case project are millions of objects, most
    of them alive until the preview stops; every full collection walked all of them, which cost
    a rebuild about half a second at random points. Frozen objects are still freed when their
    count drops to zero; cycles among them are collected at the next full build (``mkdocs.yml``
    changed), which unfreezes before it collects."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def parse_address(value: str) -> tuple[str, int] | None:
    """``HOST:PORT`` as MkDocs' --dev-addr takes it; None if it is not one."""
    host, sep, port = value.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        return None
    return host.strip("[]"), int(port)


class Preview:
    """One preview session: the site folder, the last problems, and the builds that refresh them."""

    def __init__(self, root: Path, host: str, port: int) -> None:
        self.root = root.resolve()
        self.host, self.port = host, port
        self.site_dir = tempfile.mkdtemp(prefix="casebook-preview-")
        self.problems: list[Problem] | None = None
        self.error_page = b""
        self._config_digest = ""
        self._clean_next = True
        self._watched: set[str] = set()
        self.server: Any = None
        self.config: Any = None
        self.started = False
        self._catching_up: set[str] = set()
        """Site paths the second step of a rebuild is writing (held listings, the search index):
        requests for them wait."""
        self._caught_up = threading.Condition()
        self._global_epochs: list[int] = []
        """Recent site versions that reload every page (a build, a first step, a problem shown)."""
        self._page_epochs: dict[int, frozenset[str]] = {}
        """Site versions of a second step, with the site paths of the pages it rewrote: only
        browsers showing one of those reload (the rest would get the same bytes again)."""

    def _digest(self) -> str:
        try:
            return hashlib.sha256((self.root / "mkdocs.yml").read_bytes()).hexdigest()
        except OSError:
            return ""

    def build(self) -> None:
        """Build the site; on any failure record the problems instead of raising.

        A rebuild after a save comes in two steps when it can. First the pages of what was
        edited are published: built on their own with the last build's navigation
        (``casebook.preview.quick``), or, when that cannot be done, by a dirty build that leaves
        the listings changed only by a title (browse, statistics, indexes) as they were. Then a
        dirty build brings everything else up to date. At 1,000 cases a dirty build takes some
        1.5 s however little changed, and a rename rewrites half a megabyte of listings.
        """
        if self.server is not None:
            self._note_epoch(self.server._wanted_epoch, None)  # MkDocs' loop publishes it after this build
        pending = self._quick_step()
        if pending is not None:
            self._second_step(pending)
        else:
            held = self._build_once(quick=True)
            if held:
                self._second_step(held)
        if self.server is not None:
            self._watch_new_folders()
        gc.collect()  # the cycles the paused builds left: some 15,000 objects, 0.03 s at 1,000 cases

    def _second_step(self, pending: set[str]) -> None:
        """Publish what the first step wrote, then rebuild the rest; a request for one of the
        ``pending`` site paths (or a file every build rewrites) waits until it is written."""
        self._publish_now()
        with self._caught_up:
            self._catching_up = pending | _REWRITTEN
        try:
            self._build_once(quick=False)
        finally:
            with self._caught_up:
                self._catching_up = set()
                self._caught_up.notify_all()
            rebuilt = self._rebuilt(pending)
            if self.problems is not None or rebuilt is None:
                self._next_epoch(None)
            elif rebuilt:
                self._next_epoch(rebuilt)
            # else: the second step wrote only the search index; nobody reloads again

    def _rebuilt(self, pending: set[str]) -> frozenset[str] | None:
        """The site paths of the pages the last build changed: those it rewrote, and the class
        report if its data was among the ``pending`` files; None when it may have changed what
        any page shows (another data file)."""
        plugin = self.config.plugins.get("casebook") if self.config is not None else None
        if plugin is None:
            return None
        pages = {_site_path("/" + unquote(url, encoding="latin-1"), "/") for url in plugin.search.rebuilt}
        for path in pending - _REWRITTEN:
            if path.endswith(".html"):
                continue
            report = plugin.last_build.files.get_file_from_path(CLASS_REPORT) if plugin.last_build else None
            if path != CLASS_REPORT_DATA or report is None:
                return None
            pages.add(report.dest_uri)
        return frozenset(pages)

    def _note_epoch(self, epoch: int, pages: frozenset[str] | None) -> None:
        if pages is None:
            self._global_epochs = [*self._global_epochs[-20:], epoch]
            # Versions older than the newest global one no longer decide anything.
            self._page_epochs = {e: p for e, p in self._page_epochs.items() if e > epoch}
        else:
            self._page_epochs[epoch] = pages

    def reload_needed(self, page: str | None, epoch: int, visible: int) -> bool:
        """Whether a browser showing ``page`` (a site path; None if unknown) as of ``epoch``
        must reload now that ``visible`` is published."""
        if visible <= epoch:
            return False
        if page is None or any(epoch < e <= visible for e in self._global_epochs):
            return True
        return any(epoch < e <= visible and page in pages for e, pages in self._page_epochs.items())

    @without_gc_pauses
    def _quick_step(self) -> set[str] | None:
        """The edited pages alone, when the last build succeeded with this same mkdocs.yml; the
        listings left for the second step (None: not done)."""
        if self.config is None or self.problems is not None or self._clean_next:
            return None
        if self._digest() != self._config_digest:
            return None
        plugin = self.config.plugins.get("casebook")
        return rebuild_edited(plugin) if plugin is not None else None

    # The collector paused for each build: at 1,000 cases it walked the big, long-lived heap
    # (every page object, the caches) about 0.2 s per save; collecting once after costs 0.03 s.
    @without_gc_pauses
    def _build_once(self, *, quick: bool) -> set[str]:
        """One MkDocs build; returns the listings a quick build left for the next one."""
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        collect = _Collect()
        logging.getLogger("mkdocs").addHandler(collect)
        quiet = _NoDirtyWarning()
        logging.getLogger("mkdocs.commands.build").addFilter(quiet)
        config: Any = None
        held: set[str] = set()
        try:
            digest = self._digest()
            dirty = not self._clean_next and digest == self._config_digest
            config = load_config(
                config_file=str(self.root / "mkdocs.yml"), site_dir=self.site_dir, dev_addr=f"{self.host}:{self.port}"
            )
            config.site_url = self.url
            if not self.started:
                config.plugins.on_startup(command="serve", dirty=False)
                self.started = True
            self.config = config
            plugin = config.plugins.get("casebook")
            if plugin is not None:
                plugin.hold = quick and dirty
            build(config, serve_url=self.url, dirty=dirty)
            if not dirty:
                _freeze_heap()
            self._config_digest = digest
            self._clean_next = False
            held = set(plugin.held) if plugin is not None else set()
            self._show(None)
        except (Exception, SystemExit) as exc:  # whatever failed, the browser must get an answer
            self._show(self._problems_of(exc, config, collect.messages))
        finally:
            logging.getLogger("mkdocs").removeHandler(collect)
            logging.getLogger("mkdocs.commands.build").removeFilter(quiet)
        return held

    def _publish_now(self) -> None:
        """Let browsers load what the first step wrote and reload the pages they show.

        MkDocs holds every request while a build runs and reloads browsers when it ends; here the
        pages of the first step are let through while the second writes the listings (a request
        for one of those waits, in ``PreviewServer``), and browsers reload after each step."""
        server = self.server
        if server is None:
            return
        from mkdocs.livereload import _timestamp

        with server._epoch_cond:
            server._visible_epoch = server._wanted_epoch = _timestamp()
            self._note_epoch(server._visible_epoch, None)
            server._epoch_cond.notify_all()

    def _next_epoch(self, pages: frozenset[str] | None) -> None:
        """A new site version for MkDocs' build loop to publish when this build returns: for
        browsers showing one of ``pages``, or all of them (None)."""
        if self.server is not None:
            from mkdocs.livereload import _timestamp

            with self.server._epoch_cond:
                self.server._wanted_epoch = _timestamp()
                self._note_epoch(self.server._wanted_epoch, pages)

    def wait_unless_written(self, site_path: str) -> None:
        """Hold a request for a file the second step of a rebuild is still writing."""
        with self._caught_up:
            self._caught_up.wait_for(lambda: site_path not in self._catching_up)

    def _problems_of(self, exc: BaseException, config: Any, messages: list[str]) -> list[Problem]:
        from casebook.sources.site import check_config

        plugin = config.plugins.get("casebook") if config is not None else None
        if plugin is not None and plugin.problems:
            return list(plugin.problems)  # the library check runs before any page is written
        self._clean_next = True  # the failure may have left half-written pages: rebuild all next time
        _, problems = check_config(self.root)
        if problems:
            return problems
        found = [_mkdocs_problem(m) for m in messages if "strict mode" not in m]
        return found or [_mkdocs_problem(str(exc) or type(exc).__name__)]

    def _show(self, problems: list[Problem] | None) -> None:
        self.problems = problems
        if problems is None:
            log.info("案例库检查通过，预览已更新")
            return
        self.error_page = render_error_page(self.root, problems).encode("utf-8")
        lines = "\n".join(str(p) for p in problems)
        log.error(f"案例库有 {len(problems)} 个问题，浏览器中显示错误页：\n{lines}")

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    def _watch_new_folders(self) -> None:
        # quizzes/ may not exist when the preview starts; watch the folders as they appear.
        for name in ("cases", "quizzes", "docs", "taxonomy.yaml", "mkdocs.yml", "privacy-allowlist.yaml"):
            path = self.root / name
            if path.exists() and str(path) not in self._watched:
                self.server.watch(str(path))
                self._watched.add(str(path))


def _server_class() -> type:
    from mkdocs.livereload import LiveReloadServer

    class PreviewServer(LiveReloadServer):
        """Serves the error page in place of every page while the preview has problems."""

        preview: Preview

        def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
            """MkDocs' ``watch``, reacting to changes only: a native watcher also reports every
            file the build opens and reads, and each of those started another rebuild."""
            from watchdog.events import (
                FileCreatedEvent,
                FileDeletedEvent,
                FileModifiedEvent,
                FileMovedEvent,
                FileSystemEvent,
                FileSystemEventHandler,
            )

            path = os.path.abspath(path)
            if path in self._watched_paths:
                self._watched_paths[path] += 1
                return
            self._watched_paths[path] = 1

            def changed(event: FileSystemEvent) -> None:
                with self._rebuild_cond:
                    self._want_rebuild = True
                    self._rebuild_cond.notify_all()

            handler = FileSystemEventHandler()
            handler.on_any_event = changed  # type: ignore[method-assign]
            changes = [FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent]
            self._watch_refs[path] = self.observer.schedule(handler, path, recursive=recursive, event_filter=changes)

        def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
            """MkDocs' live-reload script as a file of the site's origin, not inline: every page
            carries a Content-Security-Policy that refuses inline script it has no hash for, and
            with MkDocs' inline script a saved edit never reloaded a real page."""
            from mkdocs.livereload import _timestamp

            tag = f'<script src="/{LIVERELOAD_SCRIPT}" data-epoch="{epoch}" data-request-id="{_timestamp()}"></script>'
            body_end = content.rfind(b"</body>")
            body_end = len(content) if body_end < 0 else body_end
            return content[:body_end] + tag.encode() + content[body_end:]

        def _poll(self, epoch: int, referer: str | None, start_response: Callable[..., Any]) -> Iterable[bytes]:
            """MkDocs' live-reload poll, answered with a newer version only when the browser's
            page changed in it: answering with its own version makes the script ask again."""
            # The Referer is percent-encoded; _site_path takes the path as WSGI gives it (bytes as Latin-1).
            page = _site_path(unquote(urlsplit(referer).path, encoding="latin-1"), self.mount_path) if referer else None
            start_response("200 OK", [("Content-Type", "text/plain")])

            def changed() -> bool:
                return self.preview.reload_needed(page, epoch, self._visible_epoch)

            with self._epoch_cond:
                if not changed():
                    self._log_poll_request(referer, request_id=epoch)
                    self._epoch_cond.wait_for(changed, timeout=self.poll_response_timeout)
                return [b"%d" % (self._visible_epoch if changed() else epoch)]

        def _serve_request(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes] | None:
            path = environ["PATH_INFO"]
            if path == f"/{LIVERELOAD_SCRIPT}":
                script = livereload_script().encode()
                start_response(
                    "200 OK",
                    [("Content-Type", "text/javascript; charset=utf-8"), ("Content-Length", str(len(script)))],
                )
                return [script]
            poll = re.fullmatch(r"/livereload/([0-9]+)/[0-9]+", path)
            if poll is not None:
                return self._poll(int(poll[1]), environ.get("HTTP_REFERER"), start_response)
            if not path.startswith("/livereload/"):
                self.preview.wait_unless_written(_site_path(path, self.mount_path))
            if not path.startswith("/livereload/") and (path.endswith("/") or path.endswith(".html")):
                with self._epoch_cond:
                    self._epoch_cond.wait_for(lambda: self._visible_epoch == self._wanted_epoch)
                    epoch = self._visible_epoch
                if self.preview.problems is not None:
                    content: bytes = self._inject_js_into_html(self.preview.error_page, epoch)
                    start_response(
                        "200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(content)))]
                    )
                    return [content]
            return super()._serve_request(environ, start_response)

    return PreviewServer


LIVERELOAD_SCRIPT = "livereload/casebook.js"
_CALL = "livereload(${epoch}, ${request_id});"


def livereload_script() -> str:
    """MkDocs' live-reload script, reading its epoch and request id from its own tag."""
    from mkdocs.livereload import _SCRIPT_TEMPLATE_STR

    if _CALL not in _SCRIPT_TEMPLATE_STR:  # a newer MkDocs: its template must be read again
        raise RuntimeError("MkDocs' live-reload script has changed")
    tag = "document.currentScript.dataset"
    return _SCRIPT_TEMPLATE_STR.replace(_CALL, f"livereload(Number({tag}.epoch), Number({tag}.requestId));")


def _site_path(path: str, mount: str) -> str:
    """The site file a request path names, as MkDocs' server resolves it."""
    path = path.encode("latin-1").decode("utf-8", "ignore")
    rel = path[len(mount) :] if (path + "/").startswith(mount) else path.lstrip("/")
    if path.endswith("/"):
        rel += "index.html"
    return posixpath.normpath("/" + rel).lstrip("/")


def _native_watching(server: Any) -> None:
    """Let the operating system report saves (inotify, FSEvents, ReadDirectoryChangesW).

    MkDocs polls every watched file twice a second: at 1,000 cases that is some 2,000 files
    scanned while a rebuild runs, and a quarter of a second, on average, before a save is noticed."""
    from watchdog.observers import Observer

    server.observer = Observer(timeout=0.1)


def _start_watching(server: Any) -> None:
    try:
        server.observer.start()
    except OSError:
        # No native watching here (inotify's watch limit, say): poll as MkDocs does.
        from watchdog.observers.polling import PollingObserver

        paths = list(server._watched_paths)
        server._watched_paths.clear()
        server._watch_refs.clear()
        server.observer = PollingObserver(timeout=0.5)
        for path in paths:
            server.watch(path)
        server.observer.start()


def serve(root: Path, host: str, port: int) -> int:
    """Run the preview until Ctrl+C; returns the exit code."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    preview = Preview(root, host, port)
    server = _server_class()(builder=preview.build, host=host, port=port, root=preview.site_dir)
    server.preview = preview
    _native_watching(server)
    try:
        try:
            server.server_bind()
            server.server_activate()
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                print(
                    f"端口 {port} 已被占用（可能已有一个预览在运行）：请关闭它，"
                    f"或换一个端口，例如 casebook serve --dev-addr {host}:{port + 1}",
                )
            else:
                print(f"无法在 {host}:{port} 上启动预览：{exc.strerror}。请检查 --dev-addr 的地址。")
            return 1
        preview.build()
        # A large library's first check ran in a helper process (casebook.library.privacy_pool),
        # so this one has not loaded jieba's tagger yet: some 2 s, paid now rather than at the
        # trainer's first save.
        load_tagger()
        preview.server = server
        preview._watch_new_folders()
        _start_watching(server)
        print(f"预览地址：{preview.url}（修改并保存文件后页面会自动刷新；按 Ctrl+C 停止）", flush=True)
        server.serve_thread.start()
        try:
            server._build_loop()
        except KeyboardInterrupt:
            print("预览已停止。")
        finally:
            server.shutdown()
    finally:
        if preview.config is not None:
            preview.config.plugins.on_shutdown()  # the plugin's generated-pages folder goes too
        shutil.rmtree(preview.site_dir, ignore_errors=True)
    return 0

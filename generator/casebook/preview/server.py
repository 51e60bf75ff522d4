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
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from casebook.errors import Problem
from casebook.preview.errorpage import render_error_page

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

    def _digest(self) -> str:
        try:
            return hashlib.sha256((self.root / "mkdocs.yml").read_bytes()).hexdigest()
        except OSError:
            return ""

    def build(self) -> None:
        """Build the site; on any failure record the problems instead of raising."""
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        collect = _Collect()
        logging.getLogger("mkdocs").addHandler(collect)
        quiet = _NoDirtyWarning()
        logging.getLogger("mkdocs.commands.build").addFilter(quiet)
        config: Any = None
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
            build(config, serve_url=self.url, dirty=dirty)
            if not dirty:
                _freeze_heap()
            self._config_digest = digest
            self._clean_next = False
            self._show(None)
        except (Exception, SystemExit) as exc:  # whatever failed, the browser must get an answer
            self._show(self._problems_of(exc, config, collect.messages))
        finally:
            logging.getLogger("mkdocs").removeHandler(collect)
            logging.getLogger("mkdocs.commands.build").removeFilter(quiet)
        if self.server is not None:
            self._watch_new_folders()

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

        def _serve_request(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes] | None:
            path = environ["PATH_INFO"]
            if not path.startswith("/livereload/") and (path.endswith("/") or path.endswith(".html")):
                with self._epoch_cond:
                    self._epoch_cond.wait_for(lambda: self._visible_epoch == self._wanted_epoch)
                    epoch = self._visible_epoch
                if self.preview.problems is not None:
                    content: bytes = self._inject_js_into_html(self.preview.error_page, epoch)  # type: ignore[no-untyped-call]
                    start_response(
                        "200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(content)))]
                    )
                    return [content]
            return super()._serve_request(environ, start_response)

    return PreviewServer


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

"""The MkDocs plugin: wires MkDocs events to the check → render functions.

Under ``serve`` it keeps its caches between rebuilds (MkDocs reuses plugin instances that have
``on_startup``) and writes generated pages to disk only when they change, so a ``--dirty`` rebuild
skips every unchanged page; the search index is then merged page by page here.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from casebook.errors import CasebookError, Problem
from casebook.preview.incremental import (
    GeneratedPages,
    MemoryBytecodeCache,
    SearchMerge,
    remember_search_segmentation,
)
from casebook.project import ProjectCache, check_project
from casebook.render.charts import render_charts


class CasebookConfig(Config):
    """Options under ``plugins: - casebook:`` in mkdocs.yml; paths are relative to mkdocs.yml."""

    cases = opt.Type(str, default="cases")
    taxonomy = opt.Type(str, default="taxonomy.yaml")


class CasebookPlugin(BasePlugin[CasebookConfig]):
    """Adds the generated case and browse pages to the site."""

    def __init__(self) -> None:
        self.pages: dict[str, str] = {}
        self.root = Path()
        self.problems: list[Problem] = []
        """The problems that stopped the last build; the preview shows them in the browser."""
        self.cache = ProjectCache()
        self.generated: GeneratedPages | None = None
        self.search = SearchMerge()
        self.templates: MemoryBytecodeCache | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        if command == "serve":
            self.generated = GeneratedPages(Path(tempfile.mkdtemp(prefix="casebook-pages-")))
            self.templates = MemoryBytecodeCache()
            remember_search_segmentation()

    def on_shutdown(self) -> None:
        if self.generated is not None:
            shutil.rmtree(self.generated.folder, ignore_errors=True)

    def on_config(self, config: Any) -> None:
        self.root = Path(config.config_file_path).parent
        self.problems = []
        offline = config.plugins.get("material/offline")
        if offline is not None and offline.config.enabled:
            # Instant navigation cannot work from file:// (Material documents this); left on,
            # it stops Material's document$ before the first page, so nothing that waits for it
            # (the quiz script included) ever starts. The offline bundle needs it off.
            config.theme["features"] = [f for f in config.theme.get("features") or [] if f != "navigation.instant"]
        try:
            _, self.pages = check_project(
                self.root, cases=self.config.cases, taxonomy=self.config.taxonomy, cache=self.cache
            )
        except CasebookError as exc:
            self.problems = exc.problems
            raise PluginError("案例库检查未通过：\n" + exc.report()) from None

    def on_pre_build(self, *, config: Any) -> None:
        self.search.start(config)

    def on_files(self, files: Files, *, config: Any) -> Files:
        for uri, content in self.pages.items():
            if self.generated is not None:
                files.append(File.generated(config, uri, abs_src_path=str(self.generated.write(uri, content))))
            else:
                files.append(File.generated(config, uri, content=content))
        self.search.pages([f.url for f in files.documentation_pages()])
        return files

    def on_page_markdown(self, markdown: str, *, page: Any, config: Any, files: Files) -> str:
        try:
            return render_charts(markdown, f"docs/{page.file.src_uri}")
        except CasebookError as exc:
            self.problems = exc.problems
            raise PluginError(exc.report()) from None

    def on_env(self, env: Any, *, config: Any, files: Files) -> Any:
        # A --dirty rebuild does not read unchanged pages, so the pages in the navigation would
        # lose their titles in every rebuilt page's sidebar; reading a few dozen files keeps them.
        for file in files.documentation_pages():
            page = file.page
            if page is not None and page.markdown is None and not file.inclusion.is_not_in_nav():
                page.read_source(config)
        if self.templates is not None:
            env.bytecode_cache = self.templates
        return env

    def on_page_context(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        self.search.built(page.url)
        return context

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        for path in (self.root / self.config.cases, self.root / self.config.taxonomy, self.root / "quizzes"):
            if path.exists():  # watching a missing folder is an error in watchdog
                server.watch(str(path))
        return server

    @event_priority(-100)  # after Material's search plugin has written its index
    def on_post_build(self, *, config: Any) -> None:
        index = Path(config.site_dir) / "search" / "search_index.json"
        if index.is_file():
            self.search.write(index, config)

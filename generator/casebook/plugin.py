"""The MkDocs plugin: wires MkDocs events to the load → validate → render functions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from casebook.errors import CasebookError
from casebook.library.load import load_library
from casebook.render.charts import render_charts
from casebook.render.pages import render_pages
from casebook.render.search_index import SearchDoc, search_docs


class CasebookConfig(Config):
    """Options under ``plugins: - casebook:`` in mkdocs.yml; paths are relative to mkdocs.yml."""

    cases = opt.Type(str, default="cases")
    taxonomy = opt.Type(str, default="taxonomy.yaml")


class CasebookPlugin(BasePlugin[CasebookConfig]):
    """Adds the generated case and browse pages to the site."""

    def __init__(self) -> None:
        self.pages: dict[str, str] = {}
        self.search: dict[str, SearchDoc] = {}
        self.located: dict[str, str] = {}
        self.root = Path()

    def on_config(self, config: Any) -> None:
        self.root = Path(config.config_file_path).parent
        offline = config.plugins.get("material/offline")
        if offline is not None and offline.config.enabled:
            # Instant navigation cannot work from file:// (Material documents this); left on,
            # it stops Material's document$ before the first page, so nothing that waits for it
            # (the quiz script included) ever starts. The offline bundle needs it off.
            config.theme["features"] = [f for f in config.theme.get("features") or [] if f != "navigation.instant"]
        try:
            library = load_library(self.root, cases=self.config.cases, taxonomy=self.config.taxonomy)
        except CasebookError as exc:
            raise PluginError("案例库检查未通过：\n" + exc.report()) from None
        self.pages = render_pages(library)
        self.search = search_docs(library)
        self.located = {}

    def on_files(self, files: Files, *, config: Any) -> Files:
        # Compared by output path, case-folded: docs/browse.md and a generated browse/index.md both
        # become browse/index.html, and Windows (the offline bundle) does not tell ATM from atm.
        written = {f.dest_uri.casefold(): f for f in files}
        for uri, content in self.pages.items():
            page = File.generated(config, uri, content=content)
            clash = written.get(page.dest_uri.casefold())
            if clash is not None:
                where = f"docs/{clash.src_uri}" if not clash.generated_by else clash.src_uri
                raise PluginError(
                    f"{where}:1:1: 与自动生成的页面 {uri} 生成同一个网页 {page.dest_uri}，"
                    "请删除或改名（生成的页面不要放进 docs/）"
                )
            written[page.dest_uri.casefold()] = page
            files.append(page)
        return files

    def on_page_markdown(self, markdown: str, *, page: Any, config: Any, files: Files) -> str:
        try:
            return render_charts(markdown, f"docs/{page.file.src_uri}")
        except CasebookError as exc:
            raise PluginError(exc.report()) from None

    @event_priority(50)  # before Material's search plugin indexes the page
    def on_page_context(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        uri = page.file.src_uri
        if uri in self.pages:
            # Generated pages are indexed from the library, not scraped from their HTML.
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
            if uri in self.search:
                self.located[uri] = page.url
        return context

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        server.watch(str(self.root / self.config.cases))
        server.watch(str(self.root / self.config.taxonomy))
        server.watch(str(self.root / "quizzes"))
        return server

    @event_priority(-100)  # after Material's search plugin has written its index
    def on_post_build(self, *, config: Any) -> None:
        index = Path(config.site_dir) / "search" / "search_index.json"
        if index.is_file():
            entries = [(self.located[uri], doc) for uri, doc in self.search.items() if uri in self.located]
            write_search_index(index, entries)


def write_search_index(path: Path, entries: list[tuple[str, SearchDoc]]) -> None:
    """Add our entries to Material's index (hand-written pages only) and write it as raw UTF-8:
    Material escapes every Chinese character as ``\\uXXXX``, doubling what every browser downloads."""
    data = json.loads(path.read_text(encoding="utf-8"))
    for location, doc in entries:
        entry: dict[str, Any] = {"location": location, "title": doc.title, "text": doc.text}
        if doc.tags:
            entry["tags"] = list(doc.tags)
        data["docs"].append(entry)
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")

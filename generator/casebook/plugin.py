"""The MkDocs plugin: wires MkDocs events to the check → render → audit functions.

Under ``serve`` it keeps its caches between rebuilds (MkDocs reuses plugin instances that have
``on_startup``) and writes generated pages to disk only when they change, so a ``--dirty`` rebuild
skips every unchanged page; the search index is then merged page by page here.
"""

from __future__ import annotations

import gc
import shutil
import tempfile
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files

from casebook.edition import trainer_edition
from casebook.errors import CasebookError, Problem
from casebook.library.load import Library
from casebook.preview.incremental import (
    GeneratedPages,
    MemoryBytecodeCache,
    SearchMerge,
    is_listing,
    remember_search_segmentation,
    remember_theme_listing,
)
from casebook.preview.quick import LastBuild
from casebook.project import ProjectCache, check_project
from casebook.publish.audit import AuditCache, SiteAuditError, check_site, policy_for
from casebook.publish.csp import CspCache, add_csp
from casebook.publish.search_worker import OURS as SEARCH_WORKER
from casebook.publish.search_worker import use_casebook_worker, write_light_index
from casebook.render.charts import render_charts
from casebook.render.home import force_home_rebuild, render_home
from casebook.render.markdown_safe import enforce as enforce_markdown
from casebook.render.sanitize import clean_html
from casebook.render.search_index import SearchDoc, search_docs
from casebook.render.site_text import protect_config_text, protect_page_text


class CasebookConfig(Config):
    """Options under ``plugins: - casebook:`` in mkdocs.yml; paths are relative to mkdocs.yml."""

    cases = opt.Type(str, default="cases")
    taxonomy = opt.Type(str, default="taxonomy.yaml")


_TRAINER_BANNER = (
    '<p class="cb-trainer-banner" role="note"><strong>培训师版</strong>：'
    "本站点可打印全部测验和考试的答案，只供培训师使用，请勿发布给学员。</p>\n"
)


class CasebookPlugin(BasePlugin[CasebookConfig]):
    """Adds the generated case and browse pages to the site, cleans every page and audits the result."""

    def __init__(self) -> None:
        self.pages: dict[str, str] = {}
        self.library: Library | None = None
        self.docs: dict[str, SearchDoc] = {}
        """Our search entries for generated pages, by ``src_uri``."""
        self.located: dict[str, str] = {}
        """The URL of each generated page, by ``src_uri``."""
        self.root = Path()
        self.problems: list[Problem] = []
        """The problems that stopped the last build; the preview shows them in the browser."""
        self.cache = ProjectCache()
        self.generated: GeneratedPages | None = None
        self.search = SearchMerge()
        self.templates: MemoryBytecodeCache | None = None
        self.trainer = False
        self.file_urls = False
        self.audited: AuditCache | None = None
        self.policies: CspCache | None = None
        self.worker = False
        """Whether the site ships our search worker (a project's docs/ may predate it)."""
        self.home_shown: dict[str, str] = {}
        """Each hand-written page's overview block as last published by the preview."""
        self.home_pending: dict[str, str] = {}
        self.hold = False
        """Set by the preview for a quick rebuild: listings whose text changed keep their old
        text this time (``GeneratedPages.write``), and their site paths are in ``held``."""
        self.freeze = False  # set by on_startup for a one-off build (see on_config)
        self.held: set[str] = set()
        self.last_build: LastBuild | None = None
        """Under ``serve``, what the last successful build made: the next save's first step
        (``casebook.preview.quick``) builds the edited pages with it."""
        self._made: tuple[Any, Any] = (None, None)  # this build's files and navigation
        self._env: Any = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # MkDocs keeps this instance for every later command in the same process (a preview,
        # then a build): a build must not inherit the preview's caches or its pages folder.
        self.generated = None
        self.templates = None
        self.audited = None
        self.policies = None
        self.home_shown = {}
        self.home_pending = {}
        self.last_build = None
        self.freeze = command == "build"
        if command == "serve":
            self.generated = GeneratedPages(Path(tempfile.mkdtemp(prefix="casebook-pages-")))
            self.templates = MemoryBytecodeCache()
            self.audited = AuditCache()
            self.policies = CspCache()
            remember_search_segmentation()
            remember_theme_listing()

    def on_shutdown(self) -> None:
        if self.freeze:
            gc.unfreeze()  # a later build in the same process (the tests, casebook build) starts clean
        if self.generated is not None:
            shutil.rmtree(self.generated.folder, ignore_errors=True)
            self.generated = None

    def on_config(self, config: Any) -> None:
        self.root = Path(config.config_file_path).parent
        self.problems = []
        self.trainer = trainer_edition()
        refused = enforce_markdown(config.markdown_extensions)
        if refused:
            raise PluginError("\n".join(refused))
        protect_config_text(config)
        offline = config.plugins.get("material/offline")
        file_urls = offline is not None and offline.config.enabled
        self.file_urls = file_urls
        if file_urls:
            # Instant navigation cannot work from file:// (Material documents this); left on,
            # it stops Material's document$ before the first page, so nothing that waits for it
            # (the quiz script included) ever starts. The offline bundle needs it off.
            config.theme["features"] = [f for f in config.theme.get("features") or [] if f != "navigation.instant"]
        self.last_build = None  # this build replaces the site the last one made
        try:
            self.library, self.pages = self.check()
        except CasebookError as exc:
            self.problems = exc.problems
            raise PluginError("案例库检查未通过：\n" + exc.report()) from None
        self.docs = search_docs(self.library)
        if self.freeze:
            # The library and its pages live until the build ends: the collector need not walk
            # them again for each of the thousands of pages MkDocs builds (about 5 s of a
            # 1,000-case build). Only one build: a preview runs on and would keep every old copy.
            gc.freeze()

    def check(self) -> tuple[Library, dict[str, str]]:
        """The checked library and every generated page's Markdown (raises with the problems)."""
        return check_project(
            self.root,
            cases=self.config.cases,
            taxonomy=self.config.taxonomy,
            cache=self.cache,
            trainer=self.trainer,
            file_urls=self.file_urls,
        )

    def on_pre_build(self, *, config: Any) -> None:
        self.search.start(config)

    def on_files(self, files: Files, *, config: Any) -> Files:
        # Compared by output path, case-folded: docs/browse.md and a generated browse/index.md both
        # become browse/index.html, and Windows (the offline bundle) does not tell ATM from atm.
        written = {f.dest_uri.casefold(): f for f in files}
        self.located = {}
        self.held = set()
        if self.generated is not None:
            self.generated.held = set()
        for uri, content in self.pages.items():
            if self.generated is not None:
                path = self.generated.write(uri, content, hold=self.hold and is_listing(uri))
                page = File.generated(config, uri, abs_src_path=path)
                if uri in self.generated.held:
                    self.held.add(page.dest_uri)
            else:
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
            if uri in self.docs:
                self.located[uri] = page.url
        self.search.pages([f.url for f in files.documentation_pages()])
        self.worker = not self.file_urls and files.get_file_from_path(SEARCH_WORKER) is not None
        self.home_pending = {}
        if self.generated is not None and self.library is not None:
            self.home_pending, home_held = force_home_rebuild(files, self.library, self.home_shown, hold=self.hold)
            self.held |= set(home_held)
        return files

    def on_nav(self, nav: Any, *, config: Any, files: Files) -> Any:
        self._made = (files, nav)
        return nav

    def on_build_error(self, *, error: Exception) -> None:
        self.last_build = None

    def on_page_markdown(self, markdown: str, *, page: Any, config: Any, files: Files) -> str:
        if self.library is not None and page.file.src_uri not in self.pages:
            # The preview made this page's block in on_files already, to compare it.
            uri = page.file.src_uri
            markdown = render_home(markdown, self.library, uri, self.home_pending.get(uri))
        try:
            return render_charts(markdown, f"docs/{page.file.src_uri}")
        except CasebookError as exc:
            self.problems = exc.problems
            raise PluginError(exc.report()) from None

    def on_page_content(self, html: str, *, page: Any, config: Any, files: Files) -> str:
        # Every page, generated or hand-written, leaves Markdown through the one sanitiser.
        protect_page_text(page)
        return (_TRAINER_BANNER if self.trainer else "") + clean_html(html)

    def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
        # From file:// Material runs its worker in an iframe, where ours could not start its own.
        return use_casebook_worker(output, lazy=self.generated is not None) if self.worker else output

    def on_post_template(self, output_content: str, *, template_name: str, config: Any) -> str:
        # The 404 page is a theme template, not a page: it searches too.
        return use_casebook_worker(output_content, lazy=self.generated is not None) if self.worker else output_content

    def on_env(self, env: Any, *, config: Any, files: Files) -> Any:
        # A --dirty rebuild does not read unchanged pages, so the pages in the navigation would
        # lose their titles in every rebuilt page's sidebar; reading a few dozen files keeps them.
        for file in files.documentation_pages():
            page = file.page
            if page is not None and page.markdown is None and not file.inclusion.is_not_in_nav():
                page.read_source(config)
        if self.templates is not None:
            env.bytecode_cache = self.templates
        self._env = env
        return env

    @event_priority(50)  # before Material's search plugin indexes the page
    def _exclude_from_scraping(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        self.search.built(page.url)
        if page.file.src_uri in self.pages:
            # Generated pages are indexed from the library, not scraped from their HTML.
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        return context

    @event_priority(-50)  # after indexing, before the theme renders: the page reads as if untouched
    def _restore_meta(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        if page.file.src_uri in self.pages:
            search = {k: v for k, v in (page.meta.get("search") or {}).items() if k != "exclude"}
            if search:
                page.meta["search"] = search
            else:
                page.meta.pop("search", None)
        return context

    on_page_context = CombinedEvent(_exclude_from_scraping, _restore_meta)

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        for path in (self.root / self.config.cases, self.root / self.config.taxonomy, self.root / "quizzes"):
            if path.exists():  # watching a missing folder is an error in watchdog
                server.watch(str(path))
        return server

    @event_priority(-100)  # after Material's search plugin has written its index
    def on_post_build(self, *, config: Any) -> None:
        index = Path(config.site_dir) / "search" / "search_index.json"
        if index.is_file():
            ours = [_entry(self.located[uri], doc) for uri, doc in self.docs.items() if uri in self.located]
            data = self.search.write(index, config, extra=ours)
            if not self.file_urls:
                suggest = "search.suggest" in (config.theme.get("features") or [])
                write_light_index(Path(config.site_dir), data, suggest=suggest)
        offline = config.plugins.get("material/offline")
        if offline is None or not offline.config.enabled:
            # Pages opened from disk (the offline bundle) have no origin for 'self' to match.
            add_csp(Path(config.site_dir), self.policies)
        # Last step of every build (mkdocs build, casebook build, serve): a site that could run
        # script or load from outside fails here, before `casebook build` swaps it in.
        try:
            check_site(Path(config.site_dir), policy_for(config), self.audited)
        except SiteAuditError as exc:
            raise PluginError(exc.report()) from None
        # Only a build that got this far has written the pages with these blocks.
        self.home_shown.update(self.home_pending)
        if self.generated is not None:
            files, nav = self._made
            self.last_build = LastBuild(config, files, nav, self._env)


def _entry(location: str, doc: SearchDoc) -> dict[str, Any]:
    entry: dict[str, Any] = {"location": location, "title": doc.title, "text": doc.text}
    if doc.tags:
        entry["tags"] = list(doc.tags)
    return entry

"""What lets a rebuild skip unchanged pages: generated pages on disk, and a search index merged per page."""

from __future__ import annotations

import functools
import importlib
import json
import sysconfig
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache

from casebook.render.class_report import DATA_URI as CLASS_REPORT_DATA

# Generated pages that list many cases (browse, statistics, the role-play and quiz indexes) and the
# class report's data: what a rename rewrites besides the case's own pages. A preview may publish
# the edited pages first and these a moment later (``GeneratedPages.write(hold=True)``).
LISTING_PREFIXES = ("browse/", "stats/", "roleplay/index.md", "quizzes/index.md", "training/index.md")


def is_listing(uri: str) -> bool:
    """Whether a generated page is a listing the preview may bring up to date after the rest."""
    return uri.startswith(LISTING_PREFIXES) or uri == CLASS_REPORT_DATA


class GeneratedPages:
    """Generated Markdown written to files that are rewritten only when their text changes.

    MkDocs' ``--dirty`` rebuilds a page only if its source is newer than its HTML; in-memory
    generated files always count as changed, files with a stable modification time do not.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._written: dict[str, str] = {}
        self._paths: dict[str, str] = {}
        self.held: set[str] = set()
        """Pages whose new text a ``hold`` write kept back: their files still hold the old text."""

    def write(self, uri: str, content: str, *, hold: bool = False) -> str:
        """The path of the file of ``uri`` holding ``content``; with ``hold``, a page written
        before keeps its old text (and is listed in ``held``) so this build leaves it alone."""
        if self._written.get(uri) == content:
            return self._paths[uri]  # no Path, no stat: most of 4,000 pages on every save
        if hold and uri in self._written:
            self.held.add(uri)
            return self._paths[uri]
        path = self.folder / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        self._written[uri] = content
        self._paths[uri] = str(path)
        return self._paths[uri]


def _page_of(entry: dict[str, Any]) -> str:
    return str(entry.get("location", "")).split("#", 1)[0]


class SearchMerge:
    """The search index of a dirty rebuild: new entries for the pages rebuilt, kept ones for the rest.

    Material's own merge assumes one page changed and drops entries by URL prefix, so a save that
    touches a case and its browse pages duplicated thousands of entries; this merges by exact page.
    """

    def __init__(self) -> None:
        self._kept: dict[str, list[dict[str, Any]]] = {}
        self._built: set[str] = set()
        self._urls: list[str] = []

    def start(self, config: Any) -> None:
        """Before each build: forget what was rebuilt, and keep Material from merging on its own."""
        self._built = set()
        for name in ("material/search", "search"):
            plugin = config.plugins.get(name)
            if plugin is not None and hasattr(plugin, "search_index_prev"):
                plugin.search_index_prev = None

    def pages(self, urls: list[str]) -> None:
        """Every page of this build, in site order; entries for pages that are gone are dropped."""
        self._urls = urls

    def built(self, url: str) -> None:
        self._built.add(url)

    @property
    def rebuilt(self) -> frozenset[str]:
        """The URLs of the pages this build has built (rewritten)."""
        return frozenset(self._built)

    def merge(self, fresh: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The entries of every page: fresh ones for pages built now, earlier ones for the others."""
        new: dict[str, list[dict[str, Any]]] = {}
        for entry in fresh:
            new.setdefault(_page_of(entry), []).append(entry)
        merged = {url: new.get(url, []) if url in self._built else self._kept.get(url, []) for url in self._urls}
        self._kept = merged
        return [entry for url in self._urls for entry in merged[url]]

    def write(self, index: Path, config: Any, *, extra: list[dict[str, Any]]) -> dict[str, Any]:
        """Rewrite the index merged, plus ``extra`` (our entries for the generated pages, whole
        each build), as raw UTF-8: Material escapes every Chinese character as ``\\uXXXX``, which
        doubles the file every trainee's browser downloads. Returns what was written."""
        data: dict[str, Any] = json.loads(index.read_text(encoding="utf-8"))
        data["docs"] = self.merge(data.get("docs") or []) + extra
        index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        return data


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled theme templates kept between rebuilds: MkDocs makes a new Jinja environment for every
    build, and compiling Material's templates again took a fifth of a one-page rebuild."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self._store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


@functools.lru_cache(maxsize=200_000)
def _cut(real: Any, text: str | bytes) -> tuple[str, ...]:
    return tuple(real.cut(text))


class _RememberingJieba:
    """jieba for Material's search plugin, remembering each run of Chinese it has segmented.

    A rebuilt browse page lists a thousand case titles, nearly all unchanged since the last save;
    segmenting them again was half of a one-page rebuild. The words are the same jieba gives.
    """

    def __init__(self, real: Any) -> None:
        self._real = real

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def cut(self, text: str | bytes, *args: Any, **kwargs: Any) -> Any:
        if args or kwargs:
            return self._real.cut(text, *args, **kwargs)
        return iter(_cut(self._real, text))


def remember_search_segmentation() -> None:
    """Let Material's search plugin reuse its Chinese segmentation across preview rebuilds."""
    try:
        search = importlib.import_module("material.plugins.search.plugin")
    except ImportError:
        return
    real = getattr(search, "jieba", None)
    if real is not None and not isinstance(real, _RememberingJieba):
        setattr(search, "jieba", _RememberingJieba(real))  # noqa: B010 - a module typed as ModuleType


_LISTINGS: dict[tuple[str, ...], list[str]] = {}
_REAL_LIST_TEMPLATES = jinja2.FileSystemLoader.list_templates


def _installed(folder: str) -> bool:
    """Whether a theme folder belongs to an installed package, which the preview never edits."""
    path = Path(folder).resolve()
    packages = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    return any(path.is_relative_to(Path(p).resolve()) for p in packages)


def _remembered_list_templates(self: jinja2.FileSystemLoader) -> list[str]:
    key = tuple(str(p) for p in self.searchpath)
    if not all(_installed(p) for p in key):
        return _REAL_LIST_TEMPLATES(self)
    if key not in _LISTINGS:
        _LISTINGS[key] = _REAL_LIST_TEMPLATES(self)
    return list(_LISTINGS[key])


def remember_theme_listing() -> None:
    """Let the preview list an installed theme's files once.

    Every build, MkDocs lists all of the theme's files to copy the static ones; Material ships
    thousands of icons, and walking them was a tenth of a one-page rebuild. An installed theme
    does not change while the preview runs; a theme folder of the project's own (``custom_dir``)
    is still listed on every build."""
    jinja2.FileSystemLoader.list_templates = _remembered_list_templates  # type: ignore[method-assign]

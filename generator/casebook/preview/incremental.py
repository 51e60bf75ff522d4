"""What lets a rebuild skip unchanged pages: generated pages on disk, and a search index merged per page."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


class GeneratedPages:
    """Generated Markdown written to files that are rewritten only when their text changes.

    MkDocs' ``--dirty`` rebuilds a page only if its source is newer than its HTML; in-memory
    generated files always count as changed, files with a stable modification time do not.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._written: dict[str, str] = {}

    def write(self, uri: str, content: str) -> Path:
        path = self.folder / uri
        if self._written.get(uri) != content or not path.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
            self._written[uri] = content
        return path


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

    def merge(self, fresh: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The entries of every page: fresh ones for pages built now, earlier ones for the others."""
        new: dict[str, list[dict[str, Any]]] = {}
        for entry in fresh:
            new.setdefault(_page_of(entry), []).append(entry)
        merged = {url: new.get(url, []) if url in self._built else self._kept.get(url, []) for url in self._urls}
        self._kept = merged
        return [entry for url in self._urls for entry in merged[url]]

    def write(self, index: Path, config: Any) -> None:
        """Rewrite the index merged and as raw UTF-8: Material escapes every Chinese character
        as ``\\uXXXX``, which doubles the file every trainee's browser downloads."""
        data = json.loads(index.read_text(encoding="utf-8"))
        data["docs"] = self.merge(data.get("docs") or [])
        index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")

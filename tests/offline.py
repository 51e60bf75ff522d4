"""Find references to anything outside the site itself in a built site."""

from __future__ import annotations

import re
from pathlib import Path

# Attribute values, CSS url(...) and fetch("...") calls that name an absolute address.
_PATTERNS = (
    re.compile(r"""\b(?:src|href|srcset|action|poster|data)\s*=\s*["']?\s*((?:https?:)?//[^"'\s>]+)""", re.I),
    re.compile(r"""url\(\s*["']?\s*((?:https?:)?//[^"')\s]+)""", re.I),
    re.compile(r"""fetch\(\s*["'`]((?:https?:)?//[^"'`\s]+)""", re.I),
    re.compile(r"""@import\s+["']((?:https?:)?//[^"']+)""", re.I),
)
# Namespace identifiers are names, not requests.
_NAMESPACES = ("http://www.w3.org/", "https://www.w3.org/", "http://www.sitemaps.org/")
_SCANNED = {".html", ".css", ".js", ".svg", ".xml", ".json", ".webmanifest"}


def external_references(site: Path, *, own: str) -> list[str]:
    """``file: url`` for each absolute URL outside ``own`` (the site's configured address)."""
    found = []
    for path in sorted(site.rglob("*")):
        if path.suffix not in _SCANNED or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for pattern in _PATTERNS:
            for match in pattern.finditer(text):
                url = match.group(1)
                if url.startswith(_NAMESPACES) or url.startswith(own):
                    continue
                found.append(f"{path.relative_to(site)}: {url}")
    return found

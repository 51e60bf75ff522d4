"""A Content-Security-Policy for every page, written into the page itself at build time.

Measured in Chromium with Material's instant navigation, search and our quiz engine: with
scripts limited to the site's own files plus the hashes of Material's few inline scripts, and
nothing loaded from anywhere else, no violation is reported. The inline scripts differ by page
depth (Material writes the relative base URL into one of them), so the hashes are collected over
the whole built site and the same policy goes into every page: after an instant navigation the
first page's policy is still the one in force.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from casebook.sources.walk import walk

_INLINE = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)
_CHARSET = '<meta charset="utf-8">'
# The policy this module wrote on an earlier build: a preview rebuild leaves unchanged pages on disk.
_OURS = re.compile(r'\n    <meta http-equiv="Content-Security-Policy" content="[^"<>]*">')


def inline_hashes(pages: list[str]) -> list[str]:
    """CSP source expressions for every inline script that runs (JSON data does not)."""
    found = set()
    for html in pages:
        for m in _INLINE.finditer(html):
            if "src=" in m.group("attrs") or "application/json" in m.group("attrs"):
                continue
            digest = base64.b64encode(hashlib.sha256(m.group("body").encode("utf-8")).digest()).decode()
            found.add(f"'sha256-{digest}'")
    return sorted(found)


def policy(hashes: list[str]) -> str:
    """The policy: our own files only; inline script only by hash; no plugins, forms, base or framing."""
    return (
        "default-src 'none'; "
        f"script-src 'self' {' '.join(hashes)}; "
        "style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
        "worker-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; object-src 'none'"
    )


@dataclass
class CspCache:
    """Per page, its inline-script hashes while the file is unchanged; and the tag last written.

    The preview rebuilds a few pages per save: only those are read again, and the rest are not
    touched unless the policy itself changes.
    """

    tag: str = ""
    files: dict[str, tuple[int, int, frozenset[str]]] = field(default_factory=dict)


def add_csp(site_dir: Path, cache: CspCache | None = None) -> int:
    """Write the policy as a ``<meta http-equiv>`` right after each page's charset; return the page count.

    Idempotent: an earlier policy is replaced, and a page whose text does not change is not
    rewritten, so the preview's skipped pages keep their modification time.
    """
    cache = cache if cache is not None else CspCache()
    # Plain path strings: the preview runs this on every save over some 3,000 pages, and a Path
    # per page was a twentieth of a one-page rebuild.
    pages = sorted((rel, entry) for rel, entry in walk(str(site_dir)) if rel.endswith(".html") and entry.is_file())
    # Two passes over the files rather than every page's text held at once: at 1,000 cases that
    # was some 200 MiB, the build's peak memory.
    read: list[tuple[str, str]] = []  # (rel, file path) of the pages read in the first pass
    hashes: set[str] = set()
    for rel, entry in pages:
        stat = entry.stat()
        hit = cache.files.get(rel)
        if hit is not None and hit[:2] == (stat.st_mtime_ns, stat.st_size):
            hashes |= hit[2]
            continue
        found = frozenset(inline_hashes([_OURS.sub("", _read(entry.path), count=1)]))
        cache.files[rel] = (stat.st_mtime_ns, stat.st_size, found)
        hashes |= found
        read.append((rel, entry.path))
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy(sorted(hashes))}">'
    if tag != cache.tag:  # every page carries the same policy: all of them change
        read = [(rel, entry.path) for rel, entry in pages]
    for rel, path in read:
        old = _read(path)
        text = _OURS.sub("", old, count=1)
        if _CHARSET not in text:
            continue
        new = text.replace(_CHARSET, _CHARSET + "\n    " + tag, 1)
        if new != old:
            with open(path, "w", encoding="utf-8") as out:
                out.write(new)
            stat = os.stat(path)
            cache.files[rel] = (stat.st_mtime_ns, stat.st_size, cache.files[rel][2])
    cache.tag = tag
    return len(pages)


def add_csp_to(site_dir: Path, rels: list[str], cache: CspCache) -> bool:
    """The policy last written (``cache.tag``) into the pages ``rels`` only, for the preview's
    first step; False, with nothing written, when one of them has an inline script that policy
    does not allow (or no charset to follow): then every page needs a new one from ``add_csp``."""
    if not cache.tag:
        return False
    allowed: set[str] = set().union(*(entry[2] for entry in cache.files.values()))
    ready: list[tuple[str, str, frozenset[str]]] = []
    for rel in rels:
        path = os.path.join(site_dir, rel)
        text = _OURS.sub("", _read(path), count=1)
        found = frozenset(inline_hashes([text]))
        if not found <= allowed or _CHARSET not in text:
            return False
        ready.append((path, text.replace(_CHARSET, _CHARSET + "\n    " + cache.tag, 1), found))
    for (path, text, found), rel in zip(ready, rels, strict=True):
        with open(path, "w", encoding="utf-8") as out:
            out.write(text)
        stat = os.stat(path)
        cache.files[rel] = (stat.st_mtime_ns, stat.st_size, found)
    return True


def _read(path: str) -> str:
    with open(path, encoding="utf-8") as f:
        return f.read()

"""Precompressed copies for the web server: ``name.gz`` beside every text file of the site.

nginx's ``gzip_static on`` sends ``index.html.gz`` to a browser that accepts gzip, so the search
index, scripts and styles go out compressed without the server spending CPU on every request.
Level 9 costs more once at build time and saves bytes on every page view. The copies are
deterministic (no timestamp, no file name in the header), so two builds stay byte-identical.
"""

from __future__ import annotations

import gzip
from pathlib import Path

COMPRESSED_SUFFIXES = frozenset({".html", ".json", ".js", ".css", ".xml", ".svg"})


def precompress(site: Path) -> tuple[int, int]:
    """Write ``file.gz`` beside every compressible file under ``site``.

    A copy that would not be smaller is not written (tiny files): the server then sends the
    original, or compresses it itself. Returns the total bytes of the originals compressed
    and of their ``.gz`` copies.
    """
    before = after = 0
    for path in sorted(site.rglob("*")):
        if path.suffix.lower() not in COMPRESSED_SUFFIXES or not path.is_file() or path.is_symlink():
            continue
        data = path.read_bytes()
        packed = gzip.compress(data, compresslevel=9, mtime=0)
        if len(packed) >= len(data):
            continue
        path.with_name(path.name + ".gz").write_bytes(packed)
        before += len(data)
        after += len(packed)
    return before, after


def is_compressed_copy(path: Path) -> bool:
    """Whether ``path`` is a ``.gz`` copy written by :func:`precompress` (its original is beside it)."""
    if path.suffix != ".gz":
        return False
    original = path.with_suffix("")
    return original.suffix.lower() in COMPRESSED_SUFFIXES and original.is_file()

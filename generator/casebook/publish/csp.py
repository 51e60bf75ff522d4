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
import re
from pathlib import Path

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


def add_csp(site_dir: Path) -> int:
    """Write the policy as a ``<meta http-equiv>`` right after each page's charset; return the page count.

    Idempotent: an earlier policy is replaced, and a page whose text does not change is not
    rewritten, so the preview's skipped pages keep their modification time.
    """
    files = sorted(site_dir.rglob("*.html"))
    written = [f.read_text(encoding="utf-8") for f in files]
    texts = [_OURS.sub("", text, count=1) for text in written]
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy(inline_hashes(texts))}">'
    for path, text, old in zip(files, texts, written, strict=True):
        if _CHARSET not in text:
            continue
        new = text.replace(_CHARSET, _CHARSET + "\n    " + tag, 1)
        if new != old:
            path.write_text(new, encoding="utf-8")
    return len(files)

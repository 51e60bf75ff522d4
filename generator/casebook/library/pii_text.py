"""Text as a reader sees it: NFKC, no invisible characters, HTML entities decoded, offsets kept.

Every check of the privacy guard runs on this form, so full-width digits, zero-width
spaces or ``&#49;`` cannot hide a number; ``origin`` maps each character back to the
source so a finding is still reported where the trainer typed it.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Markdown renders character references, so ``&#49;&#51;&#56;`` shows as 138.
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


@dataclass(frozen=True)
class Normalised:
    """``text`` as published; ``origin[i]`` is where ``text[i]`` starts in the source."""

    source: str
    text: str
    origin: tuple[int, ...]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The source offsets ``[a, b)`` that produced ``text[start:end]``."""
        a = self.origin[start]
        b = self.origin[end] if end < len(self.origin) else len(self.source)
        return a, max(a + 1, b)


@lru_cache(maxsize=4096)
def _char(ch: str) -> str:
    """What one character shows as: nothing for format characters, ASCII for full-width forms."""
    if ch.isascii():
        return ch
    if unicodedata.category(ch) == "Cf":
        return ""  # zero-width space/joiner, soft hyphen, BOM, direction marks
    out = unicodedata.normalize("NFKC", ch)
    # Digits of other scripts (Arabic-Indic, Devanagari …) are still digits to a reader.
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() and not c.isascii() else c for c in out)


def normalise(source: str) -> Normalised:
    """The published reading of ``source`` with an offset map back into it."""
    entity = "&" in source and _ENTITY.search(source) is not None
    if not entity:
        pieces = list(map(_char, source))  # cached per character: the common case stays in C
        if "" not in pieces:
            text = "".join(pieces)
            if len(text) == len(source):  # no piece empty, none longer: one character each
                return Normalised(source, text, tuple(range(len(source))))
    chars: list[str] = []
    origin: list[int] = []
    entities = {m.start(): m for m in _ENTITY.finditer(source)} if "&" in source else {}
    i = 0
    while i < len(source):
        m = entities.get(i)
        if m is not None:
            piece = "".join(_char(c) for c in html.unescape(m.group(0)))
            step = m.end() - i
        else:
            piece = _char(source[i])
            step = 1
        for c in piece:
            chars.append(c)
            origin.append(i)
        i += step
    return Normalised(source, "".join(chars), tuple(origin))

"""The output boundary: the only place trainer text becomes HTML or Markdown source.

Every function here knows the context its result lands in:

- ``md_text`` / ``md_inline``: Markdown source (HTML escaped, so it shows as text);
- ``html_text``: element text and quoted attribute values in HTML we write;
- ``title_text``: ``<title>``, ``<meta content>`` and navigation titles, which Material's
  templates insert without escaping;
- ``site_url`` / ``is_site_internal``: URLs, which may only be relative and stay inside the site;
- ``json_block``: data for the browser inside a page.

HTML we write ourselves (quiz data, dialogues, charts) is registered with ``trusted``: the
Markdown extension in ``markdown_safe`` passes exactly these lines through as HTML and escapes
every other piece of raw HTML, and ``sanitize.clean_html`` re-inserts them after cleaning.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from markupsafe import escape

# Our own HTML, line by line, exactly as written; nothing else passes through Markdown as HTML.
_TRUSTED: set[str] = set()


def trusted(fragment: str) -> str:
    """Register one line of HTML we generated from escaped data and return it unchanged."""
    if "\n" in fragment:
        raise ValueError("a trusted fragment is one line")  # the Markdown extension matches whole lines
    _TRUSTED.add(fragment)
    return fragment


def is_trusted(line: str) -> bool:
    """Whether ``line`` is HTML this generator wrote (and may pass through Markdown as HTML)."""
    return line in _TRUSTED


# The characters ``escape`` changes, and the line breaks ``html_text`` turns into references.
_MARKUP = re.compile(r"[&<>\"']")
_MARKUP_OR_BREAK = re.compile(r"[&<>\"'\r\n]")


def html_text(value: object) -> str:
    """Text for an HTML element or a quoted attribute value: ``& < > " '`` are escaped, and line
    breaks become character references, so the HTML we write stays one line (see ``trusted``)."""
    text = str(value)
    if _MARKUP_OR_BREAK.search(text) is None:  # most trainer text: one scan instead of a copy
        return text
    return str(escape(text)).replace("\r", "&#13;").replace("\n", "&#10;")


def md_text(value: object) -> str:
    """YAML text as Markdown: HTML is escaped so it shows as text and never runs (line breaks stay:
    they separate Markdown paragraphs)."""
    text = str(value)
    return text if _MARKUP.search(text) is None else str(escape(text))


def md_inline(value: object) -> str:
    """Text for one-line Markdown contexts (link labels, table cells)."""
    text = md_text(value).replace("\n", " ")
    for ch in "[]|*_`":
        text = text.replace(ch, "\\" + ch)
    return text


_SPACE = re.compile(r"\s+")


def title_text(value: object) -> str:
    """A title or description for ``<title>``, ``<meta content="…">`` and the navigation.

    Material inserts ``page.meta.title`` and ``page.meta.description`` as they are and runs
    ``striptags`` (which turns ``&lt;`` back into ``<``) over rendered titles. So we hand it
    plain text, whitespace collapsed, with every markup character escaped; nothing it does
    afterwards can turn it back into markup.
    """
    return html_text(_SPACE.sub(" ", str(value)).strip())


def rendered_title_text(rendered: str) -> str:
    """``title_text`` for a title MkDocs took from a rendered heading (tags gone, entities kept)."""
    return title_text(html.unescape(rendered))


# What a browser ignores or strips while parsing a URL: tabs and newlines anywhere,
# C0 controls and spaces around it (WHATWG URL standard).
_URL_IGNORED = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:")


def is_site_internal(url: str) -> bool:
    """Whether ``url`` is a relative URL that stays on this site.

    Refused: any scheme (``https:``, ``javascript:``, ``data:`` …), root-absolute and
    protocol-relative paths (``/x``, ``//host``; the site may live under a sub-path), and any
    backslash (browsers read ``/\\host`` as ``//host``).
    """
    cleaned = _URL_IGNORED.sub("", url).strip("".join(chr(c) for c in range(0x21)))
    if "\\" in cleaned or cleaned.startswith("/"):
        return False
    return not _SCHEME.match(cleaned)


def site_url(url: str) -> str:
    """``url`` if it is site-internal; otherwise an error, since we only ever write our own links."""
    if not is_site_internal(url):
        raise ValueError(f"not a site-internal URL: {url!r}")
    return url


def json_text(data: Any) -> str:
    """JSON that can sit inside any HTML element as text.

    ``<``, ``>`` and ``&`` are escaped, so no text can close the element or open markup;
    U+2028/2029 so the text is also a valid JavaScript string literal.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    for raw, safe in (
        ("&", "\\u0026"),
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, safe)
    return text


def json_block(data: Any, *, for_id: str) -> str:
    """A hidden, search-excluded template holding ``data`` as JSON.

    A template rather than ``<script type="application/json">``: Material's instant navigation
    re-creates inline scripts without their attributes, turning data into a failing script.
    """
    return trusted(
        f'<div class="cb-data-holder" hidden data-search-exclude>'
        f'<template class="cb-data" data-for="{html_text(for_id)}">{json_text(data)}</template></div>'
    )

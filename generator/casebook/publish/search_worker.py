"""Search that answers the first query before the whole index is built in the browser.

Material's search worker builds its lunr index in the browser from every entry; at 1,000 cases
that takes about a second, and the first query waits for it. Our worker
(``docs/assets/casebook/search-worker.js``) speaks Material's worker protocol (Material documents
a custom worker as supported) and runs Material's own search code twice: at once over the light
index written here, then, in a nested worker, over the whole index, which answers the last query
again when it is ready. Material shows the fuller result in place.

Material reads the URL of its worker from the ``__config`` JSON in every page; the page is pointed
at ours, with the name of Material's worker file (hashed per Material release).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

OURS = "assets/casebook/search-worker.js"
LIGHT_INDEX = "search/light_index.json"
# Below this many characters of entry text the whole index builds about as fast as a light one.
SPLIT_AT = 200_000
# Characters of an entry's text the light index keeps: a case's text starts with its story.
LIGHT_TEXT = 80

_MATERIAL = re.compile(r'("search": "[^"]*?)assets/javascripts/workers/(search\.[0-9a-f]{8}\.min\.js)"')
_OPEN_TAG = re.compile(r"<[^>]*$")
_OPEN_REFERENCE = re.compile(r"&[^;]*$")


def use_casebook_worker(html: str, *, lazy: bool = False) -> str:
    """The page with its search worker replaced; a page without Material's config is unchanged.
    ``lazy`` (the live preview) builds the whole index at the first query, not at page load."""
    tail = "&lazy=1" if lazy else ""
    return _MATERIAL.sub(lambda m: f'{m.group(1)}{OURS}?m={m.group(2)}{tail}"', html, count=1)


def text_start(text: str) -> str:
    """The first ``LIGHT_TEXT`` characters of an entry's HTML text, never ending inside a tag
    or a character reference, with an ellipsis when something was cut."""
    if len(text) <= LIGHT_TEXT:
        return text
    start = _OPEN_REFERENCE.sub("", _OPEN_TAG.sub("", text[:LIGHT_TEXT]))
    return start + "…"


def light_index(index: dict[str, Any], *, suggest: bool) -> dict[str, Any]:
    """What the worker builds first: the entries that have text (a case quiz's entry, found by
    its title, waits for the whole index), each with its title, tags and the start of its text.
    A small index is not split: ``split`` is false and the worker builds it whole at once."""
    docs = index.get("docs") or []
    split = sum(len(d.get("text") or "") for d in docs) >= SPLIT_AT
    light = []
    for doc in docs if split else []:
        if not doc.get("text"):
            continue
        entry = {"location": doc["location"], "title": doc["title"], "text": text_start(doc["text"])}
        for key in ("tags", "boost"):
            if key in doc:
                entry[key] = doc[key]
        light.append(entry)
    return {"config": index["config"], "docs": light, "options": {"suggest": suggest}, "split": split}


def write_light_index(site_dir: Path, index: dict[str, Any], *, suggest: bool) -> None:
    path = site_dir / LIGHT_INDEX
    path.write_text(
        json.dumps(light_index(index, suggest=suggest), ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )

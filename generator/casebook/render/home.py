"""The learner's overview on a hand-written page (the home page): a fenced ``学习概况`` block.

Hand-written pages carry no raw HTML (``markdown_safe``), so ``docs/index.md`` asks for the
overview with an empty fenced block::

    ```学习概况
    ```

and the plugin puts a mount point in its place, with the data the browser needs to fill it:
every track (the same data as the training index) and the 错题本's question versions, so the
due count leaves out questions edited since. Until the script has run, and without JavaScript,
the mount shows the first-visit hint, which the script draws the same way for a first visit:
nothing on the page moves. Format: generator/casebook/CONTRACT.md, "Home".
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from mkdocs.structure.files import Files

from casebook.library.bank import version
from casebook.library.load import Library
from casebook.render.boundary import html_text, json_block, trusted
from casebook.render.training import relative_url, track_json

_BLOCK = re.compile(r"^```学习概况[ \t]*\n```[ \t]*$", re.MULTILINE)


def start_hint(lib: Library) -> str:
    """The first-visit text (the browser writes the same, with the track's title as a link)."""
    first = lib.tracks[0].title if lib.tracks else ""
    start = f"第一次来？建议从“{first}”开始。" if first else "第一次来？可以先浏览案例。"
    return start + "学习进度和待复习的错题只保存在你自己的浏览器中，会显示在这里。"


def home_json(lib: Library, page: str) -> dict[str, Any]:
    """What the overview needs beyond the tracks' own data: where the tracks and the 错题本 are,
    and the current version of every question the 错题本 can hold."""
    return {
        "tracks": [{"id": t.id, "url": relative_url(f"training/{t.id}.md", page)} for t in lib.tracks],
        "notebook": relative_url("training/notebook.md", page),
        "versions": {item.key: version(item.question) for item in lib.bank},
    }


def home_block(lib: Library, page: str) -> str:
    """The mount point and its data, as Markdown lines for ``page`` (a ``src_uri``)."""
    bank = lib.bank
    mount = trusted(f'<div class="cb-home"><p class="cb-home-hint">{html_text(start_hint(lib))}</p></div>')
    blocks = [json_block(track_json(t, lib, page, bank), for_id=t.id) for t in lib.tracks]
    return "\n".join([mount, *blocks, json_block(home_json(lib, page), for_id="home")])


def render_home(markdown: str, lib: Library, page: str, block: str | None = None) -> str:
    """``markdown`` with every ``学习概况`` block replaced by the overview (``block``, when the
    caller has already made it for this library and page)."""
    if "```学习概况" not in markdown:
        return markdown
    made = block if block is not None else home_block(lib, page)
    return _BLOCK.sub(lambda _: made, markdown)


def force_home_rebuild(
    files: Files, lib: Library, shown: dict[str, str], *, hold: bool = False
) -> tuple[dict[str, str], list[str]]:
    """In a ``--dirty`` preview rebuild, rebuild the hand-written pages whose overview block changed:
    their data comes from the library, so an edited quiz or track changes them although their
    own source did not. ``shown`` holds each page's block as last published. Returns the blocks
    this build publishes (to be remembered once it succeeds) and, with ``hold``, the pages whose
    changed block it leaves for the next build (as site paths).

    Only a changed block counts: the home page carries every question's version, some 170 KB at
    1,000 cases, and converting, cleaning and auditing it on every save was a tenth of a rebuild.
    """
    published: dict[str, str] = {}
    held: list[str] = []
    for file in files.documentation_pages():
        if file.generated_by or not file.abs_src_path:
            continue
        try:
            text = Path(file.abs_src_path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if not _BLOCK.search(text):
            continue
        block = home_block(lib, file.src_uri)
        if shown.get(file.src_uri) == block:
            published[file.src_uri] = block
        elif hold:
            held.append(file.dest_uri)
        else:
            file.is_modified = lambda: True  # type: ignore[method-assign]
            published[file.src_uri] = block
    return published, held

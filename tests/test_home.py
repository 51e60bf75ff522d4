"""The learner's overview block on hand-written pages (render/home.py)."""

from __future__ import annotations

import functools
import json
import re

from casebook.library.load import Library, load_library
from casebook.render.boundary import is_trusted
from casebook.render.home import home_json, render_home, start_hint
from helpers import REPO


@functools.cache
def library() -> Library:
    return load_library(REPO)


def test_the_block_becomes_a_mount_with_the_hint_and_the_data_for_that_page() -> None:
    lib = library()
    out = render_home("# 首页\n\n```学习概况\n```\n\n## 我是学员\n", lib, "guide/index.md")
    lines = out.split("\n")
    assert lines[:2] == ["# 首页", ""]
    assert lines[2] == f'<div class="cb-home"><p class="cb-home-hint">{start_hint(lib)}</p></div>'
    data_lines = [line for line in lines if line.startswith('<div class="cb-data-holder"')]
    assert [re.search(r'data-for="([^"]*)"', line)[1] for line in data_lines] == [  # type: ignore[index]
        *(t.id for t in lib.tracks),
        "home",
    ]
    assert all(is_trusted(line) for line in [lines[2], *data_lines])
    home = json.loads(re.search(r">(\{.*\})</template>", data_lines[-1])[1])  # type: ignore[index]
    assert home == home_json(lib, "guide/index.md")
    assert home["notebook"] == "../training/notebook/"  # relative to the page it is on
    assert lines[-2:] == ["## 我是学员", ""]


def test_the_hint_names_the_first_track() -> None:
    lib = library()
    assert start_hint(lib) == (
        f"第一次来？建议从“{lib.tracks[0].title}”开始。学习进度和待复习的错题只保存在你自己的浏览器中，会显示在这里。"
    )


def test_pages_without_the_block_or_with_text_in_it_are_left_alone() -> None:
    lib = library()
    for text in ("# 页面\n\n正文\n", "```学习概况\n内容\n```\n", "```python\n```\n", "`学习概况`\n"):
        assert render_home(text, lib, "index.md") == text

"""A Python-Markdown extension: trainers' Markdown carries no raw HTML.

Listed in ``mkdocs.yml`` under ``markdown_extensions``. Raw HTML blocks and inline tags,
and ``<http://…>`` / ``<a@b>`` autolinks are switched off, so ``<script>`` or ``<img onerror>``
written anywhere (YAML fields, hand-written ``docs/`` pages) is shown as text. The only HTML that
passes is a line this generator wrote itself and registered with ``boundary.trusted``.
"""

from __future__ import annotations

from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from casebook.render.boundary import is_trusted


class _TrustedLines(Preprocessor):
    """Stash our own HTML lines the way the (removed) raw-HTML preprocessor would."""

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        for line in lines:
            if line.startswith("<") and is_trusted(line):
                out += ["", self.md.htmlStash.store(line), ""]
            else:
                out.append(line)
        return out


class NoRawHtmlExtension(Extension):
    """Turn raw HTML and autolinks off; let registered generator HTML through."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.preprocessors.register(_TrustedLines(md), "casebook_trusted_html", 20)
        for name in ("html", "autolink", "automail"):
            md.inlinePatterns.deregister(name)


def makeExtension(**kwargs: Any) -> NoRawHtmlExtension:
    """Entry point Python-Markdown calls for ``casebook.render.markdown_safe``."""
    return NoRawHtmlExtension(**kwargs)


SELF = "casebook.render.markdown_safe"

# Extensions that let Markdown text set attributes or raw HTML on the page.
FORBIDDEN = {
    "attr_list": "可以给页面元素加任意属性（包括事件脚本）",
    "md_in_html": "会重新打开原始 HTML",
    "pymdownx.blocks.html": "可以写任意 HTML 元素和属性",
    "pymdownx.snippets": "可以把项目外的文件插入页面",
}


def enforce(extensions: list[str]) -> list[str]:
    """The Markdown extensions to use: ours always on; an error message per forbidden one."""
    problems = []
    for name in extensions:
        short = name.removeprefix("markdown.extensions.")
        if short in FORBIDDEN:
            problems.append(
                f"mkdocs.yml: 不允许启用 Markdown 扩展 {short}：它{FORBIDDEN[short]}，请从 markdown_extensions 中删除"
            )
    if SELF not in extensions:
        extensions.append(SELF)
    return problems

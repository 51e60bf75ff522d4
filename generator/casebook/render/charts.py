"""Bar charts written as fenced ``chart`` blocks in Markdown, drawn as inline SVG at build time.

The intranet has no chart library to load, and an SVG drawn here costs the
browser nothing: it is part of the page.
"""

from __future__ import annotations

import re
from typing import Annotated

from markupsafe import escape
from pydantic import Field, StringConstraints

from casebook.errors import CasebookError, Problem
from casebook.library.case_model import _Strict
from casebook.library.validate import to_model
from casebook.sources.yamlsrc import parse_text

_BLOCK = re.compile(r"^```chart[ \t]*\n(?P<body>.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)

_ROW = 30
_LABEL_W = 210
_BAR_W = 330
_WIDTH = _LABEL_W + _BAR_W + 100


class Chart(_Strict):
    """一张条形图：标题、单位和数据（名称: 数值，按书写顺序显示）。"""

    title: Annotated[str, StringConstraints(min_length=1)] = Field(title="图表标题")
    """图表标题。"""

    unit: str = Field(default="", title="单位")
    """数值的单位，例如“件”或“%”。"""

    data: dict[str, int | float] = Field(min_length=1, title="数据")
    """每行一个“名称: 数值”，数值必须是数字。"""


def _number(value: float) -> str:
    return f"{value:g}"


def chart_svg(chart: Chart) -> str:
    """One chart as a single line of HTML (a figure holding an inline SVG)."""
    top = max(max(chart.data.values()), 0) or 1
    height = _ROW * len(chart.data) + 10
    rows = []
    desc = []
    for i, (label, value) in enumerate(chart.data.items()):
        y = 5 + i * _ROW
        width = max(value, 0) / top * _BAR_W
        name, shown = escape(label), escape(f"{_number(value)}{chart.unit}")
        desc.append(f"{name} {shown}")
        rows.append(
            f'<text class="cb-chart-label" x="{_LABEL_W - 8}" y="{y + 19}" text-anchor="end">{name}</text>'
            f'<rect class="cb-chart-bar" x="{_LABEL_W}" y="{y + 4}" width="{width:.1f}" height="{_ROW - 8}" rx="3"/>'
            f'<text class="cb-chart-value" x="{_LABEL_W + width + 6:.1f}" y="{y + 19}">{shown}</text>'
        )
    title = escape(chart.title)
    return (
        f'<figure class="cb-chart"><svg role="img" viewBox="0 0 {_WIDTH} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet">'
        f"<title>{title}</title><desc>{'；'.join(desc)}</desc>{''.join(rows)}</svg>"
        f"<figcaption>{title}</figcaption></figure>"
    )


def render_charts(markdown: str, path: str) -> str:
    """Replace every chart block in a page; bad blocks are reported at their line in the page."""
    problems: list[Problem] = []

    def replace(match: re.Match[str]) -> str:
        first = markdown.count("\n", 0, match.start("body"))
        source, found = parse_text(path, match.group("body"))
        chart = None
        if source is not None:
            chart, more = to_model(source, Chart)
            found += more
        for p in found:
            problems.append(Problem(path, p.line + first, p.column, "图表：" + p.message))
        return chart_svg(chart) if chart is not None else ""

    result = _BLOCK.sub(replace, markdown)
    if problems:
        raise CasebookError(problems)
    return result

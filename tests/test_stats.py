"""The trainers' statistics page: counts drawn as SVG, and the coverage gaps listed."""

from __future__ import annotations

from casebook.render.stats import render_stats
from helpers import Project


def test_counts_and_gaps(project: Project, valid_case) -> None:
    project.case("atm-card")
    project.case(
        "slow-queue", valid_case("slow-queue", category="人员服务/人员资源不足", principles="[营业秩序有保障]")
    )
    page = render_stats(project.load())
    assert "案例库现有 **2** 个案例、**0** 份测验" in page
    # One bar per first-level category that has cases, in taxonomy order, with its count.
    chart = page[page.index("<figure") : page.index("</figure>")]
    assert chart.count('class="cb-chart-bar"') == 2
    assert chart.index("人员服务") < chart.index("业务差错")
    assert "1个</text>" in chart
    gaps = page[page.index("## 覆盖缺口") :]
    assert "- [医保卡被吞后逾期领取](../cases/atm-card.md)" in gaps
    assert "- 人员服务/人员资源不足（1 个）" in gaps
    assert "- 首问负责制" in gaps
    assert "- 特殊业务一声提醒" not in gaps

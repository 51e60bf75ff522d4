"""The trainers' statistics page: counts drawn as SVG, and the coverage gaps listed."""

from __future__ import annotations

import pytest

from casebook.render.stats import render_stats
from helpers import ONE_QUESTION_QUIZ, Project


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


def test_the_preview_redraws_the_statistics_for_a_renamed_case_only_while_they_name_it(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A case with a quiz is counted, not named: renaming it (the commonest edit) must not redraw
    # the page; a case without one is named in the gaps, so its new title must show.
    from casebook.project import ProjectCache, check_project
    from casebook.render import pages as pages_module

    drawn: list[str] = []
    monkeypatch.setattr(pages_module, "render_stats", lambda lib: drawn.append("x") or render_stats(lib))
    project.case("atm-card")
    project.case("fee-refund")
    (project.root / "quizzes").mkdir()
    (project.root / "quizzes" / "fee-refund.yaml").write_text(
        ONE_QUESTION_QUIZ.format(id="fee-refund"), encoding="utf-8"
    )
    cache = ProjectCache()  # the preview's: unchanged files come back as the same models
    first = check_project(project.root, cache=cache)[1]["stats/index.md"]
    fee = project.root / "cases" / "fee-refund.yaml"
    fee.write_text(fee.read_text(encoding="utf-8").replace("title: 医保卡被吞后逾期领取", "title: 手续费退还"), "utf-8")
    assert check_project(project.root, cache=cache)[1]["stats/index.md"] == first
    assert len(drawn) == 1
    atm = project.root / "cases" / "atm-card.yaml"
    atm.write_text(atm.read_text(encoding="utf-8").replace("title: 医保卡被吞后逾期领取", "title: 吞卡改名"), "utf-8")
    again = check_project(project.root, cache=cache)[1]["stats/index.md"]
    assert len(drawn) == 2
    assert "- [吞卡改名](../cases/atm-card.md)" in again

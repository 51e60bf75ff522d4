"""The trainers' statistics page: what the library covers, drawn at build time, and its gaps."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from markupsafe import escape

from casebook.library.load import Library
from casebook.render.charts import Chart, chart_svg

_UNSET = "（未填写）"


def _chart(title: str, unit: str, counts: Counter[str], order: Iterable[str] = ()) -> str:
    names = [n for n in order if counts.get(n)] + sorted(n for n in counts if n not in set(order))
    names = list(dict.fromkeys(names))
    if not names:
        return "暂无数据。"
    return chart_svg(Chart(title=title, unit=unit, data={n: counts[n] for n in names}))


def _list(items: list[str], empty: str) -> str:
    return "\n".join(f"- {escape(i)}" for i in items) if items else empty


def render_stats(lib: Library) -> str:
    """Markdown for the statistics page (charts are inline SVG, so nothing is loaded)."""
    tax, cases = lib.taxonomy, lib.cases
    bank = lib.bank
    main = Counter(c.category.split("/")[0] for c in cases)
    causes = Counter(c.cause or _UNSET for c in cases)
    lines = Counter(c.business_line or _UNSET for c in cases)
    channels = Counter(c.channel or _UNSET for c in cases)
    questions = Counter((b.category or "专题测验").split("/")[0] for b in bank)
    types: Counter[str] = Counter(str(b.question.type) for b in bank)

    no_quiz = [f"[{c.title}](../cases/{c.id}.md)" for c in cases if lib.quiz_for_case(c.id) is None]
    sparse = [
        f"{cat.name}/{sub.name}（{n} 个）"
        for cat in tax.categories
        for sub in cat.subcategories
        if (n := sum(c.category == f"{cat.name}/{sub.name}" for c in cases)) < 2
    ]
    lonely = [p.name for p in tax.principles if not any(p.name in c.principles for c in cases)]
    return "\n".join(
        [
            "# 案例库统计",
            "",
            f"案例库现有 **{len(cases)}** 个案例、**{len(lib.quizzes)}** 份测验（其中考试 "
            f"{sum(q.kind == '考试' for q in lib.quizzes)} 份）、**{len(bank)}** 道练习题。"
            "本页在每次生成站点时重新统计，供培训师查看覆盖情况、安排补充案例和题目。",
            "",
            "## 案例分布",
            "",
            _chart("案例数：按一级分类", "个", main, (c.name for c in tax.categories)),
            "",
            _chart("案例数：按投诉原因", "个", causes, (c.name for c in tax.causes)),
            "",
            _chart("案例数：按业务条线", "个", lines, (b.name for b in tax.business_lines)),
            "",
            _chart("案例数：按渠道", "个", channels, (c.name for c in tax.channels)),
            "",
            "## 题目分布",
            "",
            _chart("练习题数：按案例一级分类", "道", questions, (c.name for c in tax.categories)),
            "",
            _chart("练习题数：按题型", "道", types, ("单选", "多选", "判断", "排序", "对话")),
            "",
            "## 覆盖缺口",
            "",
            "### 还没有测验的案例",
            "",
            _list(no_quiz, "每个案例都有测验。"),
            "",
            "### 案例少于 2 个的二级分类",
            "",
            _list(sparse, "每个二级分类都至少有 2 个案例。"),
            "",
            "### 还没有案例的服务原则",
            "",
            _list(lonely, "每条服务原则都至少有 1 个案例。"),
            "",
        ]
    )

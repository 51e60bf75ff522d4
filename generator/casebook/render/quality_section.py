"""The 测验质量 section of the statistics page: the quality report per quiz and for the whole library."""

from __future__ import annotations

from collections import Counter

from casebook.library.load import Library
from casebook.library.quality import QualityReport, QuizQuality, percent, quality_report


def _overview(report: QualityReport) -> list[str]:
    tf, true_keys = report.total("true_false"), report.total("true_keys")
    items, longest = report.total("single_answer_items"), report.total("longest_correct")
    positions = "、".join(f"第 {p} 个 {n} 道" for p, n in report.answer_positions) or "—"
    return [
        "| 检查项 | 全部练习 | 建议 |",
        "| --- | --- | --- |",
        f"| 判断题答案为“正确”的占比 | {true_keys}/{tf}（{percent(true_keys, tf)}） | 35%—65% |",
        f"| 错误选项少于 2 个的选择题和对话轮次 | {report.total('few_wrong')} 处 | 0 |",
        f"| 只有 1 轮的情景对话 | {report.total('single_step')}/{report.total('dialogues')} 道 | 0 |",
        f"| 正确选项是最长一项的单选题和对话轮次 | {longest}/{items}（{percent(longest, items)}） | 不超过一半 |",
        f"| 正确选项所在位置 | {positions} | 分散 |",
        f"| 题干相同或非常相似的题目 | {len(report.duplicates)} 处 | 0 |",
    ]


def _row(q: QuizQuality, title: str, duplicates: int) -> str:
    from casebook.render.boundary import md_inline

    hints = len(q.findings) + duplicates
    tf = f"{q.true_keys}/{q.true_false}（{percent(q.true_keys, q.true_false)}）" if q.true_false else "—"
    longest = f"{q.longest_correct}/{q.single_answer_items}" if q.single_answer_items else "—"
    single = f"{q.single_step}/{q.dialogues}" if q.dialogues else "—"
    return f"| [{md_inline(title)}](../quizzes/{q.quiz}.md) | {tf} | {q.few_wrong} | {single} | {longest} | {hints} |"


def render_quality(lib: Library) -> list[str]:
    """Markdown lines: an overview table, the hints in words, then one row per practice quiz."""
    report = quality_report(lib.quizzes)
    duplicates = Counter(f.quiz for f in report.duplicates)
    hints = [f"- {f.message.removeprefix('提示：')}" for f in report.overall]
    lines = [
        "## 测验质量",
        "",
        "下面的检查找的是学员不看题也能猜中的规律：判断题答案一边倒、错误选项太少或一看就错、"
        "正确选项总是最长的那一项、情景对话只有一轮、不同测验里出现几乎一样的题。"
        "运行 `casebook validate` 可以看到每条提示所在的文件和行号。",
        "",
        *_overview(report),
        "",
    ]
    if hints:
        lines += ["全库的提示：", "", *hints, ""]
    lines += [
        "### 各测验",
        "",
        "| 测验 | 判断题答案为“正确” | 错误选项不足 | 单轮对话 | 正确选项最长 | 提示 |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    lines += [_row(q, lib.quiz(q.quiz).title, duplicates[q.quiz]) for q in report.quizzes]
    if not report.findings:
        lines += ["", "所有练习都通过了质量检查，没有提示。"]
    else:
        lines += ["", f"共 {len(report.findings)} 条提示。"]
    lines.append("")
    return lines

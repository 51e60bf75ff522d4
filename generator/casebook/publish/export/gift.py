"""GIFT, Moodle's plain-text question format."""

from __future__ import annotations

from collections.abc import Callable

from casebook.publish.export.common import (
    GIFT_ORDER_NOTE,
    ORDER_HINT,
    Choice,
    Item,
    Kind,
    by_quiz,
    category_path,
    percent,
)

# --- GIFT --------------------------------------------------------------------------------------

# Moodle's own GIFT escaping (qformat_gift::repchar): the control characters get a backslash,
# newlines become \n so a blank line never ends a question early.
_GIFT_ESCAPES = str.maketrans(
    {"\\": "\\\\", "~": "\\~", "=": "\\=", "#": "\\#", "{": "\\{", "}": "\\}", ":": "\\:", "\n": "\\n", "\r": ""}
)


def gift_escape(text: str) -> str:
    """Text with GIFT's control characters escaped."""
    return text.translate(_GIFT_ESCAPES)


def _gift_text(text: str, *, mark: bool = False) -> str:
    """Escaped text in Moodle's plain-text format. Answers and feedback inherit the format of the
    question text, so they are marked only when they start with '[' and would read as a marker."""
    prefix = "[plain]" if mark or text.startswith("[") else ""
    return prefix + gift_escape(text)


def gift(items: list[Item]) -> bytes:
    blocks: list[str] = []
    for title, group in by_quiz(items):
        header = _GIFT_HEADER if not blocks else ""
        blocks.append(f"{header}$CATEGORY: {_gift_category(title)}")
        blocks.extend(_gift_question(item) for item in group)
    return ("\n\n".join(blocks) + "\n").encode("utf-8")


def _gift_category(title: str) -> str:
    """Moodle reads the category line raw except for ``\\``, so only a backslash is escaped."""
    return category_path(title).replace("\\", "\\\\")


_GIFT_HEADER = (
    "// 案例通题库（GIFT 格式，UTF-8）：在 Moodle 的“题库 → 导入”中选择 GIFT 格式导入。\n"
    "// 每份测验一个题目类别；情景对话的每一轮导出为一道单选题；多选题按选项给分，选错扣分。\n"
)


def _gift_question(item: Item) -> str:
    note = f"// {GIFT_ORDER_NOTE}\n" if item.kind == "ordering" else ""
    stem = item.stem + ORDER_HINT if item.kind == "ordering" else item.stem
    lines = [
        f"{note}::{gift_escape(item.name)}::{_gift_text(stem, mark=True)} {{",
        *_GIFT_ANSWERS[item.kind](item),
        f"\t####{_gift_text(item.explanation)}",
        "}",
    ]
    return "\n".join(lines)


def _gift_choices(item: Item) -> list[str]:
    return [f"\t{_gift_mark(item.kind, c.fraction)}{_gift_text(c.text)}{_gift_feedback(c)}" for c in item.choices]


def _gift_mark(kind: Kind, fraction: float) -> str:
    """``=`` and ``~`` for single choice. Multiple choice uses weights only: Moodle lets the trainee
    tick several boxes exactly when no answer starts with ``=``."""
    if kind == "single":
        return "=" if fraction > 0 else "~"
    return f"~%{percent(fraction)}%"


def _gift_feedback(choice: Choice) -> str:
    return f"#{_gift_text(choice.feedback)}" if choice.feedback else ""


def _gift_truth(item: Item) -> list[str]:
    return ["\tTRUE" if item.truth else "\tFALSE"]


def _gift_matching(item: Item) -> list[str]:
    return [f"\t={number} -> {gift_escape(step)}" for number, step in enumerate(item.order, 1)]


_GIFT_ANSWERS: dict[Kind, Callable[[Item], list[str]]] = {
    "single": _gift_choices,
    "multiple": _gift_choices,
    "truefalse": _gift_truth,
    "ordering": _gift_matching,
}

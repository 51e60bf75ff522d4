"""GIFT, Moodle's plain-text question format."""

from __future__ import annotations

from collections.abc import Callable

from casebook.publish.export.common import (
    GIFT_ORDER_NOTE,
    ORDER_HINT,
    Choice,
    ExportOptions,
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
    question text, so they are marked only when they would otherwise read as syntax: a leading '['
    as a format marker, a leading '%' as a weight (``~%100%`` gives full marks). GIFT has no escape
    for either; after ``[plain]`` both are text to Moodle and to gift-pegjs alike."""
    prefix = "[plain]" if mark or text.lstrip().startswith(("[", "%")) else ""
    return prefix + gift_escape(text)


def gift(items: list[Item], options: ExportOptions) -> bytes:
    """GIFT has no ordering type: ordering is always written as matching, whatever ``options`` say."""
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
    choices = _gift_order(item.choices) if item.kind == "single" else item.choices
    return [f"\t{_gift_mark(item.kind, c.fraction)}{_gift_text(c.text)}{_gift_feedback(c)}" for c in choices]


def _gift_order(choices: tuple[Choice, ...]) -> tuple[Choice, ...]:
    """The choices, with a wrong one first when the first is a right answer containing '->'.

    GIFT cannot escape '->'. Moodle reads such a question as multiple choice anyway (it has a '~'),
    but gift-pegjs and parsers like it take ``{=a -> b`` for a matching question and fail. Moodle
    shuffles the answers, so their order in the file is not what a trainee sees."""
    if not choices or choices[0].fraction <= 0 or "->" not in choices[0].text:
        return choices
    first_wrong = next((i for i, c in enumerate(choices) if c.fraction <= 0), None)
    if first_wrong is None:
        return choices
    return (choices[first_wrong], *choices[:first_wrong], *choices[first_wrong + 1 :])


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

"""Export the question bank for learning platforms: ``casebook export``.

Three formats: GIFT and Moodle XML, which Moodle imports, and an xlsx workbook in the layout of
the question-import templates of Chinese learning platforms. Every format is written from the same
flat list of exported questions (``Item``): a dialogue becomes one single-choice question per step,
and each writer only decides how to spell an item.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import groupby
from typing import Literal

from casebook.errors import CasebookError, Problem
from casebook.library.bank import BankQuestion, pool_members
from casebook.library.load import Library
from casebook.library.quiz_model import MultipleChoice, Option, Ordering, SingleChoice, Track, TrueFalse

# Problems with the command's arguments are reported against the command line.
WHERE = "命令行"

CATEGORY_ROOT = "casebook"
ORDER_HINT = "（排序题：请为每个序号选出该位置上的步骤。）"
GIFT_ORDER_NOTE = "排序题：GIFT 没有排序题型，这里导出为配对题，每个序号配对该位置上的步骤。"
XML_ORDER_NOTE = "排序题：按选项 moodle-ordering=matching 导出为配对题（供旧版 Moodle），每个序号配对该位置上的步骤。"

Kind = Literal["single", "multiple", "truefalse", "ordering"]
MoodleOrdering = Literal["ordering", "matching"]


@dataclass(frozen=True)
class ExportOptions:
    """Choices of ``casebook export`` that change how a format spells a question."""

    moodle_ordering: MoodleOrdering = "ordering"
    """Moodle XML: ``ordering`` (core qtype_ordering, Moodle 4.4 and later) or ``matching``."""
    separator: str = ";"
    """xlsx: what goes between the letters of a multiple-choice answer, e.g. ``A;C``."""


@dataclass(frozen=True)
class Choice:
    """One answer of a choice question."""

    text: str
    fraction: float
    """Share of the mark in percent: 100 or 0 for single choice. For multiple choice the right
    answers share +100 and the wrong ones share -100, so ticking every box scores nothing."""
    feedback: str | None = None


@dataclass(frozen=True)
class Item:
    """One exported question, whatever the format."""

    name: str
    """The bank key (``quiz/question``), plus ``/<step>`` for a dialogue step."""
    kind: Kind
    stem: str
    explanation: str
    quiz_title: str
    category: str
    """The case category; empty when the quiz belongs to no case."""
    tags: tuple[str, ...]
    difficulty: str | None = None
    points: int = 1
    """Marks the question is worth; every exported question is worth the same, as on the site."""
    choices: tuple[Choice, ...] = ()
    truth: bool = False
    order: tuple[str, ...] = ()
    """Ordering questions: the steps in their right order."""


# --- Selection ---------------------------------------------------------------------------------


def select_questions(library: Library, *, track: str | None = None, tag: str | None = None) -> tuple[BankQuestion, ...]:
    """Every practice question; with a track, those of its quizzes and its final exam's pools;
    with a tag, those carrying it. Unknown names and empty selections raise a CasebookError."""
    bank = library.bank
    chosen = bank
    if track is not None:
        keys = _track_keys(library, bank, _find_track(library, track))
        chosen = tuple(item for item in chosen if item.key in keys)
    if tag is not None:
        _check_tag(bank, tag)
        chosen = tuple(item for item in chosen if tag in item.tags)
    if not chosen:
        raise usage_error(_empty_message(track, tag))
    return chosen


def _find_track(library: Library, name: str) -> Track:
    for track in library.tracks:
        if name in (track.id, track.title):
            return track
    choices = "、".join(f"{t.id}（{t.title}）" for t in library.tracks) or "（没有培训路线）"
    raise usage_error(f"找不到培训路线“{name}”，可选：{choices}")


def _track_keys(library: Library, bank: tuple[BankQuestion, ...], track: Track) -> set[str]:
    quiz_ids = [*(quiz_id for module in track.modules for quiz_id in module.quizzes), track.final_exam]
    return {key for quiz_id in quiz_ids for key in _quiz_keys(library, bank, quiz_id)}


def _quiz_keys(library: Library, bank: tuple[BankQuestion, ...], quiz_id: str) -> set[str]:
    """A practice quiz's own questions, or everything an exam's pools may draw."""
    quiz = next((q for q in library.quizzes if q.id == quiz_id), None)
    if quiz is None:
        return set()
    if quiz.kind == "考试":
        return {item.key for pool in quiz.pools for item in pool_members(bank, pool)}
    return {item.key for item in bank if item.quiz.id == quiz_id}


def _check_tag(bank: tuple[BankQuestion, ...], tag: str) -> None:
    tags = sorted({t for item in bank for t in item.tags})
    if tag not in tags:
        raise usage_error(f"没有题目带有标签“{tag}”，可选的标签：{'、'.join(tags) or '（没有标签）'}")


def _empty_message(track: str | None, tag: str | None) -> str:
    if track is not None and tag is not None:
        return f"培训路线“{track}”中没有带标签“{tag}”的题目"
    if track is not None:
        return f"培训路线“{track}”中没有可导出的题目"
    return "题库中没有可导出的题目：请先在 quizzes/ 中编写练习测验"


def usage_error(message: str) -> CasebookError:
    return CasebookError([Problem(WHERE, 1, 1, message)])


# --- Flattening --------------------------------------------------------------------------------


def flatten(entry: BankQuestion) -> list[Item]:
    """The exported questions of one bank question: one, or one per dialogue step."""
    q = entry.question
    base = Item(
        name=entry.key,
        kind="single",
        stem=q.prompt,
        explanation=q.explanation,
        quiz_title=entry.quiz.title,
        category=entry.category or "",
        tags=tuple(sorted(entry.tags)),
        difficulty=q.difficulty,
    )
    if isinstance(q, SingleChoice):
        return [replace(base, choices=_single(q.options, q.answer))]
    if isinstance(q, MultipleChoice):
        return [replace(base, kind="multiple", choices=_multiple(q.options, q.answer))]
    if isinstance(q, TrueFalse):
        return [replace(base, kind="truefalse", truth=q.answer)]
    if isinstance(q, Ordering):
        return [replace(base, kind="ordering", order=tuple(q.items))]
    total = len(q.steps)
    return [
        replace(
            base,
            name=f"{entry.key}/{number}",
            stem=step_stem(q.prompt, step.customer, number, total),
            choices=_single(step.options, step.answer),
        )
        for number, step in enumerate(q.steps, 1)
    ]


def step_stem(scene: str, customer: str, number: int, total: int) -> str:
    """The stem of one dialogue step: the scene, then what the customer says in this step."""
    who = "客户" if total == 1 else f"第 {number} 轮（共 {total} 轮），客户"
    return f"{scene}\n{who}：{customer}\n请选出最恰当的回应。"


def _single(options: Sequence[Option], answer: str) -> tuple[Choice, ...]:
    return tuple(Choice(o.text, 100.0 if o.id == answer else 0.0, o.feedback) for o in options)


def _multiple(options: Sequence[Option], answer: Sequence[str]) -> tuple[Choice, ...]:
    right = set(answer)
    wrong = len(options) - len(right)
    return tuple(Choice(o.text, 100 / len(right) if o.id in right else -100 / wrong, o.feedback) for o in options)


def percent(value: float) -> str:
    """A weight as Moodle writes it: ``100``, ``33.33333``, ``-50``."""
    return f"{value:.5f}".rstrip("0").rstrip(".")


def category_path(title: str) -> str:
    """The Moodle question category of a quiz; a slash inside a name is written twice."""
    return f"{CATEGORY_ROOT}/{' '.join(title.split()).replace('/', '//')}"


def by_quiz(items: Iterable[Item]) -> Iterator[tuple[str, list[Item]]]:
    for title, group in groupby(items, key=lambda item: item.quiz_title):
        yield title, list(group)

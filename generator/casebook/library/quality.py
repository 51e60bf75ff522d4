"""Quiz-quality check: answer-pattern cues that let a trainee score without knowing the material.

Pure functions over validated quizzes. Each finding names its quiz and a place in the quiz file (a
``Loc``), so ``casebook validate`` can print it as a located hint (see ``quality_hints``); the
statistics page reads the same report for its per-quiz table. Nothing here is an error: the
trainer decides what to change, unless they run ``casebook validate --strict-quality``.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from casebook.library.quiz_model import Dialogue, MultipleChoice, Option, Quiz, SingleChoice, TrueFalse
from casebook.sources.yamlsrc import Loc

TRUE_SHARE = (0.35, 0.65)
"""The band the share of true/false keys that are “true” should stay in, per quiz and overall."""

MIN_WRONG = 2
"""Wrong options a choice question or a dialogue step needs before guessing stops paying."""

CUE_ITEMS = 3
"""Single-answer items a quiz needs before the longest-option and same-position patterns mean anything."""

NEAR_DUPLICATE = 0.6
"""Character-bigram Jaccard similarity from which two question stems count as near-duplicates."""

_NOISE = re.compile(r"[\W_]+")  # spaces and punctuation, ASCII and full-width


@dataclass(frozen=True)
class Finding:
    """One quality hint: which quiz (None: the library as a whole), where in its file, and what to look at."""

    quiz: str | None
    loc: Loc
    message: str


@dataclass(frozen=True)
class Choice:
    """A single-answer item: a 单选 question or one step of a dialogue."""

    label: str
    options: tuple[Option, ...]
    answer: str

    @property
    def answer_index(self) -> int:
        return [o.id for o in self.options].index(self.answer)

    @property
    def correct_is_longest(self) -> bool:
        """The right option is strictly longer than every wrong one: a length cue."""
        right = length(self.options[self.answer_index].text)
        return all(right > length(o.text) for o in self.options if o.id != self.answer)


@dataclass(frozen=True)
class QuizQuality:
    """The figures for one practice quiz, and the hints raised on it."""

    quiz: str
    true_false: int
    true_keys: int
    choice_questions: int
    few_wrong: int
    dialogues: int
    single_step: int
    single_answer_items: int
    longest_correct: int
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class QualityReport:
    """Per-quiz figures, cross-quiz duplicates, library-wide hints and where the right options sit."""

    quizzes: tuple[QuizQuality, ...]
    duplicates: tuple[Finding, ...]
    overall: tuple[Finding, ...]
    answer_positions: tuple[tuple[int, int], ...]
    """(position counted from 1, how many single-answer items have their right option there)."""

    @property
    def findings(self) -> tuple[Finding, ...]:
        return (*(f for q in self.quizzes for f in q.findings), *self.duplicates, *self.overall)

    def total(self, figure: str) -> int:
        """A figure of ``QuizQuality`` summed over every practice quiz."""
        return sum(int(getattr(q, figure)) for q in self.quizzes)


def length(text: str) -> int:
    """An option's length as a trainee sees it: characters, without spaces and punctuation."""
    return len(_NOISE.sub("", text))


def percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "—"


def balanced_true(true_keys: int, total: int) -> bool:
    """Whether ``true_keys`` of ``total`` is as close to the 35–65 % band as ``total`` allows.

    One question is always balanced; of three, 1 or 2 true are, since neither 33 % nor 67 % is in the band.
    """

    def distance(k: int) -> float:
        share = k / total
        return max(0.0, TRUE_SHARE[0] - share, share - TRUE_SHARE[1])

    return total == 0 or math.isclose(distance(true_keys), min(distance(k) for k in range(total + 1)))


def _choices(quiz: Quiz) -> Iterator[tuple[Loc, Choice]]:
    for i, q in enumerate(quiz.questions):
        if isinstance(q, SingleChoice):
            yield ("questions", i, "answer"), Choice(f"题目 {q.id}", tuple(q.options), q.answer)
        elif isinstance(q, Dialogue):
            for j, step in enumerate(q.steps):
                label = f"题目 {q.id} 第 {j + 1} 轮"
                yield ("questions", i, "steps", j, "answer"), Choice(label, tuple(step.options), step.answer)


def _wrong_options(quiz: Quiz) -> Iterator[tuple[Loc, str, int]]:
    """(where the options are, which question or step, how many of them are wrong)."""
    for i, q in enumerate(quiz.questions):
        if isinstance(q, SingleChoice | MultipleChoice):
            right = {q.answer} if isinstance(q, SingleChoice) else set(q.answer)
            yield ("questions", i, "options"), f"题目 {q.id}", sum(o.id not in right for o in q.options)
        elif isinstance(q, Dialogue):
            for j, step in enumerate(q.steps):
                wrong = sum(o.id != step.answer for o in step.options)
                yield ("questions", i, "steps", j, "options"), f"题目 {q.id} 第 {j + 1} 轮", wrong


def _balance_hint(quiz: str | None, scope: str, true_keys: int, total: int) -> list[Finding]:
    if balanced_true(true_keys, total):
        return []
    return [
        Finding(
            quiz,
            ("questions",) if quiz else (),
            f"提示：{scope}的 {total} 道判断题中答案为 true（正确）的有 {true_keys} 道（{percent(true_keys, total)}），"
            "学员只选多数一方也能得分；建议正确与错误的说法各占 35%—65%",
        )
    ]


def _few_message(label: str, wrong: int) -> str:
    return f"提示：{label} 只有 {wrong} 个错误选项，容易猜中；建议至少写 {MIN_WRONG} 个看似合理的错误选项"


def quiz_quality(quiz: Quiz) -> QuizQuality:
    """Figures and hints for one practice quiz."""
    tf = [q for q in quiz.questions if isinstance(q, TrueFalse)]
    true_keys = sum(q.answer for q in tf)
    findings = _balance_hint(quiz.id, "本测验", true_keys, len(tf))
    few = [(loc, label, n) for loc, label, n in _wrong_options(quiz) if n < MIN_WRONG]
    findings += [
        Finding(
            quiz.id, loc, f"提示：{label} 只有 {n} 个错误选项，容易猜中；建议至少写 {MIN_WRONG} 个看似合理的错误选项"
        )
        for loc, label, n in few
    ]
    dialogues = [(i, q) for i, q in enumerate(quiz.questions) if isinstance(q, Dialogue)]
    single = [(i, q) for i, q in dialogues if len(q.steps) < 2]
    findings += [
        Finding(quiz.id, ("questions", i, "steps"), f"提示：题目 {q.id} 的情景对话只有 1 轮，建议至少写 2 轮")
        for i, q in single
    ]
    items = [c for _, c in _choices(quiz)]
    longest = [c for c in items if c.correct_is_longest]
    if len(items) >= CUE_ITEMS and 2 * len(longest) > len(items):
        findings.append(
            Finding(
                quiz.id,
                ("questions",),
                f"提示：{len(items)} 道单选题和对话轮次中有 {len(longest)} 道的正确选项是最长的一项"
                f"（{'、'.join(c.label for c in longest)}），学员可能凭长度猜答案；建议把错误选项也写得同样具体",
            )
        )
    positions = {c.answer_index for c in items}
    if len(items) >= CUE_ITEMS and len(positions) == 1:
        findings.append(
            Finding(
                quiz.id,
                ("questions",),
                f"提示：{len(items)} 道单选题和对话轮次的正确选项都写在第 {positions.pop() + 1} 个；"
                "导出到学习平台或打印答案时选项不会打乱，建议调换部分选项的位置",
            )
        )
    return QuizQuality(
        quiz=quiz.id,
        true_false=len(tf),
        true_keys=true_keys,
        choice_questions=sum(isinstance(q, SingleChoice | MultipleChoice) for q in quiz.questions),
        few_wrong=len(few),
        dialogues=len(dialogues),
        single_step=len(single),
        single_answer_items=len(items),
        longest_correct=len(longest),
        findings=tuple(findings),
    )


def bigrams(text: str) -> frozenset[str]:
    """The character bigrams of a stem, ignoring spaces and punctuation."""
    flat = _NOISE.sub("", text)
    return frozenset(flat[i : i + 2] for i in range(len(flat) - 1)) or frozenset({flat})


def similarity(a: str, b: str) -> float:
    """Character-bigram Jaccard similarity of two stems (1.0: the same words)."""
    x, y = bigrams(a), bigrams(b)
    return len(x & y) / len(x | y)


@dataclass(frozen=True)
class Stem:
    """A question stem and where it is."""

    quiz: str
    index: int
    question: str
    prompt: str


def near_duplicates(stems: Sequence[Stem], threshold: float = NEAR_DUPLICATE) -> list[tuple[Stem, Stem, float]]:
    """(first, later, similarity) for each stem that matches an earlier one of another quiz.

    Exact repeats are matched through a dictionary; the rest by prefix filtering: two bigram sets with
    Jaccard >= t share one of the rarest ``|A| - ceil(t * |A|) + 1`` bigrams of each, so only stems
    that share a rare bigram are ever compared. That keeps a library of thousands of quizzes fast.
    """
    pairs: list[tuple[Stem, Stem, float]] = []
    first: dict[str, Stem] = {}
    distinct: list[tuple[Stem, frozenset[str]]] = []
    for stem in stems:
        key = _NOISE.sub("", stem.prompt)
        if key in first:
            if first[key].quiz != stem.quiz:
                pairs.append((first[key], stem, 1.0))
            continue
        first[key] = stem
        distinct.append((stem, bigrams(stem.prompt)))
    freq = Counter(g for _, grams in distinct for g in grams)
    index: dict[str, list[int]] = defaultdict(list)
    for i, (stem, grams) in enumerate(distinct):
        ordered = sorted(grams, key=lambda g: (freq[g], g))
        best: tuple[float, int] | None = None
        seen: set[int] = set()
        for g in ordered[: len(ordered) - math.ceil(threshold * len(ordered)) + 1]:
            for j in index[g]:
                other, other_grams = distinct[j]
                if j in seen or other.quiz == stem.quiz:
                    continue
                seen.add(j)
                score = len(grams & other_grams) / len(grams | other_grams)
                if score >= threshold and (best is None or score > best[0]):
                    best = (score, j)
            index[g].append(i)
        if best is not None:
            pairs.append((distinct[best[1]][0], stem, best[0]))
    return pairs


def quality_report(quizzes: Sequence[Quiz]) -> QualityReport:
    """Every practice quiz's figures and hints, duplicate stems across quizzes and the library-wide figures."""
    practice = [q for q in quizzes if q.kind == "练习"]
    per_quiz = tuple(quiz_quality(q) for q in practice)
    stems = [Stem(q.id, i, x.id, x.prompt) for q in practice for i, x in enumerate(q.questions)]
    duplicates = tuple(
        Finding(
            later.quiz,
            ("questions", later.index, "prompt"),
            f"提示：题目 {later.question} 的题干与测验 {first.quiz} 的题目 {first.question}"
            f" {'相同' if score == 1 else f'非常相似（相似度 {round(100 * score)}%）'}，"
            "考试可能同时抽到这两道题；建议改写或删去其中一道",
        )
        for first, later, score in near_duplicates(stems)
    )
    tf, true_keys = sum(q.true_false for q in per_quiz), sum(q.true_keys for q in per_quiz)
    overall = _balance_hint(None, "全部练习", true_keys, tf)
    items, longest = sum(q.single_answer_items for q in per_quiz), sum(q.longest_correct for q in per_quiz)
    if items >= CUE_ITEMS and 2 * longest > items:
        overall.append(
            Finding(
                None,
                (),
                f"提示：全部练习的 {items} 道单选题和对话轮次中有 {longest} 道的正确选项是最长的一项"
                f"（{percent(longest, items)}），学员可能凭长度猜答案",
            )
        )
    positions = Counter(c.answer_index + 1 for q in practice for _, c in _choices(q))
    return QualityReport(per_quiz, duplicates, tuple(overall), tuple(sorted(positions.items())))

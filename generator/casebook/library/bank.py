"""The question bank: every practice question with the tags and category it inherits,
and the exam pools drawn from it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from pydantic import BaseModel

from casebook.library.case_model import Case
from casebook.library.quiz_model import Pool, Question, Quiz


@dataclass(frozen=True)
class BankQuestion:
    """A question as exams see it: where it comes from and what it is about."""

    key: str
    quiz: Quiz
    question: Question
    tags: frozenset[str]
    category: str | None


def digest(text: str) -> str:
    """A short, stable hash of some text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


# Versions by model identity. The models are frozen, and the preview's loader reuses the models
# of unchanged files, so a save hashes only what it changed; each entry holds its model, so an id
# cannot be reused while its entry lives.
_VERSIONS: dict[int, tuple[BaseModel, str]] = {}
_VERSIONS_MAX = 1 << 18


def version(model: BaseModel) -> str:
    """A content hash that changes whenever the model's content changes; the browser
    uses it to ignore stored results of a quiz that has since been edited."""
    hit = _VERSIONS.get(id(model))
    if hit is not None and hit[0] is model:
        return hit[1]
    value = digest(json.dumps(model.model_dump(mode="json"), ensure_ascii=False, sort_keys=True))
    if len(_VERSIONS) >= _VERSIONS_MAX:
        _VERSIONS.clear()
    _VERSIONS[id(model)] = (model, value)
    return value


# A quiz's bank entries by the identity of the quiz and its case (see _VERSIONS): a preview
# save rebuilds the entries of the files it changed only.
_ENTRIES: dict[int, tuple[Quiz, Case | None, tuple[BankQuestion, ...]]] = {}


def build_bank(quizzes: tuple[Quiz, ...] | list[Quiz], cases: dict[str, Case]) -> tuple[BankQuestion, ...]:
    """Every question of every practice quiz, with tags from the question, quiz and case."""
    bank: list[BankQuestion] = []
    for quiz in quizzes:
        if quiz.kind != "练习":
            continue
        case = cases.get(quiz.case) if quiz.case else None
        hit = _ENTRIES.get(id(quiz))
        if hit is None or hit[0] is not quiz or hit[1] is not case:
            if len(_ENTRIES) >= _VERSIONS_MAX:
                _ENTRIES.clear()
            hit = (quiz, case, _entries(quiz, case))
            _ENTRIES[id(quiz)] = hit
        bank += hit[2]
    return tuple(bank)


def _entries(quiz: Quiz, case: Case | None) -> tuple[BankQuestion, ...]:
    inherited = set(quiz.tags) | set(case.tags if case else ())
    return tuple(
        BankQuestion(
            key=f"{quiz.id}/{q.id}",
            quiz=quiz,
            question=q,
            tags=frozenset(inherited | set(q.tags)),
            category=case.category if case else None,
        )
        for q in quiz.questions
    )


def in_pool(item: BankQuestion, pool: Pool) -> bool:
    """A question is in a pool if it has one of the pool's tags or falls under one of its categories."""
    if item.tags.intersection(pool.tags):
        return True
    cat = item.category
    return cat is not None and any(cat == c or cat.startswith(c + "/") for c in pool.categories)


def pool_members(bank: tuple[BankQuestion, ...], pool: Pool) -> list[BankQuestion]:
    """The questions an exam may draw from this pool (``in_pool`` for each, with the pool's
    tags and categories prepared once: a 1,000-case bank has some 4,000 questions per pool)."""
    tags = frozenset(pool.tags)
    exact = frozenset(pool.categories)
    below = tuple(c + "/" for c in pool.categories)
    return [
        item
        for item in bank
        if not tags.isdisjoint(item.tags)
        or (item.category is not None and (item.category in exact or item.category.startswith(below)))
    ]

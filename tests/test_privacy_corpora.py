"""The privacy guard against two corpora: invented customer data it must catch, ordinary text it must pass.

The rates are asserted as floors: at least 95 % of the positives caught, at most 2 % of
the negatives flagged.  The negatives are a committed file of ordinary service sentences
(with the traps that fooled the old guard) plus every sentence of the shipped library.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import yaml

from casebook.library.privacy import scan
from helpers import REPO

CORPORA = Path(__file__).parent / "privacy"
# Kinds that count as the expected one: a landline after 电话 may be read either way,
# an account number that passes Luhn is also a card number.
SAME = {"landline": {"landline", "phone"}, "phone": {"landline", "phone"}, "account": {"account", "card", "long"}}
# Every evasion named in issue 8 has rows in the positives corpus.
EVASIONS = {
    "spaces", "dashes", "dots", "fullwidth", "plus86", "0086", "zerowidth", "emphasis", "entities", "paren",
    "15-digit", "15-spaced", "spaced", "context-non-luhn", "fullwidth-at", "sentence-start", "after-comma",
    "quotes", "speaker", "quiz-option", "compound-sentence-start", "context", "mid",
}  # fmt: skip


def positives() -> list[tuple[str, str, str]]:
    rows = []
    for line in (CORPORA / "positives.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            kind, evasion, text = line.split("\t")
            rows.append((kind, evasion, text))
    return rows


def handwritten_negatives() -> list[str]:
    lines = (CORPORA / "negatives.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def shipped_sentences() -> list[str]:
    """Every sentence of the shipped cases, quizzes, taxonomy and docs/ pages."""
    texts: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    for path in [*REPO.glob("cases/*.yaml"), *REPO.glob("quizzes/**/*.yaml"), REPO / "taxonomy.yaml"]:
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    texts += [p.read_text(encoding="utf-8") for p in (REPO / "docs").rglob("*.md")]
    sentences = {s.strip() for t in texts for s in re.split(r"(?<=[。！？；])|\n", t)}
    return sorted(s for s in sentences if len(re.findall(r"[\u4e00-\u9fff]", s)) >= 6)


def caught(kind: str, text: str) -> bool:
    return any(f.kind in SAME.get(kind, {kind}) for f in scan(text))


def test_positives_cover_every_evasion_and_are_caught() -> None:
    rows = positives()
    assert len(rows) >= 150
    assert {e for _, e, _ in rows} >= EVASIONS
    missed = [(kind, evasion, text) for kind, evasion, text in rows if not caught(kind, text)]
    assert 1 - len(missed) / len(rows) >= 0.95, missed
    by_kind = Counter(kind for kind, _, _ in rows)
    for kind, total in by_kind.items():
        assert 1 - sum(1 for k, _, _ in missed if k == kind) / total >= 0.9, kind


def test_ordinary_service_sentences_pass() -> None:
    handwritten = handwritten_negatives()
    shipped = shipped_sentences()
    assert len(handwritten) >= 300
    assert len(shipped) >= 300
    for corpus in (handwritten, shipped):
        flagged = [(text, [f.what for f in scan(text)]) for text in corpus if scan(text)]
        assert len(flagged) / len(corpus) <= 0.02, flagged


def test_the_words_that_fooled_the_old_guard_pass() -> None:
    assert [t for t in ("员工杜绝推诿", "客户谢谢柜员", "客户林立", "许诺", "客户白白跑了一趟") if scan(t)] == []

"""Phone, ID, card and account numbers and e-mail addresses in normalised text.

A number is found as a *digit run*: digits with up to a few separators between them
(spaces, dashes, dots, brackets, Markdown emphasis, inline HTML tags), because that is
how a reader still sees one number.  Three or more ``*`` in a row are a mask and end the
run, so ``138****0000`` passes.  Each run is split into its digit groups and every
stretch of consecutive groups is classified, so two numbers side by side are both found.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# One gap between two digits: separator characters, ``*``/``**`` emphasis (not a mask), tags.
_GAP = r"(?:[ \t\n\-‐‑‒–—―−_.·・~`'()\\/]|\*\*?(?!\*)|<[^<>\n]{0,40}>){1,4}"
_RUN = re.compile(rf"(?<![0-9])[0-9](?:(?:{_GAP})?[0-9])*(?:(?:{_GAP})?[Xx](?![A-Za-z]))?")
_GROUP = re.compile(r"[0-9Xx]+")
_MAX_GROUPS = 24

_ID18 = re.compile(r"[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]")
_ID15 = re.compile(r"[1-9]\d{5}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}")
_MOBILE = re.compile(r"(?:0086|86)?1[3-9]\d{9}")
_LANDLINE = re.compile(r"(?:(?:0086|86)0?|0)(?:10|2\d|[3-9]\d{2})[2-9]\d{6,7}")
_SHORT_PHONE = re.compile(r"[2-9]\d{6,7}")

# Words after which any long number is an account or card number, Luhn or not.
_ACCOUNT_WORDS = re.compile(
    r"(?:账号|帐号|账户|帐户|卡号|户号|银行卡|借记卡|信用卡|存折|折号|账卡号|客户号|合同号|保单号)"
)
_PHONE_WORDS = re.compile(r"(?:电话|号码|致电|拨打|热线|座机|手机|来电|回电|联系方式|打给|分机)")
# A number followed by one of these is an amount or a count, not an account.
_UNIT = re.compile(r"\s*(?:元|万|亿|块|笔|次|天|年|月|日|号|%|个|人|分钟|小时|秒)")
_CONTEXT_WINDOW = 8
_BREAK = re.compile(r"[\d。！？；!?;\n]")

_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*\s?(?:@|\[at\]|\(at\))\s?"
    r"[A-Za-z0-9-]+(?:\s?\.\s?[A-Za-z0-9-]+)*\s?\.\s?[A-Za-z]{2,}",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Hit:
    """A number or address found at ``[start, end)`` of the normalised text."""

    start: int
    end: int
    kind: str
    value: str
    """The digits (or the address) with every separator removed."""


def luhn(digits: str) -> bool:
    """The check-digit rule every bank card number satisfies."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 1:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def numbers(text: str) -> Iterator[Hit]:
    """Every phone, ID, card or account number in ``text``."""
    for run in _RUN.finditer(text):
        groups = [(m.start() + run.start(), m.end() + run.start(), m.group(0)) for m in _GROUP.finditer(run.group(0))]
        for chunk in _paragraphs(text, groups):
            yield from _classify_run(text, chunk)


def emails(text: str) -> Iterator[Hit]:
    """E-mail addresses, including ``name [at] host.com`` and spaced forms."""
    if "@" not in text and "at" not in text.lower():
        return
    for m in _EMAIL.finditer(text):
        value = re.sub(r"\s", "", m.group(0))
        value = re.sub(r"\[at\]|\(at\)", "@", value, flags=re.IGNORECASE)
        yield Hit(m.start(), m.end(), "email", value)


def _paragraphs(text: str, groups: list[tuple[int, int, str]]) -> Iterator[list[tuple[int, int, str]]]:
    """Groups of one run split where a blank line (a new paragraph) or the group cap separates them."""
    chunk: list[tuple[int, int, str]] = []
    for g in groups:
        if chunk and (text.count("\n", chunk[-1][1], g[0]) > 1 or len(chunk) >= _MAX_GROUPS):
            yield chunk
            chunk = []
        chunk.append(g)
    if chunk:
        yield chunk


def _classify_run(text: str, groups: list[tuple[int, int, str]]) -> Iterator[Hit]:
    """The best non-overlapping numbers made of consecutive groups: specific kinds first, longest first."""
    candidates: list[tuple[int, int, int, int, str, str]] = []  # (rank, -length, i, j, kind, digits)
    for i in range(len(groups)):
        digits = ""
        for j in range(i, len(groups)):
            digits += groups[j][2]
            if "X" in digits[:-1].upper():
                break  # X only ends an ID number
            kind = _kind(text, groups[i][0], groups[j][1], digits)
            if kind is not None:
                candidates.append((_RANK[kind], -len(digits), i, j, kind, digits))
    taken: set[int] = set()
    for _, _, i, j, kind, digits in sorted(candidates):
        if taken.isdisjoint(range(i, j + 1)):
            taken.update(range(i, j + 1))
            yield Hit(groups[i][0], groups[j][1], kind, digits.upper())


_RANK = {"id": 0, "card": 1, "mobile": 2, "landline": 3, "account": 4, "phone": 5, "long": 6}


def _kind(text: str, start: int, end: int, digits: str) -> str | None:
    if _ID18.fullmatch(digits) or _ID15.fullmatch(digits):
        return "id"
    if not digits.isdigit():
        return None
    if 16 <= len(digits) <= 19 and luhn(digits):
        return "card"
    if _MOBILE.fullmatch(digits):
        return "mobile"
    if _LANDLINE.fullmatch(digits):
        return "landline"
    before = _before(text, start)
    is_amount = bool(_UNIT.match(text, end))
    if len(digits) >= 8 and not is_amount and _ACCOUNT_WORDS.search(before):
        return "account"
    if _SHORT_PHONE.fullmatch(digits) and not is_amount and _PHONE_WORDS.search(before):
        return "phone"
    if len(digits) >= 15 and not is_amount:
        return "long"
    return None


def _before(text: str, start: int) -> str:
    """The words just before a number, back to the previous number or sentence end."""
    window = text[max(0, start - _CONTEXT_WINDOW) : start]
    stops = list(_BREAK.finditer(window))
    return window[stops[-1].end() :] if stops else window

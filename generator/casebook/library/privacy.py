"""The privacy guard: customer data must never reach the site.

Text is scanned as it will be published (see ``pii_text``): every YAML value after
parsing, every file under ``docs/``, ``mkdocs.yml``, the taxonomy and every file and
folder name.  A finding names the file, line and column, shows the data masked and says
what to write instead.  A false positive is waived only by an entry, with a reason, in
the reviewed allowlist file, never silently.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from casebook.errors import Problem
from casebook.library.pii_names import COMPOUND_SURNAMES, names
from casebook.library.pii_numbers import emails, numbers
from casebook.library.pii_text import normalise

if TYPE_CHECKING:  # the allowlist's models need pydantic, which the privacy helper never loads
    from casebook.library.allowlist import Allowlist
    from casebook.sources.yamlsrc import Source

_WHAT = {
    "mobile": "手机号",
    "landline": "固定电话号码",
    "phone": "电话号码",
    "id": "身份证号",
    "card": "银行卡号",
    "account": "账号",
    "long": "长串数字（证件号、卡号或账号）",
    "email": "电子邮箱",
    "name": "人名",
}
_ADVICE = {
    "mobile": "请删除，或打码为“138****0000”的形式（只保留前三位和后四位）",
    "landline": "请删除，或改写为“网点电话”；确需保留时打码，如“0755-****0000”",
    "phone": "请删除，或改写为“网点电话”；确需保留时打码，如“****0000”",
    "id": "请删除，或打码为“110***********1234”的形式",
    "card": "请删除，或只写尾号，如“尾号 1234 的借记卡”",
    "account": "请删除，或只写尾号，如“尾号 1234 的账户”",
    "long": "请删除这串数字，或用连续的 * 打码（三个及以上的 * 视为打码）",
    "email": "请删除，或改写为“客户的电子邮箱”",
    "name": "请改用不指向具体个人的称呼，如“李女士”“王经理”“张某”“客户A”",
}
_WAIVE = "确属误报的，请在 privacy-allowlist.yaml 中登记原文并写明理由"


@dataclass(frozen=True)
class Finding:
    """Something that looks like personal data at ``[offset, end)`` of the scanned source text."""

    offset: int
    end: int
    kind: str
    text: str
    """The source text as the trainer typed it (for waivers; never printed)."""
    value: str
    """What a reader sees: digits without separators, the address, the name."""

    @property
    def what(self) -> str:
        """The kind of data, in Chinese."""
        return _WHAT[self.kind]

    @property
    def masked(self) -> str:
        """The value with most of it hidden, safe to print in a build log."""
        if self.kind == "name":
            surname = 2 if len(self.value) == 4 or self.value[:2] in COMPOUND_SURNAMES else 1
            return self.value[:surname] + "*" * (len(self.value) - surname)
        if self.kind == "email":
            local, _, domain = self.value.partition("@")
            return f"{local[:1]}***@{domain}"
        keep = (3, 4) if len(self.value) >= 11 else (2, 2)
        return self.value[: keep[0]] + "*" * (len(self.value) - sum(keep)) + self.value[-keep[1] :]

    def message(self) -> str:
        """What was found and what to write instead."""
        return f"疑似{self.what}“{self.masked}”：客户信息不得出现在站点中，{_ADVICE[self.kind]}；{_WAIVE}"


def scan(text: str) -> list[Finding]:
    """Every piece of ``text`` that a reader would see as customer data, in order."""
    return list(_scan(text))


def has_findings(text: str) -> bool:
    """Whether ``text`` holds anything ``scan`` would report: one cached lookup for the many that do not."""
    return bool(_scan(text))


def forget_scans() -> None:
    """Empty the findings cached by text: a benchmark run starts cold, as a build does."""
    _scan.cache_clear()


@lru_cache(maxsize=1 << 18)
def _scan(text: str) -> tuple[Finding, ...]:
    # Cached by content: mkdocs serve rebuilds and repeated fields cost one scan. Sized for
    # every value of a 5,000-case library (about 60 per case file), so a save rescans one file.
    norm = normalise(text)
    hits = [(h.start, h.end, h.kind, h.value) for h in (*numbers(norm.text), *emails(norm.text))]
    covered = [(s, e) for s, e, _, _ in hits]
    hits += [
        (n.start, n.end, "name", n.name)
        for n in names(norm.text)
        if not any(s < n.end and n.start < e for s, e in covered)
    ]
    found = []
    for start, end, kind, value in hits:
        a, b = norm.source_span(start, end)
        found.append(Finding(a, b, kind, text[a:b], value))
    return tuple(sorted(found, key=lambda f: (f.offset, f.end)))


@dataclass
class Guard:
    """Scans sources and pages, honouring the allowlist and noticing entries no longer needed."""

    allowlist: Allowlist | None
    """None: no waivers (a helper's check, or a file no waiver names)."""
    source: Source | None
    used: set[int]

    def findings(self, path: str, text: str) -> list[Finding]:
        """Findings in ``text`` that no waiver covers."""
        return [f for f in scan(text) if not self._waived(path, f)]

    def check_page(self, path: str, text: str) -> list[Problem]:
        """Problems for every finding in a text file, each at its line and column."""
        starts = line_starts(text)
        return [located(path, starts, f.offset, f.message()) for f in self.findings(path, text)]

    def check_name(self, path: str) -> list[Problem]:
        """Problems for customer data in the last part of a published file or folder name."""
        name = path.rstrip("/").rsplit("/", 1)[-1]
        return [Problem(path, 1, 1, f"文件名或文件夹名中{f.message()}") for f in self.findings(path, name)]

    def mentions(self, path: str) -> bool:
        """Whether any waiver names the file ``path`` (only then can the allowlist change its findings)."""
        return self.allowlist is not None and any(w.file == path for w in self.allowlist.allow)

    def unscanned(self, suffix: str) -> bool:
        """Whether the trainer allowed files of this type to be published unscanned."""
        if self.allowlist is None:
            return False
        allowed = {s.lower().lstrip(".") for s in self.allowlist.unscanned}
        return suffix.lower().lstrip(".") in allowed

    def unused(self) -> list[Problem]:
        """Waivers that matched nothing: stale entries must not linger unreviewed."""
        if self.source is None or self.allowlist is None:
            return []
        return [
            self.source.problem(("allow", i), f"这条豁免没有匹配到任何内容（{w.file}：“{w.text}”），请删除")
            for i, w in enumerate(self.allowlist.allow)
            if i not in self.used
        ]

    def _waived(self, path: str, finding: Finding) -> bool:
        if self.allowlist is None:
            return False
        for i, w in enumerate(self.allowlist.allow):
            if w.file == path and w.text in (finding.text, finding.value):
                self.used.add(i)
                return True
        return False


def line_starts(text: str) -> list[int]:
    """Offsets where each line of ``text`` starts."""
    starts = [0]
    at = text.find("\n")
    while at != -1:
        starts.append(at + 1)
        at = text.find("\n", at + 1)
    return starts


def located(path: str, starts: list[int], offset: int, message: str) -> Problem:
    """A problem at ``offset`` of a file whose lines start at ``starts``."""
    line = bisect.bisect_right(starts, offset)
    return Problem(path, line, offset - starts[line - 1] + 1, message)

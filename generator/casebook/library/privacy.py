"""The privacy guard: customer data must never reach the site.

Every text field of cases, quizzes and tracks, and every hand-written page, is
scanned for phone numbers, ID and card numbers, e-mail addresses and full personal
names. A false positive is waived only by an entry, with a reason, in the reviewed
allowlist file, never silently.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field

from casebook.errors import Problem
from casebook.library.case_model import Text, _Strict
from casebook.library.validate import to_model
from casebook.sources.yamlsrc import Source, read_yaml

ALLOWLIST = "privacy-allowlist.yaml"

# The hundred most common surnames cover the great majority of real names.
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
# Words that introduce a person in a case write-up; a name right after one is a candidate.
_CONTEXT = (
    "客户",
    "姓名",
    "名叫",
    "叫做",
    "爱人",
    "丈夫",
    "妻子",
    "员工",
    "柜员",
    "大堂经理",
    "客户经理",
    "保安",
    "持卡人",
    "户名",
    "行长",
    "主任",
)
_CANDIDATE = re.compile("(?:" + "|".join(_CONTEXT) + rf")[：:\s]*(?P<name>[{_SURNAMES}][\u4e00-\u9fff]{{1,2}})")
# A surname followed by a title or 某 is how a case should refer to people: 李小姐, 王经理, 张某.
_TITLES = ("小姐", "先生", "女士", "阿姨", "大爷", "大妈", "师傅", "老师", "经理", "行长", "主任", "某")
_WORTH_A_LOOK = re.compile(r"\d|@|" + "|".join(_CONTEXT))
_MOBILE = re.compile(r"(?<![\d*])1[3-9]\d{9}(?![\d*])")
_LANDLINE = re.compile(
    r"(?<![\d*])0\d{2,3}-?\d{7,8}(?![\d*])|(?:电话|号码|致电|拨打|热线)\D{0,6}?(?<![\d*])\d{7,8}(?![\d*])"
)
_ID = re.compile(r"(?<![\d*])\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![\d*])")
_CARD = re.compile(r"(?<![\d*])\d{4}(?:[ -]?\d{4}){3}(?:[ -]?\d{1,3})?(?![\d*])")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")

_HINT = (
    "客户信息不得出现在站点中，请删除或打码（如 138****5678）；确属误报的，请在 privacy-allowlist.yaml 中登记并写明理由"
)


@dataclass(frozen=True)
class Finding:
    """Something that looks like personal data, at ``offset`` in a text."""

    offset: int
    text: str
    what: str


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 1:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def scan(text: str) -> list[Finding]:
    """Every piece of ``text`` that looks like customer data, in order."""
    if not _WORTH_A_LOOK.search(text):
        return []  # no digit, no @, no word that introduces a person
    found: list[Finding] = []
    for pattern, what in ((_MOBILE, "手机号码"), (_LANDLINE, "电话号码"), (_ID, "身份证号码"), (_EMAIL, "电子邮箱")):
        found += [Finding(m.start(), m.group(0), what) for m in pattern.finditer(text)]
    for m in _CARD.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if 16 <= len(digits) <= 19 and _luhn(digits) and not any(f.offset == m.start() for f in found):
            found.append(Finding(m.start(), m.group(0), "银行卡号"))
    found += [Finding(offset, name, "人名") for offset, name in _names(text)]
    return sorted(found, key=lambda f: f.offset)


def _names(text: str) -> Iterator[tuple[int, str]]:
    """Full personal names after a context word, confirmed by jieba's part-of-speech tagger.

    The regular expression alone flags 客户戴口罩 or 客户于是; jieba tags person names
    as ``nr``. It only runs on the few candidates, because tagging every text is slow.
    """
    for match in _CANDIDATE.finditer(text):
        start = match.start("name")
        name = _tagged_name(_tag(text[start : start + 8]))
        if name:
            yield start, name


def _tagged_name(words: list[tuple[str, str]]) -> str | None:
    """The full name the tagged words start with, if any.

    jieba tags most names as one ``nr`` word (张志刚); some it splits into a surname and a
    noun-like given name (赵/nr 建国/ns), which counts too.
    """
    if not words:
        return None
    word, flag = words[0]
    if flag != "nr" or word[0] not in _SURNAMES or word.endswith(_TITLES):
        return None
    if 2 <= len(word) <= 4:
        return word
    if len(word) == 1 and len(words) > 1:
        given, given_flag = words[1]
        if 1 <= len(given) <= 2 and given_flag.startswith("n") and not given.endswith(_TITLES):
            return word + given
    return None


def _tag(text: str) -> list[tuple[str, str]]:
    import logging

    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)  # its dictionary-loading chatter is not for trainers
    return [(w.word, w.flag) for w in jieba.posseg.cut(text)]


class Waiver(_Strict):
    """一条经审核的误报豁免。"""

    file: Text = Field(title="文件")
    """出现误报的文件，例如 cases/atm-card.yaml。"""

    text: Text = Field(title="内容")
    """被误报的文字，原样照抄。"""

    reason: Text = Field(title="理由")
    """为什么这不是客户信息，以及审核人。"""


class Allowlist(_Strict):
    """隐私检查的误报豁免清单。"""

    allow: list[Waiver] = Field(default_factory=list, title="豁免")
    """每条豁免都必须写明理由。"""


@dataclass
class Guard:
    """Scans sources and pages, honouring the allowlist and noticing entries no longer needed."""

    allowlist: Allowlist
    source: Source | None
    used: set[int]

    def check_source(self, source: Source) -> list[Problem]:
        """Problems for every finding in a YAML file's text, comments included."""
        return self.check_page(source.path, "\n".join(source.lines))

    def check_page(self, path: str, text: str) -> list[Problem]:
        """Problems for every finding in a text file, each at its line and column."""
        starts = [0] + [m.end() for m in re.finditer("\n", text)]
        problems = []
        for f in scan(text):
            if not self._waived(path, f.text):
                line = bisect.bisect_right(starts, f.offset)
                column = f.offset - starts[line - 1] + 1
                problems.append(Problem(path, line, column, f"疑似{f.what}“{f.text}”：{_HINT}"))
        return problems

    def unused(self) -> list[Problem]:
        """Waivers that matched nothing: stale entries must not linger unreviewed."""
        if self.source is None:
            return []
        return [
            self.source.problem(("allow", i), f"这条豁免没有匹配到任何内容（{w.file}：“{w.text}”），请删除")
            for i, w in enumerate(self.allowlist.allow)
            if i not in self.used
        ]

    def _waived(self, path: str, text: str) -> bool:
        for i, w in enumerate(self.allowlist.allow):
            if w.file == path and w.text == text:
                self.used.add(i)
                return True
        return False


def load_guard(root: Path) -> tuple[Guard, list[Problem]]:
    """The guard with the project's allowlist (an absent file means no waivers)."""
    path = root / ALLOWLIST
    if not path.is_file():
        return Guard(Allowlist(), None, set()), []
    source, problems = read_yaml(path, ALLOWLIST)
    if source is None:
        return Guard(Allowlist(), None, set()), problems
    allowlist, more = to_model(source, Allowlist)
    return Guard(allowlist or Allowlist(), source, set()), problems + more


def markdown_pages(docs: Path) -> Iterator[Path]:
    """Hand-written pages under ``docs/``."""
    if docs.is_dir():
        yield from sorted(docs.rglob("*.md"))

"""The typing mistakes Chinese trainers make in YAML: found, explained in Chinese, and repaired for re-parsing.

A syntax error must not hide the rest of the file, so each mistake is reported at
the spot the trainer has to change and then patched in a working copy of the text
(full-width colon → ``: ``, tab or full-width-space indentation → spaces, a line the
parser cannot read → blank).  Parsing the patched copy finds the next mistake, and
the fields that survive go on to the schema, taxonomy and privacy checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from casebook.errors import Problem

FW_COLON = "："
FW_SPACE = "\u3000"

# Field names are lower-case ASCII words; a Chinese sentence such as “ATM：吞卡” is not one.
_KEY = r"[a-z_][a-z0-9_]*"
_FW_COLON_KEY = re.compile(rf"^(?P<lead>[ ]*(?:-[ ]+)?)(?P<key>{_KEY})[ \u3000]*(?P<colon>：)")
_NO_SPACE_KEY = re.compile(rf"^(?P<lead>[ ]*(?:-[ ]+)?)(?P<key>{_KEY})(?P<colon>:)(?P<after>[^\s/:])")
_FW_SPACE_AFTER = re.compile(rf"^(?P<lead>[ ]*(?:-[ ]+)?)(?P<key>{_KEY})(?P<colon>:)(?P<after>\u3000+)")
_INDENT = re.compile(r"^[ \t\u3000]*")
_BLOCK_START = re.compile(r"(?:^|[:\-][ \t]+)[|>][-+0-9]*[ \t]*(?:#.*)?$")
_BREAKS = re.compile(r"\r\n|\r|\x85|\u2028|\u2029")

# Characters YAML refuses outright (YAML 1.1 §5.1): C0 controls but tab and line breaks, DEL, C1 but NEL,
# surrogates and the two non-characters.  They come in through copy and paste and cannot be seen.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


@dataclass
class Working:
    """The text being repaired, line by line, with what has been reported and changed so far."""

    path: str
    lines: list[str]
    problems: list[Problem] = field(default_factory=list)
    reported: set[int] = field(default_factory=set)
    """0-based lines already carrying a syntax problem: one per line, so a repair's side effects stay quiet."""
    blanked: set[int] = field(default_factory=set)
    blanked_keys: set[str] = field(default_factory=set)
    shifts: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    """Per 0-based line, (from column, delta) of characters inserted by a repair, to map positions back."""

    def text(self) -> str:
        return "\n".join(self.lines)

    def report(self, line: int, column: int, message: str) -> None:
        """A syntax problem at 0-based ``line`` and ``column``."""
        self.reported.add(line)
        self.problems.append(Problem(self.path, line + 1, column + 1, f"YAML 语法错误：{message}"))

    def original_column(self, line: int, column: int) -> int:
        """Map a 0-based column in the repaired text back to the file the trainer sees."""
        for start, delta in self.shifts.get(line, ()):
            if column > start:
                column -= delta
        return column


def normalise(path: str, text: str) -> tuple[str, list[Problem]]:
    """One kind of line break, and invisible control characters reported and turned into spaces."""
    text = _BREAKS.sub("\n", text)
    problems: list[Problem] = []
    for number, line in enumerate(text.split("\n")):
        found = _CONTROL.search(line)
        if found is None:
            continue
        char = found.group()
        count = len(_CONTROL.findall(line))
        more = f"（这一行共有 {count} 个）" if count > 1 else ""
        problems.append(
            Problem(
                path,
                number + 1,
                found.start() + 1,
                f"这里有看不见的控制字符 {_char_name(char)}{more}：常见于从其他软件复制粘贴，请删除它",
            )
        )
    return _CONTROL.sub(" ", text), problems


def _char_name(char: str) -> str:
    code = f"U+{ord(char):04X}"
    if char == "\x00":
        return f"{code}（空字符 NUL）"
    return code


def block_scalar_lines(lines: list[str]) -> set[int]:
    """0-based lines that are the content of a ``|`` or ``>`` block, where tabs and full-width spaces are text."""
    inside: set[int] = set()
    owner: int | None = None
    for number, line in enumerate(lines):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if owner is not None:
            if not stripped.strip() or indent > owner:
                inside.add(number)
                continue
            owner = None
        if _BLOCK_START.search(line.split(" #", 1)[0].rstrip()):
            dash = re.match(r"^[ ]*(?:-[ ]+)*", line)
            owner = indent if dash is None else max(indent, len(dash.group()) - 2)
    return inside


def lexical_repairs(work: Working) -> bool:
    """Report and repair every typing mistake that breaks the YAML; returns whether anything changed."""
    skip = block_scalar_lines(work.lines)
    changed = False
    for number, line in enumerate(work.lines):
        if number in skip or line.lstrip(" \t\u3000").startswith("#"):
            continue
        fixed = _indentation(work, number, line)
        fixed = _colon(work, number, fixed)
        fixed = _unclosed_quote(work, number, fixed)
        if fixed != line:
            work.lines[number] = fixed
            changed = True
    return changed


def _indentation(work: Working, number: int, line: str) -> str:
    indent = _INDENT.match(line)
    lead = indent.group() if indent else ""
    if "\t" not in lead and FW_SPACE not in lead:
        return line
    column = min(i for i in (lead.find("\t"), lead.find(FW_SPACE)) if i >= 0)
    if FW_SPACE in lead:
        message = "行首用了全角空格“　”缩进：YAML 只认半角空格，请把全角空格换成半角空格（输入法切换到半角后按空格键）"
    else:
        message = "行首用了制表符（Tab）缩进：YAML 只能用空格缩进，请把制表符换成空格（同一层的字段要对齐）"
    work.report(number, column, message)
    # One full-width space is what the trainer meant as one space; a tab most often stands for one level.
    spaces = lead.replace(FW_SPACE, " ").replace("\t", "  ")
    if len(spaces) != len(lead):
        work.shifts.setdefault(number, []).append((0, len(spaces) - len(lead)))
    return spaces + line[len(lead) :]


def _colon(work: Working, number: int, line: str) -> str:
    found = _FW_COLON_KEY.match(line)
    if found is not None:
        key, at = found.group("key"), found.start("colon")
        work.report(
            number,
            work.original_column(number, at),
            f"字段名 {key} 后面用了全角冒号“：”：请改成半角冒号“:”并在后面加一个空格，例如“{key}: ……”",
        )
        return _respace(work, number, line[: found.start("colon")].rstrip(" \u3000"), line[found.end("colon") :])
    found = _FW_SPACE_AFTER.match(line)
    if found is not None:
        key = found.group("key")
        work.report(
            number,
            work.original_column(number, found.start("after")),
            f"字段名 {key} 的冒号后面是全角空格“　”：请改成半角空格，例如“{key}: ……”",
        )
        return line[: found.end("colon")] + " " * len(found.group("after")) + line[found.end("after") :]
    found = _NO_SPACE_KEY.match(line)
    if found is not None:
        key = found.group("key")
        work.report(
            number,
            work.original_column(number, found.end("colon")),
            f"字段名 {key} 的冒号“:”后面缺少空格：请在冒号后加一个半角空格，例如“{key}: ……”",
        )
        return _respace(work, number, line[: found.end("colon") - 1], line[found.end("colon") :])
    return line


# A value that opens with a quote: ``key: "…`` or ``- "…``.
_QUOTED_VALUE = re.compile(rf"^(?P<lead>[ ]*(?:-[ ]+)*)(?P<key>{_KEY}:[ ]+)?(?P<quote>[\"'])")


def _unclosed_quote(work: Working, number: int, line: str) -> str:
    """``title: "没有闭合`` followed by the next field: report the quote once and close it at the line's end.

    YAML lets a quoted text run on over lines, so the parser reads the fields below as the
    text until the next quote of that kind, often many lines down, and reports a dozen
    mistakes there that go away once the quote is closed. Only a quote the next line cannot
    be the continuation of is closed: a field or list item at the same or a lower indent.
    """
    flow = _FLOW_LINE.match(line)
    if flow is not None:
        return _unclosed_in_flow(work, number, line, flow.end("open") - 1)
    found = _QUOTED_VALUE.match(line)
    lead = found.group("lead") if found else ""
    if found is None or not (found.group("key") or "-" in lead):
        return line
    if _closing(line, found.end("quote"), found.group("quote")) >= 0:
        return line
    # The column the value belongs to: its field name's, or its list dash's.
    owner = len(lead) if found.group("key") else len(lead.rstrip(" ")) - 1
    after = next((ln for ln in work.lines[number + 1 :] if ln.strip() and not ln.lstrip().startswith("#")), None)
    if after is not None:
        indent = len(after) - len(after.lstrip(" "))
        if indent > owner or not _KEY_OR_ITEM.match(after):
            return line  # a text continued on the next, indented line
    work.report(number, work.original_column(number, found.start("quote")), _UNCLOSED)
    return line.rstrip() + found.group("quote")


_KEY_OR_ITEM = re.compile(rf"^[ ]*(?:-[ ]|-$|{_KEY}:(?:[ ]|$))")
# A flow mapping or list written on one line, as the cases' dialogue is: ``- {speaker: 客户, line: "…"}``.
_FLOW_LINE = re.compile(rf"^[ ]*(?:-[ ]+)*(?:{_KEY}:[ ]+)?(?P<open>[{{\[]).*[}}\]][ ]*$")


def _unclosed_in_flow(work: Working, number: int, line: str, start: int) -> str:
    """``- {speaker: 客户, line: "没有闭合}``: the closing brace was read as part of the text.

    The parser then reports the brace as unclosed at the line's start, which the trainer can
    see is not so. A quoted value still open at the end of a line that ends with ``}`` or ``]``
    is the mistake: it is reported at its quote and closed before that bracket."""
    at = start + 1
    while at < len(line):
        char = line[at]
        if char in "\"'" and line[:at].rstrip(" ")[-1:] in ("{", "[", ",", ":"):
            end = _closing(line, at + 1, char)
            if end < 0:
                work.report(number, work.original_column(number, at), _UNCLOSED)
                body = line.rstrip(" ")
                return body[:-1] + char + body[-1]
            at = end
        at += 1
    return line


_UNCLOSED = "引号没有闭合：请在文字末尾补上配对的引号"


def _closing(line: str, start: int, quote: str) -> int:
    """Where the quoted text opened before ``start`` ends on this line, or -1."""
    at = start
    while at < len(line):
        char = line[at]
        if quote == '"' and char == "\\":
            at += 2
            continue
        if char == quote:
            if quote == "'" and line[at + 1 : at + 2] == "'":
                at += 2  # '' is a quote inside single quotes
                continue
            return at
        at += 1
    return -1


def _respace(work: Working, number: int, before: str, after: str) -> str:
    """``before`` + ``: `` + ``after``, recording the columns the repair inserted."""
    rest = after.lstrip(" \u3000")
    fixed = f"{before}: {rest}" if rest else f"{before}:"
    delta = len(fixed) - len(before) - len(after)
    if delta:
        work.shifts.setdefault(number, []).append((len(before), delta))
    return fixed


# libyaml's problems in English, the ones a trainer can trigger, each explained in Chinese.
_PROBLEMS: tuple[tuple[str, str], ...] = (
    ("mapping values are not allowed", "此处不能出现“键: 值”：常见原因是缩进不对，或文字中含有“: ”却没加引号"),
    ("could not find expected ':'", "这一行缺少冒号“:”：字段要写成“字段名: 值”；如果是上一项文字的延续，请加引号"),
    ("cannot start any token", "这里的字符不能作为开头（如行首的 @、`、%）：请给这段文字加上引号"),
    ("found unexpected end of stream", _UNCLOSED),
    ("expected <block end>", "缩进不一致：同一层的字段应对齐"),
    ("did not find expected key", "缩进不一致，或列表项（“- ”开头）与字段混在同一层"),
    ("did not find expected '-' indicator", "列表项的缩进不一致：同一列表的“- ”应对齐"),
    ("did not find expected ',' or ']'", "方括号“[”没有闭合，或列表项之间缺少逗号“,”"),
    ("did not find expected ',' or '}'", "花括号“{”没有闭合，或各项之间缺少逗号“,”"),
    ("did not find expected node content", "这里缺少内容：请检查逗号、括号是否多写或少写"),
    ("found undefined alias", "引用了未定义的锚点（*名称）：请直接写出内容"),
    ("found duplicate anchor", "锚点（&名称）重复定义"),
    ("found unknown escape character", "双引号里的反斜杠“\\”后面是无效的转义：请改用单引号，或写成两个反斜杠“\\\\”"),
    ("did not find expected alphabetic or numeric character", "“&”或“*”后面缺少名称：如果这是文字，请给文字加引号"),
    ("found incompatible YAML document", "不支持这个 YAML 版本声明：请删除以“%YAML”开头的这一行"),
    ("found unexpected document indicator", "文字中出现了文档分隔线“---”或“...”：请给这段文字加引号"),
    ("did not find expected <document start>", "这里缺少文档开头：请删除以“%”开头的指令行"),
    ("block sequence entries are not allowed", "此处不能出现列表项“- ”：请检查缩进，或把“- ”开头的文字加上引号"),
    ("found a tab character", "这里用了制表符（Tab）：YAML 只能用空格缩进，请把制表符换成空格"),
    ("did not find expected comment or line break", "“|”或“>”后面只能跟 +、- 或数字：请把后面的文字移到下一行并缩进"),
    ("found undefined tag handle", "不支持以“!”开头的 YAML 标签：请删除它，或给文字加引号"),
    ("did not find expected tag URI", "不支持以“!”开头的 YAML 标签：请删除它，或给文字加引号"),
    ("did not find expected whitespace or line break", "不支持以“!”开头的 YAML 标签：请删除它，或给文字加引号"),
    ("did not find URI escaped octet", "YAML 标签中的“%”写法无效：请删除这个标签"),
    ("found unexpected ':'", "这里的冒号“:”位置不对：请给含冒号的文字加引号"),
    ("found duplicate", "重复的 YAML 指令：请删除以“%”开头的多余行"),
)
_FALLBACK = "无法识别这里的写法：请检查这一行的缩进、冒号和引号，或给文字加引号"

# Where the parser's *context* is the spot to change (the unclosed bracket, the line missing its colon).
_AT_CONTEXT = ("while scanning a simple key", "while scanning a quoted scalar", "while parsing a flow")


def explain(exc: yaml.YAMLError) -> tuple[int, int, str]:
    """0-based line and column plus the Chinese explanation for a parser error."""
    problem = str(getattr(exc, "problem", "") or "")
    context = str(getattr(exc, "context", "") or "")
    mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    if context_mark is not None and any(context.startswith(c) for c in _AT_CONTEXT):
        mark = context_mark
    if "while scanning a quoted scalar" in context:
        problem = "found unexpected end of stream"
    hint = next((zh for en, zh in _PROBLEMS if en in problem), _FALLBACK)
    if mark is None:
        return 0, 0, hint
    return mark.line, mark.column, hint


def printable(char: str) -> str:
    """A character as a trainer can identify it in a message."""
    names = {"\u200b": "零宽空格", "\u200c": "零宽非连接符", "\u200d": "零宽连接符", "\u2060": "零宽不换行空格"}
    names |= {"\ufeff": "字节顺序标记（BOM）", FW_SPACE: "全角空格", "\xa0": "不换行空格", "\t": "制表符"}
    if char in names:
        return f"{names[char]}（U+{ord(char):04X}）"
    return f"“{char}”（U+{ord(char):04X}）"


_KEY_VALUE = re.compile(rf"^(?P<lead>[ ]*(?:-[ ]+)?)(?P<key>{_KEY}): (?P<value>[^'\"\[{{|>&*!#].*)$")


def quote_value(work: Working, line: int, column: int) -> bool:
    """``title: 标题: 有冒号`` is text with a colon in it: report that and quote it, keeping the field."""
    found = _KEY_VALUE.match(work.lines[line]) if 0 <= line < len(work.lines) else None
    if found is None or " #" in found.group("value") or column <= found.start("value"):
        return False
    key, value = found.group("key"), found.group("value").rstrip()
    work.report(
        line,
        work.original_column(line, column),
        f'字段 {key} 的文字中含有“: ”（冒号加空格）：请给整段文字加上引号，例如 {key}: "{value[:12]}"',
    )
    work.lines[line] = f"{found.group('lead')}{key}: '{value.replace(chr(39), chr(39) * 2)}'"
    return True


_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u3000\xa0\t"


def clean_key(key: str) -> tuple[str, str | None]:
    """A field name without invisible or full-width spaces, and the first such character found."""
    if key.isascii() and "\t" not in key:
        return key, None  # nearly every key: the one invisible character in ASCII is the tab
    bad = next((c for c in key if c in _INVISIBLE), None)
    if bad is None:
        return key, None
    return "".join(c for c in key if c not in _INVISIBLE), bad

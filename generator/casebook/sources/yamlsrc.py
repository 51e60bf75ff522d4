"""Read one YAML source file into plain data plus the position of every value.

Positions let every later check (schema, taxonomy, cross-references) point a
trainer at ``path:line:column`` instead of just naming the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from casebook.errors import Problem
from casebook.sources.yamlfix import Working, clean_key, explain, lexical_repairs, normalise, printable, quote_value

Loc = tuple[str | int, ...]
Position = tuple[int, int]

_MAX_NODES = 200_000
_STR = "tag:yaml.org,2002:str"


# libyaml's parser is several times faster than the pure-Python one and reports the same marks.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"

# YAML 1.2 core schema, the one editors (VS Code's YAML extension) and check-jsonschema use: only
# true/false are booleans, so ``yes``/``no``/``on``/``off`` are text everywhere; no timestamps (dates
# stay the text the trainer typed), no ``<<`` merge keys, no sexagesimal ``1:20`` numbers.
_CORE: tuple[tuple[str, re.Pattern[str], str], ...] = (
    (_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF"),
    (_INT, re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), "-+0123456789"),
    (
        _FLOAT,
        re.compile(
            r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
        ),
        "-+0123456789.",
    ),
    (_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), "~nN"),
)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """Safe loader resolving plain scalars by the YAML 1.2 core schema."""

    def resolve(self, kind: type[yaml.Node], value: str | None, implicit: tuple[bool, bool]) -> str:
        # PyYAML's resolve, called by libyaml for every node, reduced to what this loader has:
        # first-character implicit resolvers and no path resolvers. A fifth of the parse before.
        if kind is yaml.ScalarNode:
            if implicit[0] and value is not None:
                for tag, pattern in _resolvers.get(value[:1], ()):
                    if pattern.match(value):
                        return tag
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP


_resolvers: dict[str | None, list[tuple[str, re.Pattern[str]]]] = {}
for _tag, _rx, _first in _CORE:
    for _char in _first:
        _resolvers.setdefault(_char, []).append((_tag, _rx))
_resolvers.setdefault("", []).append((_NULL, _CORE[-1][1]))
_Loader.yaml_implicit_resolvers = _resolvers

_MAX_REPAIRS = 30


@dataclass
class Source:
    """A parsed YAML file: its data and where each value and key sits."""

    path: str
    data: Any
    values: dict[Loc, Position] = field(default_factory=dict)
    keys: dict[Loc, Position] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    """The file's lines, for checks that read the text itself (the privacy guard)."""
    damaged: set[str] = field(default_factory=set)
    """Field names on lines blanked after a syntax error: their absence is not a second problem."""

    def where(self, loc: Loc) -> Position:
        """Best position for ``loc``: the value itself, else its nearest ancestor."""
        while loc:
            if loc in self.values:
                return self.values[loc]
            loc = loc[:-1]
        return self.values.get((), (1, 1))

    def key_where(self, loc: Loc) -> Position:
        """Position of the key that introduces ``loc`` (falls back to the value)."""
        return self.keys.get(loc) or self.where(loc)

    def problem(self, loc: Loc, message: str, *, at_key: bool = False) -> Problem:
        """A problem located at ``loc`` in this file."""
        line, col = self.key_where(loc) if at_key else self.where(loc)
        return Problem(self.path, line, col, message)


def _decode(path: str, raw: bytes) -> tuple[str | None, list[Problem]]:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a BOM is what Windows Notepad adds; accept it silently
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before.rsplit(b"\n", 1)[-1].decode("utf-8", "replace")) + 1
        msg = "文件不是 UTF-8 编码（可能是 GBK），请在编辑器中选择“另存为 UTF-8”后重试"
        return None, [Problem(path, line, col, msg)]


class _Walker:
    """Turns a composed node tree into data, recording positions, duplicate keys and YAML features we refuse."""

    def __init__(self, source: Source, work: Working) -> None:
        self.source = source
        self.work = work
        self.problems: list[Problem] = []
        self.count = 0

    def mark(self, node: yaml.Node) -> Position:
        start = node.start_mark
        line = start.line
        if line not in self.work.shifts:  # nearly every line: no repair moved its columns
            return line + 1, start.column + 1
        return line + 1, self.work.original_column(line, start.column) + 1

    def report(self, node: yaml.Node, message: str) -> None:
        line, col = self.mark(node)
        self.problems.append(Problem(self.source.path, line, col, message))

    def walk(self, node: yaml.Node, loc: Loc) -> Any:
        self.count += 1
        if self.count > _MAX_NODES:
            raise _TooComplex
        self.source.values[loc] = self.mark(node)
        if type(node) is yaml.ScalarNode:  # most nodes; checked first (libyaml makes exactly these classes)
            return self._scalar(node)
        if isinstance(node, yaml.MappingNode):
            self._tag(node, _MAP)
            return self._mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            self._tag(node, _SEQ)
            return [self.walk(item, (*loc, i)) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _tag(self, node: yaml.Node, default: str) -> None:
        if node.tag != default:
            self.report(node, f"不支持 YAML 标签“{_short_tag(node.tag)}”：请删除它，直接写内容")

    def _scalar(self, node: yaml.Node) -> Any:
        value: str = node.value
        tag = node.tag
        try:
            if tag == _STR:
                return value
            if tag == _NULL:
                return None
            if tag == _BOOL:
                return value.lower() == "true"
            if tag == _INT:
                return _int(value)
            if tag == _FLOAT:
                return _float(value)
        except ValueError:
            self.report(node, f"“{value[:20]}”不是有效的数字：当作文字时请加引号")
            return value
        self.report(node, f"不支持 YAML 标签“{_short_tag(tag)}”：请删除它，直接写内容")
        return value

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag == _STR and key_node.value == "<<":
                self.report(key_node, "不支持合并键“<<”：请把要复用的字段直接写出来")
                continue
            key = self._scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str | int | float | bool) or key is None:
                self.report(key_node, "字段名必须是文字")
                continue
            name, bad = clean_key(str(key))
            if bad is not None:
                self.report(key_node, f"字段名“{name}”中有看不见的字符 {printable(bad)}：请删除它，只保留字段名")
            if name in out:
                first = self.source.keys[(*loc, name)][0]
                shown = name if re.fullmatch(r"[a-z_][a-z0-9_]*", name) else f"“{name}”"
                self.report(key_node, f"字段 {shown} 重复出现（第一次在第 {first} 行），请删除其中一个")
                continue
            self.source.keys[(*loc, name)] = self.mark(key_node)
            out[name] = self.walk(value_node, (*loc, name))
        return out


def _short_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def _int(value: str) -> int:
    if value.startswith("0o"):
        return int(value[2:], 8)
    if value.startswith("0x"):
        return int(value[2:], 16)
    return int(value)


def _float(value: str) -> float:
    lowered = value.lower()
    if lowered.endswith(".inf"):
        return float("-inf") if lowered.startswith("-") else float("inf")
    if lowered == ".nan":
        return float("nan")
    return float(value)


class _TooComplex(Exception):
    pass


_KEY_LINE = re.compile(r"^[ ]*(?:-[ ]+)?([A-Za-z_][A-Za-z0-9_]*)[ ]*[:：]")


def _compose(work: Working) -> yaml.Node | None:
    """The file's one document; a second ``---`` document is reported and ignored."""
    loader = _Loader(work.text())
    try:
        if not loader.check_node():
            return None
        node: yaml.Node = loader.get_node()
        if loader.check_node():
            nxt = min(loader.peek_event().start_mark.line, len(work.lines) - 1)
            line = next((i for i in range(nxt, -1, -1) if work.lines[i].startswith("---")), nxt)
            work.problems.append(
                Problem(
                    work.path,
                    line + 1,
                    1,
                    "文件中出现了第二个文档分隔线“---”：一个文件只能写一份内容，"
                    "请删除这一行及后面的内容，或把后面的内容移到单独的文件",
                )
            )
        return node
    finally:
        loader.dispose()


def _blank(work: Working, exc: yaml.YAMLError) -> bool:
    """Report a parser error once and blank the line it points at; False when nothing is left to try."""
    line, column, hint = explain(exc)
    line = min(line, len(work.lines) - 1)
    colon = "mapping values are not allowed" in str(getattr(exc, "problem", ""))
    if colon and line not in work.reported and quote_value(work, line, column):
        return True
    candidates = [line, getattr(getattr(exc, "problem_mark", None), "line", line)]
    target = next((i for i in candidates if 0 <= i < len(work.lines) and work.lines[i].strip()), None)
    if target is None:
        target = next((i for i in range(line, -1, -1) if work.lines[i].strip()), None)
    if line not in work.reported:
        shown = min(column, len(work.lines[line])) if 0 <= line < len(work.lines) else column
        work.report(line, work.original_column(line, shown), hint)
    if target is None:
        return False
    key = _KEY_LINE.match(work.lines[target])
    if key:
        work.blanked_keys.add(key.group(1))
    work.lines[target] = ""
    work.blanked.add(target)
    return True


def parse_text(path: str, text: str) -> tuple[Source | None, list[Problem]]:
    """Parse YAML text: the source (from what could be recovered) and every problem found, or None if nothing."""
    text, problems = normalise(path, text)
    work = Working(path, text.split("\n"))
    source = Source(path, None, lines=work.lines.copy())
    repaired = False
    node: yaml.Node | None = None
    for _ in range(_MAX_REPAIRS):
        try:
            node = _compose(work)
            break
        except yaml.YAMLError as exc:
            # The typing mistakes first: they explain the parser's error better than the parser does.
            if not repaired:
                repaired = True
                if lexical_repairs(work):
                    continue
            if not _blank(work, exc):
                return None, problems + work.problems
    else:
        return None, problems + work.problems
    problems += work.problems
    if node is None:
        if work.blanked or problems:
            return None, problems
        return None, [Problem(path, 1, 1, "文件是空的：请填写内容，或删除这个文件")]
    walker = _Walker(source, work)
    try:
        source.data = walker.walk(node, ())
    except (RecursionError, _TooComplex):
        return None, [*problems, Problem(path, 1, 1, "文件嵌套层次过深或内容过于复杂，无法读取")]
    source.damaged = set(work.blanked_keys)
    return source, problems + walker.problems


def read_yaml(path: Path, display: str) -> tuple[Source | None, list[Problem]]:
    """Read and parse one file; ``display`` is the path shown in messages."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(display, 1, 1, f"无法读取文件：{exc.strerror}")]
    text, problems = _decode(display, raw)
    if text is None:
        return None, problems
    if not re.search(r"^[ \t\u3000]*[^\s#]", text, re.MULTILINE):
        return None, [Problem(display, 1, 1, "文件是空的：请填写内容，或删除这个文件")]
    return parse_text(display, text)

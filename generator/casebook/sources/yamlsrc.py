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

Loc = tuple[str | int, ...]
Position = tuple[int, int]

_MAX_NODES = 200_000
_STR = "tag:yaml.org,2002:str"


# libyaml's parser is several times faster than the pure-Python one and reports the same marks.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """Safe loader without the timestamp resolver: dates stay the text the trainer typed."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}

# PyYAML's messages are English; these are the ones trainers actually hit.
_SYNTAX_HINTS: tuple[tuple[str, str], ...] = (
    ("mapping values are not allowed", "此处不能出现“键: 值”，常见原因是缩进不对，或文字中含有冒号却没加引号"),
    ("could not find expected ':'", "缺少冒号“:”，或上一行的引号没有闭合"),
    ("cannot start any token", "含有 YAML 不允许的字符（如 Tab 缩进或行首的 @、`），请改用空格缩进或给文字加引号"),
    ("found unexpected end of stream", "引号没有闭合"),
    ("expected <block end>", "缩进不一致，同一层的字段应对齐"),
    ("did not find expected key", "缩进不一致，或列表项与字段混在同一层"),
    ("did not find expected '-' indicator", "列表项的缩进不一致"),
    ("found undefined alias", "引用了未定义的锚点（*名称）"),
    ("found duplicate anchor", "锚点（&名称）重复定义"),
)


@dataclass
class Source:
    """A parsed YAML file: its data and where each value and key sits."""

    path: str
    data: Any
    values: dict[Loc, Position] = field(default_factory=dict)
    keys: dict[Loc, Position] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    """The file's lines, for checks that read the text itself (the privacy guard)."""

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


def _mark(node: yaml.Node) -> Position:
    return node.start_mark.line + 1, node.start_mark.column + 1


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


def _syntax_problem(path: str, exc: yaml.YAMLError) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    text = str(getattr(exc, "problem", "") or exc)
    hint = next((zh for en, zh in _SYNTAX_HINTS if en in text), None)
    detail = hint or f"无法解析（{text.strip()}）"
    return Problem(path, line, col, f"YAML 语法错误：{detail}")


class _Walker:
    """Turns a composed node tree into data, recording positions and duplicate keys."""

    def __init__(self, source: Source, loader: _Loader) -> None:
        self.source = source
        self.loader = loader
        self.problems: list[Problem] = []
        self.count = 0

    def walk(self, node: yaml.Node, loc: Loc) -> Any:
        self.count += 1
        if self.count > _MAX_NODES:
            raise _TooComplex
        self.source.values[loc] = _mark(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            return [self.walk(item, (*loc, i)) for i, item in enumerate(node.value)]
        if node.tag == _STR:
            return node.value  # the common case, without the constructor's bookkeeping
        return self.loader.construct_object(node, deep=True)

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self.loader.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | float | bool) or key is None:
                line, col = _mark(key_node)
                self.problems.append(Problem(self.source.path, line, col, "字段名必须是文字"))
                continue
            name = str(key)
            if name in out:
                first = self.source.keys[(*loc, name)][0]
                line, col = _mark(key_node)
                self.problems.append(
                    Problem(
                        self.source.path,
                        line,
                        col,
                        f"字段 {name} 重复出现（第一次在第 {first} 行），请删除其中一个",
                    )
                )
                continue
            self.source.keys[(*loc, name)] = _mark(key_node)
            out[name] = self.walk(value_node, (*loc, name))
        return out


class _TooComplex(Exception):
    pass


def parse_text(path: str, text: str) -> tuple[Source | None, list[Problem]]:
    """Parse YAML text; return the source, or None with the problems that stopped it."""
    source = Source(path, None, lines=text.splitlines())
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, [Problem(path, 1, 1, "文件是空的：请填写内容，或删除这个文件")]
        walker = _Walker(source, loader)
        source.data = walker.walk(node, ())
    except yaml.YAMLError as exc:
        return None, [_syntax_problem(path, exc)]
    except (RecursionError, _TooComplex):
        return None, [Problem(path, 1, 1, "文件嵌套层次过深或内容过于复杂，无法读取")]
    finally:
        loader.dispose()
    return source, walker.problems


def read_yaml(path: Path, display: str) -> tuple[Source | None, list[Problem]]:
    """Read and parse one file; ``display`` is the path shown in messages."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(display, 1, 1, f"无法读取文件：{exc.strerror}")]
    text, problems = _decode(display, raw)
    if text is None:
        return None, problems
    if not re.search(r"^[ \t]*[^\s#]", text, re.MULTILINE):
        return None, [Problem(display, 1, 1, "文件是空的：请填写内容，或删除这个文件")]
    return parse_text(display, text)

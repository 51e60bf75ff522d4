"""The site's own sources, checked the way the build reads them: ``mkdocs.yml`` and every file in ``docs/``.

``casebook validate`` runs these so that a library that passes also builds; the MkDocs plugin runs
them too, so the two never disagree.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from casebook.errors import Problem
from casebook.sources.yamlsrc import _decode

CONFIG = "mkdocs.yml"

_HINTS: tuple[tuple[str, str], ...] = (
    ("mapping values are not allowed", "此处不能出现“键: 值”，常见原因是缩进不对，或文字中含有冒号却没加引号"),
    ("could not find expected ':'", "缺少冒号“:”，或上一行的引号没有闭合"),
    ("found character '\\t'", "含有制表符（Tab），YAML 只认空格缩进：请把 Tab 换成空格"),
    ("cannot start any token", "含有 YAML 不允许的字符（如 Tab 缩进或行首的 @、`），请改用空格缩进或给文字加引号"),
    ("found unexpected end of stream", "引号没有闭合"),
    ("expected <block end>", "缩进不一致，同一层的字段应对齐"),
    ("did not find expected key", "缩进不一致，或列表项与字段混在同一层"),
    ("did not find expected '-' indicator", "列表项的缩进不一致"),
    ("expected a single document", "文件里只能有一份内容，请删除多余的“---”"),
)
_LINK = re.compile(r"\]\(\s*<?(?P<target>[^)\s>]+)")
_CODE = re.compile(r"^(```|~~~).*?^\1[ \t]*$|`[^`\n]*`", re.MULTILINE | re.DOTALL)
_FULL_COLON = re.compile(r"^(?P<lead>[ \t]*(?:-[ \t]+)?)(?P<key>[^\s:#'\"：][^:#'\"：]*?)：")


@dataclass
class SiteConfig:
    """What the checks need from mkdocs.yml: the docs folder and the nav targets, with their lines."""

    docs_dir: str = "docs"
    nav: list[tuple[str, int, int]] = field(default_factory=list)


def decode(path: str, raw: bytes) -> tuple[str | None, list[Problem]]:
    """UTF-8 text (a BOM is accepted), or a located problem naming the likely GBK encoding."""
    return _decode(path, raw)  # one rule for every file a trainer writes


def _typing_problems(text: str) -> list[Problem]:
    """Full-width colons and spaces and tabs, named by the character, at their line."""
    problems = []
    for n, line in enumerate(text.splitlines(), 1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            problems.append(
                Problem(CONFIG, n, len(line) - len(stripped) + 1, "缩进里有制表符（Tab）：YAML 只认空格，请换成空格")
            )
        elif stripped.startswith("\u3000"):
            problems.append(
                Problem(CONFIG, n, len(line) - len(stripped) + 1, "缩进里有全角空格：请换成半角空格（输入法切到英文）")
            )
        match = _FULL_COLON.match(line)
        if match and not stripped.startswith("#"):
            col = match.end()
            problems.append(Problem(CONFIG, n, col, "用了全角冒号“：”：字段名后要用半角冒号“:”再加一个空格"))
    return problems


def _syntax(exc: yaml.YAMLError) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    text = str(getattr(exc, "problem", "") or exc)
    hint = next((zh for en, zh in _HINTS if en in text), "无法解析，请检查这一行和上一行的缩进、冒号和引号")
    return Problem(CONFIG, line, col, f"YAML 语法错误：{hint}")


def _duplicates(node: yaml.Node) -> list[Problem]:
    """Duplicate keys anywhere: PyYAML and MkDocs silently keep the last one."""
    problems: list[Problem] = []
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            name = str(key.value)
            if isinstance(key, yaml.ScalarNode) and name in seen:
                problems.append(
                    Problem(
                        CONFIG,
                        key.start_mark.line + 1,
                        key.start_mark.column + 1,
                        f"字段 {name} 重复出现（第一次在第 {seen[name]} 行），请删除其中一个",
                    )
                )
            seen.setdefault(name, key.start_mark.line + 1)
            problems += _duplicates(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            problems += _duplicates(item)
    return problems


def _get(node: yaml.MappingNode, name: str) -> tuple[yaml.Node, yaml.Node] | None:
    return next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == name), None)


def _nav_targets(node: yaml.Node) -> list[tuple[str, int, int]]:
    if isinstance(node, yaml.ScalarNode):
        return [(str(node.value), node.start_mark.line + 1, node.start_mark.column + 1)]
    children = node.value if isinstance(node, yaml.SequenceNode) else []
    if isinstance(node, yaml.MappingNode):
        children = [v for _, v in node.value]
    return [t for child in children for t in _nav_targets(child)]


def _plugin_names(node: yaml.Node) -> list[str]:
    items = node.value if isinstance(node, yaml.SequenceNode | yaml.MappingNode) else []
    names = []
    for item in items:
        key = item[0] if isinstance(item, tuple) else item
        if isinstance(key, yaml.MappingNode) and key.value:
            key = key.value[0][0]
        if isinstance(key, yaml.ScalarNode):
            names.append(str(key.value))
    return names


def check_config(root: Path) -> tuple[SiteConfig | None, list[Problem]]:
    """Read mkdocs.yml as MkDocs will; its ``!ENV`` and python tags are composed, never run."""
    path = root / CONFIG
    try:
        raw = path.read_bytes()
    except OSError:
        return None, [Problem(CONFIG, 1, 1, "找不到站点配置文件 mkdocs.yml（或无法读取）")]
    text, problems = decode(CONFIG, raw)
    if text is None:
        return None, problems
    problems += _typing_problems(text)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        syntax = _syntax(exc)
        # A full-width colon or a tab already named at its line explains the parser's complaint.
        if not any(p.line in (syntax.line, syntax.line - 1) for p in problems):
            problems.append(syntax)
        return None, problems
    if not isinstance(node, yaml.MappingNode):
        return None, [*problems, Problem(CONFIG, 1, 1, "mkdocs.yml 的内容应当是“字段: 值”的映射")]
    problems += _duplicates(node)
    site = SiteConfig()
    docs = _get(node, "docs_dir")
    if docs is not None and isinstance(docs[1], yaml.ScalarNode):
        site.docs_dir = str(docs[1].value)
    nav = _get(node, "nav")
    if nav is not None:
        site.nav = _nav_targets(nav[1])
    plugins = _get(node, "plugins")
    if plugins is None or "casebook" not in _plugin_names(plugins[1]):
        line = plugins[0].start_mark.line + 1 if plugins else 1
        problems.append(
            Problem(CONFIG, line, 1, "plugins 中缺少 casebook：没有它，站点里就没有案例和测验页面，请加回“- casebook”")
        )
    return site, problems


def check_nav(site: SiteConfig, root: Path, generated: set[str]) -> list[Problem]:
    """Every page named in ``nav`` exists, hand-written in docs/ or generated from the library."""
    problems = []
    docs = root / site.docs_dir
    for target, line, col in site.nav:
        if "://" in target or target.startswith(("mailto:", "#")):
            continue
        uri = target.lstrip("/")
        if uri not in generated and not (docs / uri).is_file():
            problems.append(Problem(CONFIG, line, col, f"导航（nav）中的页面“{target}”不存在：docs/ 中没有这个文件"))
    return problems


def check_docs(root: Path, docs_dir: str, generated: set[str]) -> tuple[dict[str, str], list[Problem]]:
    """Every file MkDocs will read from docs/: readable, UTF-8, inside the project, not clashing with a
    generated page. Returns the readable Markdown pages (by ``src_uri``) for the chart check."""
    docs = root / docs_dir
    pages: dict[str, str] = {}
    problems: list[Problem] = []
    if not docs.is_dir():
        return pages, [Problem(docs_dir, 1, 1, "找不到页面目录 docs/")]
    project = root.resolve()
    for folder, dirs, files in os.walk(docs, followlinks=True):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted([*dirs, *files]):
            if name.startswith("."):
                continue
            path = here / name
            uri = path.relative_to(docs).as_posix()
            shown = f"{docs_dir}/{uri}"
            if path.is_symlink() and not path.resolve().is_relative_to(project):
                message = "这是指向项目之外的链接（快捷方式），不会被发布：请把文件本身复制到这里"
                problems.append(Problem(shown, 1, 1, message))
                dirs[:] = [d for d in dirs if d != name]
                continue
            if not name.lower().endswith(".md"):
                continue
            if path.is_dir():
                problems.append(Problem(shown, 1, 1, "这是一个名字以 .md 结尾的文件夹：页面必须是文件，请给文件夹改名"))
                continue
            if not path.is_file():
                problems.append(Problem(shown, 1, 1, "无法读取这个页面（可能是失效的链接），请删除或修复"))
                continue
            if uri in generated:
                problems.append(Problem(shown, 1, 1, "与自动生成的页面同名，请删除或改名（生成的页面不要放进 docs/）"))
                continue
            text, found = decode(shown, path.read_bytes())
            problems += found
            if text is not None:
                pages[uri] = text
    return pages, problems


def check_links(pages: dict[str, str], docs_dir: str, generated: set[str]) -> list[Problem]:
    """Links from hand-written pages to pages that do not exist: MkDocs warns, and a strict build stops."""
    known = set(pages) | generated
    problems = []
    for uri, text in pages.items():
        # Code is blanked, not removed, so offsets still give the right line.
        prose = _CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
        for match in _LINK.finditer(prose):
            target = match.group("target").split("#", 1)[0].split("?", 1)[0]
            if not target.endswith(".md") or ":" in target or target.startswith("/"):
                continue
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(uri), target))
            if resolved not in known:
                before = prose[: match.start("target")]
                line = before.count("\n") + 1
                col = len(before.rsplit("\n", 1)[-1]) + 1
                problems.append(
                    Problem(f"{docs_dir}/{uri}", line, col, f"链接的页面“{target}”不存在：请检查文件名和路径")
                )
    return problems

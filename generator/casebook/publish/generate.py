"""``casebook generate DIR``: the complete docs tree, for a site generator without the casebook plugin.

The tree holds everything the plugin would add at build time, written out: the hand-written pages
and assets of ``docs/``, every generated page (``render_pages``), charts already drawn, and a
``mkdocs.yml`` that is the project's own (nav, theme, search, extensions, tags such as ``!ENV`` kept
as written) minus the casebook plugin. Plain MkDocs, ProperDocs or Zensical build it as it is.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import yaml

from casebook.errors import CasebookError, Problem
from casebook.library.load import load_library
from casebook.render.charts import render_charts
from casebook.render.pages import render_pages

CONFIG = "mkdocs.yml"
PLUGIN = "casebook"
# Left in every generated tree, so a later run may replace it and never anything else.
MARKER = ".casebook-generated"
HEADER = "# 由 casebook generate 生成，请勿手工修改：修改项目中的 mkdocs.yml、cases/ 和 quizzes/ 后重新生成。\n"


def generate_tree(root: Path, out: Path) -> list[str]:
    """Write the docs tree of the project at ``root`` into ``out``; return the pages' paths in it.

    The tree is staged beside ``out`` and swapped in only when complete, so a failed run leaves
    ``out`` as it was. ``out`` must be new, empty, or an earlier tree of this command."""
    out = out.resolve()
    _check_target(out)
    config = _read_config(root / CONFIG)
    options = _take_plugin(config)
    docs_dir = _scalar(config, "docs_dir") or "docs"
    if out.is_relative_to((root / docs_dir).resolve()):
        # The copy of docs/ would contain itself.
        raise CasebookError([Problem("命令行", 1, 1, f"输出目录“{out}”不能放在 {docs_dir}/ 里面：请换一个目录")])
    library = load_library(root, **options)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".casebook-", dir=out.parent) as tmp:
        staged = Path(tmp) / "tree"
        docs = staged / "docs"
        shutil.copytree(root / docs_dir, docs)
        _write_pages(docs, render_pages(library))
        _draw_charts(docs)
        _set_scalar(config, "docs_dir", "docs")
        (staged / CONFIG).write_text(HEADER + yaml.serialize(config, allow_unicode=True), encoding="utf-8")
        (staged / MARKER).write_text("", encoding="utf-8")
        _swap(staged, out, Path(tmp) / "old")
    return sorted(p.relative_to(out / "docs").as_posix() for p in (out / "docs").rglob("*.md"))


def _check_target(out: Path) -> None:
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).is_file())):
        message = f"输出目录“{out}”已存在，且不是 casebook generate 生成的目录：请指定一个新的或空的目录"
        raise CasebookError([Problem("命令行", 1, 1, message)])


def _swap(staged: Path, out: Path, old: Path) -> None:
    if out.exists():
        out.rename(old)
    staged.rename(out)


# --- mkdocs.yml as a node tree --------------------------------------------------------------------
# Composed, not loaded: tags such as !ENV and !!python/object/apply stay nodes and are written back
# exactly, and nothing in the file is ever executed.


def _read_config(path: Path) -> yaml.MappingNode:
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError) as exc:
        raise CasebookError([Problem(CONFIG, 1, 1, f"无法读取：{exc}")]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise CasebookError([Problem(CONFIG, line, column, f"不是有效的 YAML：{exc.problem}")]) from None
    if not isinstance(node, yaml.MappingNode):
        raise CasebookError([Problem(CONFIG, 1, 1, "内容应为“键: 值”形式的配置")])
    return node


def _find(mapping: yaml.MappingNode, key: str) -> yaml.Node | None:
    return next((value for k, value in mapping.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)


def _scalar(mapping: yaml.MappingNode, key: str) -> str | None:
    node = _find(mapping, key)
    return str(node.value) if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str") else None


def _set_scalar(mapping: yaml.MappingNode, key: str, value: str) -> None:
    scalar = yaml.ScalarNode("tag:yaml.org,2002:str", value)
    mapping.value = [(k, v) for k, v in mapping.value if not (isinstance(k, yaml.ScalarNode) and k.value == key)]
    mapping.value.insert(0, (yaml.ScalarNode("tag:yaml.org,2002:str", key), scalar))


def _take_plugin(config: yaml.MappingNode) -> dict[str, str]:
    """Remove the casebook plugin from ``plugins`` (list or mapping form); return its path options."""
    plugins = _find(config, "plugins")
    entry: yaml.Node | None = None
    if isinstance(plugins, yaml.SequenceNode):
        for item in plugins.value:
            if _plugin_name(item) == PLUGIN:
                entry = item
        plugins.value = [item for item in plugins.value if _plugin_name(item) != PLUGIN]
        if isinstance(entry, yaml.MappingNode):
            entry = entry.value[0][1]
    elif isinstance(plugins, yaml.MappingNode):
        entry = _find(plugins, PLUGIN)
        plugins.value = [(k, v) for k, v in plugins.value if not (isinstance(k, yaml.ScalarNode) and k.value == PLUGIN)]
    if not isinstance(entry, yaml.MappingNode):
        return {}
    return {key: value for key in ("cases", "taxonomy") if (value := _scalar(entry, key)) is not None}


def _plugin_name(item: yaml.Node) -> str | None:
    if isinstance(item, yaml.ScalarNode):
        return str(item.value)
    if isinstance(item, yaml.MappingNode) and len(item.value) == 1 and isinstance(item.value[0][0], yaml.ScalarNode):
        return str(item.value[0][0].value)
    return None


# --- Pages ----------------------------------------------------------------------------------------


def _write_pages(docs: Path, pages: dict[str, str]) -> None:
    clashes = [
        Problem(f"docs/{uri}", 1, 1, "与自动生成的页面同名，请删除或改名（生成的页面不要放进 docs/）")
        for uri in pages
        if (docs / uri).exists()
    ]
    if clashes:
        raise CasebookError(clashes)
    for uri, content in pages.items():
        path = docs / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")


def _draw_charts(docs: Path) -> None:
    """What the plugin does for each page as MkDocs reads it; every bad chart reported at once."""
    problems: list[Problem] = []
    for path in sorted(docs.rglob("*.md")):
        where = f"docs/{path.relative_to(docs).as_posix()}"
        try:
            text = path.read_text(encoding="utf-8")
            drawn = render_charts(text, where)
        except UnicodeDecodeError:
            problems.append(Problem(where, 1, 1, "不是 UTF-8 编码的文本，请用 UTF-8 保存"))
            continue
        except CasebookError as exc:
            problems.extend(exc.problems)
            continue
        if drawn != text:
            path.write_text(drawn, encoding="utf-8")
    if problems:
        raise CasebookError(problems)

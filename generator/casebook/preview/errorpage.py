"""The page the preview shows in place of every page while the library has problems."""

from __future__ import annotations

from itertools import groupby
from pathlib import Path

from markupsafe import escape

from casebook.errors import Problem

_STYLE = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0;background:#fff8f6;color:#222}
main{max-width:60rem;margin:0 auto;padding:1.5rem}
h1{color:#b3261e;font-size:1.5rem}
section{background:#fff;border:1px solid #f0c8c3;border-radius:6px;margin:1rem 0;padding:.5rem 1rem}
h2{font-size:1.1rem;font-family:monospace}
li{margin:.6rem 0}
.cb-loc{font-family:monospace;color:#b3261e}
pre{background:#f6f6f6;padding:.4rem .6rem;margin:.3rem 0;overflow-x:auto}
"""


def quoted_line(root: Path, problem: Problem) -> str | None:
    """The source line a problem points at, as the trainer's editor shows it."""
    path = root / problem.path
    try:
        if not path.resolve().is_relative_to(root.resolve()) or not path.is_file():
            return None
        text = path.read_bytes().decode("utf-8", "replace")
    except OSError:
        return None
    lines = text.splitlines()
    if 1 <= problem.line <= len(lines):
        return lines[problem.line - 1]
    return None


def _problem_item(root: Path, problem: Problem) -> str:
    line = quoted_line(root, problem)
    quote = ""
    if line is not None and line.strip():
        caret = " " * max(problem.column - 1, 0) + "^"
        quote = f"<pre>{problem.line:>4} | {escape(line)}\n     | {escape(caret)}</pre>"
    return f'<li><span class="cb-loc">{escape(str(problem))}</span>{quote}</li>'


def render_error_page(root: Path, problems: list[Problem]) -> str:
    """A self-contained HTML page: every problem as ``文件:行:列: 说明``, grouped by file, line quoted."""
    ordered = sorted(problems, key=lambda p: (p.path, p.line, p.column))
    sections = []
    for path, group in groupby(ordered, key=lambda p: p.path):
        items = "".join(_problem_item(root, p) for p in group)
        sections.append(f"<section><h2>{escape(path)}</h2><ol>{items}</ol></section>")
    files = len({p.path for p in problems})
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        "<title>案例库有问题需要修改 · 案例通预览</title>"
        f"<style>{_STYLE}</style></head><body><main>"
        f"<h1>案例库有 {len(problems)} 个问题（涉及 {files} 个文件），请修改后保存</h1>"
        "<p>修改并保存文件后，本页会自动刷新；问题全部改正后将显示正常页面。</p>"
        f"{''.join(sections)}</main></body></html>"
    )

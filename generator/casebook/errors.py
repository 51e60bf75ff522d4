"""User-facing errors: located problems a trainer can fix, kept apart from bugs."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem in a source file, printed as ``path:line:column: message``."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class CasebookError(Exception):
    """Bad input: carries every problem found, so one run reports them all.

    The CLI prints these and exits 1; the MkDocs plugin turns them into a
    PluginError.  Anything else that escapes is a bug in casebook itself.
    """

    def __init__(self, problems: list[Problem]) -> None:
        # Stable sort: problems at one spot keep the order the fields are declared in.
        self.problems = sorted(problems, key=lambda p: (p.path, p.line, p.column))
        super().__init__(self.report())

    def report(self) -> str:
        """All problems, one per line, followed by a count in Chinese."""
        lines = [str(p) for p in self.problems]
        files = len({p.path for p in self.problems})
        lines.append(f"共发现 {len(self.problems)} 个问题，涉及 {files} 个文件。")
        return "\n".join(lines)

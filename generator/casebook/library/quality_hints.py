"""The quiz-quality report as located hints for ``casebook validate``: ``quizzes/x.yaml:12:5: 提示：……``.

The library keeps only models, so the quiz files a hint points into are read again here, and only those.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from casebook.library.quality import QualityReport
from casebook.sources.yamlsrc import Source, read_yaml


@dataclass(frozen=True, order=True)
class Hint:
    """A quality hint with its place; a hint about the whole library has no line."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}" if self.line else f"{self.path}: {self.message}"


def _quiz_file(root: Path, folder: str, quiz_id: str) -> Path:
    """The file a quiz came from: its name is its id (checked on load), ending in .yaml or .yml."""
    path = root / folder / f"{quiz_id}.yaml"
    return path if path.is_file() else path.with_suffix(".yml")


def located_hints(report: QualityReport, root: Path, *, quizzes: str = "quizzes") -> list[Hint]:
    """Every finding of ``report`` at its ``path:line:column``, in file order, library-wide hints last."""
    sources: dict[str, Source | None] = {}
    hints: list[Hint] = []
    for finding in report.findings:
        if finding.quiz is None:
            hints.append(Hint(f"{quizzes}/", 0, 0, finding.message))
            continue
        if finding.quiz not in sources:
            path = _quiz_file(root, quizzes, finding.quiz)
            sources[finding.quiz], _ = read_yaml(path, f"{quizzes}/{path.name}")
        source = sources[finding.quiz]
        if source is None:  # the file vanished since loading: name it without a position
            hints.append(Hint(f"{quizzes}/{finding.quiz}.yaml", 1, 1, finding.message))
            continue
        line, column = source.key_where(finding.loc)
        hints.append(Hint(source.path, line, column, finding.message))
    located = sorted((h for h in hints if h.line), key=lambda h: (h.path, h.line, h.column))
    return [*located, *(h for h in hints if not h.line)]

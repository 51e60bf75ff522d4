"""Load and validate the whole library: every problem in every file, or a valid Library."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from casebook.checks import (
    Loaded,
    check_category,
    check_identity,
    check_related,
    check_tags,
    check_taxonomy,
    check_terms,
)
from casebook.errors import CasebookError, Problem
from casebook.model import Case, Taxonomy
from casebook.validate import to_model
from casebook.yamlsrc import read_yaml


@dataclass(frozen=True)
class Library:
    """Everything the renderer needs, validated: the taxonomy and the cases sorted by id."""

    taxonomy: Taxonomy
    cases: tuple[Case, ...]

    def case(self, case_id: str) -> Case:
        """The case with this id (ids are unique once validated)."""
        return next(c for c in self.cases if c.id == case_id)


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def load_taxonomy(path: Path, root: Path) -> tuple[Taxonomy | None, list[Problem]]:
    """Read and validate the taxonomy file."""
    display = _display(path, root)
    if not path.is_file():
        return None, [Problem(display, 1, 1, "找不到分类表文件：请确认它存在")]
    source, problems = read_yaml(path, display)
    if source is None:
        return None, problems
    taxonomy, more = to_model(source, Taxonomy)
    problems += more
    if taxonomy is not None:
        problems += check_taxonomy(taxonomy, source)
    return (taxonomy if not problems else None), problems


def case_files(cases_dir: Path) -> list[Path]:
    """Case files in a stable order; ``.yml`` is accepted as well as ``.yaml``."""
    return sorted(p for p in cases_dir.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def load_cases(cases_dir: Path, root: Path) -> tuple[list[Loaded], list[Problem]]:
    """Read every case file and validate it against the schema."""
    loaded: list[Loaded] = []
    problems: list[Problem] = []
    if not cases_dir.is_dir():
        return [], [Problem(_display(cases_dir, root), 1, 1, "找不到案例目录")]
    for path in case_files(cases_dir):
        source, found = read_yaml(path, _display(path, root))
        problems += found
        if source is None:
            continue
        case, found = to_model(source, Case)
        problems += found
        if case is not None:
            loaded.append(Loaded(case, source, path.stem))
    return loaded, problems


def load_library(root: Path, *, cases: str = "cases", taxonomy: str = "taxonomy.yaml") -> Library:
    """Load, then validate everything, then either return the library or raise all problems."""
    root = root.resolve()
    tax, problems = load_taxonomy(root / taxonomy, root)
    loaded, found = load_cases(root / cases, root)
    problems += found
    problems += check_identity(loaded)
    known = {p.stem for p in case_files(root / cases)} if (root / cases).is_dir() else set()
    problems += check_related(loaded, known | {i.case.id for i in loaded})
    for item in loaded:
        problems += check_tags(item)
    if tax is not None:
        for item in loaded:
            problems += check_category(item, tax)
            problems += check_terms(item, tax)
    if problems or tax is None:
        raise CasebookError(problems)
    return Library(tax, tuple(sorted((i.case for i in loaded), key=lambda c: c.id)))

"""Load and validate the whole library: every problem in every file, or a valid Library."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from casebook.errors import CasebookError, Problem
from casebook.library.bank import BankQuestion, build_bank
from casebook.library.case_checks import (
    Loaded,
    check_category,
    check_identity,
    check_related,
    check_tags,
    check_taxonomy,
    check_terms,
)
from casebook.library.case_model import Case, Taxonomy
from casebook.library.page_names import check_ids, check_tag_names
from casebook.library.privacy import load_guard, markdown_pages
from casebook.library.quiz_checks import LoadedQuiz, LoadedTrack, check_pools, check_quiz, check_track
from casebook.library.quiz_model import Quiz, Track
from casebook.library.validate import to_model
from casebook.sources.yamlsrc import Source, read_yaml

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Library:
    """Everything the renderer needs, validated: taxonomy, cases, quizzes and tracks, each sorted by id."""

    taxonomy: Taxonomy
    cases: tuple[Case, ...]
    quizzes: tuple[Quiz, ...] = ()
    tracks: tuple[Track, ...] = ()
    page_titles: dict[str, str] = field(default_factory=dict)
    """Titles of the hand-written docs/ pages that tracks refer to, by ``src_uri``."""

    @cached_property
    def _cases(self) -> dict[str, Case]:
        return {c.id: c for c in self.cases}

    @cached_property
    def _quizzes(self) -> dict[str, Quiz]:
        return {q.id: q for q in self.quizzes}

    @cached_property
    def _case_quizzes(self) -> dict[str, Quiz]:
        return {q.case: q for q in self.quizzes if q.case}

    def case(self, case_id: str) -> Case:
        """The case with this id (ids are unique once validated)."""
        return self._cases[case_id]

    def quiz(self, quiz_id: str) -> Quiz:
        """The quiz with this id."""
        return self._quizzes[quiz_id]

    def quiz_for_case(self, case_id: str) -> Quiz | None:
        """The practice quiz attached to a case, if there is one."""
        return self._case_quizzes.get(case_id)

    @cached_property
    def bank(self) -> tuple[BankQuestion, ...]:
        """Every practice question, as exams draw them (built once per library)."""
        return build_bank(self.quizzes, {c.id: c for c in self.cases})


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


def yaml_files(folder: Path) -> list[Path]:
    """YAML files directly in ``folder``, in a stable order; ``.yml`` is accepted too."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def load_models(folder: Path, root: Path, model: type[M]) -> tuple[list[tuple[M, Source, str]], list[Problem]]:
    """Read every YAML file in a folder and validate each against ``model``."""
    loaded: list[tuple[M, Source, str]] = []
    problems: list[Problem] = []
    for path in yaml_files(folder):
        source, found = read_yaml(path, _display(path, root))
        problems += found
        if source is None:
            continue
        instance, found = to_model(source, model)
        problems += found
        if instance is not None:
            loaded.append((instance, source, path.stem))
    return loaded, problems


def load_library(
    root: Path,
    *,
    cases: str = "cases",
    taxonomy: str = "taxonomy.yaml",
    quizzes: str = "quizzes",
    docs: str = "docs",
) -> Library:
    """Load, then validate everything, then either return the library or raise all problems."""
    root = root.resolve()
    if not (root / cases).is_dir():
        raise CasebookError([Problem(_display(root / cases, root), 1, 1, "找不到案例目录")])

    # Load: every file, each checked against its schema.
    tax, problems = load_taxonomy(root / taxonomy, root)
    raw_cases, found = load_models(root / cases, root, Case)
    problems += found
    raw_quizzes, found = load_models(root / quizzes, root, Quiz)
    problems += found
    raw_tracks, found = load_models(root / quizzes / "tracks", root, Track)
    problems += found
    loaded = [Loaded(c, s, stem) for c, s, stem in raw_cases]
    lquizzes = [LoadedQuiz(q, s, stem) for q, s, stem in raw_quizzes]
    ltracks = [LoadedTrack(t, s, stem) for t, s, stem in raw_tracks]

    # Validate across files. Names of files that failed their schema still count as existing,
    # so one broken file is reported once rather than by everything that refers to it.
    case_ids = {p.stem for p in yaml_files(root / cases)} | {i.case.id for i in loaded}
    quiz_stems = {p.stem for p in yaml_files(root / quizzes)}
    problems += check_identity(loaded)
    problems += check_related(loaded, case_ids)
    problems += check_ids(loaded, lquizzes, ltracks)
    problems += check_tag_names([i for i in loaded if not check_tags(i)])
    for item in loaded:
        problems += check_tags(item)
        if tax is not None:
            problems += check_category(item, tax)
            problems += check_terms(item, tax)
    for q in lquizzes:
        problems += check_quiz(q, case_ids, tax)
    problems += _check_one_quiz_per_case(lquizzes)
    bank = build_bank([q.quiz for q in lquizzes], {i.case.id: i.case for i in loaded})
    for q in lquizzes:
        problems += check_pools(q, bank)
    quiz_map = {q.quiz.id: q.quiz for q in lquizzes}
    for t in ltracks:
        problems += check_track(t, root / docs, case_ids, quiz_map, quiz_stems)

    # Privacy: every text that could reach the site, cases to hand-written pages.
    guard, found = load_guard(root)
    problems += found
    for source in [i.source for i in loaded] + [q.source for q in lquizzes] + [t.source for t in ltracks]:
        problems += guard.check_source(source)
    for page in markdown_pages(root / docs):
        problems += guard.check_page(_display(page, root), page.read_text(encoding="utf-8"))
    problems += guard.unused()

    if problems or tax is None:
        raise CasebookError(problems)
    pages = {p for t in ltracks for m in t.track.modules for p in m.pages}
    return Library(
        tax,
        tuple(sorted((i.case for i in loaded), key=lambda c: c.id)),
        tuple(sorted((q.quiz for q in lquizzes), key=lambda q: q.id)),
        tuple(sorted((t.track for t in ltracks), key=lambda t: (t.order, t.id))),
        {uri: page_title(root / docs / uri) for uri in sorted(pages)},
    )


def page_title(path: Path) -> str:
    """The first Markdown heading of a hand-written page, or its file name."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return path.stem


def _check_one_quiz_per_case(quizzes: list[LoadedQuiz]) -> list[Problem]:
    first: dict[str, LoadedQuiz] = {}
    problems = []
    for q in quizzes:
        case = q.quiz.case
        if case is None:
            continue
        if case in first:
            line, col = first[case].source.where(("case",))
            problems.append(
                q.source.problem(
                    ("case",), f"案例“{case}”已经有测验：{first[case].source.path}:{line}:{col}，一个案例只能有一份测验"
                )
            )
        else:
            first[case] = q
    return problems

"""Load and validate the whole library: every problem in every file, or a valid Library."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from casebook.errors import CasebookError, Problem
from casebook.gcpause import without_gc_pauses
from casebook.library.allowlist import load_guard
from casebook.library.bank import BankQuestion, build_bank, pool_members
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
from casebook.library.privacy_pool import Prefetch
from casebook.library.privacy_sources import check_project, helper_jobs
from casebook.library.quiz_checks import LoadedQuiz, LoadedTrack, check_pools, check_quiz, check_track
from casebook.library.quiz_model import Pool, Quiz, Track
from casebook.library.validate import check_model, to_model
from casebook.sources.walk import Inside, walk
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
    sources: tuple[Source, ...] = field(default=(), compare=False, repr=False)
    """The parsed case, quiz and track files, for checks that report at a line in them."""

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

    @cached_property
    def _members(self) -> dict[int, tuple[Pool, list[BankQuestion]]]:
        return {}

    def pool_members(self, pool: Pool) -> list[BankQuestion]:
        """The bank questions an exam's pool may draw, once per pool and library (the preview
        compares them on every save to tell whether an exam page changed)."""
        hit = self._members.get(id(pool))
        if hit is None or hit[0] is not pool:
            hit = (pool, pool_members(self.bank, pool))
            self._members[id(pool)] = hit
        return hit[1]

    @cached_property
    def pooled_keys(self) -> frozenset[str]:
        """Keys of the questions some exam may draw: once per library, not once per quiz page."""
        return frozenset(m.key for quiz in self.quizzes for pool in quiz.pools for m in self.pool_members(pool))


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


YAML_SUFFIXES = (".yaml", ".yml")


def yaml_files(folder: Path, *, skip: tuple[str, ...] = ()) -> list[Path]:
    """YAML files anywhere below ``folder`` (trainers file cases by year or category), in a stable order.

    ``.yml`` and any letter case (``.YAML``) count; hidden files and folders (editor backups, ``.git``)
    do not; ``skip`` names subfolders read on their own (``quizzes/tracks``).
    """
    if not folder.is_dir():
        return []
    found = []
    for rel, entry in walk(str(folder), hidden=False):
        if rel.split("/", 1)[0] in skip or not rel.lower().endswith(YAML_SUFFIXES):
            continue
        if entry.is_file() or entry.is_symlink():
            found.append(folder / rel)
    return sorted(found)


def outside_project(path: Path, root: Path) -> bool:
    """A symbolic link (or a link in its folders) that leads out of the project: never read or publish it.

    For one file; a whole load asks one ``Inside`` instead, which resolves each folder once."""
    return not Inside(root)(path)


@dataclass
class LoadCache:
    """Parse and schema results per file, kept by the preview across rebuilds.

    A file is read again only when its size or modification time changed, so saving one case
    in a 1,000-case library re-parses one file.
    """

    entries: dict[tuple[str, str], tuple[tuple[int, int, int], Any]] = field(default_factory=dict)

    def get(self, kind: str, path: Path) -> tuple[tuple[int, int, int], Any | None]:
        try:
            st = path.stat()
        except OSError:
            return (0, 0, 0), None
        stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
        hit = self.entries.get((kind, str(path)))
        return stamp, (hit[1] if hit is not None and hit[0] == stamp else None)

    def put(self, kind: str, path: Path, stamp: tuple[int, int, int], value: Any) -> None:
        if stamp != (0, 0, 0):
            self.entries[(kind, str(path))] = (stamp, value)


def _load_one(
    path: Path, root: Path, model: type[M], inside: Inside
) -> tuple[tuple[M, Source, str, bool] | None, list[Problem]]:
    display = _display(path, root)
    if not inside(path):
        return None, [Problem(display, 1, 1, "这是指向项目之外的链接（快捷方式），不会被读取：请把文件本身复制到这里")]
    if not path.is_file():
        return None, [Problem(display, 1, 1, "这不是普通文件（可能是文件夹或失效的链接），请改名或删除")]
    source, found = read_yaml(path, display)
    if source is None:
        return None, found
    # Files with problems come back too, as partial models marked incomplete (False), so the
    # checks across files still look at every field that validated.
    checked = check_model(source, model)
    problems = found + checked.problems
    if checked.partial is None:
        return None, problems
    complete = checked.model is not None and not found
    return (checked.partial, source, path.stem, complete), problems


def load_models(
    folder: Path,
    root: Path,
    model: type[M],
    *,
    skip: tuple[str, ...] = (),
    cache: LoadCache | None = None,
    files: list[Path] | None = None,
    inside: Inside | None = None,
) -> tuple[list[tuple[M, Source, str, bool]], list[Problem]]:
    """Read every YAML file below a folder and validate each against ``model`` (partial models of
    files with problems included, marked incomplete)."""
    loaded: list[tuple[M, Source, str, bool]] = []
    problems: list[Problem] = []
    cache = cache if cache is not None else LoadCache()
    inside = inside if inside is not None else Inside(root)
    for path in yaml_files(folder, skip=skip) if files is None else files:
        stamp, hit = cache.get(model.__name__, path)
        if hit is None:
            hit = _load_one(path, root, model, inside)
            cache.put(model.__name__, path, stamp, hit)
        item, found = hit
        problems += found
        if item is not None:
            loaded.append(item)
    return loaded, problems


@without_gc_pauses
def load_library(
    root: Path,
    *,
    cases: str = "cases",
    taxonomy: str = "taxonomy.yaml",
    quizzes: str = "quizzes",
    docs: str = "docs",
    cache: LoadCache | None = None,
    helpers: bool = False,
    later: list[Callable[[], list[Problem]]] | None = None,
) -> Library:
    """Load, then validate everything, then either return the library or raise all problems.

    With ``helpers``, a large library's privacy check starts at once in helper processes
    (``privacy_pool``) and runs while this one loads and validates. With ``later`` as well, a
    library with no other problem is returned before that check ends: the check is appended to
    ``later``, and the caller must run it (it returns the privacy problems) before publishing."""
    root = root.resolve()
    if not (root / cases).is_dir():
        raise CasebookError([Problem(_display(root / cases, root), 1, 1, "找不到案例目录")])

    # Load: every file, each checked against its schema.
    tax, problems = load_taxonomy(root / taxonomy, root)
    case_files = yaml_files(root / cases)
    quiz_files = yaml_files(root / quizzes, skip=("tracks",))
    track_files = yaml_files(root / quizzes / "tracks")
    guard, guard_problems = load_guard(root)
    others = [taxonomy, "mkdocs.yml", "mkdocs.yaml"]
    inside = Inside(root)  # one per load: a folder may have become a link since the last
    prefetch = (
        Prefetch.start(helper_jobs(guard, root, case_files + quiz_files + track_files, root / docs, others, inside))
        if helpers
        else Prefetch.none()
    )
    raw_cases, found = load_models(root / cases, root, Case, cache=cache, files=case_files, inside=inside)
    problems += found
    raw_quizzes, found = load_models(root / quizzes, root, Quiz, cache=cache, files=quiz_files, inside=inside)
    problems += found
    raw_tracks, found = load_models(
        root / quizzes / "tracks", root, Track, cache=cache, files=track_files, inside=inside
    )
    problems += found
    loaded = [Loaded(c, s, stem, ok) for c, s, stem, ok in raw_cases]
    lquizzes = [LoadedQuiz(q, s, stem, ok) for q, s, stem, ok in raw_quizzes]
    ltracks = [LoadedTrack(t, s, stem, ok) for t, s, stem, ok in raw_tracks]

    # Validate across files. Names of files that failed their schema still count as existing,
    # so one broken file is reported once rather than by everything that refers to it.
    case_ids = {p.stem for p in case_files} | {i.case.id for i in loaded if i.case.id is not None}
    quiz_stems = {p.stem for p in quiz_files}
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
    # Exams draw from complete quizzes only: a half-read quiz would make the counts wrong anyway.
    whole = [q for q in lquizzes if q.complete]
    bank = build_bank([q.quiz for q in whole], {i.case.id: i.case for i in loaded if i.complete})
    for q in whole:
        problems += check_pools(q, bank)
    quiz_map = {q.quiz.id: q.quiz for q in lquizzes if q.quiz.id is not None}
    for t in ltracks:
        problems += check_track(t, root / docs, case_ids, quiz_map, quiz_stems)

    # Privacy: every text that could reach the site, from case fields to docs/ file names.
    problems += guard_problems
    sources = [i.source for i in loaded] + [q.source for q in lquizzes] + [t.source for t in ltracks]

    def privacy() -> list[Problem]:
        return check_project(guard, root, sources, root / docs, others, prefetch.results()) + guard.unused()

    if later is not None and prefetch.helpers and not problems and tax is not None:
        later.append(privacy)  # nothing else is wrong: the caller renders while the helpers finish
    else:
        problems += privacy()

    if problems or tax is None:
        raise CasebookError(problems)
    pages = {p for t in ltracks for m in t.track.modules for p in m.pages}
    return Library(
        tax,
        tuple(sorted((i.case for i in loaded), key=lambda c: c.id)),
        tuple(sorted((q.quiz for q in lquizzes), key=lambda q: q.id)),
        tuple(sorted((t.track for t in ltracks), key=lambda t: (t.order, t.id))),
        {uri: page_title(root / docs / uri, root) for uri in sorted(pages)},
        tuple(i.source for i in loaded) + tuple(q.source for q in lquizzes) + tuple(t.source for t in ltracks),
    )


def readable_page(path: Path, root: Path) -> str | None:
    """A hand-written page's text, or None if the build could not read it either
    (a folder named ``x.md``, a link leaving the project, not UTF-8)."""
    if outside_project(path, root) or not path.is_file():
        return None
    try:
        return path.read_bytes().removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def page_title(path: Path, root: Path | None = None) -> str:
    """The first Markdown heading of a hand-written page, or its file name."""
    text = readable_page(path, root or path.parent) or ""
    for line in text.splitlines():
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

"""Which texts the privacy guard reads, and where in each file a finding sits.

Everything that reaches the site is read: YAML values as parsed (escapes decoded,
lines folded), YAML comments, every file under ``docs/`` that MkDocs publishes,
``mkdocs.yml``, the taxonomy, and every file and folder name.  Files whose contents
cannot be read as text are refused unless the allowlist names their type.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from casebook.errors import Problem
from casebook.library.privacy import Guard, forget_scans, has_findings, line_starts, located
from casebook.library.privacy_pool import Job, Key, digest
from casebook.sources.walk import Inside
from casebook.sources.yamlsrc import Source

# Types read as UTF-8 text; anything else under docs/ must be listed in the allowlist's ``unscanned``.
TEXT_SUFFIXES = frozenset(
    {".md", ".markdown", ".txt", ".html", ".htm", ".css", ".js", ".mjs", ".json", ".yml", ".yaml", ".csv", ".svg"}
)
_NOT_NEWLINE = re.compile(r"[^\n]")
# Anything but white space and ASCII punctuation: a number needs digits, an address letters, a name Han.
_READABLE = re.compile(r"[^\s!-/:-@\[-`{-~]")
_Composer: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class _Scalar:
    value: str
    start: int
    end: int
    """Offsets of the scalar's source text, quotes and block indicators included."""


def check_project(
    guard: Guard,
    root: Path,
    sources: list[Source],
    docs: Path,
    others: list[str],
    prefetched: Mapping[Key, tuple[Problem, ...]] | None = None,
) -> list[Problem]:
    """Every published source: parsed YAML files, other root files (``mkdocs.yml``), ``docs/`` and names.

    ``prefetched`` holds what helper processes found (``privacy_pool``), by the exact text checked."""
    problems: list[Problem] = []
    for source in sources:
        problems += guard.check_name(source.path)
        problems += check_yaml(guard, source.path, "\n".join(source.lines), prefetched)
    for name in others:
        path = root / name
        if path.is_file():
            text = _text(path)
            problems += check_yaml(guard, name, text, prefetched) if text is not None else _not_utf8(name)
    return problems + check_tree(guard, root, docs, prefetched)


def check_yaml(
    guard: Guard, path: str, raw: str, prefetched: Mapping[Key, tuple[Problem, ...]] | None = None
) -> list[Problem]:
    """Every finding in a YAML file: each value as published, and the comments around them."""
    if not guard.mentions(path):
        # No waiver can apply, so the result depends on the text alone: the preview re-reads
        # every file on each save, and this is most of a rebuild's privacy check otherwise.
        hit = prefetched.get(("yaml", path, digest(raw))) if prefetched else None
        if hit is not None:
            _UNWAIVED[(path, raw)] = hit  # the preview's next save finds it here
            return list(hit)
        return list(unwaived_yaml(path, raw))
    return _check_yaml(guard, path, raw)


# Results by (path, text): an explicit cache, so results found by helpers land in it too.
_UNWAIVED: dict[tuple[str, str], tuple[Problem, ...]] = {}
_UNWAIVED_MAX = 1 << 15


def forget_results() -> None:
    """Empty every cache of findings by text (kept for the preview's saves), so that a benchmark
    measures the check a build runs, not a lookup."""
    _UNWAIVED.clear()
    _scalars.cache_clear()
    forget_scans()


def unwaived_yaml(path: str, raw: str) -> tuple[Problem, ...]:
    """The findings in a YAML file no waiver names: a function of its path and text alone."""
    hit = _UNWAIVED.get((path, raw))
    if hit is None:
        if len(_UNWAIVED) >= _UNWAIVED_MAX:
            _UNWAIVED.clear()
        hit = _UNWAIVED[(path, raw)] = tuple(_check_yaml(Guard(None, None, set()), path, raw))
    return hit


def _check_yaml(guard: Guard, path: str, raw: str) -> list[Problem]:
    starts = line_starts(raw)
    problems: list[Problem] = []
    spans: list[tuple[int, int]] = []
    for scalar in _scalars(raw):
        spans.append((scalar.start, scalar.end))
        if not has_findings(scalar.value):
            continue  # most values: nothing found, so nothing a waiver could cover
        for f in guard.findings(path, scalar.value):
            at = _locate(raw, scalar, f.offset, f.end)
            problems.append(located(path, starts, at, f.message()))
    # What is left is comments, indicators and tags: comments are read too, they travel with the sources.
    if _readable_between(raw, spans):  # most files have no comments: only spaces and YAML's punctuation
        rest = _blank(raw, spans)
        problems += [located(path, starts, f.offset, f.message()) for f in guard.findings(path, rest)]
    return problems


def _readable_between(raw: str, spans: list[tuple[int, int]]) -> bool:
    """Whether anything outside ``spans`` could be customer data (see ``_READABLE``)."""
    at = 0
    for start, end in sorted(spans):
        if start > at and _READABLE.search(raw, at, start):
            return True
        at = max(at, end)
    return _READABLE.search(raw, at) is not None


def _blank(raw: str, spans: list[tuple[int, int]]) -> str:
    """``raw`` with every span replaced by spaces (line breaks kept, so offsets stay put)."""
    out: list[str] = []
    at = 0
    for start, end in sorted(spans):
        start = max(start, at)
        out.append(raw[at:start])
        piece = raw[start:end]
        out.append(_NOT_NEWLINE.sub(" ", piece) if "\n" in piece else " " * len(piece))
        at = max(at, end)
    out.append(raw[at:])
    return "".join(out)


@lru_cache(maxsize=1 << 14)
def _scalars(raw: str) -> tuple[_Scalar, ...]:
    """Every scalar of a YAML text once, keys included; by content, as the preview saves one file at a time."""
    return tuple(_compose_scalars(raw, line_starts(raw)))


def _compose_scalars(raw: str, starts: list[int]) -> list[_Scalar]:
    """Every scalar of a YAML text once, keys included, from the parser's events; none if it
    does not parse (the loader reports that, and the whole text is then read as it stands).

    Events, not a composed tree: libyaml reports each scalar once (an alias is an event of its
    own and is not followed), and no nodes are built or resolved, a third of the time."""
    last = len(starts) - 1
    found: list[_Scalar] = []
    try:
        for event in yaml.parse(raw, Loader=_Composer):
            if type(event) is yaml.ScalarEvent and event.start_mark and event.end_mark:
                begin, finish = event.start_mark, event.end_mark
                start = starts[begin.line] + begin.column
                end = starts[min(finish.line, last)] + finish.column
                found.append(_Scalar(str(event.value), start, max(start, min(end, len(raw)))))
    except yaml.YAMLError:
        return []
    return found


def _locate(raw: str, scalar: _Scalar, start: int, end: int) -> int:
    """Where in the file the value's characters ``[start, end)`` were typed.

    Usually they appear verbatim in the scalar's source; escapes and folded lines do
    not, and then characters are matched one by one from the scalar's start.
    """
    piece = scalar.value[start:end]
    occurrence = scalar.value.count(piece, 0, start) if piece else 0
    at = scalar.start - 1
    for _ in range(occurrence + 1):
        at = raw.find(piece, at + 1, scalar.end)
        if at == -1:
            break
    if at != -1:
        return at
    pos = scalar.start
    for ch in scalar.value[:start]:
        found = raw.find(ch, pos, min(scalar.end, pos + 12))
        if found != -1:
            pos = found + 1
    return min(pos, max(scalar.start, scalar.end - 1))


def check_tree(
    guard: Guard, root: Path, folder: Path, prefetched: Mapping[Key, tuple[Problem, ...]] | None = None
) -> list[Problem]:
    """Every published file under ``folder`` (``docs/``): names, and contents where they are text."""
    problems: list[Problem] = []
    for path in published(folder):
        shown = path.relative_to(root).as_posix()
        problems += guard.check_name(shown)
        if path.is_dir():
            continue
        suffix = path.suffix.lower()
        if suffix in TEXT_SUFFIXES:
            text = _text(path)
            if text is None:
                problems += _not_utf8(shown)
            elif suffix in (".yml", ".yaml"):
                problems += check_yaml(guard, shown, text, prefetched)
            else:
                problems += _check_page(guard, shown, text, prefetched)
        elif not guard.unscanned(suffix):
            kind = suffix.lstrip(".") or "无扩展名"
            problems.append(
                Problem(
                    shown,
                    1,
                    1,
                    f"无法检查此类文件（{kind}）中是否含有客户信息：请改用文字页面；确需发布此类文件的，"
                    f"请人工核对后在 privacy-allowlist.yaml 的 unscanned 中登记扩展名 {kind}",
                )
            )
    return problems


def helper_jobs(
    guard: Guard, root: Path, sources: list[Path], docs: Path, others: list[str], inside: Inside
) -> list[Job]:
    """What ``check_project`` will read, as jobs for helpers: every file no waiver names."""
    jobs = [Job("yaml", str(path), _shown(path, root), True) for path in sources if path.is_file()]
    jobs += [Job("yaml", str(root / name), name, False) for name in others if (root / name).is_file()]
    for path in published(docs):
        suffix = path.suffix.lower()
        if suffix in TEXT_SUFFIXES and path.is_file():
            jobs.append(Job("yaml" if suffix in (".yml", ".yaml") else "page", str(path), _shown(path, root), False))
    # Links leaving the project are never read (the loader refuses them), here neither.
    return [j for j in jobs if not guard.mentions(j.shown) and inside(Path(j.file))]


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _check_page(
    guard: Guard, shown: str, text: str, prefetched: Mapping[Key, tuple[Problem, ...]] | None
) -> list[Problem]:
    if guard.mentions(shown):
        return guard.check_page(shown, text)
    # No waiver applies: a function of the path and text, kept for the preview's next save
    # (including what a helper found, which this process never scanned itself).
    key = ("page:" + shown, text)
    hit = _UNWAIVED.get(key)
    if hit is None and prefetched:
        hit = prefetched.get(("page", shown, digest(text)))
    if hit is None:
        hit = tuple(guard.check_page(shown, text))
    if len(_UNWAIVED) >= _UNWAIVED_MAX:
        _UNWAIVED.clear()
    _UNWAIVED[key] = hit
    return list(hit)


def _text(path: Path) -> str | None:
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _not_utf8(shown: str) -> list[Problem]:
    return [Problem(shown, 1, 1, "文件不是 UTF-8 编码，无法检查其中是否含有客户信息：请另存为 UTF-8")]


def published(folder: Path) -> Iterator[Path]:
    """Files and folders MkDocs would publish from ``folder``: everything but dot-files and dot-folders."""
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).parts
        if not any(part.startswith(".") for part in rel) and (path.is_file() or path.is_dir()):
            yield path

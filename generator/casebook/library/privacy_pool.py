"""The privacy check of a large library, run by helper interpreters while this process loads it.

Reading every value of a 1,000-case library for customer data takes about nine seconds on one
core (three of them loading jieba's tagger), as long as loading, validating and rendering the
library. A helper reads the files itself and checks them; this process looks the results up by
the exact text it read, so a file changed in between, or a helper that failed, is checked here
again. Only files no allowlist waiver names are sent: their findings depend on the text alone.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from casebook import helper_process
from casebook.errors import Problem
from casebook.gcpause import without_gc_pauses

# Below this many files a helper's start (jieba's dictionary loads again there) costs more than it saves.
HELPERS_FROM = 200

# What a text was checked as: YAML values and comments (``yaml``), or a page read whole (``page``).
Kind = str
Key = tuple[Kind, str, str]  # (kind, path shown, digest of the text checked)


def digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


@dataclass(frozen=True)
class Job:
    kind: Kind
    file: str
    shown: str
    normalised: bool  # a case, quiz or track file: checked as the loader reads it (line breaks unified)


@dataclass
class Prefetch:
    """Helpers checking files in the background; ``results`` waits for them."""

    helpers: list[helper_process.Helper] = field(default_factory=list)
    _done: dict[Key, tuple[Problem, ...]] | None = None

    @classmethod
    def none(cls) -> Prefetch:
        return cls(_done={})

    @classmethod
    def start(cls, jobs: list[Job]) -> Prefetch:
        count = min(helper_process.cores(), 8) - 1  # this process keeps one core for loading the library
        if len(jobs) < HELPERS_FROM or count < 1:
            return cls.none()
        prefetch = cls()
        for share in (jobs[i::count] for i in range(count)):
            helper = _start(share)
            if helper is not None:
                prefetch.helpers.append(helper)
        return prefetch

    def results(self) -> dict[Key, tuple[Problem, ...]]:
        if self._done is None:
            self._done = {}
            for helper in self.helpers:
                self._done.update(_collect(helper))
        return self._done


def _start(share: list[Job]) -> helper_process.Helper | None:
    job = [[j.kind, j.file, j.shown, j.normalised] for j in share]
    return helper_process.start("casebook.library.privacy_pool", job)


def _collect(helper: helper_process.Helper) -> dict[Key, tuple[Problem, ...]]:
    rows = helper_process.finish(helper)
    if rows is None:
        return {}  # nothing from this helper: its files are checked again in this process
    try:
        return {
            (str(kind), str(shown), str(dig)): tuple(Problem(str(p), int(n), int(c), str(m)) for p, n, c, m in found)
            for kind, shown, dig, found in rows
        }
    except (ValueError, TypeError):
        return {}


def _read(job: Job) -> str | None:
    from casebook.sources.yamlfix import normalise

    try:
        raw = Path(job.file).read_bytes()
    except OSError:
        return None
    try:
        text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        return None
    return normalise(job.shown, text)[0] if job.normalised else text


@without_gc_pauses
def _helper_main() -> None:
    """``python -m casebook.library.privacy_pool``: jobs as JSON on stdin, findings as JSON on stdout.

    Without collector pauses (about a second at 1,000 cases): the helper lives for one job, and
    what it builds (jieba's dictionaries, the parser's events) holds no cycles to collect."""
    from casebook.library.privacy import Guard
    from casebook.library.privacy_sources import unwaived_yaml

    guard = Guard(None, None, set())  # only files no waiver names are sent
    rows = []
    for kind, file, shown, normalised in json.load(sys.stdin):
        job = Job(str(kind), str(file), str(shown), bool(normalised))
        text = _read(job)
        if text is None:
            continue
        found = unwaived_yaml(job.shown, text) if job.kind == "yaml" else tuple(guard.check_page(job.shown, text))
        rows.append([job.kind, job.shown, digest(text), [[p.path, p.line, p.column, p.message] for p in found]])
    json.dump(rows, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    _helper_main()

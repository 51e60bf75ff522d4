"""Timed runs: strict builds with their peak memory, generator against the libyaml floor, interleaved pairs."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from casebook.errors import CasebookError, Problem
from casebook.gcpause import without_gc_pauses
from casebook.library.load import load_library
from casebook.library.privacy_sources import forget_results
from casebook.render.pages import render_pages

MKDOCS = Path(sys.executable).parent / "mkdocs"


class BuildFailed(Exception):
    """A build exited with an error; the message carries the end of its output."""


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mib: float


def _tree_rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants together (the build's helpers
    included), in KiB; 0 once it has exited."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/statm") as f:
                pages = int(f.read().split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        rss[int(entry)] = pages * (os.sysconf("SC_PAGE_SIZE") // 1024)
    total, stack = 0, [pid]
    while stack:
        at = stack.pop()
        total += rss.get(at, 0)
        stack += children.get(at, [])
    return total


def _sample_tree(pid: int, peak: list[int], done: threading.Event) -> None:
    while not done.wait(0.05):
        peak[0] = max(peak[0], _tree_rss_kib(pid))


def mkdocs_build(project: Path) -> Run:
    """One ``mkdocs build --strict`` of ``project`` into ``project/site``: wall time and peak memory.

    The memory is the peak of the build's processes together, sampled every 50 ms, and never
    less than the largest single process's peak: casebook's build runs helper processes (the
    privacy check, the site audit), and counting only the main one would flatter it.

    Strict, and not quiet: a warning that aborts the build must fail the benchmark loudly rather
    than yield a fast time for a build that did not happen.
    """
    command = [str(MKDOCS), "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(project / "site")]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    peak, done = [0], threading.Event()
    sampler = threading.Thread(target=_sample_tree, args=(proc.pid, peak, done), daemon=True)
    sampler.start()
    assert proc.stdout is not None
    output = proc.stdout.read()
    done.set()
    sampler.join()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        tail = output.decode("utf-8", "replace").splitlines()[-30:]
        raise BuildFailed(f"{' '.join(command)} exited with {proc.returncode}:\n" + "\n".join(tail))
    return Run(elapsed, max(peak[0], usage.ru_maxrss) / 1024)


def interleaved(repeats: int, first: Callable[[], Any], second: Callable[[], Any]) -> tuple[list[Any], list[Any]]:
    """Run the two actions in alternating order (AB, BA, AB …) so drift in machine load hits both alike."""
    a: list[Any] = []
    b: list[Any] = []
    for i in range(repeats):
        if i % 2 == 0:
            a.append(first())
            b.append(second())
        else:
            b.append(second())
            a.append(first())
    return a, b


def timed(action: Callable[[], Any]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def generator(root: Path) -> dict[str, str]:
    """The generator's whole job, as a build runs it: read and validate the library (its privacy
    check in a helper process, as a build starts it), render every page's Markdown.

    The privacy check's caches by text (kept for the preview's saves) are emptied first: with
    them, every run after the first skipped the check, and the median of three hid it."""
    forget_results()
    later: list[Callable[[], list[Problem]]] = []
    pages = render_pages(load_library(root, helpers=True, later=later))  # rendered while the check ends
    problems = [p for finish in later for p in finish()]
    if problems:
        raise CasebookError(problems)
    return pages


@without_gc_pauses
def yaml_floor(root: Path) -> int:
    """The libyaml parse of every source file: no generator can read the library faster.

    Without collector pauses, as the generator runs: otherwise the floor would pay for walking
    the heap the generator's runs left (measured: 1.8 s paused, 1.8-3.0 s not) and flatter us."""
    count = 0
    for folder in ("cases", "quizzes"):
        for path in sorted((root / folder).rglob("*.yaml")):
            yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
            count += 1
    return count


def median(values: list[float]) -> float:
    return statistics.median(values)


def tagged_blocks(root: Path) -> list[str]:
    """The blocks of text the privacy check hands to jieba's tagger for the cases and quizzes.

    Recorded by running the check here once; a lower count than a build's (which checks the
    ``docs/`` pages too), so the tagger's time measured from it can only be too small."""
    from casebook.library import pii_names
    from casebook.library.privacy_sources import unwaived_yaml
    from casebook.sources.yamlfix import normalise

    blocks: list[str] = []
    real = pii_names._tokens

    def spy(text: str) -> list[tuple[str, str, int]]:
        blocks.extend(b.group(0) for b in pii_names._BLOCK.finditer(text) if pii_names._CANDIDATE.search(b.group(0)))
        return real(text)

    forget_results()
    pii_names._tokens = spy
    try:
        for folder in ("cases", "quizzes"):
            for path in sorted((root / folder).rglob("*.yaml")):
                shown = path.relative_to(root).as_posix()
                unwaived_yaml(shown, normalise(shown, path.read_text(encoding="utf-8"))[0])
    finally:
        pii_names._tokens = real
        forget_results()
    return blocks


_TAGGER = """
import json, logging, sys, time
start = time.perf_counter()
import jieba, jieba.posseg
jieba.setLogLevel(logging.WARNING)
jieba.dt.initialize()
loaded = time.perf_counter()
for block in json.load(sys.stdin):
    list(jieba.posseg.cut(block))
print(json.dumps([loaded - start, time.perf_counter() - loaded]))
"""


def tagger(blocks: list[str]) -> tuple[float, float]:
    """jieba's tagger in a fresh interpreter, as the privacy helper runs it: seconds to load, to tag ``blocks``.

    No generator that checks names with this tagger can finish sooner than the two together."""
    out = subprocess.run(
        [sys.executable, "-c", _TAGGER],
        input=json.dumps(blocks, ensure_ascii=False).encode("utf-8"),
        capture_output=True,
        check=True,
    ).stdout
    load, tag = json.loads(out)
    return float(load), float(tag)

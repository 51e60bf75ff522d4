"""Timed runs: strict builds with their peak memory, generator against the libyaml floor, interleaved pairs."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from casebook.library.load import load_library
from casebook.render.pages import render_pages

MKDOCS = Path(sys.executable).parent / "mkdocs"


class BuildFailed(Exception):
    """A build exited with an error; the message carries the end of its output."""


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mib: float


def mkdocs_build(project: Path) -> Run:
    """One ``mkdocs build --strict`` of ``project`` into ``project/site``: wall time and peak RSS.

    Strict, and not quiet: a warning that aborts the build must fail the benchmark loudly rather
    than yield a fast time for a build that did not happen.
    """
    command = [str(MKDOCS), "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(project / "site")]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert proc.stdout is not None
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        tail = output.decode("utf-8", "replace").splitlines()[-30:]
        raise BuildFailed(f"{' '.join(command)} exited with {proc.returncode}:\n" + "\n".join(tail))
    return Run(elapsed, usage.ru_maxrss / 1024)


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
    """The generator's whole job: read and validate the library, render every page's Markdown."""
    return render_pages(load_library(root))


def yaml_floor(root: Path) -> int:
    """The libyaml parse of every source file: no generator can read the library faster."""
    count = 0
    for folder in ("cases", "quizzes"):
        for path in sorted((root / folder).rglob("*.yaml")):
            yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
            count += 1
    return count


def median(values: list[float]) -> float:
    return statistics.median(values)

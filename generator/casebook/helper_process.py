"""Helper interpreters for the build's large, independent checks (the privacy check, the site audit).

A helper is ``python -m <module>`` of the same Python, given its job as JSON on stdin and
answering in JSON on stdout. It is a fresh interpreter, not a fork: it inherits none of the
build's memory, and the calling program's main module does not matter (multiprocessing's spawn
would import it again). A helper that cannot start or fails yields None, and the caller does
that share of the work itself, so a check never goes undone.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
from typing import IO, Any

Helper = subprocess.Popen[bytes]

# A helper still running after this long is stuck, not slow: the largest job measured (the privacy
# check of 5,000 cases) takes under a minute. It is stopped, and the caller does its share itself.
TIMEOUT_S = 900.0


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def start(module: str, job: Any) -> Helper | None:
    """Start ``python -m module`` working on ``job``; None if no process could be started.

    The job is written by a thread: a helper stuck before it reads its input must not stop
    this process at a full pipe, where no timeout could reach it."""
    try:
        helper = subprocess.Popen(
            [sys.executable, "-m", module], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
    except OSError:
        return None
    data = json.dumps(job, ensure_ascii=False).encode("utf-8")
    threading.Thread(target=_feed, args=(helper.stdin, data), daemon=True).start()
    helper.stdin = None  # the thread's now; communicate must not touch it
    return helper


def _feed(pipe: IO[bytes], data: bytes) -> None:
    # A helper that exits or is stopped without reading it all breaks the pipe; finish sees that.
    with contextlib.suppress(OSError, ValueError):
        try:
            pipe.write(data)
        finally:
            pipe.close()


def finish(helper: Helper | None) -> Any | None:
    """The helper's answer once it exits; None if it failed, answered something unreadable or
    did not finish within ``TIMEOUT_S`` (then it is stopped)."""
    if helper is None:
        return None
    try:
        out, _ = helper.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        helper.kill()
        helper.communicate()
        return None
    if helper.returncode != 0:
        return None
    try:
        return json.loads(out)
    except ValueError:
        return None

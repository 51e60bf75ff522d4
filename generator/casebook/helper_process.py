"""Helper interpreters for the build's large, independent checks (the privacy check, the site audit).

A helper is ``python -m <module>`` of the same Python, given its job as JSON on stdin and
answering in JSON on stdout. It is a fresh interpreter, not a fork: it inherits none of the
build's memory, and the calling program's main module does not matter (multiprocessing's spawn
would import it again). A helper that cannot start or fails yields None, and the caller does
that share of the work itself, so a check never goes undone.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

Helper = subprocess.Popen[bytes]


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def start(module: str, job: Any) -> Helper | None:
    """Start ``python -m module`` working on ``job``; None if no process could be started."""
    try:
        helper = subprocess.Popen(
            [sys.executable, "-m", module], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
    except OSError:
        return None
    assert helper.stdin is not None
    try:
        helper.stdin.write(json.dumps(job, ensure_ascii=False).encode("utf-8"))
        helper.stdin.close()
    except OSError:
        helper.kill()
        helper.wait()
        return None
    return helper


def finish(helper: Helper | None) -> Any | None:
    """The helper's answer once it exits; None if it failed or answered something unreadable."""
    if helper is None:
        return None
    assert helper.stdout is not None
    out = helper.stdout.read()
    if helper.wait() != 0:
        return None
    try:
        return json.loads(out)
    except ValueError:
        return None

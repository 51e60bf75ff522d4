"""Publish a built site at a fixed path and switch it atomically.

The published path ``X`` (``--site-dir``) is a symbolic link to one complete build in the
version store ``X.casebook/`` beside it::

    site -> site.casebook/20261201T102548Z
    site.casebook/20261201T102548Z/   the published build
    site.casebook/20261130T091200Z/   the one before (kept for a quick roll-back)

A build is written into a new version folder; only when it is complete and has passed every
pre-swap check is a new link created inside the store and renamed over ``X`` — one rename(2),
atomic on POSIX. At every instant, even if the process is killed between two system calls,
``X`` names a complete site: the old one or the new one. Whatever a killed build left in the
store is removed by the next build. A real folder at ``X`` (a site from before this scheme)
is swapped for the link with ``renameat2(RENAME_EXCHANGE)``, which is just as atomic.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from casebook.edition import TRAINER_SITE_DIR
from casebook.errors import CasebookError
from casebook.publish.compress import precompress
from casebook.publish.guard import SITE_MARKER, RefusedError, check_site_dir, is_casebook_site, write_refusal

STORE_SUFFIX = ".casebook"
STORE_MARKER = ".casebook-versions"
_LOCK = ".lock"
_TRAINER_MARKER = "casebook build trainer\n"
_LINK_PREFIX = ".link-"
_ASIDE_PREFIX = ".old-"
_TRASH_PREFIX = ".trash-"
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2

Check = Callable[[Path], None]

# The one place a finished build is inspected before it goes live: each check gets the built
# version folder (every page and asset; before the .gz copies and the marker are written) and raises
# CasebookError with located Chinese problems to stop publishing. The old site then stays.
PRE_SWAP_CHECKS: list[Check] = []


def publish_site(
    target: Path,
    shown: str,
    root: Path,
    build: Callable[[Path], int],
    checks: Sequence[Check] = PRE_SWAP_CHECKS,
    *,
    trainer: bool = False,
) -> int:
    """Build with ``build(folder)`` into a new version and publish it at ``target``.

    Returns the build's exit code; on failure (or a failed check) the published site is untouched.
    Raises RefusedError before building if ``target`` must not be written; a trainer edition
    (``trainer``) never replaces a trainee site, which may be the one IT publishes.
    """
    target = Path(os.path.abspath(target))
    target = Path(os.path.realpath(target.parent)) / target.name
    where = f"--site-dir {shown}"
    try:
        check_site_dir(target, shown, root)
        if trainer and is_casebook_site(target) and not is_trainer_site(target):
            raise RefusedError(
                f"{where}：这里是学员版站点，培训师版（含全部答案）不能覆盖它，以免答案被发布给学员。"
                f"请换一个目录，例如 {TRAINER_SITE_DIR}。"
            )
        store = target.with_name(target.name + STORE_SUFFIX)
        _check_store(store, where)
        _current(target, store, where)  # refuse someone else's link before creating anything
    except OSError as exc:  # e.g. a folder we may not list
        raise write_refusal(exc, where, target.parent) from None
    try:
        store.mkdir(parents=True, exist_ok=True)
        (store / STORE_MARKER).touch()
    except OSError as exc:
        raise write_refusal(exc, where, target.parent) from None
    with _locked(store, where):
        current = _current(target, store, where)
        _clean(store, keep={current, _previous(store, current)})
        version = store / _new_id(store)
        code = build(version)
        if code != 0:
            shutil.rmtree(version, ignore_errors=True)
            return code
        try:
            for check in checks:
                check(version)
        except CasebookError:
            shutil.rmtree(version, ignore_errors=True)
            raise
        precompress(version)
        marker = _TRAINER_MARKER if trainer else "casebook build\n"
        (version / SITE_MARKER).write_text(marker, encoding="utf-8")  # last: the version is complete
        _switch(target, store, version.name)
        _clean(store, keep={version.name, current})
    return 0


def is_trainer_site(folder: Path) -> bool:
    """Whether ``folder`` holds a trainer edition (its marker says so)."""
    try:
        return (folder / SITE_MARKER).read_text(encoding="utf-8") == _TRAINER_MARKER
    except (OSError, UnicodeDecodeError):
        return False


def _check_store(store: Path, where: str) -> None:
    if store.is_symlink() or (store.exists() and not store.is_dir()):
        raise RefusedError(f"{where}：{store} 已存在，但不是 casebook 的版本目录。请移走它或换一个目录。")
    if store.is_dir() and any(store.iterdir()) and not (store / STORE_MARKER).is_file():
        raise RefusedError(f"{where}：{store} 已存在，但不是 casebook 的版本目录。请移走它或换一个目录。")


@contextmanager
def _locked(store: Path, where: str) -> Iterator[None]:
    """One build per site at a time; the kernel drops the lock when a process dies."""
    fd = os.open(store / _LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RefusedError(f"{where}：另一个 casebook build 正在生成这个站点，请等它结束后再试。") from None
        yield
    finally:
        os.close(fd)


def _current(target: Path, store: Path, where: str) -> str | None:
    """The version ``target`` links to; None when it is absent or a real folder."""
    if not target.is_symlink():
        return None
    link = os.readlink(target)
    parts = Path(link).parts
    if len(parts) == 2 and parts[0] == store.name and not parts[1].startswith("."):
        return parts[1]
    raise RefusedError(f"{where}：这是一个指向 {link} 的链接，不是 casebook 生成的。请换一个目录。")


def _previous(store: Path, current: str | None) -> str | None:
    """The newest complete version other than ``current``: kept so IT can roll back."""
    done = sorted(
        p.name
        for p in store.iterdir()
        if not p.name.startswith(".") and p.name != current and (p / SITE_MARKER).is_file()
    )
    return done[-1] if done else None


def _clean(store: Path, keep: set[str | None]) -> None:
    """Remove everything in the store but the lock and the versions in ``keep``: partial builds,
    stray links and set-aside folders of killed builds, versions older than the previous one."""
    for entry in sorted(store.iterdir()):
        if entry.name in (STORE_MARKER, _LOCK) or entry.name in keep:
            continue
        if entry.is_symlink() or not entry.is_dir():
            entry.unlink()
            continue
        if not entry.name.startswith("."):
            # Renamed first, so a removal cut short never leaves a half version that looks complete.
            aside = store / f"{_TRASH_PREFIX}{entry.name}"
            os.rename(entry, aside)
            entry = aside
        shutil.rmtree(entry, ignore_errors=True)


def _new_id(store: Path) -> str:
    """A name that sorts by build time: the UTC time, and a count for builds in the same second.

    Letters split the digits so no version name looks like a phone or account number.
    """
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    name, count = stamp, 1
    while (store / name).exists():
        count += 1
        name = f"{stamp}-{count}"
    return name


def _switch(target: Path, store: Path, name: str) -> None:
    """Make ``target`` link to ``store/name`` without a moment in which it names no site."""
    link = store / f"{_LINK_PREFIX}{name}"
    os.symlink(f"{store.name}/{name}", link)  # relative: the site folder may be moved as a whole
    if target.is_symlink() or not target.exists():
        os.replace(link, target)
        return
    if not any(target.iterdir()):  # an empty folder: there is no site to keep visible
        os.rmdir(target)
        os.replace(link, target)
        return
    # A real folder holding an older casebook site: rename(2) cannot put a link over a folder.
    if exchange(link, target):
        shutil.rmtree(link)  # the name now holds the old folder
        return
    # No RENAME_EXCHANGE (not Linux, or a file system without it): one short gap, once, on migration.
    aside = store / f"{_ASIDE_PREFIX}{name}"
    os.rename(target, aside)
    os.replace(link, target)
    shutil.rmtree(aside)


def exchange(a: Path, b: Path) -> bool:
    """Swap two names atomically with Linux's renameat2(RENAME_EXCHANGE); False where unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))

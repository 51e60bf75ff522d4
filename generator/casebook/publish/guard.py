"""Where a command may write: refusals checked before anything is built or deleted.

A trainer types a path; a slip (``--site-dir .``, ``--output cases``) must never cost them
their work. Every refusal is one Chinese sentence naming the path as they typed it.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

# Written into every finished site folder; a folder holding it was made by casebook build.
SITE_MARKER = ".casebook-site"
# Folders of a casebook project that hold sources (or tooling) and must never be written into.
SOURCE_FOLDERS = ("docs", "cases", "quizzes", "schemas", "generator", "tests", "bench", ".git", ".venv")
# Files a build of an older casebook (before the marker) always wrote; seen together they
# identify that build's output, which may be replaced.
_LEGACY_SITE = ("index.html", "assets/casebook.js", "search/search_index.json")
# Files that are a trainer's sources even outside the source folders (mkdocs.yml, taxonomy.yaml …).
_SOURCE_SUFFIXES = (".yaml", ".yml", ".md", ".py", ".toml")


class RefusedError(Exception):
    """A command refused before it changed anything; the message is for the trainer."""


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _source_folder(path: Path, root: Path) -> str | None:
    """The project source folder ``path`` is in or equal to, as ``name/``."""
    real = _real(path)
    for name in SOURCE_FOLDERS:
        if _inside(real, _real(root / name)):
            return name
    return None


def is_casebook_site(folder: Path) -> bool:
    """Whether ``folder`` is a site an earlier casebook build wrote."""
    if (folder / SITE_MARKER).is_file():
        return True
    return all((folder / name).is_file() for name in _LEGACY_SITE)


def check_site_dir(target: Path, shown: str, root: Path) -> None:
    """Refuse a ``--site-dir`` that would overwrite or delete anything but an earlier site.

    ``target`` is absolute with its parent resolved (it may itself be our symlink); ``shown``
    is the path as the trainer typed it.
    """
    where = f"--site-dir {shown}"
    real_root = _real(root)
    real = _real(target)
    if _inside(real_root, real) or _inside(real_root, target):
        raise RefusedError(
            f"{where}：不能是项目目录或它的上级目录，否则会删除案例、测验等源文件。请换一个目录，例如 site。"
        )
    folder = _source_folder(target, root)
    if folder is not None:
        raise RefusedError(f"{where}：不能放在项目的源文件目录 {folder}/ 中。请换一个目录，例如 site。")
    if target.is_symlink():
        return  # publish.swap decides whether the link is ours
    if target.exists() and not target.is_dir():
        raise RefusedError(f"{where}：这是一个已有的文件，不是目录。站点不会覆盖它，请换一个目录。")
    if target.is_dir() and any(target.iterdir()) and not is_casebook_site(target):
        raise RefusedError(
            f"{where}：目录不是空的，也不是 casebook 生成的站点。为免删除其中的文件，请换一个空目录或新目录。"
        )


def check_output_file(out: Path, shown: str, root: Path, example: str) -> None:
    """Refuse an ``--output`` file that cannot be written or would replace a source file."""
    where = f"--output {shown}"
    if out.is_dir():
        raise RefusedError(f"{where}：这是一个已有的目录。请写出文件名，例如 {Path(shown) / example}。")
    folder = _source_folder(out, root)
    if folder is not None:
        raise RefusedError(f"{where}：不能写进项目的源文件目录 {folder}/。请换一个位置。")
    if out.exists() and out.suffix.lower() in _SOURCE_SUFFIXES:
        raise RefusedError(f"{where}：这是一个已有的源文件，不会覆盖它。请换一个文件名。")
    parent = out.parent
    if not parent.is_dir():
        raise RefusedError(f"{where}：目录 {parent} 不存在。请先建好目录，或换一个位置。")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise write_refusal(OSError(errno.EACCES, "no access"), where, parent)


def write_refusal(exc: OSError, where: str, folder: Path) -> RefusedError:
    """A failed write as a sentence for the trainer (the OS's own text is English)."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return RefusedError(f"{where}：没有权限在目录 {folder} 中写文件。请换一个位置。")
    if exc.errno == errno.EROFS:
        return RefusedError(f"{where}：目录 {folder} 所在的磁盘是只读的。请换一个位置。")
    if exc.errno == errno.ENOSPC:
        return RefusedError(f"{where}：目录 {folder} 所在的磁盘已满。请清理空间后再试。")
    code = errno.errorcode.get(exc.errno or 0, str(exc.errno))
    return RefusedError(f"{where}：无法在目录 {folder} 中写文件（错误代码 {code}）。")


def write_output(out: Path, data: bytes, shown: str) -> None:
    """Write ``data`` to ``out`` whole or not at all: an existing file is replaced only by a complete one."""
    try:
        fd, partial = tempfile.mkstemp(prefix=f".{out.name}-", suffix=".part", dir=out.parent)
    except OSError as exc:
        raise write_refusal(exc, f"--output {shown}", out.parent) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(partial, 0o644)  # mkstemp creates it readable by its owner only
        os.replace(partial, out)
    except OSError as exc:
        Path(partial).unlink(missing_ok=True)
        raise write_refusal(exc, f"--output {shown}", out.parent) from None
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise

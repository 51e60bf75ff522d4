"""The offline bundle: the site built for opening from disk (file://), zipped for branches
that have no web server.

The build runs with ``CASEBOOK_OFFLINE=true``, which switches on Material's offline plugin in
mkdocs.yml: pages become ``name.html`` instead of ``name/`` and the search index is also written
as a script, because a page opened from disk cannot fetch files. The zip is deterministic
(sorted entries, fixed timestamps and permissions), so the same library gives the same bytes.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from casebook.publish.compress import is_compressed_copy

OFFLINE_ENV = "CASEBOOK_OFFLINE"
TOP_FOLDER = "casebook"
# The earliest time a zip file can record; every entry gets it, so rebuilding changes nothing.
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_UNIX = 3  # "made by" system: Unix, so the permissions below are honoured by unzip


def build_offline_zip(build: Callable[[Path], int], out: Path) -> int:
    """Build the offline site with ``build(staged_dir)`` and zip it into ``out``.

    Returns the build's exit code; when it is not 0 nothing is written. ``out`` is replaced
    only once the new zip is complete.
    """
    with tempfile.TemporaryDirectory(prefix=".casebook-offline-") as tmp:
        site = Path(tmp) / TOP_FOLDER
        code = build_offline_site(build, site)
        if code != 0:
            return code
        write_zip(site, out, top=TOP_FOLDER)
    return 0


def build_offline_site(build: Callable[[Path], int], site: Path) -> int:
    """Build the site for opening from disk into ``site``; returns the build's exit code."""
    with _environment(OFFLINE_ENV, "true"):
        code = build(site)
    if code == 0:
        _compact_search_script(site)
    return code


def _compact_search_script(site: Path) -> None:
    """Rebuild the offline search script from the compacted index.

    Material's offline plugin inlines ``search_index.json`` into ``search_index.js`` before our
    plugin rewrites the JSON as raw UTF-8, so the script keeps every Chinese character as
    ``\\uXXXX`` and is nearly twice the size. Pages opened from disk load the script, not the JSON.
    """
    index = site / "search" / "search_index.json"
    script = site / "search" / "search_index.js"
    if index.is_file() and script.is_file():
        script.write_text("var __index = " + index.read_text(encoding="utf-8"), encoding="utf-8")


def packaged_files(folder: Path) -> list[Path]:
    """The files a package of ``folder`` holds: all but the ``.gz`` copies no web server will ask for."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and not is_compressed_copy(p))


def write_zip(folder: Path, out: Path, *, top: str | None) -> None:
    """Zip ``folder``'s contents under the folder name ``top`` (or at the root of the zip when
    ``top`` is None), deterministically and atomically."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, partial = tempfile.mkstemp(prefix=f".{out.name}-", suffix=".part", dir=out.parent)
    os.close(fd)
    try:
        prefix = f"{top}/" if top else ""
        entries: dict[str, Path | None] = {prefix: None} if prefix else {}  # entry name → file, None: folder
        for path in folder.rglob("*"):
            if path.is_dir():
                entries[f"{prefix}{path.relative_to(folder).as_posix()}/"] = None
        for path in packaged_files(folder):
            entries[prefix + path.relative_to(folder).as_posix()] = path
        with zipfile.ZipFile(partial, "w") as archive:
            for name in sorted(entries):
                file = entries[name]
                if file is None:
                    archive.writestr(_entry(name, directory=True), b"")
                else:
                    archive.writestr(_entry(name, directory=False), file.read_bytes())
        os.chmod(partial, 0o644)  # mkstemp creates it readable by its owner only
        os.replace(partial, out)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


def _entry(name: str, *, directory: bool) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
    info.create_system = _UNIX
    if directory:
        info.external_attr = (0o40755 << 16) | 0x10  # Unix directory mode, and the MS-DOS directory flag
        info.compress_type = zipfile.ZIP_STORED
    else:
        info.external_attr = 0o100644 << 16
        info.compress_type = zipfile.ZIP_DEFLATED
    return info


@contextmanager
def _environment(name: str, value: str) -> Iterator[None]:
    """Set one environment variable for the duration of the block, then restore it."""
    before = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = before

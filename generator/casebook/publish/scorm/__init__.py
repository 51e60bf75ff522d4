"""SCORM 1.2 package of one training track: ``casebook export --format scorm --track ID``.

The package is one SCO. Its launcher page (``index.html`` at the root) finds the LMS's API the
standard way, keeps the offline build of the site in a frame — so moving between pages never
re-initialises the session — and reports what the trainee does: lesson status, the final exam's
score, one interaction per exam question, session time, and progress in ``cmi.suspend_data`` so
a trainee who closes the course resumes where they left off, on any computer. The LMS, not the
trainee's browser, keeps the record.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from casebook.library.load import Library
from casebook.library.quiz_model import Track
from casebook.publish.export.common import usage_error
from casebook.publish.offline import build_offline_site, packaged_files, write_zip
from casebook.render.training import track_json

LAUNCHER = "index.html"
SITE = "site"
SUPPORT = ("launcher.js",)


def export_scorm(library: Library, track_id: str, out: Path, build: Callable[[Path], int]) -> int:
    """Build the offline site with ``build`` and write the track's SCORM 1.2 zip to ``out``.

    Returns the build's exit code; nothing is written when it is not 0.
    """
    track = _find_track(library, track_id)
    with tempfile.TemporaryDirectory(prefix=".casebook-scorm-") as tmp:
        root = Path(tmp) / "package"
        code = build_offline_site(build, root / SITE)
        if code != 0:
            return code
        _write_launcher(root, track, library)
        pass_mark = library.quiz(track.final_exam).pass_mark
        (root / "imsmanifest.xml").write_text(manifest(track, root, pass_mark), encoding="utf-8")
        write_zip(root, out, top=None)
    return 0


def _find_track(library: Library, track_id: str) -> Track:
    for track in library.tracks:
        if track.id == track_id:
            return track
    choices = "、".join(t.id for t in library.tracks) or "（无）"
    raise usage_error(f"找不到培训路线“{track_id}”，可选：{choices}")


def _write_launcher(root: Path, track: Track, library: Library) -> None:
    page = f"training/{track.id}.md"
    data = track_json(track, library, page, library.bank)
    config = {"track": data, "start": f"{SITE}/training/{track.id}.html", "site": SITE}
    assets = files("casebook.publish.scorm")
    (root / "scorm").mkdir()
    for name in SUPPORT:
        (root / "scorm" / name).write_text(assets.joinpath(name).read_text("utf-8"), encoding="utf-8")
    # A script, not JSON: the launcher must also open from disk, where pages cannot fetch files.
    body = json.dumps(config, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    (root / "scorm" / "track.js").write_text(f"window.CASEBOOK_SCORM = {body};\n", encoding="utf-8")
    html = assets.joinpath("launcher.html").read_text("utf-8")
    (root / LAUNCHER).write_text(html.replace("{{title}}", escape(track.title)), encoding="utf-8")


def manifest(track: Track, root: Path, pass_mark: int) -> str:
    """``imsmanifest.xml``: one organization with one item, the launcher as the only SCO, every file listed."""
    listed = [p.relative_to(root).as_posix() for p in packaged_files(root)]  # exactly what the zip holds
    file_lines = "\n".join(f"      <file href={quoteattr(name)}/>" for name in listed if name != "imsmanifest.xml")
    ident = f"casebook-{track.id}"
    title = escape(track.title)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier={quoteattr(ident)} version="1.0"
    xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd
                        http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd
                        http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="org">
    <organization identifier="org">
      <title>{title}</title>
      <item identifier="item" identifierref="sco" isvisible="true">
        <title>{title}</title>
        <adlcp:masteryscore>{pass_mark}</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="sco" type="webcontent" adlcp:scormtype="sco" href="{LAUNCHER}">
{file_lines}
    </resource>
  </resources>
</manifest>
"""

"""Names that become file names of the site: ids and tags must give pages that never collide.

A case id, quiz id, track id or tag is turned into a page path by render/pages.py and
render/training.py (``cases/<id>.md``, ``browse/tag/<tag>.md`` …). A name equal to a page the
generator writes itself would silently replace it; two tags differing only in case are two
files on Linux but one on Windows (where the offline bundle is unzipped); a very long tag is a
file name the file system refuses. Each is reported at the name in its YAML file.
"""

from __future__ import annotations

from casebook.errors import Problem
from casebook.library.case_checks import Loaded
from casebook.library.quiz_checks import LoadedQuiz, LoadedTrack
from casebook.sources.yamlsrc import Source

# Most file systems allow 255 bytes per name; the offline bundle adds ".html" to a tag and
# the published site a ".gz" copy beside it, so keep room for both.
MAX_NAME_BYTES = 240

# Pages the generator writes in each folder, by the name an id or tag would take.
_RESERVED_CASE = {"index": "cases/index.md（案例栏目首页）"}
_RESERVED_QUIZ = {"index": "quizzes/index.md（测验总览）"}
_RESERVED_TRACK = {"index": "training/index.md（培训路线总览）", "notebook": "training/notebook.md（错题本）"}
_RESERVED_TAG = {"index": "browse/tag/index.md（按标签浏览）"}


def _reserved_id(source: Source, value: str, reserved: dict[str, str]) -> list[Problem]:
    page = reserved.get(value.casefold())
    if page is None:
        return []
    return [
        source.problem(
            ("id",),
            f"编号“{value}”是保留名称：它会与自动生成的页面 {page}重名，请换一个编号（文件名也要一起改）",
        )
    ]


def check_ids(cases: list[Loaded], quizzes: list[LoadedQuiz], tracks: list[LoadedTrack]) -> list[Problem]:
    """No id names a page the generator writes itself."""
    problems: list[Problem] = []
    for case in cases:
        problems += _reserved_id(case.source, case.case.id, _RESERVED_CASE)
    for quiz in quizzes:
        problems += _reserved_id(quiz.source, quiz.quiz.id, _RESERVED_QUIZ)
    for track in tracks:
        problems += _reserved_id(track.source, track.track.id, _RESERVED_TRACK)
    return problems


def check_tag_names(cases: list[Loaded]) -> list[Problem]:
    """Every tag gives its own page: not a reserved name, not too long, not a case variant of another tag."""
    problems: list[Problem] = []
    first: dict[str, tuple[str, Source, int]] = {}  # folded tag → (spelling, file, index) where first seen
    for item in cases:
        for i, tag in enumerate(item.case.tags):
            loc = ("tags", i)
            folded = tag.casefold()
            if folded in _RESERVED_TAG:
                problems.append(
                    item.source.problem(
                        loc, f"标签“{tag}”是保留名称：它会与自动生成的页面 {_RESERVED_TAG[folded]}重名，请换一个说法"
                    )
                )
                continue
            size = len(tag.encode("utf-8"))
            if size > MAX_NAME_BYTES:
                problems.append(
                    item.source.problem(
                        loc,
                        f"标签“{tag[:12]}……”太长：标签会成为网页的文件名，现有 {size} 字节，"
                        f"最多 {MAX_NAME_BYTES} 字节（约 {MAX_NAME_BYTES // 3} 个汉字），请改短",
                    )
                )
                continue
            seen = first.setdefault(folded, (tag, item.source, i))
            if seen[0] != tag:
                line, col = seen[1].where(("tags", seen[2]))
                problems.append(
                    item.source.problem(
                        loc,
                        f"标签“{tag}”与 {seen[1].path}:{line}:{col} 的标签“{seen[0]}”只有大小写不同，"
                        "在 Windows 上会生成同一个网页文件，请统一写法",
                    )
                )
    return problems

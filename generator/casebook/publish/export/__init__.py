"""Export the question bank for learning platforms: ``casebook export``, one module per format."""

from __future__ import annotations

from collections.abc import Callable

from casebook.library.load import Library
from casebook.publish.export.common import ExportOptions, Item, flatten, select_questions, usage_error
from casebook.publish.export.gift import gift
from casebook.publish.export.moodle import moodle_xml
from casebook.publish.export.xlsx import xlsx

Writer = Callable[[list[Item], ExportOptions], bytes]
WRITERS: dict[str, Writer] = {"gift": gift, "moodle-xml": moodle_xml, "xlsx": xlsx}


def export_questions(
    library: Library,
    fmt: str,
    *,
    track: str | None = None,
    tag: str | None = None,
    options: ExportOptions | None = None,
) -> bytes:
    """The selected practice questions in one export format, as the bytes of the file."""
    writer = WRITERS.get(fmt)
    if writer is None:
        raise usage_error(f"不支持的导出格式“{fmt}”，可选：{'、'.join(WRITERS)}")
    chosen = select_questions(library, track=track, tag=tag)
    return writer([item for entry in chosen for item in flatten(entry)], options or ExportOptions())

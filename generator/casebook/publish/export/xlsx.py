"""An xlsx workbook in the layout of Chinese learning platforms' question-import templates."""

from __future__ import annotations

import random
import re
import zipfile
from io import BytesIO
from xml.sax.saxutils import escape

from casebook.errors import CasebookError, Problem
from casebook.publish.export.common import WHERE, ExportOptions, Item, Kind, usage_error
from casebook.publish.export.moodle import xml_safe

# --- xlsx --------------------------------------------------------------------------------------

MAX_OPTIONS = 6
LETTERS = "ABCDEF"
OPTION_COLUMNS = tuple(f"选项{letter}" for letter in LETTERS)
XLSX_HEADER = ("题型", "题干", *OPTION_COLUMNS, "正确答案", "解析", "分类", "难度", "分值", "测验")
XLSX_TYPES: dict[Kind, str] = {"single": "单选题", "multiple": "多选题", "truefalse": "判断题", "ordering": "排序题"}
_COLUMNS = "ABCDEFGHIJKLMN"
_WIDTHS = (8, 48, 24, 24, 24, 24, 24, 24, 12, 48, 24, 6, 6, 24)
# A separator must not be a letter, or 'A' + 'B' could not be told apart from an option letter.
_SEPARATOR = re.compile(r"[^A-Za-z0-9\s]{0,3}")
# A zip entry's time stamp; fixed so the same library always gives the same bytes.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def xlsx(items: list[Item], options: ExportOptions) -> bytes:
    _check_separator(options.separator)
    _check_option_counts(items)
    rows: list[list[str | int]] = [list(XLSX_HEADER), *(xlsx_row(item, options.separator) for item in items)]
    return _workbook(_sheet_xml(rows))


def _option_count(item: Item) -> int:
    return len(item.order) if item.kind == "ordering" else len(item.choices)


def _check_option_counts(items: list[Item]) -> None:
    problems = [
        Problem(
            WHERE,
            1,
            1,
            f"题目“{item.name}”有 {_option_count(item)} 个选项，xlsx 最多容纳 {MAX_OPTIONS} 个（选项A～选项F）："
            "请减少选项，或改用 gift、moodle-xml 格式导出",
        )
        for item in items
        if _option_count(item) > MAX_OPTIONS
    ]
    if problems:
        raise CasebookError(problems)


def _check_separator(separator: str) -> None:
    if not _SEPARATOR.fullmatch(separator):
        raise usage_error(f"多选答案分隔符“{separator}”无效：请用不含字母和数字的 0～3 个符号，例如 ; 或 ,")


def xlsx_row(item: Item, separator: str = ";") -> list[str | int]:
    """题型, 题干, 选项A–F, 正确答案, 解析, 分类 (the case category only), 难度, 分值, 测验."""
    options, letters = _xlsx_answer(item)
    padding = [""] * (MAX_OPTIONS - len(options))
    answer = separator.join(letters)
    return [
        XLSX_TYPES[item.kind],
        item.stem,
        *options,
        *padding,
        answer,
        item.explanation,
        item.category,
        item.difficulty or "",
        item.points,
        item.quiz_title,
    ]


def _xlsx_answer(item: Item) -> tuple[list[str], list[str]]:
    """The option columns and the answer's parts: letters such as ``A``, ``C``, one of 正确/错误,
    or for ordering the letters of the (shuffled) options in their right order."""
    if item.kind == "truefalse":
        return [], ["正确" if item.truth else "错误"]
    if item.kind == "ordering":
        shown = shuffled_positions(item.name, len(item.order))
        return [item.order[position] for position in shown], [LETTERS[shown.index(p)] for p in range(len(shown))]
    letters = [LETTERS[i] for i, choice in enumerate(item.choices) if choice.fraction > 0]
    return [choice.text for choice in item.choices], letters


def shuffled_positions(seed: str, count: int) -> list[int]:
    """A stable shuffle of ``range(count)`` that is never the identity, so an ordering question
    never shows its steps already in order."""
    positions = list(range(count))
    random.Random(seed).shuffle(positions)
    if positions == sorted(positions):
        positions = positions[1:] + positions[:1]
    return positions


def _sheet_xml(rows: list[list[str | int]]) -> str:
    cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(_WIDTHS, 1))
    body = "".join(_row_xml(number, cells) for number, cells in enumerate(rows, 1))
    return (
        f'{_XML_DECLARATION}<worksheet xmlns="{_MAIN_NS}">'
        '<sheetViews><sheetView workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        "</sheetView></sheetViews>"
        f"<cols>{cols}</cols><sheetData>{body}</sheetData></worksheet>"
    )


def _row_xml(number: int, cells: list[str | int]) -> str:
    style = 1 if number == 1 else 2
    xml = "".join(_cell_xml(f"{_COLUMNS[column]}{number}", value, style) for column, value in enumerate(cells) if value)
    return f'<row r="{number}">{xml}</row>'


def _cell_xml(ref: str, value: str | int, style: int) -> str:
    if isinstance(value, int):  # a number cell, so the platform reads 分值 as a number
        return f'<c r="{ref}" s="{style}"><v>{value}</v></c>'
    text = escape(xml_safe(value))
    return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def _workbook(sheet: str) -> bytes:
    parts = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _ROOT_RELS,
        "xl/workbook.xml": _WORKBOOK,
        "xl/_rels/workbook.xml.rels": _WORKBOOK_RELS,
        "xl/styles.xml": _STYLES,
        "xl/worksheets/sheet1.xml": sheet,
    }
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"

_CONTENT_TYPES = (
    f'{_XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_OFFICE_TYPE}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_OFFICE_TYPE}.worksheet+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{_OFFICE_TYPE}.styles+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    f'{_XML_DECLARATION}<Relationships xmlns="{_PKG_REL_NS}">'
    f'<Relationship Id="rId1" Type="{_REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    f'{_XML_DECLARATION}<workbook xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}">'
    '<sheets><sheet name="题库" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    f'{_XML_DECLARATION}<Relationships xmlns="{_PKG_REL_NS}">'
    f'<Relationship Id="rId1" Type="{_REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL_NS}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
# Three cell styles: 0 default, 1 bold (the header), 2 wrapped and top-aligned (the questions).
_STYLES = (
    f'{_XML_DECLARATION}<styleSheet xmlns="{_MAIN_NS}">'
    '<fonts count="2"><font><sz val="11"/><name val="等线"/></font>'
    '<font><b/><sz val="11"/><name val="等线"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)

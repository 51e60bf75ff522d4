"""Export the question bank for learning platforms: ``casebook export``.

Three formats: GIFT and Moodle XML, which Moodle imports, and an xlsx workbook in the layout of
the question-import templates of Chinese learning platforms. Every format is written from the same
flat list of exported questions (``Item``): a dialogue becomes one single-choice question per step,
and each writer only decides how to spell an item.
"""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from io import BytesIO
from itertools import groupby
from typing import Literal
from xml.sax.saxutils import escape

from casebook.bank import BankQuestion, pool_members
from casebook.errors import CasebookError, Problem
from casebook.library import Library
from casebook.quizmodel import MultipleChoice, Option, Ordering, SingleChoice, Track, TrueFalse

# Problems with the command's arguments are reported against the command line.
WHERE = "命令行"

CATEGORY_ROOT = "casebook"
ORDER_HINT = "（排序题：请为每个序号选出该位置上的步骤。）"
GIFT_ORDER_NOTE = "排序题：GIFT 没有排序题型，这里导出为配对题，每个序号配对该位置上的步骤。"
XML_ORDER_NOTE = "排序题：Moodle 的排序题型并非每个版本都有，这里导出为配对题，每个序号配对该位置上的步骤。"

Kind = Literal["single", "multiple", "truefalse", "ordering"]


@dataclass(frozen=True)
class Choice:
    """One answer of a choice question."""

    text: str
    fraction: float
    """Share of the mark in percent: 100 or 0 for single choice. For multiple choice the right
    answers share +100 and the wrong ones share -100, so ticking every box scores nothing."""
    feedback: str | None = None


@dataclass(frozen=True)
class Item:
    """One exported question, whatever the format."""

    name: str
    """The bank key (``quiz/question``), plus ``/<step>`` for a dialogue step."""
    kind: Kind
    stem: str
    explanation: str
    quiz_title: str
    category: str
    """The case category, or the quiz title when the quiz belongs to no case."""
    tags: tuple[str, ...]
    choices: tuple[Choice, ...] = ()
    truth: bool = False
    order: tuple[str, ...] = ()
    """Ordering questions: the steps in their right order."""


# --- Selection ---------------------------------------------------------------------------------


def export_questions(library: Library, fmt: str, *, track: str | None = None, tag: str | None = None) -> bytes:
    """The selected practice questions in one export format, as the bytes of the file."""
    writer = _WRITERS.get(fmt)
    if writer is None:
        raise _usage_error(f"不支持的导出格式“{fmt}”，可选：{'、'.join(_WRITERS)}")
    chosen = select_questions(library, track=track, tag=tag)
    return writer([item for entry in chosen for item in flatten(entry)])


def select_questions(library: Library, *, track: str | None = None, tag: str | None = None) -> tuple[BankQuestion, ...]:
    """Every practice question; with a track, those of its quizzes and its final exam's pools;
    with a tag, those carrying it. Unknown names and empty selections raise a CasebookError."""
    bank = library.bank
    chosen = bank
    if track is not None:
        keys = _track_keys(library, bank, _find_track(library, track))
        chosen = tuple(item for item in chosen if item.key in keys)
    if tag is not None:
        _check_tag(bank, tag)
        chosen = tuple(item for item in chosen if tag in item.tags)
    if not chosen:
        raise _usage_error(_empty_message(track, tag))
    return chosen


def _find_track(library: Library, name: str) -> Track:
    for track in library.tracks:
        if name in (track.id, track.title):
            return track
    choices = "、".join(f"{t.id}（{t.title}）" for t in library.tracks) or "（没有培训路线）"
    raise _usage_error(f"找不到培训路线“{name}”，可选：{choices}")


def _track_keys(library: Library, bank: tuple[BankQuestion, ...], track: Track) -> set[str]:
    quiz_ids = [*(quiz_id for module in track.modules for quiz_id in module.quizzes), track.final_exam]
    return {key for quiz_id in quiz_ids for key in _quiz_keys(library, bank, quiz_id)}


def _quiz_keys(library: Library, bank: tuple[BankQuestion, ...], quiz_id: str) -> set[str]:
    """A practice quiz's own questions, or everything an exam's pools may draw."""
    quiz = next((q for q in library.quizzes if q.id == quiz_id), None)
    if quiz is None:
        return set()
    if quiz.kind == "考试":
        return {item.key for pool in quiz.pools for item in pool_members(bank, pool)}
    return {item.key for item in bank if item.quiz.id == quiz_id}


def _check_tag(bank: tuple[BankQuestion, ...], tag: str) -> None:
    tags = sorted({t for item in bank for t in item.tags})
    if tag not in tags:
        raise _usage_error(f"没有题目带有标签“{tag}”，可选的标签：{'、'.join(tags) or '（没有标签）'}")


def _empty_message(track: str | None, tag: str | None) -> str:
    if track is not None and tag is not None:
        return f"培训路线“{track}”中没有带标签“{tag}”的题目"
    if track is not None:
        return f"培训路线“{track}”中没有可导出的题目"
    return "题库中没有可导出的题目：请先在 quizzes/ 中编写练习测验"


def _usage_error(message: str) -> CasebookError:
    return CasebookError([Problem(WHERE, 1, 1, message)])


# --- Flattening --------------------------------------------------------------------------------


def flatten(entry: BankQuestion) -> list[Item]:
    """The exported questions of one bank question: one, or one per dialogue step."""
    q = entry.question
    base = Item(
        name=entry.key,
        kind="single",
        stem=q.prompt,
        explanation=q.explanation,
        quiz_title=entry.quiz.title,
        category=entry.category or entry.quiz.title,
        tags=tuple(sorted(entry.tags)),
    )
    if isinstance(q, SingleChoice):
        return [replace(base, choices=_single(q.options, q.answer))]
    if isinstance(q, MultipleChoice):
        return [replace(base, kind="multiple", choices=_multiple(q.options, q.answer))]
    if isinstance(q, TrueFalse):
        return [replace(base, kind="truefalse", truth=q.answer)]
    if isinstance(q, Ordering):
        return [replace(base, kind="ordering", order=tuple(q.items))]
    total = len(q.steps)
    return [
        replace(
            base,
            name=f"{entry.key}/{number}",
            stem=step_stem(q.prompt, step.customer, number, total),
            choices=_single(step.options, step.answer),
        )
        for number, step in enumerate(q.steps, 1)
    ]


def step_stem(scene: str, customer: str, number: int, total: int) -> str:
    """The stem of one dialogue step: the scene, then what the customer says in this step."""
    who = "客户" if total == 1 else f"第 {number} 轮（共 {total} 轮），客户"
    return f"{scene}\n{who}：{customer}\n请选出最恰当的回应。"


def _single(options: Sequence[Option], answer: str) -> tuple[Choice, ...]:
    return tuple(Choice(o.text, 100.0 if o.id == answer else 0.0, o.feedback) for o in options)


def _multiple(options: Sequence[Option], answer: Sequence[str]) -> tuple[Choice, ...]:
    right = set(answer)
    wrong = len(options) - len(right)
    return tuple(Choice(o.text, 100 / len(right) if o.id in right else -100 / wrong, o.feedback) for o in options)


def percent(value: float) -> str:
    """A weight as Moodle writes it: ``100``, ``33.33333``, ``-50``."""
    return f"{value:.5f}".rstrip("0").rstrip(".")


def category_path(title: str) -> str:
    """The Moodle question category of a quiz; a slash inside a name is written twice."""
    return f"{CATEGORY_ROOT}/{' '.join(title.split()).replace('/', '//')}"


def _by_quiz(items: Iterable[Item]) -> Iterator[tuple[str, list[Item]]]:
    for title, group in groupby(items, key=lambda item: item.quiz_title):
        yield title, list(group)


# --- GIFT --------------------------------------------------------------------------------------

# Moodle's own GIFT escaping (qformat_gift::repchar): the control characters get a backslash,
# newlines become \n so a blank line never ends a question early.
_GIFT_ESCAPES = str.maketrans(
    {"\\": "\\\\", "~": "\\~", "=": "\\=", "#": "\\#", "{": "\\{", "}": "\\}", ":": "\\:", "\n": "\\n", "\r": ""}
)


def gift_escape(text: str) -> str:
    """Text with GIFT's control characters escaped."""
    return text.translate(_GIFT_ESCAPES)


def _gift_text(text: str, *, mark: bool = False) -> str:
    """Escaped text in Moodle's plain-text format. Answers and feedback inherit the format of the
    question text, so they are marked only when they start with '[' and would read as a marker."""
    prefix = "[plain]" if mark or text.startswith("[") else ""
    return prefix + gift_escape(text)


def _gift(items: list[Item]) -> bytes:
    blocks: list[str] = []
    for title, group in _by_quiz(items):
        header = _GIFT_HEADER if not blocks else ""
        blocks.append(f"{header}$CATEGORY: {_gift_category(title)}")
        blocks.extend(_gift_question(item) for item in group)
    return ("\n\n".join(blocks) + "\n").encode("utf-8")


def _gift_category(title: str) -> str:
    """Moodle reads the category line raw except for ``\\``, so only a backslash is escaped."""
    return category_path(title).replace("\\", "\\\\")


_GIFT_HEADER = (
    "// 案例通题库（GIFT 格式，UTF-8）：在 Moodle 的“题库 → 导入”中选择 GIFT 格式导入。\n"
    "// 每份测验一个题目类别；情景对话的每一轮导出为一道单选题；多选题按选项给分，选错扣分。\n"
)


def _gift_question(item: Item) -> str:
    note = f"// {GIFT_ORDER_NOTE}\n" if item.kind == "ordering" else ""
    stem = item.stem + ORDER_HINT if item.kind == "ordering" else item.stem
    lines = [
        f"{note}::{gift_escape(item.name)}::{_gift_text(stem, mark=True)} {{",
        *_GIFT_ANSWERS[item.kind](item),
        f"\t####{_gift_text(item.explanation)}",
        "}",
    ]
    return "\n".join(lines)


def _gift_choices(item: Item) -> list[str]:
    return [f"\t{_gift_mark(item.kind, c.fraction)}{_gift_text(c.text)}{_gift_feedback(c)}" for c in item.choices]


def _gift_mark(kind: Kind, fraction: float) -> str:
    """``=`` and ``~`` for single choice. Multiple choice uses weights only: Moodle lets the trainee
    tick several boxes exactly when no answer starts with ``=``."""
    if kind == "single":
        return "=" if fraction > 0 else "~"
    return f"~%{percent(fraction)}%"


def _gift_feedback(choice: Choice) -> str:
    return f"#{_gift_text(choice.feedback)}" if choice.feedback else ""


def _gift_truth(item: Item) -> list[str]:
    return ["\tTRUE" if item.truth else "\tFALSE"]


def _gift_matching(item: Item) -> list[str]:
    return [f"\t={number} -> {gift_escape(step)}" for number, step in enumerate(item.order, 1)]


_GIFT_ANSWERS: dict[Kind, Callable[[Item], list[str]]] = {
    "single": _gift_choices,
    "multiple": _gift_choices,
    "truefalse": _gift_truth,
    "ordering": _gift_matching,
}


# --- Moodle XML --------------------------------------------------------------------------------

# Characters XML 1.0 cannot carry at all, even escaped.
_XML_INVALID = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
PLAIN = "plain_text"


def xml_safe(text: str) -> str:
    """Text without the characters XML 1.0 forbids."""
    return _XML_INVALID.sub("", text)


def _moodle_xml(items: list[Item]) -> bytes:
    root = ET.Element("quiz")
    root.append(ET.Comment(" 案例通题库（Moodle XML）：在 Moodle 的“题库 → 导入”中选择 Moodle XML 格式导入。 "))
    for title, group in _by_quiz(items):
        root.append(_xml_category(title))
        for item in group:
            if item.kind == "ordering":
                root.append(ET.Comment(f" {XML_ORDER_NOTE} "))
            root.append(_XML_BUILDERS[item.kind](item))
    ET.indent(root)
    # Empty elements written out in full, as Moodle's own exports have them.
    text = ET.tostring(root, encoding="unicode", short_empty_elements=False)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{text}\n'.encode()


def _leaf(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    element.text = xml_safe(text)
    return element


def _xml_text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    """``<tag format="..."><text>...</text></tag>``, Moodle's wrapper for every piece of text."""
    element = ET.SubElement(parent, tag, attrs)
    _leaf(element, "text", text)
    return element


def _xml_category(title: str) -> ET.Element:
    question = ET.Element("question", type="category")
    _xml_text(question, "category", category_path(title))
    return question


def _xml_question(item: Item, qtype: str, stem: str) -> ET.Element:
    question = ET.Element("question", type=qtype)
    _xml_text(question, "name", item.name)
    _xml_text(question, "questiontext", stem, format=PLAIN)
    _xml_text(question, "generalfeedback", item.explanation, format=PLAIN)
    _leaf(question, "defaultgrade", "1")
    _leaf(question, "penalty", "1" if qtype == "truefalse" else "0.3333333")
    _leaf(question, "hidden", "0")
    return question


def _xml_tags(question: ET.Element, item: Item) -> ET.Element:
    if item.tags:
        tags = ET.SubElement(question, "tags")
        for tag in item.tags:
            _xml_text(tags, "tag", tag)
    return question


def _xml_multichoice(item: Item) -> ET.Element:
    question = _xml_question(item, "multichoice", item.stem)
    _leaf(question, "single", "true" if item.kind == "single" else "false")
    _leaf(question, "shuffleanswers", "true")
    _leaf(question, "answernumbering", "ABCD")
    for choice in item.choices:
        answer = _xml_text(question, "answer", choice.text, fraction=percent(choice.fraction), format=PLAIN)
        _xml_text(answer, "feedback", choice.feedback or "", format=PLAIN)
    return _xml_tags(question, item)


def _xml_truefalse(item: Item) -> ET.Element:
    question = _xml_question(item, "truefalse", item.stem)
    for value in (True, False):
        fraction = "100" if value == item.truth else "0"
        answer = _xml_text(question, "answer", "true" if value else "false", fraction=fraction, format=PLAIN)
        _xml_text(answer, "feedback", "", format=PLAIN)
    return _xml_tags(question, item)


def _xml_matching(item: Item) -> ET.Element:
    question = _xml_question(item, "matching", item.stem + ORDER_HINT)
    _leaf(question, "shuffleanswers", "true")
    for number, step in enumerate(item.order, 1):
        sub = _xml_text(question, "subquestion", str(number), format=PLAIN)
        _xml_text(sub, "answer", step)
    return _xml_tags(question, item)


_XML_BUILDERS: dict[Kind, Callable[[Item], ET.Element]] = {
    "single": _xml_multichoice,
    "multiple": _xml_multichoice,
    "truefalse": _xml_truefalse,
    "ordering": _xml_matching,
}


# --- xlsx --------------------------------------------------------------------------------------

MAX_OPTIONS = 6
LETTERS = "ABCDEF"
XLSX_HEADER = ("题型", "题干", *(f"选项{letter}" for letter in LETTERS), "正确答案", "解析", "分类")
XLSX_TYPES: dict[Kind, str] = {"single": "单选题", "multiple": "多选题", "truefalse": "判断题", "ordering": "排序题"}
_COLUMNS = "ABCDEFGHIJK"
_WIDTHS = (8, 48, 24, 24, 24, 24, 24, 24, 10, 48, 24)
# A zip entry's time stamp; fixed so the same library always gives the same bytes.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _xlsx(items: list[Item]) -> bytes:
    _check_option_counts(items)
    rows = [list(XLSX_HEADER), *(xlsx_row(item) for item in items)]
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


def xlsx_row(item: Item) -> list[str]:
    """题型, 题干, 选项A–F, 正确答案, 解析, 分类."""
    options, answer = _xlsx_answer(item)
    padding = [""] * (MAX_OPTIONS - len(options))
    return [XLSX_TYPES[item.kind], item.stem, *options, *padding, answer, item.explanation, item.category]


def _xlsx_answer(item: Item) -> tuple[list[str], str]:
    """The option columns and the answer: letters such as ``AC``, 正确/错误, or for ordering the
    letters of the (shuffled) options in their right order."""
    if item.kind == "truefalse":
        return [], "正确" if item.truth else "错误"
    if item.kind == "ordering":
        shown = shuffled_positions(item.name, len(item.order))
        answer = "".join(LETTERS[shown.index(position)] for position in range(len(shown)))
        return [item.order[position] for position in shown], answer
    letters = "".join(LETTERS[i] for i, choice in enumerate(item.choices) if choice.fraction > 0)
    return [choice.text for choice in item.choices], letters


def shuffled_positions(seed: str, count: int) -> list[int]:
    """A stable shuffle of ``range(count)`` that is never the identity, so an ordering question
    never shows its steps already in order."""
    positions = list(range(count))
    random.Random(seed).shuffle(positions)
    if positions == sorted(positions):
        positions = positions[1:] + positions[:1]
    return positions


def _sheet_xml(rows: list[list[str]]) -> str:
    cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(_WIDTHS, 1))
    body = "".join(_row_xml(number, cells) for number, cells in enumerate(rows, 1))
    return (
        f'{_XML_DECLARATION}<worksheet xmlns="{_MAIN_NS}">'
        '<sheetViews><sheetView workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        "</sheetView></sheetViews>"
        f"<cols>{cols}</cols><sheetData>{body}</sheetData></worksheet>"
    )


def _row_xml(number: int, cells: list[str]) -> str:
    style = 1 if number == 1 else 2
    xml = "".join(_cell_xml(f"{_COLUMNS[column]}{number}", value, style) for column, value in enumerate(cells) if value)
    return f'<row r="{number}">{xml}</row>'


def _cell_xml(ref: str, value: str, style: int) -> str:
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


_WRITERS: dict[str, Callable[[list[Item]], bytes]] = {"gift": _gift, "moodle-xml": _moodle_xml, "xlsx": _xlsx}

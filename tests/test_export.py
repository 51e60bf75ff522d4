"""casebook export: every format is read back with an independent parser (gift-pegjs for GIFT,
xml.etree for Moodle XML, openpyxl for xlsx) and compared, question by question, with the library."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from casebook.errors import CasebookError
from casebook.library.bank import BankQuestion, pool_members
from casebook.library.load import Library, load_library
from casebook.library.quiz_model import Dialogue, MultipleChoice, Option, Ordering, SingleChoice, TrueFalse
from casebook.publish.export import export_questions
from casebook.publish.export.common import ExportOptions
from helpers import REPO, Project, run_casebook

JS = REPO / "tests" / "js"
LETTERS = "ABCDEF"
XLSX_HEADER = (
    "题型", "题干", "选项A", "选项B", "选项C", "选项D", "选项E", "选项F", "正确答案", "解析", "分类", "难度", "分值", "测验",
)  # fmt: skip
XLSX_KINDS = {"单选题": "single", "多选题": "multiple", "判断题": "truefalse", "排序题": "ordering"}

# Every GIFT control character, markup, blank lines, comment-like lines and a trailing backslash.
TRICKY_QUIZ = r"""
id: tricky
title: 转义/测验：a{b}
case: tricky
tags: [转义]
questions:
  - id: q1
    type: 单选
    prompt: '冒号: 等号= 波浪~ 井号# 花括号{x} 反斜杠\ 百分号%50% 箭头-> <script>alert(1)</script> & "引号"'
    options:
      - id: a
        text: '[html]<b>不是粗体</b>'
        feedback: '#### 不是总评 \n 也不是换行'
      - id: b
        text: '=%100%不是权重 ~ 不是错项'
        feedback: |-
          第一行
          // 第二行不是注释

          空行之后 ::不是标题::
    answer: b
    explanation: '解析以反斜杠结尾\'
    difficulty: 难
  - id: q6
    type: 单选
    prompt: 'CDATA 结束符 ]]> 也在题干里 & <b>'
    options:
      - id: a
        text: '先核实 -> 再办理'
        feedback: '箭头 -> 不是配对'
      - id: b
        text: '%100%不是权重'
        feedback: '%50% 也不是'
      - id: c
        text: '{}=~#: ]]> 全是符号'
      - id: d
        text: '  %0%前面有空格'
    answer: a
    explanation: '解析里有 ]]> 和 ]]]]>'
    difficulty: 中
  - id: q2
    type: 多选
    prompt: 多选 {a} b=c
    options:
      - {id: a, text: '{甲}', feedback: '对#'}
      - {id: b, text: 'b = c'}
      - {id: c, text: 'd # e', feedback: '错 ~ 了'}
      - {id: d, text: '~戊'}
      - {id: e, text: '%-50%不是扣分'}
    answer: [a, b, d]
    explanation: 只有右括号 }
  - id: q3
    type: 判断
    prompt: 'TRUE 还是 FALSE？{T}'
    answer: false
    explanation: '[plain]开头的解析'
  - id: q4
    type: 排序
    prompt: 排序 -> 配对
    items: ['先 = 一', '再 -> 二', '然后 ~#{}: 三', '最后 \ 四']
    explanation: 'a\\b'
  - id: q5
    type: 对话
    prompt: |-
      场景第一行：
      场景第二行 {注意}
    steps:
      - customer: '你们 = 什么 # 意思？'
        options:
          - {id: a, text: '道歉 ~ 共情', feedback: '好：先共情'}
          - {id: b, text: '争辩'}
        answer: a
      - customer: '那 {怎么办}?'
        options:
          - {id: a, text: '推诿'}
          - {id: b, text: '给出办法：1) 2) 3)', feedback: '对'}
          - {id: c, text: '沉默'}
        answer: b
    explanation: 对话解析
"""


# --- What the library says the export must contain ------------------------------------------


@dataclass(frozen=True)
class Expected:
    name: str
    kind: str
    quiz_title: str
    category: str
    stem_parts: tuple[str, ...]
    """One part: the stem itself. Several (a dialogue step): all of them inside the stem."""
    explanation: str
    tags: tuple[str, ...]
    difficulty: str | None = None
    choices: tuple[tuple[str, bool, str | None], ...] = ()
    truth: bool | None = None
    order: tuple[str, ...] = ()


def _choices(options: list[Option], right: set[str]) -> tuple[tuple[str, bool, str | None], ...]:
    return tuple((o.text, o.id in right, o.feedback) for o in options)


def expected_one(entry: BankQuestion) -> list[Expected]:
    q = entry.question
    common: dict[str, Any] = {
        "quiz_title": entry.quiz.title,
        "category": entry.category or "",
        "difficulty": q.difficulty,
        "explanation": q.explanation,
        "tags": tuple(sorted(entry.tags)),
    }
    if isinstance(q, SingleChoice):
        return [
            Expected(entry.key, "single", stem_parts=(q.prompt,), choices=_choices(q.options, {q.answer}), **common)
        ]
    if isinstance(q, MultipleChoice):
        return [
            Expected(
                entry.key, "multiple", stem_parts=(q.prompt,), choices=_choices(q.options, set(q.answer)), **common
            )
        ]
    if isinstance(q, TrueFalse):
        return [Expected(entry.key, "truefalse", stem_parts=(q.prompt,), truth=q.answer, **common)]
    if isinstance(q, Ordering):
        return [Expected(entry.key, "ordering", stem_parts=(q.prompt,), order=tuple(q.items), **common)]
    assert isinstance(q, Dialogue)
    return [
        Expected(
            f"{entry.key}/{n}",
            "single",
            stem_parts=(q.prompt, step.customer),
            choices=_choices(step.options, {step.answer}),
            **common,
        )
        for n, step in enumerate(q.steps, 1)
    ]


def expected(bank: tuple[BankQuestion, ...]) -> list[Expected]:
    return [item for entry in bank for item in expected_one(entry)]


# --- What a parser read back ------------------------------------------------------------------


@dataclass(frozen=True)
class Parsed:
    name: str | None
    kind: str
    group: str
    """GIFT and Moodle XML: the question category; xlsx: the 分类 column."""
    stem: str
    explanation: str
    choices: tuple[tuple[str, float, str | None], ...] = ()
    """Text, weight in percent, feedback (None where the format has none)."""
    truth: bool | None = None
    order: tuple[str, ...] = ()
    tags: tuple[str, ...] | None = None
    as_matching: bool = False
    """An ordering question that arrived as a matching question (GIFT, or --moodle-ordering matching)."""
    xlsx: tuple[str, str | None, int] | None = None
    """xlsx only: the 测验, 难度 and 分值 columns."""


def assert_matches(parsed: list[Parsed], wanted: list[Expected], fmt: str) -> None:
    """Question by question: kind, stem, answers, weights, feedback and explanation."""
    assert len(parsed) == len(wanted)
    for got, exp in zip(parsed, wanted, strict=True):
        if fmt != "xlsx":
            assert got.name == exp.name
            # Moodle reads '/' as the category separator and '//' as a slash inside a name.
            assert got.group == "casebook/" + exp.quiz_title.replace("/", "//")
        else:
            assert got.group == exp.category
            assert got.xlsx == (exp.quiz_title, exp.difficulty, 1), exp.name
        assert got.kind == exp.kind, exp.name
        _assert_stem(got, exp)
        assert got.explanation == exp.explanation, exp.name
        if got.tags is not None:
            assert got.tags == exp.tags, exp.name
        if exp.kind == "truefalse":
            assert got.truth is exp.truth, exp.name
        elif exp.kind == "ordering":
            assert got.order == exp.order, exp.name
        else:
            _assert_choices(got, exp, fmt)


def _assert_stem(got: Parsed, exp: Expected) -> None:
    stem = got.stem
    first = exp.stem_parts[0]
    if got.as_matching:
        # Exported as matching: the prompt, then a line telling the trainee how to answer.
        assert stem.startswith(first) and "序号" in stem[len(first) :], exp.name
    elif len(exp.stem_parts) == 1:
        assert stem == first, exp.name
    else:
        assert stem.startswith(first) and all(part in stem for part in exp.stem_parts), exp.name


def _assert_choices(got: Parsed, exp: Expected, fmt: str) -> None:
    choices = got.choices
    if fmt == "gift" and exp.kind == "single":
        # GIFT may put a wrong answer first (a right first answer with '->' reads as matching to
        # gift-pegjs); Moodle shuffles answers, so only the set of answers must be the library's.
        choices = tuple(sorted(choices, key=lambda c: [e[0] for e in exp.choices].index(c[0])))
    assert [c[0] for c in choices] == [c[0] for c in exp.choices], exp.name
    assert [c[1] > 0 for c in choices] == [c[1] for c in exp.choices], exp.name
    if fmt == "xlsx":
        return
    assert [c[2] or None for c in choices] == [c[2] for c in exp.choices], exp.name
    weights = [c[1] for c in choices]
    if exp.kind == "single":
        assert sorted(weights) == [0.0] * (len(weights) - 1) + [100.0], exp.name
        return
    # Partial credit: the right answers share 100, the wrong ones share -100.
    right = [w for w in weights if w > 0]
    wrong = [w for w in weights if w <= 0]
    assert len(set(right)) == 1 and sum(right) == pytest.approx(100, abs=0.01), exp.name
    assert all(w < 0 for w in wrong), exp.name
    if wrong:
        assert sum(wrong) == pytest.approx(-100, abs=0.01), exp.name


# --- GIFT through gift-pegjs -----------------------------------------------------------------


def parse_gift(text: str) -> list[dict[str, Any]]:
    """Run tests/js/parse-gift.mjs (gift-pegjs) on the text and return its JSON."""
    node = shutil.which("node")
    if node is None:
        message = "node is missing: the GIFT export is checked with gift-pegjs (install Node.js, then `make node-deps`)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    if not (JS / "node_modules" / "gift-pegjs").is_dir():
        pytest.fail("gift-pegjs is not installed in tests/js: run `make node-deps`")
    result = subprocess.run(
        [node, str(JS / "parse-gift.mjs")], input=text.encode(), capture_output=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr.decode()
    parsed: list[dict[str, Any]] = json.loads(result.stdout)
    return parsed


def _gift_text(value: dict[str, str] | None) -> str | None:
    if value is None:
        return None
    assert value["format"] == "plain"
    return value["text"]


def _gift_unplaceholder(text: str) -> str:
    """gift-pegjs leaves Moodle's escape placeholders (&&061; for '=') in matching answers,
    where Moodle itself turns them back into the characters."""
    return re.sub(r"&&(\d{3});?", lambda m: chr(int(m.group(1))), text)


def gift_questions(text: str) -> list[Parsed]:
    parsed: list[Parsed] = []
    category = ""
    for q in parse_gift(text):
        if q["type"] == "Category":
            category = q["title"]
            continue
        common: dict[str, Any] = {
            "name": q["title"],
            "group": category,
            "stem": _gift_text(q["stem"]),
            "explanation": _gift_text(q["globalFeedback"]),
        }
        parsed.append(_gift_question(q, common))
    return parsed


def _gift_question(q: dict[str, Any], common: dict[str, Any]) -> Parsed:
    if q["type"] == "TF":
        return Parsed(kind="truefalse", truth=q["isTrue"], **common)
    if q["type"] == "Matching":
        pairs = q["matchPairs"]
        assert [p["subquestion"]["text"] for p in pairs] == [str(n) for n in range(1, len(pairs) + 1)]
        order = tuple(_gift_unplaceholder(p["subanswer"]) for p in pairs)
        return Parsed(kind="ordering", order=order, as_matching=True, **common)
    assert q["type"] == "MC", q
    # Moodle's rule: an answer starting with '=' makes it a one-answer question; weights only, several.
    kind = "single" if any(c["isCorrect"] for c in q["choices"]) else "multiple"
    choices = tuple(
        (
            _gift_text(c["text"]),
            float(c["weight"]) if c["weight"] is not None else (100.0 if c["isCorrect"] else 0.0),
            _gift_text(c["feedback"]),
        )
        for c in q["choices"]
    )
    return Parsed(kind=kind, choices=choices, **common)


# --- Moodle XML through xml.etree ------------------------------------------------------------


def _xml_text(element: ET.Element, path: str, fmt: str | None = "plain_text") -> str:
    found = element.find(path)
    assert found is not None, path
    assert found.get("format") == fmt, path
    return found.findtext("text") or ""


def assert_cdata(data: bytes) -> None:
    """Every non-empty <text> is CDATA, as in Moodle's own exports (entities lose spaces on import)."""
    for match in re.finditer(rb"<text>(.*?)</text>", data, flags=re.DOTALL):
        assert match.group(1) == b"" or match.group(1).startswith(b"<![CDATA["), match.group(0)[:80]


def xml_questions(data: bytes) -> list[Parsed]:
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert_cdata(data)
    root = ET.fromstring(data)
    assert root.tag == "quiz"
    parsed: list[Parsed] = []
    category = ""
    for q in root.findall("question"):
        if q.get("type") == "category":
            category = _xml_text(q, "category", None)
            continue
        common: dict[str, Any] = {
            "name": _xml_text(q, "name", None),
            "group": category,
            "stem": _xml_text(q, "questiontext"),
            "explanation": _xml_text(q, "generalfeedback"),
            "tags": tuple(t.findtext("text") or "" for t in q.findall("tags/tag")),
        }
        parsed.append(_xml_question(q, common))
    return parsed


def _xml_question(q: ET.Element, common: dict[str, Any]) -> Parsed:
    qtype = q.get("type")
    if qtype == "truefalse":
        fractions = {a.findtext("text"): float(a.get("fraction", "")) for a in q.findall("answer")}
        assert sorted(fractions) == ["false", "true"] and sorted(fractions.values()) == [0, 100]
        return Parsed(kind="truefalse", truth=fractions["true"] == 100, **common)
    if qtype == "matching":
        subs = q.findall("subquestion")
        assert [_xml_text(s, ".") for s in subs] == [str(n) for n in range(1, len(subs) + 1)]
        order = tuple(s.findtext("answer/text") or "" for s in subs)
        return Parsed(kind="ordering", order=order, as_matching=True, **common)
    if qtype == "ordering":
        # qtype_ordering: the answers in their right order (fraction = position), all shown, all or nothing.
        answers = q.findall("answer")
        assert [a.get("fraction") for a in answers] == [str(n) for n in range(1, len(answers) + 1)]
        settings = {tag: q.findtext(tag) for tag in ("layouttype", "selecttype", "selectcount", "gradingtype")}
        assert settings == {
            "layouttype": "VERTICAL",
            "selecttype": "ALL",
            "selectcount": str(len(answers)),
            "gradingtype": "ALL_OR_NOTHING",
        }
        return Parsed(kind="ordering", order=tuple(_xml_text(a, ".") for a in answers), **common)
    assert qtype == "multichoice", qtype
    assert q.findtext("defaultgrade") == "1"
    kind = {"true": "single", "false": "multiple"}[q.findtext("single") or ""]
    choices = tuple(
        (_xml_text(a, "."), float(a.get("fraction", "")), _xml_text(a, "feedback") or None) for a in q.findall("answer")
    )
    return Parsed(kind=kind, choices=choices, **common)


# --- xlsx through openpyxl -------------------------------------------------------------------


def xlsx_questions(data: bytes, separator: str = ";") -> list[Parsed]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    rows = [tuple(v if v is not None else "" for v in row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == XLSX_HEADER
    return [_xlsx_question(row, separator) for row in rows[1:]]


def _xlsx_question(row: tuple[Any, ...], separator: str) -> Parsed:
    type_name, stem, *columns, joined, explanation, group, difficulty, points, quiz_title = row
    assert isinstance(points, int), "分值 is a number cell"
    answer = joined.split(separator) if separator and type_name != "判断题" else list(joined)
    options = [c for c in columns if c]
    assert columns[: len(options)] == options, "options must fill 选项A onwards without gaps"
    kind = XLSX_KINDS[type_name]
    common: dict[str, Any] = {
        "name": None,
        "kind": kind,
        "group": group,
        "stem": stem,
        "explanation": explanation,
        "xlsx": (quiz_title, difficulty or None, points),
    }
    if kind == "truefalse":
        assert options == [] and joined in ("正确", "错误")
        return Parsed(truth=joined == "正确", **common)
    letters = LETTERS[: len(options)]
    if kind == "ordering":
        assert sorted(answer) == list(letters) and answer != list(letters), "a shuffled order, every option once"
        return Parsed(order=tuple(options[letters.index(x)] for x in answer), **common)
    assert answer == sorted(set(answer)) and set(answer) <= set(letters)
    return Parsed(
        choices=tuple((o, 100.0 if x in answer else 0.0, None) for o, x in zip(options, letters, strict=True)), **common
    )


# --- Fixtures --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(REPO)


@pytest.fixture
def tricky(project: Project) -> Library:
    project.case("tricky")
    (project.root / "quizzes").mkdir()
    (project.root / "quizzes" / "tricky.yaml").write_text(TRICKY_QUIZ, encoding="utf-8")
    return project.load()


# --- Round trips -----------------------------------------------------------------------------


def test_gift_round_trips_the_library(library: Library) -> None:
    text = export_questions(library, "gift").decode("utf-8")
    assert_blocks(text)
    assert_matches(gift_questions(text), expected(library.bank), "gift")
    assert text.count("$CATEGORY: casebook/") == len({b.quiz.id for b in library.bank})
    assert "// 排序题：GIFT 没有排序题型" in text


def test_gift_escapes_every_control_character(tricky: Library) -> None:
    text = export_questions(tricky, "gift").decode("utf-8")
    assert_blocks(text)
    assert_matches(gift_questions(text), expected(tricky.bank), "gift")
    assert "$CATEGORY: casebook/转义//测验：a{b}\n" in text, "a slash inside a category name is doubled"


def assert_blocks(text: str) -> None:
    """Moodle splits a GIFT file at blank lines: each block is a category or exactly one question."""
    for block in text.strip("\n").split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("//")]
        assert lines[0].startswith(("$CATEGORY: ", "::")), block
        if lines[0].startswith("::"):
            assert lines[-1] == "}" and len(lines) == 1 + block.count("\n\t") + 1, block


def test_moodle_xml_round_trips_the_library(library: Library) -> None:
    data = export_questions(library, "moodle-xml")
    assert_matches(xml_questions(data), expected(library.bank), "moodle-xml")


def test_moodle_xml_carries_markup_and_cdata_ends_as_text(tricky: Library) -> None:
    data = export_questions(tricky, "moodle-xml")
    # CDATA, as Moodle exports it: the markup is text in a plain-text question, spaces kept.
    assert (
        '<![CDATA[冒号: 等号= 波浪~ 井号# 花括号{x} 反斜杠\\ 百分号%50% 箭头-> <script>alert(1)</script> & "引号"]]>'.encode()
        in data
    )
    assert "<![CDATA[CDATA 结束符 ]]]]><![CDATA[> 也在题干里 & <b>]]>".encode() in data
    assert_matches(xml_questions(data), expected(tricky.bank), "moodle-xml")


def test_moodle_xml_ordering_is_native_or_matching_on_request(library: Library) -> None:
    native = export_questions(library, "moodle-xml")
    older = export_questions(library, "moodle-xml", options=ExportOptions(moodle_ordering="matching"))
    orderings = sum(isinstance(b.question, Ordering) for b in library.bank)
    assert orderings > 0
    assert native.count(b'<question type="ordering">') == orderings and b'type="matching"' not in native
    assert older.count(b'<question type="matching">') == orderings and b'type="ordering"' not in older
    assert older.count("按选项 moodle-ordering=matching 导出为配对题".encode()) == orderings
    assert_matches(xml_questions(older), expected(library.bank), "moodle-xml")
    assert [q.order for q in xml_questions(native)] == [q.order for q in xml_questions(older)]


def test_xlsx_round_trips_the_library(library: Library) -> None:
    data = export_questions(library, "xlsx")
    assert_matches(xlsx_questions(data), expected(library.bank), "xlsx")


def test_xlsx_round_trips_special_characters(tricky: Library) -> None:
    data = export_questions(tricky, "xlsx")
    assert_matches(xlsx_questions(data), expected(tricky.bank), "xlsx")


def _xlsx_rows(data: bytes) -> list[tuple[Any, ...]]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    return list(sheet.iter_rows(min_row=2, values_only=True))


def test_xlsx_columns_an_lms_reads(tricky: Library) -> None:
    rows = {row[1]: row for row in _xlsx_rows(export_questions(tricky, "xlsx"))}
    multiple = rows["多选 {a} b=c"]
    assert multiple[8] == "A;B;D"  # 正确答案, the separator most Chinese LMS templates use
    # 分类 is the case category only; the quiz title has its own column.
    assert multiple[10] == tricky.case("tricky").category and multiple[13] == "转义/测验：a{b}"
    assert rows["CDATA 结束符 ]]> 也在题干里 & <b>"][11:13] == ("中", 1)
    assert multiple[11:13] == (None, 1)
    with_comma = _xlsx_rows(export_questions(tricky, "xlsx", options=ExportOptions(separator=",")))
    assert {row[1]: row for row in with_comma}["多选 {a} b=c"][8] == "A,B,D"
    assert_matches(
        xlsx_questions(export_questions(tricky, "xlsx", options=ExportOptions(separator="")), separator=""),
        expected(tricky.bank),
        "xlsx",
    )


def test_xlsx_refuses_a_separator_made_of_letters(tricky: Library) -> None:
    with pytest.raises(CasebookError) as info:
        export_questions(tricky, "xlsx", options=ExportOptions(separator="B"))
    assert [str(p) for p in info.value.problems] == [
        "命令行:1:1: 多选答案分隔符“B”无效：请用不含字母和数字的 0～3 个符号，例如 ; 或 ,"
    ]


def test_gift_hostile_answers_reach_moodle_as_text(tricky: Library) -> None:
    text = export_questions(tricky, "gift").decode("utf-8")
    # No escape exists for '%' or '->': '[plain]' keeps a leading weight-like '%' text, and a
    # right answer with '->' is not written first, where it would read as a matching pair.
    block = next(b for b in text.split("\n\n") if b.startswith("::tricky/q6::"))
    assert block.splitlines()[1:5] == [
        "\t~[plain]%100%不是权重#[plain]%50% 也不是",
        "\t=先核实 -> 再办理#箭头 -> 不是配对",
        "\t~\\{\\}\\=\\~\\#\\: ]]> 全是符号",
        "\t~[plain]%0%前面有空格",
    ]
    q6 = next(q for q in gift_questions(text) if q.name == "tricky/q6")
    assert {c[0]: c[1] for c in q6.choices} == {
        "先核实 -> 再办理": 100.0,
        "%100%不是权重": 0.0,
        "{}=~#: ]]> 全是符号": 0.0,
        "%0%前面有空格": 0.0,
    }


def test_xlsx_is_a_small_deterministic_workbook(library: Library) -> None:
    data = export_questions(library, "xlsx")
    assert data == export_questions(library, "xlsx")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        assert archive.namelist()[0] == "[Content_Types].xml"
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        sheet = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert 't="inlineStr"' in sheet and "sharedStrings" not in sheet
    assert openpyxl.load_workbook(io.BytesIO(data)).sheetnames == ["题库"]


def test_every_format_is_deterministic(library: Library) -> None:
    for fmt in ("gift", "moodle-xml"):
        assert export_questions(library, fmt) == export_questions(library, fmt)


def test_xlsx_refuses_more_than_six_options(project: Project) -> None:
    project.case("tricky")
    (project.root / "quizzes").mkdir()
    options = "\n".join(f"      - {{id: {x}, text: 选项{x}}}" for x in "abcdefg")
    quiz = f"id: tricky\ntitle: 七个选项\ncase: tricky\nquestions:\n  - id: q1\n    type: 单选\n    prompt: 选哪个？\n    options:\n{options}\n    answer: a\n    explanation: 选 a。\n"
    (project.root / "quizzes" / "tricky.yaml").write_text(quiz, encoding="utf-8")
    library = project.load()
    with pytest.raises(CasebookError) as info:
        export_questions(library, "xlsx")
    assert [str(p) for p in info.value.problems] == [
        "命令行:1:1: 题目“tricky/q1”有 7 个选项，xlsx 最多容纳 6 个（选项A～选项F）：请减少选项，或改用 gift、moodle-xml 格式导出"
    ]
    assert export_questions(library, "gift")  # the other formats have no such limit


# --- Selection -------------------------------------------------------------------------------


def track_keys(library: Library, track_id: str) -> set[str]:
    """The questions of a track's module quizzes and of its final exam's pools."""
    bank = library.bank
    track = next(t for t in library.tracks if t.id == track_id)
    quiz_ids = {quiz_id for module in track.modules for quiz_id in module.quizzes}
    keys = {b.key for b in bank if b.quiz.id in quiz_ids}
    return keys | {b.key for pool in library.quiz(track.final_exam).pools for b in pool_members(bank, pool)}


def test_track_exports_its_quizzes_and_its_exam_pools(library: Library) -> None:
    for track in library.tracks:
        keys = track_keys(library, track.id)
        wanted = expected(tuple(b for b in library.bank if b.key in keys))
        data = export_questions(library, "moodle-xml", track=track.id)
        assert_matches(xml_questions(data), wanted, "moodle-xml")


def test_tag_filter_narrows_the_selection(library: Library) -> None:
    bank = library.bank
    tagged = tuple(b for b in bank if "房贷" in b.tags)
    assert 0 < len(tagged) < len(bank)
    data = export_questions(library, "xlsx", tag="房贷")
    assert_matches(xlsx_questions(data), expected(tagged), "xlsx")


def test_track_and_tag_combine(library: Library) -> None:
    def names(**selection: str) -> set[str | None]:
        return {q.name for q in xml_questions(export_questions(library, "moodle-xml", **selection))}

    both = names(track="onboarding", tag="服务原则")
    assert both and both == names(track="onboarding") & names(tag="服务原则")


def test_track_and_tag_without_common_questions_is_an_error(library: Library) -> None:
    keys = track_keys(library, "advanced")
    covered = {t for b in library.bank if b.key in keys for t in b.tags}
    outside = sorted({t for b in library.bank for t in b.tags} - covered)
    assert outside, "the advanced track leaves some tags out"
    with pytest.raises(CasebookError) as info:
        export_questions(library, "xlsx", track="advanced", tag=outside[0])
    assert [str(p) for p in info.value.problems] == [f"命令行:1:1: 培训路线“advanced”中没有带标签“{outside[0]}”的题目"]


def test_unknown_track_names_the_tracks(library: Library) -> None:
    with pytest.raises(CasebookError) as info:
        export_questions(library, "gift", track="nope")
    assert [str(p) for p in info.value.problems] == [
        "命令行:1:1: 找不到培训路线“nope”，可选：onboarding（新员工入职培训）、advanced（在岗进阶培训）"
    ]


# --- The command line ------------------------------------------------------------------------


def test_cli_exports_gift_to_the_output_file(tmp_path: Path, library: Library) -> None:
    out = tmp_path / "bank.gift.txt"
    result = run_casebook("export", "--format", "gift", "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"题库已导出：{out}"
    assert out.read_bytes() == export_questions(library, "gift")


def test_cli_unknown_tag_lists_the_valid_tags(tmp_path: Path, library: Library) -> None:
    out = tmp_path / "bank.xml"
    result = run_casebook("export", "--format", "moodle-xml", "--tag", "不存在的标签", "--output", str(out))
    assert result.returncode == 1
    assert not out.exists()
    first, count = result.stderr.strip().splitlines()
    tags = sorted({t for b in library.bank for t in b.tags})
    assert first == f"命令行:1:1: 没有题目带有标签“不存在的标签”，可选的标签：{'、'.join(tags)}"
    assert count == "共发现 1 个问题，涉及 1 个文件。"
    assert "Traceback" not in result.stderr


def test_cli_passes_the_separator_and_the_moodle_ordering(tmp_path: Path, library: Library) -> None:
    sheet, bank = tmp_path / "bank.xlsx", tmp_path / "bank.xml"
    result = run_casebook("export", "--format", "xlsx", "--separator", ",", "--output", str(sheet))
    assert result.returncode == 0, result.stderr
    assert sheet.read_bytes() == export_questions(library, "xlsx", options=ExportOptions(separator=","))
    result = run_casebook("export", "--format", "moodle-xml", "--moodle-ordering", "matching", "--output", str(bank))
    assert result.returncode == 0, result.stderr
    assert bank.read_bytes() == export_questions(
        library, "moodle-xml", options=ExportOptions(moodle_ordering="matching")
    )


def test_difficulty_takes_only_the_three_levels(project: Project) -> None:
    project.case("tricky")
    (project.root / "quizzes").mkdir()
    quiz = "id: tricky\ntitle: 难度\ncase: tricky\nquestions:\n  - id: q1\n    type: 判断\n    prompt: 对吗？\n    answer: true\n    explanation: 对。\n    difficulty: 很难\n"
    (project.root / "quizzes" / "tricky.yaml").write_text(quiz, encoding="utf-8")
    assert project.problems() == [
        "quizzes/tricky.yaml:10:17: 字段 questions 第 1 项的 difficulty（难度）的值无效，可选：易、中、难，实际是文字“很难”"
    ]

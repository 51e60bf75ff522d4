"""Moodle XML question bank."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

from casebook.publish.export.common import ORDER_HINT, XML_ORDER_NOTE, Item, Kind, by_quiz, category_path, percent

# --- Moodle XML --------------------------------------------------------------------------------

# Characters XML 1.0 cannot carry at all, even escaped.
_XML_INVALID = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
PLAIN = "plain_text"


def xml_safe(text: str) -> str:
    """Text without the characters XML 1.0 forbids."""
    return _XML_INVALID.sub("", text)


def moodle_xml(items: list[Item]) -> bytes:
    root = ET.Element("quiz")
    root.append(ET.Comment(" 案例通题库（Moodle XML）：在 Moodle 的“题库 → 导入”中选择 Moodle XML 格式导入。 "))
    for title, group in by_quiz(items):
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

"""Moodle XML question bank."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

from casebook.publish.export.common import (
    ORDER_HINT,
    XML_ORDER_NOTE,
    ExportOptions,
    Item,
    Kind,
    by_quiz,
    category_path,
    percent,
)

# Characters XML 1.0 cannot carry at all, even escaped.
_XML_INVALID = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
PLAIN = "plain_text"
# Every piece of trainer text is written as CDATA, as Moodle's own exporter does: Moodle's importer
# loses the space between '>' and an entity such as '&amp;'. ElementTree has no CDATA, so the tree
# holds numbered placeholders that are swapped for the sections once serialised. Trainer text never
# reaches the serialised tree, so it cannot forge a placeholder.
_PLACEHOLDER = re.compile(r"\x1a(\d+)\x1a")
_MARK = "\x1a"


def xml_safe(text: str) -> str:
    """Text without the characters XML 1.0 forbids."""
    return _XML_INVALID.sub("", text)


def cdata(text: str) -> str:
    """``text`` as one CDATA section or more: ``]]>`` cannot sit inside one, so it is split there."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>" if text else ""


class _Writer:
    def __init__(self, options: ExportOptions) -> None:
        self.options = options
        self.texts: list[str] = []

    def text(self, parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
        """``<tag format="..."><text>...</text></tag>``, Moodle's wrapper for every piece of text."""
        element = ET.SubElement(parent, tag, attrs)
        self.texts.append(xml_safe(text))
        ET.SubElement(element, "text").text = f"{_MARK}{len(self.texts) - 1}{_MARK}"
        return element

    def document(self, items: list[Item]) -> bytes:
        root = ET.Element("quiz")
        root.append(ET.Comment(" 案例通题库（Moodle XML）：在 Moodle 的“题库 → 导入”中选择 Moodle XML 格式导入。 "))
        for title, group in by_quiz(items):
            root.append(self.category(title))
            for item in group:
                matching = item.kind == "ordering" and self.options.moodle_ordering == "matching"
                kind = "matching" if matching else item.kind
                if kind == "matching":
                    root.append(ET.Comment(f" {XML_ORDER_NOTE} "))
                root.append(_BUILDERS[kind](self, item))
        ET.indent(root)
        # Empty elements written out in full, as Moodle's own exports have them.
        text = ET.tostring(root, encoding="unicode", short_empty_elements=False)
        text = _PLACEHOLDER.sub(lambda m: cdata(self.texts[int(m.group(1))]), text)
        return f'<?xml version="1.0" encoding="UTF-8"?>\n{text}\n'.encode()

    def category(self, title: str) -> ET.Element:
        question = ET.Element("question", type="category")
        self.text(question, "category", category_path(title))
        return question

    def question(self, item: Item, qtype: str, stem: str) -> ET.Element:
        question = ET.Element("question", type=qtype)
        self.text(question, "name", item.name)
        self.text(question, "questiontext", stem, format=PLAIN)
        self.text(question, "generalfeedback", item.explanation, format=PLAIN)
        _leaf(question, "defaultgrade", str(item.points))
        _leaf(question, "penalty", "1" if qtype == "truefalse" else "0.3333333")
        _leaf(question, "hidden", "0")
        return question

    def tags(self, question: ET.Element, item: Item) -> ET.Element:
        if item.tags:
            tags = ET.SubElement(question, "tags")
            for tag in item.tags:
                self.text(tags, "tag", tag)
        return question

    def multichoice(self, item: Item) -> ET.Element:
        question = self.question(item, "multichoice", item.stem)
        _leaf(question, "single", "true" if item.kind == "single" else "false")
        _leaf(question, "shuffleanswers", "true")
        _leaf(question, "answernumbering", "ABCD")
        for choice in item.choices:
            answer = self.text(question, "answer", choice.text, fraction=percent(choice.fraction), format=PLAIN)
            self.text(answer, "feedback", choice.feedback or "", format=PLAIN)
        return self.tags(question, item)

    def truefalse(self, item: Item) -> ET.Element:
        question = self.question(item, "truefalse", item.stem)
        for value in (True, False):
            fraction = "100" if value == item.truth else "0"
            answer = self.text(question, "answer", "true" if value else "false", fraction=fraction, format=PLAIN)
            self.text(answer, "feedback", "", format=PLAIN)
        return self.tags(question, item)

    def ordering(self, item: Item) -> ET.Element:
        """Core qtype_ordering (Moodle 4.4+): the answers in their right order, every item shown,
        and full marks only for the exact order, as on the site."""
        question = self.question(item, "ordering", item.stem)
        for tag, value in (
            ("layouttype", "VERTICAL"),
            ("selecttype", "ALL"),
            ("selectcount", str(len(item.order))),
            ("gradingtype", "ALL_OR_NOTHING"),
            ("showgrading", "SHOW"),
            ("numberingstyle", "none"),
        ):
            _leaf(question, tag, value)
        for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
            self.text(question, tag, "", format=PLAIN)
        _leaf(question, "shownumcorrect", "1")
        for position, step in enumerate(item.order, 1):
            self.text(question, "answer", step, fraction=str(position), format=PLAIN)
        return self.tags(question, item)

    def matching(self, item: Item) -> ET.Element:
        question = self.question(item, "matching", item.stem + ORDER_HINT)
        _leaf(question, "shuffleanswers", "true")
        for number, step in enumerate(item.order, 1):
            sub = self.text(question, "subquestion", str(number), format=PLAIN)
            self.text(sub, "answer", step)
        return self.tags(question, item)


def _leaf(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, tag).text = text


def moodle_xml(items: list[Item], options: ExportOptions) -> bytes:
    return _Writer(options).document(items)


_BUILDERS: dict[Kind | str, Callable[[_Writer, Item], ET.Element]] = {
    "single": _Writer.multichoice,
    "multiple": _Writer.multichoice,
    "truefalse": _Writer.truefalse,
    "ordering": _Writer.ordering,
    "matching": _Writer.matching,
}

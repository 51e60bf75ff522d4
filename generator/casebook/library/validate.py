"""Turn raw YAML data into models, translating every schema error into located Chinese."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from casebook.errors import Problem
from casebook.library.messages import data_loc, describe, field_name, is_optional, message, nearest_type
from casebook.library.quiz_model import Dialogue, MultipleChoice, Ordering, SingleChoice, TrueFalse
from casebook.sources.yamlsrc import Loc, Source

QUESTION_MODELS: dict[str, type[BaseModel]] = {
    "单选": SingleChoice,
    "多选": MultipleChoice,
    "判断": TrueFalse,
    "排序": Ordering,
    "对话": Dialogue,
}

M = TypeVar("M", bound=BaseModel)

# Links that leave the site or run script must not come in through Markdown text.
_BAD_LINK = re.compile(r"\]\(\s*<?\s*(?P<url>[a-zA-Z][a-zA-Z0-9+.-]*:[^)\s]*)", re.IGNORECASE)


@dataclass(frozen=True)
class Checked(Generic[M]):
    """The outcome of checking one file against its model."""

    model: M | None
    """The validated model, when the file has no problem at all."""
    partial: M | None
    """Whatever validated, for the checks that look across files: fields that failed are None
    (list items that failed are None too), so a broken field never hides a wrong taxonomy value."""
    problems: list[Problem]


def to_model(source: Source, model: type[M]) -> tuple[M | None, list[Problem]]:
    """Validate ``source.data`` as ``model``; every schema error becomes a located problem."""
    checked = check_model(source, model)
    return checked.model, checked.problems


def check_model(source: Source, model: type[M]) -> Checked[M]:
    """Validate ``source.data`` as ``model`` and keep what validated for further checks."""
    if not isinstance(source.data, dict):
        msg = f"文件的内容应当是“字段: 值”的映射，实际是{describe(source.data)}"
        return Checked(None, None, [source.problem((), msg)])
    texts = strings(source.data, ())  # once: the three checks below read every text
    problems = unsafe_links(source, texts) + placeholders(source, model, texts)
    blanks = placeholder_locs(source.data, texts)
    try:
        instance = model.model_validate(source.data)
    except ValidationError as exc:
        # A blank still showing its template text is reported once, as unfilled, not again as invalid.
        errors = [e for e in exc.errors() if not _inside(data_loc(model, tuple(e["loc"])), blanks)]
        problems += _problems(source, model, errors, ())
        problems += _retyped_questions(source, model, errors)
        return Checked(None, salvage(model, source.data, errors, blanks), problems)
    if blanks:
        return Checked(None, salvage(model, source.data, [], blanks), problems)
    return Checked(None if problems else instance, instance, problems)


def _inside(loc: Loc, blanks: list[Loc]) -> bool:
    return any(loc[: len(b)] == b for b in blanks)


def _problems(source: Source, model: type[BaseModel], errors: list[ErrorDetails], prefix: Loc) -> list[Problem]:
    problems = []
    for err in errors:
        loc, text, at_key = message(model, err)
        if err["type"] == "missing" and loc == () and not prefix and str(err["loc"][-1]) in source.damaged:
            continue  # the field's line had a syntax error, already reported there
        problems.append(source.problem((*prefix, *loc), text, at_key=at_key))
    return problems


def _retyped_questions(source: Source, model: type[BaseModel], errors: list[ErrorDetails]) -> list[Problem]:
    """A mistyped 题型 must not hide the question's other mistakes: check it as the type it most likely means."""
    problems: list[Problem] = []
    for err in errors:
        loc = tuple(err["loc"])
        if err["type"] != "union_tag_invalid" or len(loc) != 2 or loc[0] != "questions":
            continue
        data = err.get("input")
        guess = nearest_type(str((err.get("ctx") or {}).get("tag")))
        if not isinstance(data, dict) or guess is None:
            continue
        member = QUESTION_MODELS[guess]
        try:
            member.model_validate({**data, "type": guess})
        except ValidationError as exc:
            # Put the member's errors where pydantic would: under the question and its type tag.
            inner = [
                ErrorDetails(**{**e, "loc": (*loc, guess, *e["loc"])})
                for e in exc.errors()
                if e["loc"][:1] != ("type",)
            ]
            problems += _problems(source, model, inner, ())
    return problems


@cache
def _adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    return TypeAdapter(model.model_fields[name].rebuild_annotation())


def salvage(model: type[M], data: dict[str, Any], errors: list[ErrorDetails], blanks: list[Loc]) -> M:
    """The fields of ``data`` that validated, item by item inside lists; the rest (and blanks) are None."""
    bad: dict[str, set[int | None]] = {}
    for loc in [data_loc(model, tuple(err["loc"])) for err in errors] + blanks:
        if loc and isinstance(loc[0], str):
            bad.setdefault(loc[0], set()).add(loc[1] if len(loc) > 1 and isinstance(loc[1], int) else None)
    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name not in data:
            if info.is_required():
                values[name] = None
            continue
        if name not in bad:
            values[name] = _valid(_adapter(model, name), data[name])
        elif None not in bad[name] and isinstance(data[name], list):
            values[name] = [None if i in bad[name] else _item(model, name, v) for i, v in enumerate(data[name])]
        else:
            values[name] = None
    return model.model_construct(**values)


def _item(model: type[BaseModel], name: str, value: Any) -> Any:
    """One list item of field ``name``, validated as the list's item type."""
    items = _valid(_adapter(model, name), [value])
    return items[0] if isinstance(items, list) and items else None


def _valid(adapter: TypeAdapter[Any], value: Any) -> Any:
    try:
        return adapter.validate_python(value)
    except ValidationError:  # strict mode refused it already; this is only a second look
        return None


def unsafe_links(source: Source, texts: list[tuple[Loc, str]] | None = None) -> list[Problem]:
    """Markdown links to other sites or to ``javascript:`` break the offline, script-free promise."""
    problems: list[Problem] = []
    for loc, text in strings(source.data, ()) if texts is None else texts:
        for match in _BAD_LINK.finditer(text):
            problems.append(
                source.problem(
                    loc,
                    f"不允许外部链接或脚本链接“{match.group('url')[:40]}”：内网站点无法访问外部地址，"
                    "请改为文字说明，或链接到本站页面",
                )
            )
    return problems


PLACEHOLDER = "请填写"


def placeholder_locs(data: Any, texts: list[tuple[Loc, str]] | None = None) -> list[Loc]:
    """Where template text is left in place (``casebook new`` marks every blank with 请填写)."""
    return [loc for loc, text in (strings(data, ()) if texts is None else texts) if PLACEHOLDER in text]


def placeholders(
    source: Source, model: type[BaseModel] | None = None, texts: list[tuple[Loc, str]] | None = None
) -> list[Problem]:
    """One problem per blank left unfilled, naming the field and whether it may simply be deleted."""
    problems = []
    for loc in placeholder_locs(source.data, texts):
        text = str(_at(source.data, loc)).strip()
        what = f"字段 {field_name(model, loc)}" if model is not None else "这里"
        optional = "；这是可选字段，不需要就删除它" if model is not None and is_optional(model, loc) else ""
        problems.append(source.problem(loc, f"{what}还是模板内容“{text[:30]}”：请换成实际内容{optional}"))
    return problems


def _at(data: Any, loc: Loc) -> Any:
    for part in loc:
        data = data[part]
    return data


def strings(data: Any, loc: Loc) -> list[tuple[Loc, str]]:
    """Every text value in parsed YAML data, with its location."""
    if isinstance(data, str):
        return [(loc, data)]
    if isinstance(data, dict):
        return [s for k, v in data.items() for s in strings(v, (*loc, k))]
    if isinstance(data, list):
        return [s for i, v in enumerate(data) for s in strings(v, (*loc, i))]
    return []

"""Pydantic's English error types, each turned into a located Chinese message for trainers."""

from __future__ import annotations

import calendar
import difflib
import re
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from casebook.library.quiz_model import QUESTION_TYPES
from casebook.sources.yamlsrc import Loc


def describe(value: Any) -> str:
    """How a found value is named in a message: its kind and, if short, the value."""
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return f"是非值 {str(value).lower()}"
    if isinstance(value, int | float):
        return f"数字 {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 20 else value[:20] + "……"
        return f"文字“{shown}”"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "“字段: 值”的映射"
    return "其他内容"


def _models(annotation: Any) -> list[type[BaseModel]]:
    """The models a field can hold, looking through list[...], unions and Annotated."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in getattr(annotation, "__args__", ()) for m in _models(arg)]


def _walk(model: type[BaseModel], loc: Loc) -> tuple[list[str], str, list[type[BaseModel]]]:
    """Readable path parts, the last field's label, and the models that could sit at ``loc``."""
    parts: list[str] = []
    current: list[type[BaseModel]] = [model]
    label = ""
    for item in loc:
        if isinstance(item, int):
            parts.append(f" 第 {item + 1} 项")
            continue
        info = next((m.model_fields[item] for m in current if item in m.model_fields), None)
        if info is None:
            continue  # a union's tag (e.g. 单选) that pydantic puts in the path
        # "scripts 第 2 项的 speaker", "roleplay 的 pass_mark": a space between two field names.
        joint = "" if not parts else "的 " if parts[-1].endswith("项") else " 的 "
        parts.append(joint + item)
        label = info.title or ""
        current = _models(info.annotation)
    return parts, label, current


def data_loc(model: type[BaseModel], loc: Loc) -> Loc:
    """``loc`` without the union tags pydantic inserts (questions, 1, 判断, answer → questions, 1, answer),
    so it matches positions in the YAML file."""
    kept: list[str | int] = []
    current: list[type[BaseModel]] = [model]
    for item in loc:
        if isinstance(item, int):
            kept.append(item)
            continue
        info = next((m.model_fields[item] for m in current if item in m.model_fields), None)
        if info is None:
            if len(current) > 1 and kept and isinstance(kept[-1], int):
                continue  # a union's tag between a list index and the member's fields
            kept.append(item)
            continue
        kept.append(item)
        current = _models(info.annotation)
    return tuple(kept)


def is_optional(model: type[BaseModel], loc: Loc) -> bool:
    """Whether the innermost named field on ``loc`` may be left out."""
    current: list[type[BaseModel]] = [model]
    optional = False
    for item in loc:
        if isinstance(item, int):
            continue
        info = next((m.model_fields[item] for m in current if item in m.model_fields), None)
        if info is None:
            continue
        optional = not info.is_required()
        current = _models(info.annotation)
    return optional


def field_name(model: type[BaseModel], loc: Loc) -> str:
    """``scripts 第 2 项的 speaker（说话人）`` for loc ('scripts', 1, 'speaker')."""
    parts, label, _ = _walk(model, loc)
    text = "".join(parts)
    return f"{text}（{label}）" if label else text


def _allowed_fields(model: type[BaseModel], loc: Loc) -> str:
    _, _, current = _walk(model, loc)
    names: dict[str, None] = {}
    for m in current:
        names.update(dict.fromkeys(m.model_fields))
    return "、".join(names)


_BOOL_WORDS = {"yes", "no", "on", "off", "y", "n", "是", "否", "对", "错", "正确", "错误", "真", "假"}


def message(model: type[BaseModel], err: ErrorDetails) -> tuple[Loc, str, bool]:
    """Chinese message for one pydantic error; returns (data loc, message, point_at_key)."""
    loc: Loc = data_loc(model, tuple(err["loc"]))
    kind = err["type"]
    value = err.get("input")
    ctx: dict[str, Any] = dict(err.get("ctx") or {})
    if kind == "extra_forbidden":
        parent = _allowed_fields(model, loc[:-1])
        return loc, f"未知字段“{loc[-1]}”：请检查拼写，可用的字段有：{parent}", True
    name = field_name(model, loc)
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return _tag_message(model, loc, kind, ctx)
    if kind == "missing":
        return loc[:-1], f"缺少必填字段 {name}", False
    if value is None or (kind in ("too_short", "string_too_short") and value in ([], "")):
        return loc, f"字段 {name}不能为空", value is None
    if kind in ("string_too_short", "too_short") and isinstance(value, str):
        return loc, f"字段 {name}不能为空（只有空格或看不见的字符也算空）", False
    if kind == "too_short":
        least = ctx.get("min_length")
        return loc, f"字段 {name}至少要有 {least} 项，现在只有 {ctx.get('actual_length', len(value))} 项", False
    if kind == "string_type":
        hint = "（数字或是非值当作文字时请加引号）" if isinstance(value, int | float) else ""
        return loc, f"字段 {name}应为文字，实际是{describe(value)}{hint}", False
    if kind == "list_type":
        return loc, f"字段 {name}应为列表（每项一行，以“- ”开头），实际是{describe(value)}", False
    if kind in ("bool_type", "bool_parsing"):
        hint = ""
        if isinstance(value, str) and value.strip().lower() in _BOOL_WORDS:
            hint = "（yes、no、on、off、是、否等都是文字，不是是非值：请写 true 或 false）"
        return loc, f"字段 {name}应为 true（正确）或 false（错误），实际是{describe(value)}{hint}", False
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return loc, f"字段 {name}应为整数，实际是{describe(value)}", False
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = ctx.get("ge", ctx.get("le", ctx.get("gt", ctx.get("lt"))))
        word = {"greater_than_equal": "不能小于", "less_than_equal": "不能大于"}.get(kind, "超出范围：界限是")
        return loc, f"字段 {name}{word} {bound}，实际是{describe(value)}", False
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return loc, f"字段 {name}应为“字段: 值”的映射，实际是{describe(value)}", False
    if kind == "literal_error":
        expected = _choices(str(ctx.get("expected", "")))
        return loc, f"字段 {name}的值无效，可选：{expected}，实际是{describe(value)}", False
    if kind == "string_pattern_mismatch":
        return loc, _pattern_message(loc, name, value), False
    if kind in ("string_too_long", "too_long"):
        return loc, f"字段 {name}太长，最多 {ctx.get('max_length')} 个字符", False
    return loc, f"字段 {name}的值无效：{describe(value)}不符合要求", False


def _choices(expected: str) -> str:
    return expected.replace("'", "").replace(" or ", "、").replace(", ", "、")


def _tag_message(model: type[BaseModel], loc: Loc, kind: str, ctx: dict[str, Any]) -> tuple[Loc, str, bool]:
    path = "".join(_walk(model, loc)[0])
    expected = _choices(str(ctx.get("expected_tags", ""))) or "、".join(QUESTION_TYPES)
    if kind == "union_tag_not_found":
        return loc, f"缺少必填字段 {path}的 type（题型），可选：{expected}", False
    tag = str(ctx.get("tag"))
    guess = nearest_type(tag)
    hint = f"（是不是“{guess}”？）" if guess else ""
    return (*loc, "type"), f"字段 {path}的 type（题型）的值“{tag}”无效，可选：{expected}{hint}", False


def nearest_type(tag: str) -> str | None:
    """The question type a mistyped tag most likely means (单选题 → 单选)."""
    matches = [t for t in QUESTION_TYPES if t in tag or (len(tag) >= 1 and tag in t)]
    if len(matches) == 1:
        return matches[0]
    close = difflib.get_close_matches(tag, QUESTION_TYPES, n=1, cutoff=0.5)
    return close[0] if close else None


def _pattern_message(loc: Loc, name: str, value: Any) -> str:
    if loc[-1:] == ("id",):
        return _id_message(str(value))
    if loc[-1:] == ("date",):
        return date_message(name, str(value))
    return f"字段 {name}只能由小写英文字母、数字和连字符组成，实际是{describe(value)}"


_DATE_PARTS = re.compile(r"^([0-9]{4})(?:-([0-9]{1,2}))?(?:-([0-9]{1,2}))?$")


def date_message(name: str, value: str) -> str:
    """Why a date is refused: a month or day that does not exist, or the wrong shape."""
    found = _DATE_PARTS.match(value)
    shape = f"字段 {name}的格式应为 2012、2012-01 或 2012-01-17（月、日用两位数字），实际是{describe(value)}"
    if found is None:
        return shape
    year, month, day = int(found.group(1)), found.group(2), found.group(3)
    if month is not None and not 1 <= int(month) <= 12:
        return f"字段 {name}的值“{value}”不是真实的日期：没有 {int(month)} 月，月份应为 01–12"
    if day is not None and month is not None:
        last = calendar.monthrange(year, int(month))[1]
        if not 1 <= int(day) <= last:
            return f"字段 {name}的值“{value}”不是真实的日期：{year} 年 {int(month)} 月只有 {last} 天"
    return shape


def _id_message(value: str) -> str:
    if "/" in value or "\\" in value or ".." in value:
        return f"字段 id（编号）的值“{value}”不安全：不能含有路径分隔符或“..”，只能用小写英文字母、数字和连字符"
    return f"字段 id（编号）只能由小写英文字母、数字和连字符组成，且以字母或数字开头，实际是“{value}”"

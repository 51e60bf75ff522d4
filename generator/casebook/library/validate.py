"""Turn raw YAML data into models, translating every schema error into located Chinese."""

from __future__ import annotations

import re
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from casebook.errors import Problem
from casebook.sources.yamlsrc import Loc, Source

M = TypeVar("M", bound=BaseModel)

# Links that leave the site or run script must not come in through Markdown text.
_BAD_LINK = re.compile(r"\]\(\s*<?\s*(?P<url>[a-zA-Z][a-zA-Z0-9+.-]*:[^)\s]*)", re.IGNORECASE)


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
    return type(value).__name__


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
        parts.append(("的 " if parts else "") + item)
        label = info.title or ""
        current = _models(info.annotation)
    return parts, label, current


def _data_loc(model: type[BaseModel], loc: Loc) -> Loc:
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


def _field_name(model: type[BaseModel], loc: Loc) -> str:
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


def _message(model: type[BaseModel], err: ErrorDetails) -> tuple[Loc, str, bool]:
    """Chinese message for one pydantic error; returns (loc, message, point_at_key)."""
    loc: Loc = _data_loc(model, tuple(err["loc"]))
    kind = err["type"]
    value = err.get("input")
    if kind == "extra_forbidden":
        parent = _allowed_fields(model, loc[:-1])
        return loc, f"未知字段 {loc[-1]}：请检查拼写，可用的字段有：{parent}", True
    name = _field_name(model, loc)
    if kind == "union_tag_invalid":
        ctx = err.get("ctx") or {}
        expected = str(ctx.get("expected_tags", "")).replace("'", "").replace(", ", "、")
        path = "".join(_walk(model, loc)[0])
        return (*loc, "type"), f"字段 {path}的 type（题型）的值“{ctx.get('tag')}”无效，可选：{expected}", False
    if kind == "missing":
        return loc[:-1], f"缺少必填字段 {name}", False
    if value is None or (kind == "too_short" and value == []):
        return loc, f"字段 {name}不能为空", value is None
    if kind == "string_too_short":
        return loc, f"字段 {name}不能为空", False
    if kind == "string_type":
        hint = "（数字或是非值当作文字时请加引号）" if isinstance(value, int | float) else ""
        return loc, f"字段 {name}应为文字，实际是{describe(value)}{hint}", False
    if kind == "list_type":
        return loc, f"字段 {name}应为列表（每项一行，以“- ”开头），实际是{describe(value)}", False
    if kind in ("bool_type", "bool_parsing"):
        return loc, f"字段 {name}应为 true（正确）或 false（错误），实际是{describe(value)}", False
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return loc, f"字段 {name}应为整数，实际是{describe(value)}", False
    if kind in ("greater_than_equal", "less_than_equal"):
        ctx = err.get("ctx") or {}
        bound = ctx.get("ge", ctx.get("le"))
        word = "不能小于" if kind == "greater_than_equal" else "不能大于"
        return loc, f"字段 {name}{word} {bound}，实际是{describe(value)}", False
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return loc, f"字段 {name}应为“字段: 值”的映射，实际是{describe(value)}", False
    if kind == "literal_error":
        expected = (
            str((err.get("ctx") or {}).get("expected", "")).replace("'", "").replace(" or ", "、").replace(", ", "、")
        )
        return loc, f"字段 {name}的值无效，可选：{expected}，实际是{describe(value)}", False
    if kind == "string_pattern_mismatch" and loc[-1:] == ("id",):
        return loc, _id_message(str(value)), False
    if kind == "string_pattern_mismatch" and loc[-1:] == ("date",):
        return loc, f"字段 {name}的格式应为 2012、2012-01 或 2012-01-17，实际是{describe(value)}", False
    if kind == "string_pattern_mismatch":
        return loc, f"字段 {name}只能由小写英文字母、数字和连字符组成，实际是{describe(value)}", False
    if kind == "string_too_long":
        limit = (err.get("ctx") or {}).get("max_length")
        return loc, f"字段 {name}太长，最多 {limit} 个字符", False
    return loc, f"字段 {name}的值无效：{err['msg']}", False


def _id_message(value: str) -> str:
    if "/" in value or "\\" in value or ".." in value:
        return f"字段 id（编号）的值“{value}”不安全：不能含有路径分隔符或“..”，只能用小写英文字母、数字和连字符"
    return f"字段 id（编号）只能由小写英文字母、数字和连字符组成，且以字母或数字开头，实际是“{value}”"


def to_model(source: Source, model: type[M]) -> tuple[M | None, list[Problem]]:
    """Validate ``source.data`` as ``model``; every schema error becomes a located problem."""
    if not isinstance(source.data, dict):
        msg = f"文件的内容应当是“字段: 值”的映射，实际是{describe(source.data)}"
        return None, [source.problem((), msg)]
    problems = unsafe_links(source) + placeholders(source)
    try:
        instance = model.model_validate(source.data)
    except ValidationError as exc:
        for err in exc.errors():
            loc, message, at_key = _message(model, err)
            problems.append(source.problem(loc, message, at_key=at_key))
        return None, problems
    return (None if problems else instance), problems


def unsafe_links(source: Source) -> list[Problem]:
    """Markdown links to other sites or to ``javascript:`` break the offline, script-free promise."""
    problems: list[Problem] = []
    for loc, text in strings(source.data, ()):
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


def placeholders(source: Source) -> list[Problem]:
    """Template text left in place (``casebook new`` marks every blank with 请填写)."""
    return [
        source.problem(loc, f"还有没填写的模板内容“{text.strip()[:30]}”：请换成实际内容")
        for loc, text in strings(source.data, ())
        if PLACEHOLDER in text
    ]


def strings(data: Any, loc: Loc) -> list[tuple[Loc, str]]:
    """Every text value in parsed YAML data, with its location."""
    if isinstance(data, str):
        return [(loc, data)]
    if isinstance(data, dict):
        return [s for k, v in data.items() for s in strings(v, (*loc, k))]
    if isinstance(data, list):
        return [s for i, v in enumerate(data) for s in strings(v, (*loc, i))]
    return []

"""Checks that need more than one file: taxonomy values, ids, and references between cases."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from casebook.errors import Problem
from casebook.library.case_model import Case, Taxonomy, Term
from casebook.sources.yamlsrc import Source


@dataclass(frozen=True)
class Loaded:
    """A case that passed the schema, with the file it came from."""

    case: Case
    source: Source
    stem: str


def _options(terms: Iterable[Term]) -> str:
    return "、".join(t.name for t in terms)


def _unknown(source: Source, loc: tuple[str | int, ...], field: str, value: str, terms: list[Term]) -> Problem:
    return source.problem(loc, f"字段 {field}的值“{value}”不在分类表中，可选：{_options(terms)}")


def check_category(item: Loaded, taxonomy: Taxonomy) -> list[Problem]:
    """``category`` must be ``一级/二级`` with both levels in the taxonomy."""
    value, src = item.case.category, item.source
    main, sep, sub = (part.strip() for part in value.partition("/"))
    category = taxonomy.category(main)
    if category is None:
        return [_unknown(src, ("category",), "category（分类）", main, list(taxonomy.categories))]
    if not sep or not sub:
        example = f"{main}/{category.subcategories[0].name}"
        return [
            src.problem(
                ("category",),
                f"字段 category（分类）应写作“一级分类/二级分类”，例如“{example}”，"
                f"“{main}”的二级分类可选：{_options(category.subcategories)}",
            )
        ]
    if all(s.name != sub for s in category.subcategories):
        return [
            src.problem(
                ("category",),
                f"字段 category（分类）的二级分类“{sub}”不在“{main}”之下，可选：{_options(category.subcategories)}",
            )
        ]
    return []


def check_terms(item: Loaded, taxonomy: Taxonomy) -> list[Problem]:
    """Every single-valued and list-valued taxonomy field names a known term."""
    case, src = item.case, item.source
    problems: list[Problem] = []
    single: list[tuple[str, str, str | None, list[Term]]] = [
        ("cause", "cause（投诉原因）", case.cause, taxonomy.causes),
        ("business_line", "business_line（业务条线）", case.business_line, taxonomy.business_lines),
        ("channel", "channel（渠道）", case.channel, taxonomy.channels),
        ("responsibility", "responsibility（责任认定）", case.responsibility, taxonomy.responsibilities),
        ("difficulty", "difficulty（难度）", case.difficulty, taxonomy.difficulties),
    ]
    for key, label, value, terms in single:
        if value is not None and all(t.name != value for t in terms):
            problems.append(_unknown(src, (key,), label, value, terms))
    lists: list[tuple[str, str, list[str], list[Term]]] = [
        ("principles", "principles（服务原则）", case.principles, taxonomy.principles),
        ("audience", "audience（适用岗位）", case.audience, taxonomy.audiences),
    ]
    for key, label, values, terms in lists:
        for i, value in enumerate(values):
            if all(t.name != value for t in terms):
                problems.append(_unknown(src, (key, i), label, value, terms))
    return problems


_TAG = re.compile(r"^[\w·-]+$")


def check_tags(item: Loaded) -> list[Problem]:
    """Tags become page names under browse/tag/, so they must be plain words."""
    return [
        item.source.problem(
            ("tags", i),
            f"标签“{tag}”只能包含中文、英文字母、数字和连字符（不能有空格、斜杠或标点），多个关键词请分成多个标签",
        )
        for i, tag in enumerate(item.case.tags)
        if not _TAG.match(tag)
    ]


def check_file_name(source: Source, value: str, stem: str) -> list[Problem]:
    """An id must equal its file name, so links and file names never disagree."""
    if value == stem:
        return []
    return [
        source.problem(
            ("id",),
            f"字段 id（编号）的值“{value}”与文件名“{stem}.yaml”不一致："
            f"请把 id 改为“{stem}”，或把文件改名为“{value}.yaml”",
        )
    ]


def check_identity(items: list[Loaded]) -> list[Problem]:
    """Each id equals its file name and no two files share an id."""
    problems: list[Problem] = []
    seen: dict[str, Loaded] = {}
    for item in items:
        case_id = item.case.id
        problems += check_file_name(item.source, case_id, item.stem)
        first = seen.get(case_id)
        if first is not None:
            line, col = first.source.where(("id",))
            problems.append(
                item.source.problem(
                    ("id",),
                    f"编号“{case_id}”重复：{first.source.path}:{line}:{col} 已使用这个编号",
                )
            )
        else:
            seen[case_id] = item
    return problems


def check_related(items: list[Loaded], ids: set[str]) -> list[Problem]:
    """Related-case references point at cases that exist, and not at the case itself.

    ``ids`` includes files that failed the schema, so one broken file does not
    make every reference to it look missing as well.
    """
    problems: list[Problem] = []
    for item in items:
        for i, ref in enumerate(item.case.related):
            if ref == item.case.id:
                problems.append(item.source.problem(("related", i), "相关案例不能是案例本身"))
            elif ref not in ids:
                problems.append(
                    item.source.problem(
                        ("related", i),
                        f"相关案例“{ref}”不存在：cases/ 目录中没有编号为“{ref}”的案例",
                    )
                )
    return problems


def check_taxonomy(taxonomy: Taxonomy, source: Source) -> list[Problem]:
    """Names and slugs are unique within each list of the taxonomy."""
    problems: list[Problem] = []
    groups: dict[str, list[Term]] = {
        "categories": list(taxonomy.categories),
        "causes": taxonomy.causes,
        "principles": taxonomy.principles,
        "business_lines": taxonomy.business_lines,
        "channels": taxonomy.channels,
        "responsibilities": taxonomy.responsibilities,
        "audiences": taxonomy.audiences,
        "difficulties": taxonomy.difficulties,
    }
    for key, terms in groups.items():
        problems += _duplicates(source, (key,), terms)
    for i, cat in enumerate(taxonomy.categories):
        problems += _duplicates(source, ("categories", i, "subcategories"), cat.subcategories)
    return problems


def _duplicates(source: Source, loc: tuple[str | int, ...], terms: list[Term]) -> list[Problem]:
    problems: list[Problem] = [
        # browse/<facet>/index.md is the facet's own page; a term slugged "index" would replace it.
        source.problem((*loc, i, "slug"), "slug“index”是保留名称：它会与该栏目的总览页重名，请换一个短名")
        for i, term in enumerate(terms)
        if term.slug == "index"
    ]
    for attr in ("name", "slug"):
        seen: set[str] = set()
        for i, term in enumerate(terms):
            value = getattr(term, attr)
            if value in seen:
                problems.append(source.problem((*loc, i, attr), f"{attr}“{value}”重复出现"))
            seen.add(value)
    return problems

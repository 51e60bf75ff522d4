"""Render a validated library into Markdown pages: a pure function, no MkDocs involved.

Every page is keyed by its ``src_uri`` (e.g. ``cases/atm-card.md``).  The MkDocs
plugin only hands these strings to MkDocs, so another site generator could take them.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, partial

import jinja2

from casebook.gcpause import without_gc_pauses
from casebook.library.case_model import Case, Term
from casebook.library.load import Library
from casebook.library.quiz_model import Quiz
from casebook.render.boundary import html_text, md_inline, md_text, trusted
from casebook.render.class_report import DATA_URI as CLASS_REPORT_DATA
from casebook.render.class_report import URI as CLASS_REPORT_URI
from casebook.render.class_report import render_class_report, report_script
from casebook.render.first_visit import href, site_relpath
from casebook.render.memo import NO_CACHE, RenderCache
from casebook.render.roleplay import render_roleplay_pages
from casebook.render.stats import render_stats
from casebook.render.training import pooled_keys, quiz_block, render_training_pages


@dataclass(frozen=True)
class Entry:
    """One browsable value (a category, a principle, a tag …) and the cases filed under it."""

    name: str
    uri: str
    cases: tuple[Case, ...]
    description: str | None = None
    children: tuple[Entry, ...] = ()


@dataclass(frozen=True)
class Facet:
    """One way to browse the library, e.g. 按服务原则."""

    key: str
    title: str
    intro: str
    entries: tuple[Entry, ...] = field(default=())

    @property
    def uri(self) -> str:
        return f"browse/{self.key}/index.md"


def indent_rest(value: str, width: int = 4) -> str:
    """Indent continuation lines so multi-line text stays inside its list item."""
    return value.replace("\n", "\n" + " " * width)


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("casebook.render", "templates"),
        auto_reload=False,  # our own templates, never edited while running: no stat per page
        autoescape=False,  # the output is Markdown; text is escaped explicitly with md_text
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = md_text
    env.filters["md_inline"] = md_inline
    env.filters["indent_rest"] = indent_rest
    env.filters["yaml_str"] = yaml_str
    env.filters["html"] = html_text
    env.filters["trusted"] = trusted  # a line of HTML the template wrote from escaped parts
    return env


def _linker(src: str) -> Callable[[str], str]:
    base = posixpath.dirname(src)

    def link(target: str) -> str:
        return site_relpath(target, base)

    return link


def _term_entries(
    key: str, terms: Iterable[Term], has: Callable[[Case, str], bool], cases: tuple[Case, ...]
) -> tuple[Entry, ...]:
    return tuple(
        Entry(
            t.name,
            f"browse/{key}/{t.slug}.md",
            tuple(c for c in cases if has(c, t.name)),
            t.description,
        )
        for t in terms
    )


def _category_facet(lib: Library) -> Facet:
    entries = []
    for cat in lib.taxonomy.categories:
        children = tuple(
            Entry(
                sub.name,
                f"browse/category/{cat.slug}/{sub.slug}.md",
                tuple(c for c in lib.cases if c.category == f"{cat.name}/{sub.name}"),
                sub.description,
            )
            for sub in cat.subcategories
        )
        members = tuple(c for c in lib.cases if c.category.split("/")[0] == cat.name)
        entries.append(Entry(cat.name, f"browse/category/{cat.slug}.md", members, cat.description, children))
    return Facet("category", "按分类浏览", "案例按两级分类整理：先选一级分类，再看其下的二级分类。", tuple(entries))


def _tag_facet(lib: Library) -> Facet:
    counts: dict[str, int] = {}
    for case in lib.cases:
        for tag in case.tags:
            counts[tag] = counts.get(tag, 0) + 1
    order = sorted(counts, key=lambda t: (-counts[t], t))
    entries = tuple(Entry(t, f"browse/tag/{t}.md", tuple(c for c in lib.cases if t in c.tags)) for t in order)
    return Facet("tag", "按标签浏览", "标签是学员最常搜索的关键词，按案例数量从多到少排列。", entries)


def facets(lib: Library) -> tuple[Facet, ...]:
    """All the ways to browse, in the order the browse index shows them."""
    tax, cases = lib.taxonomy, lib.cases
    return (
        _category_facet(lib),
        Facet(
            "principle",
            "服务原则",
            "每条服务原则的一句话定义，以及违反或践行它的案例。",
            _term_entries("principle", tax.principles, lambda c, n: n in c.principles, cases),
        ),
        Facet(
            "cause",
            "按投诉原因浏览",
            "投诉工单分析中归纳的有责投诉原因。",
            _term_entries("cause", tax.causes, lambda c, n: c.cause == n, cases),
        ),
        Facet(
            "business",
            "按业务条线浏览",
            "案例涉及的业务条线。",
            _term_entries("business", tax.business_lines, lambda c, n: c.business_line == n, cases),
        ),
        Facet(
            "channel",
            "按渠道浏览",
            "事件发生的服务渠道。",
            _term_entries("channel", tax.channels, lambda c, n: c.channel == n, cases),
        ),
        _tag_facet(lib),
    )


def _lookup(facet_list: tuple[Facet, ...]) -> dict[tuple[str, str], Entry]:
    table: dict[tuple[str, str], Entry] = {}
    for facet in facet_list:
        for entry in facet.entries:
            table[(facet.key, entry.name)] = entry
            for child in entry.children:
                table[(f"{facet.key}/{entry.name}", child.name)] = child
    return table


def render_case(case: Case, table: dict[tuple[str, str], Entry], lib: Library, quiz: str | None = None) -> str:
    """Markdown for one case page."""
    src = f"cases/{case.id}.md"
    main, _, sub = case.category.partition("/")
    return (
        _environment()
        .get_template("case.md.j2")
        .render(
            case=case,
            link=_linker(src),
            category=table[("category", main)],
            subcategory=table[(f"category/{main}", sub)],
            cause=table.get(("cause", case.cause or "")),
            principles=[table[("principle", p)] for p in case.principles],
            tags=[table[("tag", t)] for t in case.tags],
            business=table.get(("business", case.business_line or "")),
            channel=table.get(("channel", case.channel or "")),
            related=[lib.case(r) for r in case.related],
            quiz=quiz,
        )
    )


def yaml_str(value: object) -> str:
    """Quote a value for front matter: a JSON string is a valid YAML scalar."""
    return json.dumps(str(value), ensure_ascii=False)


def case_list(cases: Iterable[Case], page: str, *, file_urls: bool) -> str:
    """Cases as a list of title links with their summaries, as one registered line of HTML.

    Written as HTML rather than a Markdown list: on a browse page with hundreds of cases,
    Markdown's inline parsing of every item was most of the page's rebuild in the preview."""
    items = "".join(
        f'<li><a href="{html_text(href(f"cases/{c.id}.md", page, file_urls=file_urls))}">{html_text(c.title)}</a>'
        f"：{html_text(_one_line(c.summary))}</li>"
        for c in cases
    )
    return trusted(f"<ul>{items}</ul>")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _render_entry(facet: Facet, entry: Entry, parent: Entry | None, file_urls: bool = False) -> str:
    return (
        _environment()
        .get_template("entry.md.j2")
        .render(
            facet=facet,
            entry=entry,
            parent=parent,
            link=_linker(entry.uri),
            case_list=partial(case_list, page=entry.uri, file_urls=file_urls),
        )
    )


def _entry_key(facet: Facet, entry: Entry, parent: Entry | None) -> tuple[object, ...]:
    """What an entry page shows: its facet, parent and children, and every case listed."""
    key: list[object] = [facet.title, facet.uri, entry.name, entry.description, len(entry.cases), *entry.cases]
    if parent is not None:
        key += [parent.name, parent.uri]
    for child in entry.children:
        key += [child.name, child.uri, len(child.cases), *child.cases]
    return tuple(key)


@without_gc_pauses
def render_pages(
    lib: Library, cache: RenderCache | None = None, *, trainer: bool = False, file_urls: bool = False
) -> dict[str, str]:
    """Every generated page of the site: case pages and browse pages, keyed by ``src_uri``.

    ``trainer`` renders the trainer edition: quizzes and exams carry a printable answer key for
    every question (the trainee edition never prints the key of a question an exam can draw).
    ``file_urls`` spells the links written as HTML for the offline bundle (``name.html``).

    With a ``cache`` (the preview keeps one), a case page is rendered again only when its case,
    the cases it links to, its quiz or the taxonomy changed.
    """
    memo = cache if cache is not None else NO_CACHE
    facet_list = facets(lib)
    table = _lookup(facet_list)
    env = _environment()
    pages: dict[str, str] = {}
    bank = lib.bank
    pooled = pooled_keys(lib, bank)
    taxonomy = lib.taxonomy.model_dump_json() if cache is not None else ""
    for case in lib.cases:
        uri = f"cases/{case.id}.md"
        quiz = lib.quiz_for_case(case.id)
        related = [lib.case(r) for r in case.related]
        flags = tuple(f"{quiz.id}/{q.id}" in pooled for q in quiz.questions) if quiz else ()
        key = (taxonomy, case, quiz, flags, trainer, *related)

        def render(case: Case = case, quiz: Quiz | None = quiz, uri: str = uri) -> str:
            block = quiz_block(quiz, lib, uri, bank, trainer=trainer) if quiz else None
            return render_case(case, table, lib, block)

        pages[uri] = memo.page(uri, key, render)
    pages["browse/index.md"] = env.get_template("browse.md.j2").render(
        facets=facet_list,
        cases=lib.cases,
        link=_linker("browse/index.md"),
        case_list=partial(case_list, page="browse/index.md", file_urls=file_urls),
    )
    for facet in facet_list:
        pages[facet.uri] = env.get_template("facet.md.j2").render(facet=facet, link=_linker(facet.uri))
        for entry in facet.entries:
            for item, parent in ((entry, None), *((child, entry) for child in entry.children)):
                inputs = (file_urls, *_entry_key(facet, item, parent))
                pages[item.uri] = memo.page(item.uri, inputs, partial(_render_entry, facet, item, parent, file_urls))
    pages.update(render_training_pages(lib, trainer=trainer, file_urls=file_urls, memo=memo))
    pages.update(render_roleplay_pages(lib, memo, file_urls=file_urls))
    # Both read every quiz and track, and of the cases only what they are filed under (tags decide
    # which questions exams draw): a case's story can change without redrawing them.
    filed = tuple(
        (c.id, c.title, c.category, c.cause, c.business_line, c.channel, tuple(c.principles), tuple(c.tags))
        for c in lib.cases
    )
    everything = (taxonomy, tuple(lib.page_titles.items()), filed, *lib.quizzes, *lib.tracks)
    # The statistics name a case only while it has no quiz: renaming any other case leaves them be.
    counted = tuple(
        (c.id, None if lib.quiz_for_case(c.id) else c.title, *f[2:]) for c, f in zip(lib.cases, filed, strict=True)
    )
    stats_key = (taxonomy, tuple(lib.page_titles.items()), counted, *lib.quizzes, *lib.tracks)
    pages["stats/index.md"] = memo.page("stats/index.md", stats_key, partial(render_stats, lib))
    pages[CLASS_REPORT_URI] = render_class_report()
    pages[CLASS_REPORT_DATA] = memo.page(CLASS_REPORT_DATA, everything, partial(report_script, lib, bank))
    return pages

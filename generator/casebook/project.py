"""The whole project checked as the build reads it: mkdocs.yml, docs/, the library and the pages made from it.

``casebook validate`` and the MkDocs plugin both call :func:`check_project`, so a project that
passes validation builds, and one that does not build fails validation with the same messages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from casebook.errors import CasebookError, Problem
from casebook.library.load import Library, LoadCache, load_library
from casebook.library.validate import strings
from casebook.render.charts import render_charts, source_chart_problems
from casebook.render.memo import RenderCache
from casebook.render.pages import render_pages
from casebook.sources.site import check_config, check_docs, check_links, check_nav
from casebook.sources.yamlsrc import Source


@dataclass
class ProjectCache:
    """What the preview keeps between rebuilds: parsed files and rendered case pages."""

    load: LoadCache = field(default_factory=LoadCache)
    render: RenderCache = field(default_factory=RenderCache)
    charts: dict[str, tuple[str, list[Problem]]] = field(default_factory=dict)
    source_charts: dict[str, tuple[Source, list[Problem]]] = field(default_factory=dict)


def _page_charts(pages: dict[str, str], docs_dir: str, cache: ProjectCache) -> list[Problem]:
    problems: list[Problem] = []
    for uri, text in pages.items():
        if "```chart" not in text:
            continue
        hit = cache.charts.get(uri)
        if hit is None or hit[0] != text:
            try:
                render_charts(text, f"{docs_dir}/{uri}")
                hit = (text, [])
            except CasebookError as exc:
                hit = (text, exc.problems)
            cache.charts[uri] = hit
        problems += hit[1]
    return problems


_NAME_BYTES = 240  # file systems allow 255 bytes per name; MkDocs adds "index.html" folders and suffixes


def _long_names(library: Library, pages: dict[str, str]) -> list[Problem]:
    """Generated pages whose file name the file system would refuse (a very long tag, say),
    reported at the YAML text the name comes from."""
    too_long = {
        part.removesuffix(".md")
        for uri in pages
        for part in uri.split("/")
        if len(part.removesuffix(".md").encode("utf-8")) > _NAME_BYTES
    }
    problems = []
    for name in sorted(too_long):
        spots = [(src, loc) for src in library.sources for loc, text in strings(src.data, ()) if text.strip() == name]
        message = f"“{name[:20]}……”太长，用它生成的网页文件名超出系统限制：请缩短到 60 个字以内"
        problems += [src.problem(loc, message) for src, loc in spots] or [Problem("cases", 1, 1, message)]
    return problems


def check_project(
    root: Path,
    *,
    cases: str = "cases",
    taxonomy: str = "taxonomy.yaml",
    cache: ProjectCache | None = None,
    trainer: bool = False,
    file_urls: bool = False,
) -> tuple[Library, dict[str, str]]:
    """The valid library and every generated page, or a CasebookError with every problem found."""
    root = root.resolve()
    cache = cache if cache is not None else ProjectCache()
    site, problems = check_config(root)
    docs_dir = site.docs_dir if site is not None else "docs"
    library: Library | None = None
    pages: dict[str, str] = {}
    later: list[Callable[[], list[Problem]]] = []
    try:
        # Helpers check a large library for customer data on the other cores, the first time only:
        # afterwards (the preview's saves) the results are kept by text and rechecks are cheap.
        # The library comes back before that check ends (``later``), so it renders meanwhile.
        first = not cache.load.entries
        library = load_library(
            root, cases=cases, taxonomy=taxonomy, docs=docs_dir, cache=cache.load, helpers=first, later=later
        )
    except CasebookError as exc:
        problems += exc.problems
    if library is not None:
        rendered: list[Problem] = []
        for source in library.sources:
            hit = cache.source_charts.get(source.path)
            if hit is None or hit[0] is not source:  # an unchanged file comes back as the same Source
                hit = (source, source_chart_problems(source))
                cache.source_charts[source.path] = hit
            rendered += hit[1]
        pages = render_pages(library, cache.render, trainer=trainer, file_urls=file_urls)
        rendered += _long_names(library, pages)
        late = [p for finish in later for p in finish()]
        if late:
            # As if loading had failed on them: nothing made from this library is checked further.
            problems += late
            library, pages = None, {}
        else:
            problems += rendered
    written, found = check_docs(root, docs_dir, set(pages))
    problems += found
    problems += _page_charts(written, docs_dir, cache)
    if library is not None:
        problems += check_links(written, docs_dir, set(pages))
    if site is not None and library is not None:
        problems += check_nav(site, root, set(pages))
    if problems or library is None:
        raise CasebookError(problems)
    return library, pages

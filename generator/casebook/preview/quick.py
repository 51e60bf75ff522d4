"""The first step of a preview rebuild: only the pages of what was edited, straight into the site.

A ``--dirty`` MkDocs build still walks every file, makes the whole navigation, runs every event
and audits the site: at 1,000 cases some 1.5 s before the edited case's page is written, however
little changed. Here the edited pages are built with the files, navigation and theme of the last
build, given the last build's policy, audited, and published; the dirty build that follows brings
the listings, the search index and every other page up to date.

Anything this step cannot do exactly as a build would (a page added or removed, a listing-only
change, a new inline script, a warning, an audit finding) leaves it to that build: the pages it
wrote are removed first, so the build makes them again and reports what it finds.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.structure.files import InclusionLevel

from casebook.errors import CasebookError
from casebook.preview.incremental import is_listing
from casebook.publish.audit import audit_pages, policy_for
from casebook.publish.csp import add_csp_to

log = logging.getLogger("mkdocs.casebook")

# More edited pages than this (a taxonomy change renames a category on every case page): the
# dirty build is as quick, and it is the one that publishes them all at once.
MAX_PAGES = 12


@dataclass(frozen=True)
class LastBuild:
    """What a successful preview build made, for the next save's first step to build on."""

    config: Any
    files: Any
    nav: Any
    env: Any


def changed_pages(old: dict[str, str], new: dict[str, str]) -> tuple[list[str], list[str]] | None:
    """The generated pages whose text changed, as (edited pages, listings); None when a page
    was added or removed, which changes the navigation of every page."""
    if old.keys() != new.keys():
        return None
    changed = [uri for uri, text in new.items() if old[uri] != text]
    return [u for u in changed if not is_listing(u)], [u for u in changed if is_listing(u)]


def rebuild_edited(plugin: Any) -> set[str] | None:
    """Check the library, then build only the pages an edit changed; returns the site paths of
    the listings the next build rewrites, or None when the full rebuild must do it all (nothing
    is left written that it would not make again)."""
    last: LastBuild | None = plugin.last_build
    if last is None or plugin.generated is None or plugin.policies is None or plugin.audited is None:
        return None
    try:
        library, pages = plugin.check()
    except CasebookError:
        return None  # the rebuild reports the problems, with MkDocs' own output
    split = changed_pages(plugin.pages, pages)
    if split is None or not split[0] or len(split[0]) > MAX_PAGES:
        return None
    edited, listings = split
    files = last.files
    targets = [files.get_file_from_path(uri) for uri in edited]
    if any(f is None or (f.is_documentation_page() and f.page is None) for f in targets):
        return None
    plugin.library, plugin.pages = library, pages
    for uri in edited:
        plugin.generated.write(uri, pages[uri])
    written = [f.dest_uri for f in targets]
    pages_of = [f for f in targets if f.is_documentation_page()]
    data = [f for f in targets if not f.is_documentation_page()]  # the 错题本's question files
    if not _build(last, pages_of, data) or not _publishable(last, written, plugin):
        for rel in written:  # without its page, the dirty build counts the file as changed
            Path(last.config.site_dir, rel).unlink(missing_ok=True)
        return None
    return {f.dest_uri for f in (files.get_file_from_path(u) for u in listings) if f is not None}


def _build(last: LastBuild, targets: list[Any], data: list[Any]) -> bool:
    """Build the pages as MkDocs does (every plugin event) and copy the data files; False on
    any error or warning."""
    config = last.config
    warnings = _Count()
    logging.getLogger("mkdocs").addHandler(warnings)
    try:
        for file in data:
            file.copy_file()
        doc_files = last.files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        for file in targets:
            _populate_page(file.page, config, last.files)
        for file in targets:
            _build_page(file.page, config, doc_files, last.nav, last.env, excluded=file.inclusion.is_excluded())
    except Exception as exc:  # whatever it was, the full rebuild meets it again and reports it
        log.debug(f"preview: quick step left to the full rebuild: {exc}")
        return False
    finally:
        logging.getLogger("mkdocs").removeHandler(warnings)
    return warnings.count == 0


def _publishable(last: LastBuild, written: list[str], plugin: Any) -> bool:
    """The last build's policy written into the pages, and the audit of them clean."""
    site = Path(last.config.site_dir)
    if not add_csp_to(site, [rel for rel in written if rel.endswith(".html")], plugin.policies):
        return False
    return not audit_pages(site, written, policy_for(last.config), plugin.audited)


class _Count(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1

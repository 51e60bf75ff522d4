"""The search index: one entry per case, quiz and track, written by us instead of by page scraping.

Material's search plugin indexes every section of every page. For a case library that means the
metadata table as text, each case repeated on a dozen listing pages, and jieba run over all of it at
build time. We exclude generated pages from Material's indexing and add entries of our own: a case is
found by its title, story, summary, tags, principles and the trainer's synonyms; its snippet starts
with the story; quiz and track pages are found by title and description; listing pages are left out.
Hand-written docs/ pages stay with Material, section by section.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import jieba

from casebook.library.case_model import Case, Taxonomy
from casebook.library.load import Library

# jieba announces loading its dictionary in English; here and in Material's search plugin (the
# same module) the build would print it to the trainer. The privacy check, which used to load it
# first and silence it, now runs in helper processes.
jieba.setLogLevel(logging.WARNING)

# The search plugin's separator in mkdocs.yml splits on it; invisible in result snippets.
ZWSP = "\u200b"
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class SearchDoc:
    """What one generated page contributes to the index (its URL is known only to MkDocs)."""

    title: str
    text: str
    tags: tuple[str, ...] = ()


@lru_cache(maxsize=65536)
def _cut(run: str) -> str:
    # Runs of Han characters repeat across cases (tags, principles, stock phrases): cache them.
    return ZWSP.join(jieba.cut(run))


def segment(text: str) -> str:
    """Chinese text with jieba's word boundaries marked, as Material's plugin marks them, and
    HTML-escaped: Material's search box inserts an entry's title and text as HTML (to highlight
    the query), just as it scraped them from the escaped page."""
    flat = _SPACE.sub(" ", text).strip()
    return html.escape(_HAN.sub(lambda m: ZWSP + _cut(m.group(0)) + ZWSP, flat).strip(ZWSP), quote=False)


def synonym_words(taxonomy: Taxonomy) -> list[str]:
    """Every synonym, so jieba keeps each one whole."""
    return [word for group in taxonomy.synonyms for word in group]


def expansions(text: str, taxonomy: Taxonomy) -> list[str]:
    """The synonyms a text should also be found by: the other words of every group it mentions."""
    extra: list[str] = []
    for group in taxonomy.synonyms:
        if any(word in text for word in group):
            extra.extend(word for word in group if word not in text and word not in extra)
    return extra


def query_keys(word: str) -> list[str]:
    """The word and the index key Material's search box will look it up by.

    Material's worker splits a Chinese query into the longest index keys it finds, but never tries
    the whole query as one key (``workers/search.ts``), then matches each piece as a prefix. A
    three-character synonym typed alone is therefore looked up by its first two characters: that
    key must exist for the synonym to find its case.
    """
    return [word, word[:-1]] if len(word) >= 3 else [word]


def case_doc(case: Case, taxonomy: Taxonomy) -> SearchDoc:
    """A case: story first (the snippet), then the lesson, then what it is filed under."""
    parts = [case.scenario, case.summary, " ".join(case.tags), " ".join(case.principles)]
    body = " ".join(parts)
    # Synonym keys go in whole: jieba would split the two-character lookup keys again.
    keys = [key for word in expansions(case.title + body, taxonomy) for key in query_keys(word)]
    text = " ".join([segment(body), *keys])
    return SearchDoc(title=segment(case.title), text=text, tags=tuple(case.tags))


# Entries by case identity (see bank._VERSIONS): the preview re-indexes only the cases a save changed.
_DOCS: dict[int, tuple[Case, str, SearchDoc]] = {}


def _case_doc(case: Case, taxonomy: Taxonomy, synonyms: str) -> SearchDoc:
    hit = _DOCS.get(id(case))
    if hit is None or hit[0] is not case or hit[1] != synonyms:
        if len(_DOCS) >= 1 << 16:
            _DOCS.clear()
        hit = (case, synonyms, case_doc(case, taxonomy))
        _DOCS[id(case)] = hit
    return hit[2]


def _plain(title: str, description: str | None) -> SearchDoc:
    return SearchDoc(title=segment(title), text=segment(description or ""))


def search_docs(lib: Library) -> dict[str, SearchDoc]:
    """The index entries of the generated pages worth finding, keyed by ``src_uri``.

    A generated page missing from this mapping (browse, tag, category and principle listings, the
    notebook, the statistics) is left out of the index altogether.
    """
    for word in synonym_words(lib.taxonomy):
        jieba.add_word(word)
    synonyms = lib.taxonomy.model_dump_json(include={"synonyms"})
    docs = {f"cases/{case.id}.md": _case_doc(case, lib.taxonomy, synonyms) for case in lib.cases}
    docs.update(_quiz_docs(lib))
    docs.update({f"training/{t.id}.md": _plain(t.title, t.description) for t in lib.tracks})
    return docs


def _quiz_docs(lib: Library) -> Iterable[tuple[str, SearchDoc]]:
    for quiz in lib.quizzes:
        yield f"quizzes/{quiz.id}.md", _plain(quiz.title, quiz.description)

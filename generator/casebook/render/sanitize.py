"""Clean every page's rendered HTML with nh3 (ammonia) and an allowlist.

Runs on the body of every page (generated and hand-written) before Material wraps it in its
theme. What is not listed here is removed: unknown tags lose their markup (their text stays),
``<script>``/``<style>`` lose their content too, unknown attributes and classes are dropped,
and a URL survives only if ``boundary.is_site_internal`` accepts it.
"""

from __future__ import annotations

import re
import secrets

import nh3

from casebook.render.boundary import is_site_internal, is_trusted

_ADMONITION = {
    "admonition", "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important",
    "success", "check", "done", "question", "help", "faq", "warning", "caution", "attention",
    "failure", "fail", "missing", "danger", "error", "bug", "example", "quote", "cite",
}  # fmt: skip

# Markdown's output (the extensions in mkdocs.yml), plus our quiz mounts, dialogues and charts.
TAGS = {  # p, span, figure: attributes only through CLASSES
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt", "em",
    "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li",
    "mark", "ol", "p", "pre", "s", "small", "span", "strong", "sub", "summary", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
    "svg", "title", "desc", "text", "rect",
}  # fmt: skip

_HEADING = {"id"}
ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "h1": _HEADING, "h2": _HEADING, "h3": _HEADING, "h4": _HEADING, "h5": _HEADING, "h6": _HEADING,
    "ol": {"start"},
    "td": {"style", "colspan", "rowspan"},
    "th": {"style", "colspan", "rowspan"},
    "div": {"hidden", "data-search-exclude", "data-quiz", "data-track"},
    "details": {"open"},
    "svg": {"role", "viewBox", "width", "preserveAspectRatio"},
    "text": {"x", "y", "text-anchor"},
    "rect": {"x", "y", "width", "height", "rx"},
}  # fmt: skip

# nh3 wants "class" only here, not in ATTRIBUTES; a class not listed is dropped.
CLASSES: dict[str, set[str]] = {
    "div": _ADMONITION
    | {
        "cb-dialogue",
        "cb-quiz",
        "cb-track",
        "cb-tracks-summary",
        "cb-notebook",
        "cb-report",
        "cb-data-holder",
        "cb-home",
    }
    | {"cb-chips", "cb-chip-group", *(f"cb-chip-group--{g}" for g in ("category", "cause", "principle", "tag"))}
    | {"cb-rp-intro", "cb-rp-card", "cb-rp-card--customer", "cb-rp-card--employee", "cb-rp-card--observer"},
    "details": _ADMONITION,
    "p": {"admonition-title", "cb-line", "cb-customer", "cb-staff", "cb-noscript", "cb-lead", "cb-home-hint"},
    "span": {"cb-speaker", "cb-text"},
    "figure": {"cb-chart"},
    "text": {"cb-chart-label", "cb-chart-value"},
    "rect": {"cb-chart-bar"},
}
# The first-visit markup of quizzes, tracks and the notebook (render/first_visit.py).
_FIRST_VISIT: dict[str, set[str]] = {
    "div": {
        "cb-q", "cb-static-q", "cb-options", "cb-options--inline", "cb-questions", "cb-actions", "cb-step",
        "cb-track-overall", "cb-progress", "cb-progress-fill", "cb-locked", "cb-final", "cb-nb-empty",
        *(f"cb-q--{t}" for t in ("single", "multiple", "truefalse", "ordering", "dialogue")),
    },
    "p": {
        "cb-q-legend", "cb-hint", "cb-step-legend", "cb-quiz-meta", "cb-quiz-desc", "cb-track-progress-text",
        "cb-module-desc", "cb-nb-empty-title", "cb-track-line-text",
    },
    "span": {
        "cb-q-meta", "cb-q-prompt", "cb-option", "cb-static-mark", "cb-static-mark--circle", "cb-static-mark--box",
        "cb-option-text", "cb-order-text", "cb-step-meta", "cb-bubble", "cb-check", "cb-sr-only", "cb-item-kind",
        "cb-item-optional", "cb-item-extra", "cb-module-num", "cb-status", "cb-status--todo",
    },
    "ol": {"cb-order", "cb-modules"},
    "ul": {"cb-items", "cb-missing", "cb-tracks-list"},
    "li": {
        "cb-order-item", "cb-item", "cb-module", "cb-module--todo", "cb-track-line",
        *(f"cb-item--{k}" for k in ("page", "case", "quiz", "roleplay")),
    },
    **{h: {"cb-quiz-title", "cb-module-title", "cb-final-title"} for h in ("h2", "h3", "h4", "h5", "h6")},
}  # fmt: skip
for _tag, _names in _FIRST_VISIT.items():
    CLASSES[_tag] = CLASSES.get(_tag, set()) | _names

_URL_ATTRIBUTES = {"href", "src"}

# Our quiz data: nh3 drops the contents of every <template>, so the registered ones are set
# aside under a random marker and put back after cleaning. JSON text never holds a "<".
_TEMPLATE = re.compile(r'<template class="cb-data" data-for="[^"<>]*">[^<]*</template>')


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute in _URL_ATTRIBUTES:
        return value if is_site_internal(value) else None
    if attribute == "id" and value.startswith("_"):
        return None  # Material looks up its own elements by id (__config, __search …)
    return value


def clean_html(html: str) -> str:
    """``html`` with everything outside the allowlist removed; our registered data kept."""
    marker = "cbdata" + secrets.token_hex(12)
    kept: list[str] = []

    def set_aside(match: re.Match[str]) -> str:
        holder = f'<div class="cb-data-holder" hidden data-search-exclude>{match.group(0)}</div>'
        if not is_trusted(holder):
            return ""
        kept.append(match.group(0))
        return f"{marker}{len(kept) - 1}{marker}"

    cleaned = nh3.clean(
        _TEMPLATE.sub(set_aside, html),
        tags=TAGS,
        clean_content_tags={"script", "style"},
        attributes=ATTRIBUTES,
        attribute_filter=_attribute_filter,
        url_schemes=set(),
        link_rel=None,
        allowed_classes=CLASSES,
        filter_style_properties={"text-align"},
        strip_comments=True,
    )
    if kept:
        cleaned = re.sub(f"{marker}(\\d+){marker}", lambda m: kept[int(m.group(1))], cleaned)
    return cleaned

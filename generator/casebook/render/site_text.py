"""Text that Material's templates insert without escaping: page titles, descriptions, site name.

Material writes ``{{ page.meta.title }}``, ``{{ page.meta.description }}``, ``{{ page.title }}``
(navigation, header, footer) and ``{{ config.site_name }}`` as they are, and
``{{ page.title | striptags }}`` in ``<title>`` turns ``&lt;`` back into ``<``. So before any
template runs, each of these is replaced by ``boundary.title_text`` of its plain text, and the
page title is also put into ``page.meta.title`` so Material takes the branch without ``striptags``.
"""

from __future__ import annotations

from typing import Any

from casebook.render.boundary import rendered_title_text, title_text

# mkdocs.yml settings Material prints as HTML; the copyright line, too, is plain text for us.
_CONFIG_TEXT = ("site_name", "site_description", "site_author", "copyright")


def protect_config_text(config: Any) -> None:
    """Escape the site-wide texts trainers set in mkdocs.yml, and the titles in ``nav``."""
    for key in _CONFIG_TEXT:
        if config.get(key):
            config[key] = title_text(config[key])
    if config.get("nav"):
        config["nav"] = _nav(config["nav"])


def _nav(items: Any) -> Any:
    if isinstance(items, list):
        return [_nav(i) for i in items]
    if isinstance(items, dict):
        return {title_text(k): _nav(v) for k, v in items.items()}
    return items


def protect_page_text(page: Any) -> None:
    """Give ``page`` a title and description that reach the HTML only as text.

    Call after the page is rendered (``on_page_content``): a title from the first heading is
    only known then. A title from front matter or from ``nav`` is the trainer's raw text; one
    from the heading is rendered HTML (tags stripped, entities kept).
    """
    meta = page.meta
    if "title" in vars(page):  # given in nav: MkDocs stored it on the page; protect_config_text escaped it
        meta["title"] = vars(page)["title"]
    elif "title" in meta:
        meta["title"] = title_text(meta["title"])
    elif page.title and not page.is_homepage:
        # The homepage keeps Material's plain site-name title; its heading is already HTML text.
        from_render = page._title_from_render
        meta["title"] = rendered_title_text(page.title) if from_render else title_text(page.title)
    if "description" in meta:
        meta["description"] = title_text(meta["description"])

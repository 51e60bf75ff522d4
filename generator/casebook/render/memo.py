"""Rendered pages kept between preview rebuilds, keyed by what they were rendered from."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel


class RenderCache:
    """Pages the preview rendered before, by ``src_uri``, with the inputs they were rendered from.

    A key holds models, compared by identity (the loader hands back the same frozen model for a
    file that did not change, so this costs nothing per page), and plain values, compared by
    value. A page is rendered again only when one of them changed: at 1,000 cases re-rendering
    every page on each save was most of the preview's rebuild.
    """

    def __init__(self) -> None:
        self._pages: dict[str, tuple[tuple[object, ...], str]] = {}

    def page(self, uri: str, key: tuple[object, ...], render: Callable[[], str]) -> str:
        hit = self._pages.get(uri)
        if hit is not None and _same(hit[0], key):
            return hit[1]
        text = render()
        self._pages[uri] = (key, text)
        return text


class _NoCache(RenderCache):
    """A build renders everything once."""

    def page(self, uri: str, key: tuple[object, ...], render: Callable[[], str]) -> str:
        return render()


def _same(old: tuple[object, ...], new: tuple[object, ...]) -> bool:
    return len(old) == len(new) and all(
        a is b or (not isinstance(a, BaseModel) and not isinstance(b, BaseModel) and a == b)
        for a, b in zip(old, new, strict=True)
    )


NO_CACHE = _NoCache()

"""Helpers for driving the site in the browser."""

from __future__ import annotations

from playwright.sync_api import Page

SUBPATH = "/kb/"


def search(page: Page, query: str) -> list[str]:
    """Type ``query`` into Material's search box; return the result links' paths."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # Material reacts to key events, and fill() sends none
    page.wait_for_selector(".md-search-result__item")
    return page.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => new URL(e.href).pathname)")

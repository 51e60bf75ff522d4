"""The built site in headless Chromium, served under /kb/ like the intranet does."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from kit import SUBPATH, search
from playwright.sync_api import Page, Request, expect

pytestmark = pytest.mark.browser

# A term a trainee would type, and the case it must find (issues 2 and 3).
SEARCHES = {
    "吞卡": "medical-card-swallowed-expired",
    "首问负责": "loan-rate-phone-runaround",
    "手续费": "remote-withdrawal-fee-advice",
    "医保卡": "medical-card-swallowed-expired",
    "头盔": "helmet-security-guard",
    "第三方存管": "third-party-custody-signing",
    "滞纳金": "card-annual-fee-provident-loan",
    "吞钞": "atm-deposit-swallowed-cash",
    "提前下班": "branch-closed-early-event",
    "异地取款": "remote-withdrawal-fee-advice",
    "贵宾": "vip-card-upgrade",
    "转错账": "atm-mistaken-transfer",
    "延期还款": "pandemic-deferral-misunderstanding",
    "叫号": "queue-number-skipped",
}


@pytest.mark.parametrize(("query", "case_id"), SEARCHES.items())
def test_search_finds_the_case(page: Page, base_url: str, query: str, case_id: str) -> None:
    page.goto(base_url)
    results = search(page, query)
    assert f"{SUBPATH}cases/{case_id}/" in results[:8], results


def test_case_page_renders_its_sections(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}cases/medical-card-swallowed-expired/")
    headings = page.locator("article h2").all_inner_texts()
    assert headings[:4] == ["案例经过", "原因分析", "应对措施", "案例小结"]
    assert "建议话术" in headings
    assert page.locator(".cb-dialogue .cb-customer").count() >= 1
    assert page.locator(".cb-dialogue .cb-staff").count() >= 1
    # Material's stylesheet loaded from under the sub-path: the header is coloured.
    colour = page.locator("header.md-header").evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")


def test_links_work_under_the_sub_path(page: Page, base_url: str) -> None:
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(base_url)
    page.get_by_role("link", name="浏览案例").click()
    page.wait_for_url(f"{base_url}browse/")
    page.get_by_role("link", name="按分类浏览").first.click()
    page.wait_for_url(f"{base_url}browse/category/")
    page.get_by_role("link", name="人员服务").first.click()
    page.wait_for_url(f"{base_url}browse/category/staff/")
    page.locator("article a[href*='cases/']").first.click()
    page.wait_for_url(f"{base_url}cases/**")
    assert page.locator("article h1").inner_text()
    assert failed == []


def test_nothing_is_requested_outside_the_site(page: Page, base_url: str) -> None:
    origin = urlparse(base_url)
    requests: list[str] = []

    def record(request: Request) -> None:
        requests.append(request.url)

    page.on("request", record)
    page.goto(base_url)
    page.goto(f"{base_url}cases/helmet-security-guard/")
    page.goto(f"{base_url}knowledge/statistics/")
    search(page, "吞卡")
    page.wait_for_load_state("networkidle")
    outside = [
        url
        for url in requests
        if not url.startswith("data:")
        and (urlparse(url).netloc != origin.netloc or not urlparse(url).path.startswith(SUBPATH))
    ]
    assert len(requests) > 10
    assert outside == []


def test_a_case_with_dated_rules_says_which_year_they_are_from(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}cases/remote-withdrawal-fee-advice/")
    notice = page.locator("article .admonition.warning")
    expect(notice).to_be_visible()
    expect(notice.locator(".admonition-title")).to_have_text("时效提示：按 2012 年的规定")
    expect(notice).to_contain_text("60 元封顶")
    # It sits right under the story, before the folded classification and the analysis.
    after = notice.evaluate("n => [n.nextElementSibling, n.nextElementSibling.nextElementSibling].map(e => e.tagName)")
    assert after == ["DETAILS", "H2"]
    assert notice.evaluate("n => n.nextElementSibling.nextElementSibling.textContent") == "原因分析"

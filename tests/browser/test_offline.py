"""The offline bundle (`casebook build --offline`): a zip a branch without a web server unpacks
and opens from disk. Search, links, quizzes and progress must work from file:// and nothing may
be requested from anywhere else."""

from __future__ import annotations

import functools
import os
import zipfile
from pathlib import Path

import pytest
from kit import answer_all, search
from playwright.sync_api import Page, Request, expect

from casebook.library.load import load_library
from casebook.library.quiz_model import Question
from casebook.publish.offline import OFFLINE_ENV, build_offline_zip, write_zip
from helpers import REPO, run_casebook

CASE = "helmet-security-guard"
TRACK_PAGE = "training/advanced.html"  # the track that lists CASE and its quiz


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The zip `casebook build --offline` writes for the shipped library."""
    tmp = tmp_path_factory.mktemp("offline")
    out = tmp / "casebook-offline.zip"
    result = run_casebook("build", "--site-dir", str(tmp / "site"), "--offline", "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert "离线压缩包已生成" in result.stdout
    return out


@pytest.fixture(scope="module")
def root_url(bundle: Path) -> str:
    """file:// address of the unpacked bundle's folder, ending in a slash."""
    target = bundle.parent / "unpacked"
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(target)
    return (target / "casebook").as_uri() + "/"


@pytest.fixture
def requests(page: Page) -> list[str]:
    """Every URL the page (and its frames) requests."""
    seen: list[str] = []

    def record(request: Request) -> None:
        seen.append(request.url)

    page.on("request", record)
    return seen


def left_disk(requests: list[str]) -> list[str]:
    return [url for url in requests if not url.startswith(("file:", "data:", "blob:", "about:"))]


@functools.cache
def questions() -> dict[str, Question]:
    """Every practice question by the key the page gives it (``quiz-id/question-id``)."""
    return {f"{quiz.id}/{q.id}": q for quiz in load_library(REPO).quizzes for q in quiz.questions}


# --- The zip itself ----------------------------------------------------------------------------


def test_zip_holds_one_casebook_folder_with_fixed_times(bundle: Path) -> None:
    with zipfile.ZipFile(bundle) as archive:
        infos = archive.infolist()
    names = [i.filename for i in infos]
    assert names == sorted(names)
    assert names[0] == "casebook/"
    assert all(n.startswith("casebook/") for n in names)
    assert {"casebook/index.html", f"casebook/cases/{CASE}.html", "casebook/search/search_index.js"} <= set(names)
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}


def test_zip_does_not_depend_on_file_times_or_order(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "b").mkdir(parents=True)
    (site / "b" / "page.html").write_text("页面", encoding="utf-8")
    (site / "a.txt").write_text("a", encoding="utf-8")
    write_zip(site, tmp_path / "one.zip", top="casebook")
    os.utime(site / "a.txt", (0, 0))
    write_zip(site, tmp_path / "two.zip", top="casebook")
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "one.zip") as archive:
        assert archive.namelist() == ["casebook/", "casebook/a.txt", "casebook/b/", "casebook/b/page.html"]
        assert archive.read("casebook/b/page.html").decode("utf-8") == "页面"


def test_failed_build_writes_no_zip_and_restores_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(OFFLINE_ENV, raising=False)
    seen: list[str | None] = []

    def failing_build(staged: Path) -> int:
        seen.append(os.environ.get(OFFLINE_ENV))
        return 1

    out = tmp_path / "casebook-offline.zip"
    assert build_offline_zip(failing_build, out) == 1
    assert seen == ["true"]
    assert OFFLINE_ENV not in os.environ
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


# --- Opened from disk in Chromium --------------------------------------------------------------


@pytest.mark.browser
def test_a_case_opens_from_the_home_page(page: Page, root_url: str, requests: list[str]) -> None:
    page.goto(f"{root_url}index.html")
    page.get_by_role("link", name="浏览案例").click()
    page.wait_for_url(f"{root_url}browse/index.html")
    page.locator("article a[href*='cases/']").first.click()
    page.wait_for_url(f"{root_url}cases/*.html")
    assert page.locator("article h1").inner_text()
    assert page.locator("article h2").first.inner_text() == "案例经过"
    assert len(requests) > 5
    assert left_disk(requests) == []


@pytest.mark.browser
def test_search_works_from_disk(page: Page, root_url: str, requests: list[str]) -> None:
    page.goto(f"{root_url}index.html")
    results = search(page, "头盔")
    expected = Path(root_url.removeprefix("file://")) / "cases" / f"{CASE}.html"
    assert str(expected) in results[:8], results
    page.locator(".md-search-result__item > a").first.click()
    page.wait_for_url(f"{root_url}cases/{CASE}.html*")
    assert left_disk(requests) == []


@pytest.mark.browser
def test_quiz_on_a_case_page_works_from_disk(page: Page, root_url: str, requests: list[str]) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{root_url}cases/{CASE}.html")
    quiz = page.locator(f".cb-quiz[data-quiz='{CASE}']")
    expect(quiz.locator("fieldset.cb-q").first).to_be_visible()
    answer_all(quiz, questions(), right=lambda key: True)
    quiz.get_by_role("button", name="提交答案").click()
    expect(quiz.locator(".cb-score-text")).to_contain_text("得分 100 分")

    # Progress is kept in localStorage, which Chromium shares between pages opened from disk:
    # the track page shows the case as read and the quiz as passed, and its links (written as
    # directory URLs in the page data) lead to files that exist.
    page.goto(f"{root_url}{TRACK_PAGE}")
    track = page.locator(".cb-track")
    expect(track).to_contain_text("最好成绩 100 分")
    links = track.locator("a").evaluate_all("els => els.map(e => e.href)")
    assert f"{root_url}cases/{CASE}.html" in links
    missing = [url for url in links if not Path(url.removeprefix("file://").split("#")[0]).is_file()]
    assert missing == []
    assert errors == []
    assert left_disk(requests) == []


def test_the_notebook_asks_again_from_disk(page: Page, root_url: str, requests: list[str]) -> None:
    """The 错题本 loads the question files of the quizzes it holds, as scripts, from file:// too."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{root_url}cases/{CASE}.html")
    quiz = page.locator(f".cb-quiz[data-quiz='{CASE}'][data-cb-ready]")
    expect(quiz.locator("fieldset.cb-q").first).to_be_visible()
    keys = answer_all(quiz, questions(), right=lambda key: False)
    quiz.get_by_role("button", name="提交答案").click()
    expect(quiz.locator(".cb-score-text")).to_contain_text("得分 0 分")

    page.goto(f"{root_url}training/notebook.html")
    box = page.locator(".cb-notebook[data-cb-ready] .cb-nb-quiz")
    expect(box.locator("fieldset.cb-q")).to_have_count(len(keys))
    assert sorted(box.locator("fieldset.cb-q").evaluate_all("els => els.map(e => e.dataset.key)")) == sorted(keys)
    loaded = page.evaluate("Object.keys(window.CasebookBank || {})")
    assert loaded == [CASE]  # the one quiz it holds questions of, not the whole bank
    assert errors == []
    assert left_disk(requests) == []

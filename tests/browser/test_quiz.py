"""Quizzes, the 错题本 and the training tracks as a trainee uses them, in headless Chromium.

Every answer comes from the quiz YAML through casebook's own loader, so the tests follow the content.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import axe_playwright_python
import pytest
from kit import answer, answer_all, choose
from playwright.sync_api import Locator, Page, expect

from casebook.library.bank import pool_members
from casebook.library.load import Library, load_library
from casebook.library.quiz_model import Dialogue, Question, Quiz, SingleChoice, Track
from helpers import REPO

pytestmark = pytest.mark.browser

CASE = "medical-card-swallowed-expired"  # a case with a quiz of every question type but ordering
EXAM = "onboarding-final"
TRACK = "onboarding"
STORE_KEY = "casebook:v1"
DATE = r"\d{4}-\d{2}-\d{2}"
AXE_JS = Path(axe_playwright_python.__file__).parent / "axe.min.js"


@functools.cache
def library() -> Library:
    return load_library(REPO)


@functools.cache
def questions() -> dict[str, Question]:
    """Every practice question by the key the page gives it (``quiz-id/question-id``)."""
    return {f"{quiz.id}/{q.id}": q for quiz in library().quizzes for q in quiz.questions}


def quiz(quiz_id: str) -> Quiz:
    return library().quiz(quiz_id)


def track(track_id: str) -> Track:
    return next(t for t in library().tracks if t.id == track_id)


def js_round(x: float) -> int:
    """Math.round, which the page uses (Python's round() rounds halves to even)."""
    return math.floor(x + 0.5)


@pytest.fixture(autouse=True)
def page_errors(page: Page) -> Iterator[list[str]]:
    """Uncaught exceptions and console errors (casebook.js logs the ones it survives) fail the test."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"pageerror: {error}"))
    page.on("console", lambda message: errors.append(f"console: {message.text}") if message.type == "error" else None)
    yield errors
    assert errors == [], errors


# --- Steps a trainee takes --------------------------------------------------------------------


def open_quiz(page: Page, url: str, quiz: str = ".cb-quiz[data-quiz][data-cb-ready]") -> Locator:
    """Go to ``url`` and return its quiz once the script has drawn the questions."""
    page.goto(url)
    box = page.locator(quiz)
    expect(box.locator("fieldset.cb-q").first).to_be_visible()
    return box


def open_quiz_in_place(page: Page) -> Locator:
    """The quiz on the current page, once drawn (after an instant navigation)."""
    box = page.locator(".cb-quiz[data-quiz][data-cb-ready]")
    expect(box.locator("fieldset.cb-q").first).to_be_visible()
    return box


def pass_quiz(page: Page, url: str) -> None:
    """Answer every question on the quiz at ``url`` right and submit."""
    box = open_quiz(page, url)
    answer_all(box, questions(), right=lambda key: True)
    submit(box)
    expect(box.locator(".cb-pass--yes")).to_be_visible()


def open_notebook(page: Page, base_url: str) -> Locator:
    """The 错题本's 错题重练 quiz, which holds every question in the notebook."""
    return open_quiz(page, f"{base_url}training/notebook/", ".cb-notebook[data-cb-ready] .cb-nb-quiz")


def submit(box: Locator) -> None:
    box.get_by_role("button", name="提交答案").click()
    expect(box.locator(".cb-summary")).to_be_focused()


def submit_unanswered(box: Locator) -> None:
    """Submit with questions left unanswered: the page asks first, and 仍然交卷 confirms."""
    box.get_by_role("button", name="提交答案").click()
    box.get_by_role("alertdialog").get_by_role("button", name="仍然交卷").click()
    expect(box.locator(".cb-summary")).to_be_focused()


def question_box(box: Locator, key: str) -> Locator:
    return box.locator(f"fieldset.cb-q[data-key='{key}']")


def shown_keys(box: Locator) -> list[str]:
    return box.locator("fieldset.cb-q").evaluate_all("els => els.map(e => e.dataset.key)")


def score_text(score: int, quiz_id: str) -> str:
    return f"得分 {score} 分（及格线 {quiz(quiz_id).pass_mark} 分）"


def best_text(score: int, attempts: int, *, passed: bool) -> re.Pattern[str]:
    return re.compile(rf"^最好成绩 {score} 分（{DATE}） · 已作答 {attempts} 次{' · 已通过' if passed else ''}$")


def set_store(page: Page, value: str) -> None:
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [STORE_KEY, value])


def stored(page: Page) -> dict[str, Any]:
    return json.loads(page.evaluate("key => localStorage.getItem(key)", STORE_KEY))


def serious_axe_violations(page: Page) -> list[str]:
    """axe-core's serious and critical findings on the page, one readable line each."""
    # Evaluated, not added as a <script>: the site's Content-Security-Policy blocks inline scripts.
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    # Material's search overlay (.md-search) is the theme's own markup, not ours: its role="dialog"
    # has no accessible name (axe: aria-dialog-name), and no setting of the theme changes that.
    results = page.evaluate("axe.run({include: [document], exclude: [['.md-search']]}, {resultTypes: ['violations']})")
    return [
        f"{v['impact']} {v['id']}: {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


# --- 1-3: scoring --------------------------------------------------------------------------------


def test_passing_a_case_quiz_on_the_case_page(page: Page, base_url: str) -> None:
    box = open_quiz(page, f"{base_url}cases/{CASE}/")
    expect(box.locator(".cb-best")).to_be_hidden()

    keys = answer_all(box, questions(), right=lambda key: True)
    assert keys == [f"{CASE}/{q.id}" for q in quiz(CASE).questions]  # a practice quiz keeps its order
    submit(box)

    expect(box.locator(".cb-score-text")).to_have_text(score_text(100, CASE))
    expect(box.locator(".cb-pass--yes")).to_have_text("通过")
    expect(box.locator("fieldset.cb-q.cb-q--right")).to_have_count(len(keys))
    for key in keys:
        fieldset = question_box(box, key)
        expect(fieldset.locator(".cb-verdict")).to_have_text("回答正确")
        expect(fieldset.locator(".cb-explanation")).to_have_text(f"解析：{questions()[key].explanation}")
    expect(box.locator(".cb-best")).to_have_text(best_text(100, 1, passed=True))


def test_failing_a_quiz_links_back_to_the_case(page: Page, base_url: str) -> None:
    box = open_quiz(page, f"{base_url}quizzes/{CASE}/")
    answer_all(box, questions(), right=lambda key: False)
    submit(box)

    expect(box.locator(".cb-score-text")).to_have_text(score_text(0, CASE))
    expect(box.locator(".cb-pass--no")).to_have_text("未通过")
    expect(box.locator("fieldset.cb-q.cb-q--wrong")).to_have_count(len(quiz(CASE).questions))
    expect(box.locator(".cb-verdict").first).to_have_text("回答错误")
    expect(box.locator(".cb-best")).to_have_text(best_text(0, 1, passed=False))

    case_title = library().case(CASE).title
    link = box.locator(".cb-case-link a").first
    expect(link).to_have_text(f"回到案例：{case_title}")
    link.click()
    page.wait_for_url(f"{base_url}cases/{CASE}/")
    expect(page.locator("article h1")).to_have_text(case_title)


@pytest.mark.parametrize("right_ones", [{0, 2}, {1}, {0, 1, 3}], ids=["two-right", "one-right", "three-right"])
def test_a_mixed_attempt_scores_the_questions_it_got_right(page: Page, base_url: str, right_ones: set[int]) -> None:
    keys = [f"{CASE}/{q.id}" for q in quiz(CASE).questions]
    right = {keys[i] for i in right_ones}
    box = open_quiz(page, f"{base_url}quizzes/{CASE}/")
    answer_all(box, questions(), right=lambda key: key in right)
    submit(box)

    score = js_round(100 * len(right) / len(keys))
    passed = score >= quiz(CASE).pass_mark
    expect(box.locator(".cb-score-text")).to_have_text(score_text(score, CASE))
    expect(box.locator(".cb-pass")).to_have_text("通过" if passed else "未通过")
    expect(box.locator(".cb-score-detail")).to_contain_text(f"共 {len(keys)} 题，完全答对 {len(right)} 题。")
    for key in keys:
        expect(question_box(box, key)).to_have_class(re.compile(r"cb-q--right" if key in right else r"cb-q--wrong"))


def test_a_dialogue_earns_a_share_for_each_step_answered_well(page: Page, base_url: str) -> None:
    dialogue_key, dialogue = next(
        (k, q) for k, q in questions().items() if k.startswith(f"{CASE}/") and isinstance(q, Dialogue)
    )
    assert len(dialogue.steps) >= 2, "the case quiz needs a dialogue of two or more steps"
    box = open_quiz(page, f"{base_url}quizzes/{CASE}/")
    answer_all(box, questions(), right=lambda key: key != dialogue_key)
    first_step = question_box(box, dialogue_key).locator("fieldset.cb-step").first
    choose(first_step, dialogue.steps[0].answer)  # only the first step right
    submit(box)

    n = len(quiz(CASE).questions)
    score = js_round(100 * (n - 1 + 1 / len(dialogue.steps)) / n)
    expect(box.locator(".cb-score-text")).to_have_text(score_text(score, CASE))
    expect(question_box(box, dialogue_key).locator(".cb-verdict")).to_have_text(
        f"部分正确（答对 1/{len(dialogue.steps)} 轮）"
    )


def test_an_ordering_question_is_right_only_in_the_exact_order(page: Page, base_url: str) -> None:
    quiz_id = "service-standards"
    box = open_quiz(page, f"{base_url}quizzes/{quiz_id}/")
    keys = answer_all(box, questions(), right=lambda key: True)
    ordering = [k for k in keys if questions()[k].type == "排序"]
    assert len(ordering) >= 2, "service-standards needs two ordering questions"
    answer(question_box(box, ordering[0]), questions()[ordering[0]], right=False)  # swaps two steps back
    submit(box)

    expect(box.locator(".cb-score-text")).to_have_text(score_text(js_round(100 * (len(keys) - 1) / len(keys)), quiz_id))
    expect(question_box(box, ordering[0])).to_have_class(re.compile("cb-q--wrong"))
    expect(question_box(box, ordering[1])).to_have_class(re.compile("cb-q--right"))
    expect(question_box(box, ordering[0]).locator(".cb-correct-order li")).to_have_text(questions()[ordering[0]].items)


# --- 4: the 错题本 -----------------------------------------------------------------------------


def home_review(page: Page, base_url: str) -> Locator:
    """The home page's 错题本 line, once the overview is drawn."""
    page.goto(base_url)
    expect(page.locator(".cb-home[data-cb-ready]")).to_be_attached()
    return page.locator(".cb-home-review")


def test_a_wrong_answer_is_due_today_and_a_right_review_schedules_it_a_day_later(page: Page, base_url: str) -> None:
    page.clock.set_fixed_time("2026-03-02T12:00:00")
    notebook = f"{base_url}training/notebook/"
    page.goto(notebook)
    expect(page.locator(".cb-nb-empty")).to_contain_text("错题本是空的。")

    wrong = [f"{CASE}/{q.id}" for q in quiz(CASE).questions]
    box = open_quiz(page, f"{base_url}quizzes/{CASE}/")
    answer_all(box, questions(), right=lambda key: False)
    submit(box)
    expect(box.locator(".cb-score-detail")).to_contain_text("答错的题已收入错题本。")
    expect(home_review(page, base_url)).to_have_text(f"错题本：今天有 {len(wrong)} 道题待复习。去复习")

    box = open_notebook(page, base_url)
    count = page.locator(".cb-nb-count")
    expect(count).to_have_text(f"错题本中有 {len(wrong)} 道题，今天待复习 {len(wrong)} 道。")
    expect(page.locator(".cb-nb-quiz .cb-quiz-title")).to_have_text("今日复习")
    assert sorted(shown_keys(box)) == sorted(wrong)

    # Right in review: box 2, due tomorrow; nothing is left for today.
    answer_all(box, questions(), right=lambda key: True)
    submit(box)
    expect(count).to_have_text(f"错题本中有 {len(wrong)} 道题，今天待复习 0 道。")
    assert {k: (e["box"], e["due"]) for k, e in stored(page)["notebook"].items()} == {
        k: (2, "2026-03-03") for k in wrong
    }
    box.get_by_role("button", name="重新作答").click()
    expect(page.locator(".cb-nb-done")).to_have_text("今天的复习已完成。下一次复习：2026-03-03。")
    expect(count).to_be_focused()
    expect(page.locator(".cb-nb-quiz")).to_have_count(0)
    expect(home_review(page, base_url)).to_have_text("错题本：今天没有待复习的题，下一次复习在 2026-03-03。打开错题本")

    # The next day they are due again.
    page.clock.set_fixed_time("2026-03-03T12:00:00")
    box = open_notebook(page, base_url)
    expect(count).to_have_text(f"错题本中有 {len(wrong)} 道题，今天待复习 {len(wrong)} 道。")
    assert sorted(shown_keys(box)) == sorted(wrong)
    expect(home_review(page, base_url)).to_contain_text(f"今天有 {len(wrong)} 道题待复习。")


def test_practising_early_changes_no_date_and_a_wrong_answer_is_due_again_today(page: Page, base_url: str) -> None:
    page.clock.set_fixed_time("2026-03-02T12:00:00")
    keys = [f"{CASE}/{q.id}" for q in quiz(CASE).questions]
    box = open_quiz(page, f"{base_url}quizzes/{CASE}/")
    answer_all(box, questions(), right=lambda k: False)
    submit(box)
    box = open_notebook(page, base_url)
    answer_all(box, questions(), right=lambda k: True)
    submit(box)  # every question: box 2, due 2026-03-03

    page.reload()
    expect(page.locator(".cb-nb-done")).to_be_visible()
    page.get_by_role("button", name=f"提前练习未到期的 {len(keys)} 道题").click()
    expect(page.locator(".cb-nb-count")).to_be_focused()
    box = page.locator(".cb-nb-quiz")
    expect(box.locator(".cb-quiz-title")).to_have_text("全部错题练习")
    expect(box.locator("fieldset.cb-q")).to_have_count(len(keys))
    answer_all(box, questions(), right=lambda k: k != keys[0])
    submit(box)

    state = stored(page)["notebook"]
    assert (state[keys[0]]["box"], state[keys[0]]["due"]) == (1, "2026-03-02")
    assert all((state[k]["box"], state[k]["due"]) == (2, "2026-03-03") for k in keys[1:])
    expect(page.locator(".cb-nb-count")).to_have_text(f"错题本中有 {len(keys)} 道题，今天待复习 1 道。")
    page.get_by_role("button", name="只练今天待复习的题").click()
    assert shown_keys(page.locator(".cb-nb-quiz")) == [keys[0]]


# --- 5: progress survives -------------------------------------------------------------------------


def test_progress_survives_a_reload_and_instant_navigation(page: Page, base_url: str) -> None:
    quiz_url = f"{base_url}quizzes/{CASE}/"
    box = open_quiz(page, quiz_url)
    answer_all(box, questions(), right=lambda key: True)
    submit(box)

    page.reload()
    box = open_quiz(page, quiz_url)
    expect(box.locator(".cb-best")).to_have_text(best_text(100, 1, passed=True))

    # Material's instant navigation swaps the page without reloading it: a marker set now survives.
    page.evaluate("window.cbMarker = 'same document'")
    page.locator("article").get_by_role("link", name=library().case(CASE).title).click()
    page.wait_for_url(f"{base_url}cases/{CASE}/")
    case_quiz = page.locator(f".cb-quiz[data-quiz='{CASE}'][data-cb-ready]")
    expect(case_quiz.locator(".cb-best")).to_have_text(best_text(100, 1, passed=True))
    expect(case_quiz.locator("fieldset.cb-q")).to_have_count(len(quiz(CASE).questions))

    page.go_back()
    page.wait_for_url(quiz_url)
    box = open_quiz_in_place(page)
    expect(box.locator(".cb-best")).to_have_text(best_text(100, 1, passed=True))
    assert page.evaluate("window.cbMarker") == "same document"

    # The quiz still works on the swapped-in page, and the best result stays.
    answer_all(box, questions(), right=lambda key: False)
    submit(box)
    expect(box.locator(".cb-score-text")).to_have_text(score_text(0, CASE))
    expect(box.locator(".cb-best")).to_have_text(best_text(100, 2, passed=True))
    assert page.evaluate("window.cbMarker") == "same document"


# --- 6: exams draw afresh ------------------------------------------------------------------------


def test_each_exam_attempt_draws_a_new_set_of_questions(page: Page, base_url: str) -> None:
    exam = quiz(EXAM)
    size = sum(pool.count for pool in exam.pools)
    bank = library().bank
    candidates = {item.key for pool in exam.pools for item in pool_members(bank, pool)}
    assert len(candidates) >= size + 10, "too few candidates for two draws to differ reliably"

    box = open_quiz(page, f"{base_url}quizzes/{EXAM}/")
    expect(box.locator(".cb-quiz-meta")).to_have_text(f"本次考试随机抽取 {size} 题 · 及格线 {exam.pass_mark} 分")
    first = shown_keys(box)
    assert len(first) == size
    assert len(set(first)) == size, "a question was drawn twice"
    assert set(first) <= candidates
    submit_unanswered(box)

    # Two draws of 20 from 30+ questions are almost never equal; three retries make that negligible.
    for _ in range(3):
        box.get_by_role("button", name="重新作答").click()
        again = shown_keys(box)
        assert len(again) == len(set(again)) == size
        assert set(again) <= candidates
        if set(again) != set(first):
            break
        submit_unanswered(box)
    else:
        pytest.fail("four exam attempts drew the same questions")


# --- 7: training track ---------------------------------------------------------------------------


def completed_state(data: dict[str, Any]) -> dict[str, Any]:
    """A browser store in which every item of a track (its page data) and its exam are done."""
    passed = {"best": 90, "bestDate": "2026-03-02", "last": 90, "attempts": 1, "passed": True}
    state: dict[str, Any] = {"schema": 1, "quizzes": {}, "notebook": {}, "visited": {}, "completions": {}}
    for module in data["modules"]:
        for item in module["items"]:
            state["visited"][item["path"]] = "2026-03-01"
            if item.get("quiz"):
                state["quizzes"][item["quiz"]] = {"version": item["version"], **passed}
    exam = data["finalExam"]
    state["quizzes"][exam["id"]] = {"version": exam["version"], **passed, "best": 100, "last": 100}
    return state


def track_data(page: Page, track_id: str) -> dict[str, Any]:
    text = page.locator(f"template.cb-data[data-for='{track_id}']").first.evaluate("t => t.content.textContent")
    return dict(json.loads(text))


def test_track_progress_and_a_record_locked_until_every_required_item_is_done(page: Page, base_url: str) -> None:
    onboarding = track(TRACK)
    track_url = f"{base_url}training/{TRACK}/"
    # Role-plays are listed (and counted once their cards are opened) but never required.
    roleplays = sum(len(m.roleplays) for m in onboarding.modules)
    total = sum(len(m.pages) + len(m.cases) + len(m.quizzes) for m in onboarding.modules) + roleplays + 1  # + exam
    progressbar = page.get_by_role("progressbar", name="学习进度")
    modules = page.locator("li.cb-module")
    first_module = modules.first

    page.goto(track_url)
    expect(page.locator(".cb-track-progress-text")).to_have_text(f"学习进度：已完成 0/{total} 项（0%）")
    expect(progressbar).to_have_attribute("aria-valuenow", "0")
    expect(modules).to_have_count(len(onboarding.modules))
    expect(modules.locator(".cb-status")).to_have_text(["未开始"] * len(onboarding.modules))
    expect(page.locator(".cb-final .cb-status")).to_have_text("未参加")
    expect(page.locator(".cb-completion")).to_have_count(0)

    # Read the first module's pages and pass its quizzes.
    module = onboarding.modules[0]
    assert module.pages and module.quizzes, "the first module needs a page and a quiz"
    for uri in module.pages:
        page.goto(f"{base_url}{uri.removesuffix('.md')}/")
    for quiz_id in module.quizzes:
        pass_quiz(page, f"{base_url}quizzes/{quiz_id}/")

    page.goto(track_url)
    done = len(module.pages) + len(module.quizzes)
    expect(first_module).to_have_class(re.compile("cb-module--done"))
    expect(first_module.locator(".cb-module-title .cb-status")).to_have_text("已完成")
    expect(first_module.locator("li.cb-item.cb-item--done")).to_have_count(done)
    expect(page.locator(".cb-track-progress-text")).to_have_text(
        f"学习进度：已完成 {done}/{total} 项（{js_round(100 * done / total)}%）"
    )
    expect(modules.nth(1).locator(".cb-module-title .cb-status")).to_have_text("未开始")

    # Fail the final exam once: 未通过.
    box = open_quiz(page, f"{base_url}quizzes/{EXAM}/")
    answer_all(box, questions(), right=lambda key: False)
    submit(box)
    page.goto(track_url)
    expect(page.locator(".cb-final .cb-status")).to_have_text("未通过")

    # Pass it: the exam is passed, yet the record stays locked and says what is missing.
    box = open_quiz(page, f"{base_url}quizzes/{EXAM}/")
    answer_all(box, questions(), right=lambda key: True)
    submit(box)
    expect(box.locator(".cb-score-text")).to_have_text(score_text(100, EXAM))

    page.goto(track_url)
    done += 1
    expect(progressbar).to_have_attribute("aria-valuenow", str(js_round(100 * done / total)))
    expect(page.locator(".cb-final .cb-status")).to_have_text("已通过")
    missing = total - done - roleplays
    expect(page.locator(".cb-locked .cb-hint")).to_have_text(
        f"结业考试已通过。还有 {missing} 项必修内容没有完成；全部完成后，才能生成结业记录："
    )
    expect(page.locator(".cb-completion")).to_have_count(0)
    expect(page.get_by_role("button", name="生成结业记录")).to_have_count(0)
    expect(modules.nth(1)).to_have_class(re.compile("cb-module--todo"))


def test_completion_record_lists_what_was_done_and_downloads_it(page: Page, base_url: str) -> None:
    onboarding = track(TRACK)
    track_url = f"{base_url}training/{TRACK}/"
    page.goto(track_url)
    data = track_data(page, TRACK)
    set_store(page, json.dumps(completed_state(data)))  # an old (schema 1) store, migrated on read
    page.reload()
    completion = page.locator(".cb-completion")
    expect(completion).to_be_visible()
    expect(page.locator("li.cb-module .cb-module-title .cb-status")).to_have_text(["已完成"] * len(onboarding.modules))

    name = "王小明"
    completion.get_by_label("姓名").fill(name)
    completion.get_by_role("button", name="生成结业记录").click()
    record = page.locator(".cb-record")
    expect(record).to_be_focused()
    expect(record.locator(".cb-record-name")).to_have_text(name)
    expect(record.locator(".cb-record-track")).to_have_text(onboarding.title)
    expect(record.locator(".cb-record-date")).to_have_text("2026-03-02")
    expect(record.locator(".cb-record-score")).to_have_text(f"100 分（及格线 {quiz(EXAM).pass_mark} 分）")
    items = sum(len(m["items"]) for m in data["modules"])
    rows = record.locator(".cb-record-table tbody tr")
    expect(rows).to_have_count(items + 1)
    expect(rows.first.locator("td").nth(3)).to_have_text("2026-03-01")  # the day it was done
    expect(rows.last).to_contain_text("结业考试")

    with page.expect_download() as csv_download:
        record.get_by_role("button", name="下载 CSV").click()
    assert csv_download.value.suggested_filename == f"casebook-{TRACK}-{name}-2026-03-02.csv"
    csv_text = Path(csv_download.value.path()).read_bytes().decode("utf-8-sig")  # keeps the CRLF line ends
    lines = csv_text.split("\r\n")
    assert lines[-1] == "", "the file ends with one line break"
    assert len(lines[:-1]) == 1 + items + 1  # header, every item, the exam: no blank or note row
    assert all(line.count(",") == lines[0].count(",") for line in lines[:-1])
    assert lines[-2].startswith(f"{name},{onboarding.title},结业考试,考试,{EXAM},")

    with page.expect_download() as json_download:
        record.get_by_role("button", name="下载 JSON").click()
    assert json_download.value.suggested_filename == f"casebook-{TRACK}-{name}-2026-03-02.json"
    exported = json.loads(Path(json_download.value.path()).read_text(encoding="utf-8"))
    assert exported["format"] == "casebook-result"
    assert exported["name"] == name
    assert exported["track"]["title"] == onboarding.title
    assert exported["finalExam"]["score"] == 100
    assert exported["finalExam"]["version"] == data["finalExam"]["version"]
    assert len(exported["items"]) == items
    # Pages, cases and role-play cards on the day they were opened, quizzes on the day they were passed.
    dates = {"page": "2026-03-01", "case": "2026-03-01", "roleplay": "2026-03-01", "quiz": "2026-03-02"}
    assert all(item["done"] and item["date"] == dates[item["kind"]] for item in exported["items"])

    assert serious_axe_violations(page) == []

    page.reload()  # the record is kept
    expect(page.locator(".cb-record .cb-record-name")).to_have_text(name)


def test_completion_asks_for_a_name(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}training/{TRACK}/")
    set_store(page, json.dumps(completed_state(track_data(page, TRACK))))
    page.reload()
    completion = page.locator(".cb-completion")
    completion.get_by_role("button", name="生成结业记录").click()
    expect(completion.locator(".cb-field-error")).to_have_text("请输入姓名。")
    expect(completion.get_by_label("姓名")).to_be_focused()
    expect(completion.get_by_label("姓名")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".cb-record")).to_have_count(0)


# --- 8: damaged storage --------------------------------------------------------------------------

DAMAGED = {
    "not-json": "{not json",
    "array": "[1,2]",
    "null": "null",
    "wrong-types": json.dumps(
        {"schema": 1, "quizzes": {CASE: {"version": 7, "best": "x"}}, "notebook": [1], "visited": "x", "completions": 3}
    ),
}


@pytest.mark.parametrize("value", DAMAGED.values(), ids=DAMAGED.keys())
def test_damaged_storage_breaks_nothing(page: Page, base_url: str, value: str) -> None:
    page.goto(base_url)
    for path in ("training/notebook/", f"training/{TRACK}/", "training/"):
        set_store(page, value)
        page.goto(f"{base_url}{path}")
        expect(page.locator("[data-cb-ready]").first).to_be_attached()
        expect(page.locator(".cb-error")).to_have_count(0)
    expect(page.locator(".cb-tracks-summary [role=progressbar]")).to_have_count(len(library().tracks))

    set_store(page, value)
    box = open_quiz(page, f"{base_url}quizzes/{CASE}/")
    expect(box.locator(".cb-best")).to_be_hidden()
    answer_all(box, questions(), right=lambda key: True)
    submit(box)
    expect(box.locator(".cb-score-text")).to_have_text(score_text(100, CASE))
    expect(box.locator(".cb-best")).to_have_text(best_text(100, 1, passed=True))
    state = stored(page)
    assert state["schema"] == 3
    assert state["quizzes"][CASE]["best"] == 100


# --- 9: keyboard only ----------------------------------------------------------------------------


def test_a_single_choice_question_by_keyboard_alone(page: Page, base_url: str) -> None:
    key, question = next(
        (k, q) for k, q in questions().items() if k.startswith(f"{CASE}/") and isinstance(q, SingleChoice)
    )
    box = open_quiz(page, f"{base_url}quizzes/{CASE}/")
    target = question_box(box, key)
    submit_button = box.get_by_role("button", name="提交答案")

    def tab_until(locator: Locator) -> None:
        for _ in range(100):
            page.keyboard.press("Tab")
            if locator.evaluate("el => el.contains(document.activeElement)"):
                return
        pytest.fail(f"Tab never reached {locator}")

    tab_until(target)
    # Tab enters a radio group on its first option; the arrow keys move through it (and select).
    values = target.locator("input").evaluate_all("els => els.map(e => e.value)")
    expect(target.locator(f"input[value='{values[0]}']")).to_be_focused()
    for _ in range(values.index(question.answer)):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    chosen = target.locator(f"input[value='{question.answer}']")
    expect(chosen).to_be_focused()
    expect(chosen).to_be_checked()

    tab_until(submit_button)
    page.keyboard.press("Enter")
    # The other questions are unanswered: the page asks first, with focus on 继续作答.
    dialog = box.get_by_role("alertdialog")
    expect(dialog.get_by_role("button", name="继续作答")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(dialog.get_by_role("button", name="仍然交卷")).to_be_focused()
    page.keyboard.press("Enter")
    expect(box.locator(".cb-summary")).to_be_focused()
    expect(target).to_have_class(re.compile("cb-q--right"))
    expect(target.locator(".cb-verdict")).to_have_text("回答正确")


# --- 10: accessibility ---------------------------------------------------------------------------


def fill_notebook(page: Page, base_url: str) -> None:
    box = open_quiz(page, f"{base_url}quizzes/{CASE}/")
    answer_all(box, questions(), right=lambda key: False)
    submit(box)


def grade_mixed(page: Page, base_url: str) -> None:
    keys = [f"{CASE}/{q.id}" for q in quiz(CASE).questions]
    box = open_quiz(page, f"{base_url}quizzes/{CASE}/")
    answer_all(box, questions(), right=lambda key: keys.index(key) % 2 == 0)
    submit(box)


AXE_PAGES = {
    "case page": (f"cases/{CASE}/", None),
    "quiz page": (f"quizzes/{CASE}/", None),
    "graded quiz": (None, grade_mixed),
    "exam page": (f"quizzes/{EXAM}/", None),
    "track page": (f"training/{TRACK}/", None),
    "training index": ("training/", None),
    "empty notebook": ("training/notebook/", None),
    "notebook with questions": ("training/notebook/", fill_notebook),
    "home page": ("index.html", None),
    "home page of a returning trainee": ("index.html", fill_notebook),
}


@pytest.mark.parametrize("scheme", ["light", "dark"])  # Material follows the system colour scheme
@pytest.mark.parametrize("where", AXE_PAGES.keys())
def test_no_serious_accessibility_violations(
    page: Page, base_url: str, where: str, scheme: Literal["light", "dark"]
) -> None:
    path, prepare = AXE_PAGES[where]
    page.emulate_media(color_scheme=scheme)
    if prepare:
        prepare(page, base_url)
    if path:
        page.goto(f"{base_url}{path}")
    expect(page.locator("[data-cb-ready]").first).to_be_attached()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate" if scheme == "dark" else "default")
    violations = serious_axe_violations(page)
    assert violations == [], "\n".join(violations)

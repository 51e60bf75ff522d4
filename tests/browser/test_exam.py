"""Exam integrity and results that are never lost silently, in headless Chromium: no right or
wrong before the whole exam is submitted, a confirmation for unanswered questions, no answer key
for questions exams can draw, a countdown that survives a reload and submits at zero, and a
warning with a download when the browser cannot keep a result."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from kit import answer, answer_all
from playwright.sync_api import Page, expect
from test_quiz import (
    CASE,
    EXAM,
    STORE_KEY,
    open_quiz,
    page_errors,  # noqa: F401  (autouse: console errors fail the test)
    question_box,
    questions,
    quiz,
    score_text,
    set_store,
    shown_keys,
    stored,
    submit,
)

pytestmark = pytest.mark.browser

TIMED = "advanced-review"  # the exam with time_limit_minutes


def test_an_exam_shows_no_right_or_wrong_before_it_is_submitted(page: Page, base_url: str) -> None:
    box = open_quiz(page, f"{base_url}quizzes/{EXAM}/")
    keys = answer_all(box, questions(), right=lambda key: True)
    for marker in (".cb-feedback", ".cb-verdict", ".cb-q--right", ".cb-q--wrong", ".cb-option--answer", ".cb-badge"):
        expect(box.locator(marker)).to_have_count(0)
    submit(box)
    expect(box.locator(".cb-verdict")).to_have_count(len(keys))
    expect(box.locator(".cb-q--right")).to_have_count(len(keys))


def test_unanswered_questions_ask_first_and_going_back_records_nothing(page: Page, base_url: str) -> None:
    box = open_quiz(page, f"{base_url}quizzes/{EXAM}/")
    keys = shown_keys(box)
    answer(question_box(box, keys[0]), questions()[keys[0]], right=False)
    box.get_by_role("button", name="提交答案").click()
    dialog = box.get_by_role("alertdialog")
    expect(dialog).to_contain_text(f"还有 {len(keys) - 1} 道题没有作答，交卷后按答错计分，并收入错题本。确定要交卷吗？")
    expect(dialog.get_by_role("button", name="继续作答")).to_be_focused()

    dialog.get_by_role("button", name="继续作答").click()
    expect(dialog).to_have_count(0)
    # The first control that can take focus (an ordering question's first 上移 is disabled).
    expect(question_box(box, keys[1]).locator("input:enabled, button:enabled").first).to_be_focused()
    expect(box.locator(".cb-score-text")).to_have_count(0)
    expect(box.locator(".cb-feedback")).to_have_count(0)
    assert page.evaluate("key => localStorage.getItem(key)", STORE_KEY) is None or (
        EXAM not in stored(page)["quizzes"] and stored(page)["notebook"] == {}
    )

    box.get_by_role("button", name="提交答案").click()
    box.get_by_role("alertdialog").get_by_role("button", name="仍然交卷").click()
    expect(box.locator(".cb-score-text")).to_have_text(score_text(0, EXAM))
    state = stored(page)
    assert state["quizzes"][EXAM]["attempts"] == 1
    assert set(state["notebook"]) == set(keys)


def test_an_unanswered_question_exams_can_draw_keeps_its_answer(page: Page, base_url: str) -> None:
    box = open_quiz(page, f"{base_url}quizzes/{CASE}/")
    keys = shown_keys(box)
    skipped, wrong = keys[0], keys[1]
    for key in keys[1:]:
        answer(question_box(box, key), questions()[key], right=False)
    box.get_by_role("button", name="提交答案").click()
    box.get_by_role("alertdialog").get_by_role("button", name="仍然交卷").click()

    unanswered = question_box(box, skipped)
    expect(unanswered.locator(".cb-withheld")).to_have_text("这道题考试时可能抽到，没有作答时不显示答案。")
    for hidden in (".cb-correct", ".cb-explanation", ".cb-option--answer", ".cb-correct-order"):
        expect(unanswered.locator(hidden)).to_have_count(0)
    answered = question_box(box, wrong)  # answered, even wrongly: the answer and explanation show
    expect(answered.locator(".cb-explanation")).to_have_text(f"解析：{questions()[wrong].explanation}")
    expect(answered.locator(".cb-withheld")).to_have_count(0)


def shift_deadline(page: Page, exam: str, seconds_from_now: float) -> None:
    """Move the stored deadline of the exam in progress, as if time had passed."""
    page.evaluate(
        """([key, exam, ms]) => {
            const s = JSON.parse(localStorage.getItem(key));
            s.exams[exam].deadline = Date.now() + ms;
            localStorage.setItem(key, JSON.stringify(s));
        }""",
        [STORE_KEY, exam, seconds_from_now * 1000],
    )


def test_the_countdown_survives_a_reload_and_submits_at_zero(page: Page, base_url: str) -> None:
    limit = quiz(TIMED).time_limit_minutes
    assert limit, f"{TIMED} needs time_limit_minutes"
    page.goto(f"{base_url}quizzes/{TIMED}/")
    box = page.locator(f".cb-quiz[data-quiz='{TIMED}'][data-cb-ready]")
    expect(box.locator("fieldset.cb-q")).to_have_count(0)  # nothing shown, no clock running before the start
    expect(box.locator(".cb-exam-intro")).to_contain_text(f"本次考试限时 {limit} 分钟。")
    box.get_by_role("button", name="开始考试").click()
    timer = box.get_by_role("timer")
    expect(timer).to_have_text(re.compile(rf"^剩余时间 ({limit}:00|{limit - 1}:5\d)$"))
    keys = shown_keys(box)
    chosen = next(k for k in keys if questions()[k].type != "排序")  # one answered by ticking an option
    answer(question_box(box, chosen), questions()[chosen], right=True)
    page.wait_for_function(
        "([key, exam]) => Object.keys(JSON.parse(localStorage.getItem(key)).exams[exam].responses).length > 0",
        arg=[STORE_KEY, TIMED],
    )

    # Ten minutes later (the stored deadline says so) the trainee reloads: same questions, same
    # answer, and the clock goes on from where it was instead of starting again.
    shift_deadline(page, TIMED, 10 * 60)
    page.reload()
    expect(timer).to_have_text(re.compile(r"^剩余时间 (10:00|9:5\d)$"))
    assert shown_keys(box) == keys
    answered = question_box(box, chosen).locator("input:checked")
    expect(answered).not_to_have_count(0)

    # At zero the exam submits itself, without asking about the unanswered questions.
    shift_deadline(page, TIMED, 2)
    page.reload()
    expect(box.locator(".cb-score-text")).to_be_visible(timeout=15_000)
    expect(box.get_by_role("alertdialog")).to_have_count(0)
    expect(timer).to_be_hidden()
    state = stored(page)
    assert state["quizzes"][TIMED]["attempts"] == 1
    assert TIMED not in state["exams"]
    outcomes = {o["key"]: o for o in state["quizzes"][TIMED]["outcomes"]}
    assert list(outcomes) == keys
    assert outcomes[chosen]["answered"] is True


FULL_STORAGE = "Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };"


def test_a_full_storage_is_told_and_the_result_offered_as_a_download(page: Page, base_url: str) -> None:
    page.add_init_script(FULL_STORAGE)
    box = open_quiz(page, f"{base_url}quizzes/{CASE}/")
    answer_all(box, questions(), right=lambda key: False)
    submit(box)
    notice = box.locator(".cb-summary .cb-store-notice")
    expect(notice).to_have_attribute("role", "alert")
    expect(notice).to_contain_text("成绩没有保存：这个浏览器现在不能保存学习记录")
    expect(box.locator(".cb-score-detail")).not_to_contain_text("错题本")  # not claimed: nothing was kept
    expect(box.locator(".cb-score-best")).to_have_count(0)

    with page.expect_download() as download:
        notice.get_by_role("button", name="下载本次成绩").click()
    assert re.fullmatch(rf"casebook-{CASE}-\d{{4}}-\d{{2}}-\d{{2}}\.json", download.value.suggested_filename)
    attempt = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert attempt["format"] == "casebook-attempt"
    assert attempt["quiz"]["id"] == CASE
    assert attempt["score"] == 0
    assert [o["key"] for o in attempt["outcomes"]] == [f"{CASE}/{q.id}" for q in quiz(CASE).questions]

    page.reload()
    expect(box.locator(".cb-best")).to_be_hidden()  # it really was not saved


def test_a_newer_stored_schema_is_left_alone_and_told(page: Page, base_url: str) -> None:
    page.goto(base_url)
    newer = json.dumps({"schema": 99, "quizzes": {"x": 1}})
    set_store(page, newer)
    box = open_quiz(page, f"{base_url}quizzes/{CASE}/")
    expect(box.locator(".cb-store-notice")).to_contain_text("本机保存的学习记录来自更新版本的案例通页面")
    answer_all(box, questions(), right=lambda key: True)
    submit(box)
    expect(box.locator(".cb-summary .cb-store-notice").get_by_role("button", name="下载本次成绩")).to_be_visible()
    assert page.evaluate("key => localStorage.getItem(key)", STORE_KEY) == newer


def test_an_exam_page_carries_no_question_and_loads_only_the_files_of_the_questions_it_drew(
    page: Page, base_url: str
) -> None:
    html = page.request.get(f"{base_url}quizzes/{EXAM}/").text()
    for prompt in (q.prompt for q in questions().values()):
        assert prompt not in html  # the page holds the pools' keys, never a question
    loaded: list[str] = []
    page.on("request", lambda r: loaded.append(r.url) if "/assets/casebook/bank/" in r.url else None)
    box = open_quiz(page, f"{base_url}quizzes/{EXAM}/")
    keys = shown_keys(box)
    drawn_quizzes = {key.split("/")[0] for key in keys}
    assert sorted(Path(url).stem for url in loaded) == sorted(drawn_quizzes)
    # What was drawn is what is asked: prompts from the files, answered and graded as before.
    answer_all(box, questions(), right=lambda key: key == keys[0])
    submit(box)
    expect(box.locator(".cb-q--right")).to_have_count(1)
    expect(box.locator(".cb-q--wrong")).to_have_count(len(keys) - 1)


def test_an_exam_whose_question_file_cannot_be_loaded_says_so_and_records_nothing(
    page: Page,
    base_url: str,
    page_errors: list[str],  # noqa: F811  (the autouse fixture, to drop the expected 404s)
) -> None:
    page.route("**/assets/casebook/bank/*.js", lambda route: route.fulfill(status=404, body=""))
    page.goto(f"{base_url}quizzes/{EXAM}/")
    box = page.locator(".cb-quiz[data-quiz]")
    expect(box.locator(".cb-error")).to_have_text("考试题目无法载入，请刷新页面重试；仍不行请联系培训管理员。")
    expect(box.locator("fieldset.cb-q")).to_have_count(0)
    assert not _stored_or_empty(page).get("quizzes")
    # The browser logs each refused file; nothing else may be logged.
    page_errors[:] = [e for e in page_errors if "status of 404" not in e]


def test_a_timed_exam_starts_only_once_its_questions_are_in(page: Page, base_url: str) -> None:
    held: list[object] = []
    page.route("**/assets/casebook/bank/*.js", lambda route: held.append(route))
    box = page.locator(".cb-quiz[data-quiz]")
    page.goto(f"{base_url}quizzes/{TIMED}/")
    box.get_by_role("button", name="开始考试").click()
    page.wait_for_timeout(300)
    # Nothing is drawn yet and no countdown stored: a slow file costs the trainee no time.
    expect(box.locator("fieldset.cb-q")).to_have_count(0)
    expect(box.locator(".cb-start")).to_have_text("正在载入题目……")
    expect(box.locator(".cb-start")).to_be_disabled()
    assert not _stored_or_empty(page).get("exams")
    for route in held:
        route.continue_()  # type: ignore[attr-defined]
    expect(box.locator("fieldset.cb-q").first).to_be_visible()
    expect(box.locator(".cb-timer")).to_be_visible()
    assert TIMED in stored(page)["exams"]


def _stored_or_empty(page: Page) -> dict[str, object]:
    text = page.evaluate("key => localStorage.getItem(key)", STORE_KEY)
    return json.loads(text) if text else {}

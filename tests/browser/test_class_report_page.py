"""The trainer's class report (guide/class-report/) in Chromium: invented trainees' result files
set on the file input or dropped on the page, the table, a facility figure, a tamper flag and the CSV."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import FilePayload, Page, expect
from test_quiz import serious_axe_violations

pytestmark = pytest.mark.browser

TRACK = "onboarding"
LABEL = "选择学员的成绩文件（可多选），或把文件拖到这里"


def report_data(page: Page) -> dict[str, Any]:
    """The library data the page loaded from its data file (the script sets it; it is not page data)."""
    page.wait_for_function("() => window.CasebookBank && window.CasebookBank._report")
    return dict(page.evaluate("() => window.CasebookBank._report"))


def outcome(question: dict[str, Any], right: bool) -> dict[str, Any]:
    points = 1 if right else 0
    return {"key": question["key"], "version": question["version"], "points": points, "right": right, "answered": True}


def quiz_result(quiz: dict[str, Any], kind: str, outcomes: list[dict[str, Any]]) -> dict[str, Any]:
    best = round(100 * sum(o["points"] for o in outcomes) / len(outcomes))  # no halves here: 0/1 points
    passed = best >= quiz["passMark"]
    return {
        "id": quiz["id"],
        "title": quiz["title"],
        "kind": kind,
        "version": quiz["version"],
        "best": best,
        "bestDate": "2026-03-02",
        "last": best,
        "attempts": 1,
        "passed": passed,
        "passedDate": "2026-03-02" if passed else None,
        "outcomes": outcomes,
    }


def result_file(data: dict[str, Any], name: str, *, first_wrong: bool, exam_right: bool) -> dict[str, Any]:
    """A result file as the completion record writes it for ``name``: every question of the track's
    quizzes right (the first quiz's first question wrong if ``first_wrong``), every page visited."""
    track = next(t for t in data["tracks"] if t["id"] == TRACK)
    quizzes = {q["id"]: q for q in data["quizzes"]}
    items, results = [], []
    for module in track["modules"]:
        for it in module["items"]:
            done = True
            if it["kind"] == "quiz":
                questions = [q for q in data["questions"] if q["key"].startswith(it["id"] + "/")]
                wrong = first_wrong and not results
                outs = [outcome(q, not (wrong and i == 0)) for i, q in enumerate(questions)]
                results.append(quiz_result(quizzes[it["id"]], "单元测验", outs))
                done = results[-1]["passed"]
            items.append({**it, "module": module["title"], "done": done, "date": "2026-03-02" if done else None})
    exam_quiz = quizzes[track["finalExam"]["id"]]
    # The exam drew the last quiz's questions.
    drawn = [q for q in data["questions"] if q["key"].startswith(results[-1]["id"] + "/")]
    exam = quiz_result(exam_quiz, "结业考试", [outcome(q, exam_right) for q in drawn])
    results.append(exam)
    return {
        "format": "casebook-result",
        "schema": 2,
        "name": name,
        "track": {k: track[k] for k in ("id", "title", "version")},
        "completed": "2026-03-05" if exam_right else "",
        "finalExam": {**exam, "passMark": exam_quiz["passMark"], "score": exam["best"]},
        "items": items,
        "quizzes": results,
        "note": "成绩由学员在本机浏览器中自行记录，仅供培训参考，不作为正式考核凭证。",
        "exported": "2026-03-05T08:00:00.000Z",
    }


def payload(name: str, data: object) -> FilePayload:
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, indent=2)
    return {"name": name, "mimeType": "application/json", "buffer": text.encode("utf-8")}


def test_a_class_report_from_result_files(page: Page, base_url: str) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{base_url}guide/class-report/")
    data = report_data(page)
    track = next(t for t in data["tracks"] if t["id"] == TRACK)
    jia = result_file(data, "学员甲", first_wrong=False, exam_right=True)
    yi = result_file(data, "学员乙", first_wrong=True, exam_right=False)
    bing = result_file(data, "学员丙", first_wrong=False, exam_right=True)
    bing["track"]["version"] = "000000000000"  # an edited file
    files = [
        payload(f"casebook-{TRACK}-学员甲-2026-03-05.json", jia),
        payload(f"casebook-{TRACK}-学员乙-2026-03-05.json", yi),
        payload(f"casebook-{TRACK}-学员丙-2026-03-05.json", bing),
        payload("readme.json", "这不是成绩文件"),
    ]
    requests.clear()
    page.get_by_label(LABEL).set_input_files(files)

    expect(page.locator(".cb-report-status")).to_have_text(
        "已读取 4 个文件：3 名学员，0 个单次作答文件，2 条检查提示。"
    )
    rows = page.locator(".cb-report-trainees tbody tr")
    expect(rows.locator("th")).to_have_text(["学员丙", "学员甲", "学员乙"])  # pinyin order
    modules = len(track["modules"])
    required = sum(it["required"] for m in track["modules"] for it in m["items"])
    cells = rows.nth(1).locator("td")
    expect(cells.nth(0)).to_have_text(track["title"])
    expect(cells.nth(1)).to_have_text(f"{modules}/{modules}")
    expect(cells.nth(2)).to_have_text(f"{required}/{required}")
    expect(cells.nth(3)).to_have_text("100 分（通过）")
    expect(cells.nth(4)).to_have_text("2026-03-05")
    expect(rows.nth(2).locator("td").nth(3)).to_have_text("0 分（未通过）")

    # The first quiz's first question: right for 学员甲 and 学员丙, wrong for 学员乙.
    first_quiz = next(it["id"] for m in track["modules"] for it in m["items"] if it["kind"] == "quiz")
    first_key = next(q["key"] for q in data["questions"] if q["key"].startswith(first_quiz + "/"))
    row = page.locator(".cb-report-questions tbody tr").filter(has=page.locator("code", has_text=first_key))
    expect(row.locator(".cb-report-facility")).to_have_text("67%")
    expect(row.locator(".cb-report-discrimination")).to_have_text("—")  # three trainees: no 27 % groups

    flags = page.locator(".cb-report-flags li")
    expect(flags).to_have_text(
        [
            f"casebook-{TRACK}-学员丙-2026-03-05.json：培训路线“{track['title']}”的版本 000000000000 与当前案例库的 "
            f"{track['version']} 不一致：路线在文件导出后修改过，或文件被改动过。",
            "readme.json：不是 JSON 文件，没有读取。",
        ]
    )

    with page.expect_download() as download:
        page.get_by_role("button", name="下载 CSV", exact=True).click()
    raw = Path(download.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "姓名,培训路线,完成单元,必修完成,结业考试成绩,结业考试,完成日期,文件,检查提示"
    assert lines[2] == (
        f"学员甲,{track['title']},{modules}/{modules},{required}/{required},100,已通过,2026-03-05,"
        f"casebook-{TRACK}-学员甲-2026-03-05.json,"
    )
    assert lines[1].startswith("学员丙,") and lines[1].endswith("被改动过。")
    assert lines[3].startswith(f"学员乙,{track['title']},") and ",0,未通过,," in lines[3]
    assert lines[4:] == [""]
    assert [u for u in requests if not u.startswith(base_url) and not u.startswith("blob:")] == []
    assert serious_axe_violations(page) == []


def test_a_dropped_file_shows_its_name_as_text_and_the_input_is_reached_by_keyboard(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}guide/class-report/")
    data = report_data(page)
    hostile = '<img src=x onerror="window.cbPwned=1">学员丁'  # a typed name is text, never markup
    text = json.dumps(result_file(data, hostile, first_wrong=False, exam_right=True), ensure_ascii=False)
    transfer = page.evaluate_handle(
        """([name, text]) => {
            const dt = new DataTransfer();
            dt.items.add(new File([text], name, {type: "application/json"}));
            return dt;
        }""",
        ["学员丁.json", text],
    )
    page.locator(".cb-report-drop").dispatch_event("drop", {"dataTransfer": transfer})
    expect(page.locator(".cb-report-trainees tbody th")).to_have_text([hostile])
    assert page.locator(".cb-report img").count() == 0
    assert page.evaluate("window.cbPwned") is None
    expect(page.locator(".cb-report-ok")).to_have_text("没有发现不一致或被改动的文件。")

    # Tab from the page heading reaches the file input (a real <input type=file> with its label).
    page.locator("h1").first.evaluate("h => { h.tabIndex = -1; h.focus(); }")
    page.keyboard.press("Tab")
    expect(page.get_by_label(LABEL)).to_be_focused()
    # What shows is our Chinese button, ringed while the hidden input has the focus; the
    # browser's own button (English in an English browser) is out of sight.
    pick = page.locator(".cb-report-pick")
    expect(pick).to_have_text("选择文件")
    assert pick.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
    assert page.get_by_label(LABEL).bounding_box()["width"] <= 1  # type: ignore[index]
    with page.expect_file_chooser() as chooser:
        pick.click()
    assert chooser.value.is_multiple()
    page.get_by_role("button", name="清空", exact=True).click()
    expect(page.locator(".cb-report-trainees")).to_have_count(0)

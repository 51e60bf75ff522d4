"""The SCORM 1.2 package in a real SCORM runtime: scorm-again (npm) plays the bank's LMS (issue 10).

The LMS page holds ``window.API`` (scorm-again's Scorm12API) and frames the package's launcher, as
Moodle's SCORM player does. The tests take the course as a trainee would and assert on the cmi
values the LMS received; closing the course is removing its frame, which fires pagehide.
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import socket
import threading
import zipfile
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from kit import answer_all
from playwright.sync_api import Browser, Frame, Page, expect

from casebook.library.load import load_library
from casebook.library.quiz_model import Question
from helpers import REPO, run_casebook

pytestmark = pytest.mark.browser

TRACK = "onboarding"
EXAM = "onboarding-final"
SCORM_AGAIN = REPO / "tests" / "js" / "node_modules" / "scorm-again" / "dist" / "scorm12.min.js"
LMS_PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>LMS</title>
<script src="scorm12.min.js"></script>
<script>
  window.API = new Scorm12API({ autocommit: false, logLevel: 5 });
  const saved = sessionStorage.getItem("cmi");
  if (saved) window.API.loadFromJSON(JSON.parse(saved));
  window.cmi = () => JSON.parse(JSON.stringify(window.API.cmi));
</script></head>
<body><iframe id="sco" src="../pkg/index.html" style="width:100%;height:95vh;border:0"></iframe></body></html>
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def lms_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not SCORM_AGAIN.is_file():
        pytest.fail("scorm-again is not installed in tests/js: run `make node-deps`")
    root = tmp_path_factory.mktemp("lms")
    package = root / "onboarding.zip"
    result = run_casebook("export", "--format", "scorm", "--track", TRACK, "--output", str(package))
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(package) as z:
        z.extractall(root / "pkg")
    (root / "lms").mkdir()
    shutil.copy(SCORM_AGAIN, root / "lms" / "scorm12.min.js")
    (root / "lms" / "index.html").write_text(LMS_PAGE, encoding="utf-8")
    port = _free_port()
    server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{port}/lms/index.html"
    server.shutdown()


@functools.cache
def questions() -> dict[str, Question]:
    lib = load_library(REPO)
    return {item.key: item.question for item in lib.bank}


def cmi(page: Page) -> dict[str, Any]:
    return dict(page.evaluate("window.cmi()"))


def site(page: Page) -> Frame:
    """The course site, two frames down: LMS page → launcher → site."""
    expect(page.frame_locator("#sco").frame_locator("#cb-scorm-site").locator("body")).to_be_visible()
    frame = next((f for f in page.frames if "/pkg/site/" in f.url), None)
    assert frame is not None, [f.url for f in page.frames]
    return frame


def take_exam(frame: Frame, base: str, *, right: bool) -> list[str]:
    frame.goto(f"{base}quizzes/{EXAM}.html")
    box = frame.locator(".cb-quiz[data-quiz][data-cb-ready]")
    expect(box.locator("fieldset.cb-q").first).to_be_visible()
    keys = answer_all(box, questions(), right=lambda key: right)
    box.get_by_role("button", name="提交答案").click()
    expect(box.locator(".cb-summary")).to_be_visible()
    return keys


def close_course(page: Page) -> None:
    page.evaluate("document.getElementById('sco').remove()")
    page.wait_for_function("window.API.isTerminated()")


def site_base(frame: Frame) -> str:
    return frame.url.split("/site/")[0] + "/site/"


def test_a_trainee_takes_the_course_and_the_lms_receives_status_score_and_answers(
    browser: Browser, lms_url: str
) -> None:
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(lms_url)
    frame = site(page)
    base = site_base(frame)
    page.wait_for_function("window.API.isInitialized()")
    page.wait_for_function("window.API.cmi.core.lesson_status === 'incomplete'")

    # Fail the final exam: failed, its score, one interaction per question, all wrong.
    failed_keys = take_exam(frame, base, right=False)
    page.wait_for_function("window.API.cmi.core.lesson_status === 'failed'")
    values = cmi(page)
    assert values["core"]["score"] == {"raw": "0", "min": "0", "max": "100"}
    interactions = values["interactions"]
    assert [i["id"] for i in interactions.values()] == [re.sub(r"[^A-Za-z0-9_-]", "_", k) for k in failed_keys]
    assert {i["result"] for i in interactions.values()} == {"wrong"}
    types = {questions()[k].type: i["type"] for k, i in zip(failed_keys, interactions.values(), strict=True)}
    assert types.get("判断", "true-false") == "true-false" and types.get("单选", "choice") == "choice"

    # Pass it: the score comes back, but the course is not passed while required items are missing.
    passed_keys = take_exam(frame, base, right=True)
    page.wait_for_function("window.API.cmi.core.score.raw === '100'")
    values = cmi(page)
    assert values["core"]["lesson_status"] == "incomplete"
    later = list(values["interactions"].values())[len(failed_keys) :]
    assert [i["result"] for i in later] == ["correct"] * len(passed_keys)

    # Everything else done (as the track page's own data lists it): passed.
    frame.goto(f"{base}training/{TRACK}.html")
    data = json.loads(
        frame.locator(f"template.cb-data[data-for='{TRACK}']").first.evaluate("t => t.content.textContent")
    )
    frame.evaluate(
        """(data) => {
          const s = JSON.parse(localStorage.getItem('casebook:v1'));
          for (const m of data.modules) for (const it of m.items) {
            s.visited[it.path] = '2026-12-01';
            if (it.quiz) s.quizzes[it.quiz] = {version: it.version, best: 100, bestDate: '2026-12-01', last: 100, attempts: 1, passed: true};
          }
          localStorage.setItem('casebook:v1', JSON.stringify(s));
        }""",
        data,
    )
    frame.goto(frame.url)
    page.wait_for_function("window.API.cmi.core.lesson_status === 'passed'", timeout=15_000)
    suspend = cmi(page)["suspend_data"]
    assert suspend.startswith("2;") and len(suspend) <= 4096

    close_course(page)
    values = cmi(page)
    # CMITimespan, HH(HH):MM:SS.SS; scorm-again keeps it with two-digit hours.
    # The fraction is optional in CMITimespan, and scorm-again drops a zero one (00:00:12).
    spent = re.fullmatch(r"(\d{2,4}):(\d{2}):(\d{2}(?:\.\d{1,2})?)", values["core"]["session_time"])
    assert spent is not None, values["core"]["session_time"]
    assert int(spent[1]) * 3600 + int(spent[2]) * 60 + float(spent[3]) > 0
    assert values["core"]["exit"] == ""
    print(f"suspend_data for the whole onboarding track: {len(suspend)} characters")
    context.close()


def test_a_trainee_who_closes_the_course_resumes_where_they_left_off(browser: Browser, lms_url: str) -> None:
    first = browser.new_context(locale="zh-CN")
    page = first.new_page()
    page.goto(lms_url)
    frame = site(page)
    base = site_base(frame)
    page.wait_for_function("window.API.isInitialized()")
    take_exam(frame, base, right=False)
    frame.goto(f"{base}training/{TRACK}.html")
    page.wait_for_function("window.API.cmi.core.lesson_status === 'failed'")
    close_course(page)
    saved = cmi(page)
    assert saved["core"]["exit"] == "suspend"
    first.close()

    # Another computer: nothing in this browser, only what the LMS kept.
    second = browser.new_context(locale="zh-CN")
    page = second.new_page()
    page.add_init_script(
        f"sessionStorage.setItem('cmi', {json.dumps(json.dumps({'suspend_data': saved['suspend_data'], 'core': {'lesson_status': 'failed'}}))})"
    )
    page.goto(lms_url)
    frame = site(page)
    frame.goto(f"{site_base(frame)}training/{TRACK}.html")
    expect(frame.locator(".cb-final .cb-status")).to_have_text("未通过")
    assert cmi(page)["core"]["lesson_status"] == "failed"
    second.close()

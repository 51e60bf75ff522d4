"""The editor's JSON Schema and ``casebook validate`` give the same verdict, checked with a real validator.

check-jsonschema reads YAML by the 1.2 rules (as VS Code's YAML extension does): ``yes``/``no`` are
text there and in ``validate``, so a true/false answer written ``yes`` is wrong in both, and a title
``yes`` is fine in both.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from casebook.errors import CasebookError
from casebook.library.load import load_library
from helpers import REPO

CASE = "cases/atm-deposit-swallowed-cash.yaml"
QUIZ = "quizzes/atm-deposit-swallowed-cash.yaml"
SCHEMA = {"cases": "case.schema.json", "quizzes": "quiz.schema.json"}

# (name, file, text to find, replacement, both accept?)
MUTATIONS: list[tuple[str, str, str, str, bool]] = [
    ("unknown-category", CASE, "category: 硬件问题/自助设备故障", "category: 硬件问题/吞卡", False),
    ("category-with-spaces", CASE, "category: 硬件问题/自助设备故障", "category: 硬件问题 / 自助设备故障", False),
    ("one-level-category", CASE, "category: 硬件问题/自助设备故障", "category: 硬件问题", False),
    ("unknown-cause", CASE, "cause: 业务流程处理时间过长", "cause: 流程太慢", False),
    ("unknown-principle", CASE, "principles: [急客户之所急,", "principles: [微笑服务,", False),
    ("unknown-business-line", CASE, "business_line: 个人存取款", "business_line: 存款", False),
    ("unknown-channel", CASE, "channel: 自助设备", "channel: 微信", False),
    ("unknown-responsibility", CASE, "responsibility: 有责", "responsibility: 全责", False),
    ("unknown-audience", CASE, "audience: [大堂经理,", "audience: [保安,", False),
    ("unknown-difficulty", CASE, "difficulty: 进阶", "difficulty: 困难", False),
    ("february-30", CASE, "date: 2012-01-13", "date: 2023-02-30", False),
    ("month-13", CASE, "date: 2012-01-13", "date: 2012-13-45", False),
    ("leap-day", CASE, "date: 2012-01-13", "date: 2024-02-29", True),
    ("year-month", CASE, "date: 2012-01-13", "date: 2012-01", True),
    ("one-digit-month", CASE, "date: 2012-01-13", "date: 2012-1-13", False),
    ("blank-title", CASE, "title: 存款机故障", 'title: "   "\nx_title: 存款机故障', False),
    (
        "zero-width-title",
        CASE,
        "title: 存款机故障吞钞 4900 元未入账，客户急用钱，大堂经理只说“要等 7 个工作日”",
        'title: "\u200b"',
        False,
    ),
    ("full-width-space-summary", CASE, "summary: ", 'summary: "\u3000\u3000"\nx_summary: ', False),
    (
        "title-yes",
        CASE,
        "title: 存款机故障吞钞 4900 元未入账，客户急用钱，大堂经理只说“要等 7 个工作日”",
        "title: yes",
        True,
    ),
    ("source-on", CASE, "source: 某分行服务工单分析会（2012 年 1—2 月），案例 6", "source: on", True),
    (
        "number-title",
        CASE,
        "title: 存款机故障吞钞 4900 元未入账，客户急用钱，大堂经理只说“要等 7 个工作日”",
        "title: 2012",
        False,
    ),
    (
        "tags-not-a-list",
        CASE,
        "tags: [吞钞, 存款机, 自助设备故障, 未入账, 调账, 加急处理, 7个工作日]",
        "tags: 吞钞",
        False,
    ),
    ("unknown-field", CASE, "difficulty: 进阶", "difficulty: 进阶\nlevel: 高", False),
    ("duplicate-key", CASE, "difficulty: 进阶", "difficulty: 进阶\ndifficulty: 基础", False),
    ("roleplay-pass-mark-over-100", CASE, "roleplay:\n", "roleplay:\n  pass_mark: 120\n", False),
    ("roleplay-pass-mark-80", CASE, "roleplay:\n", "roleplay:\n  pass_mark: 80\n", True),
    ("roleplay-unknown-field", CASE, "roleplay:\n", "roleplay:\n  mood: 急\n", False),
    ("roleplay-blank-avoid", CASE, "roleplay:\n", "roleplay:\n  avoid: [等着吧, '  ']\n", False),
    ("roleplay-escalates-text", CASE, "  escalates_if:\n", "  escalates_if: 被打断\n  x_escalates_if:\n", False),
    ("roleplay-not-a-mapping", CASE, "roleplay:\n", "roleplay: 生气\nx_roleplay:\n", False),
    ("single-answer-list", QUIZ, "    answer: c\n", "    answer: [c]\n", False),
    ("wrong-question-type", QUIZ, "    type: 单选\n", "    type: 单选题\n", False),
    (
        "missing-explanation",
        QUIZ,
        "    explanation: 本案大堂经理只讲了常规调账时间",
        "    x_explanation: 本案大堂经理只讲了常规调账时间",
        False,
    ),
    ("one-option-only", QUIZ, "      - {id: b, text: 让客户自己拨打客服热线查询}\n", "", True),
    ("pass-mark-over-100", QUIZ, "pass_mark: 60", "pass_mark: 101", False),
    ("pass-mark-text", QUIZ, "pass_mark: 60", "pass_mark: 六十", False),
    ("unknown-kind", QUIZ, "pass_mark: 60", "pass_mark: 60\nkind: 测验", False),
]


def _copy_project(root: Path) -> None:
    """The one case and its quiz, without the references to other cases that a schema cannot check."""
    for file in (CASE, QUIZ):
        (root / file).parent.mkdir(exist_ok=True)
        text = (REPO / file).read_text(encoding="utf-8")
        (root / file).write_text("".join(ln for ln in text.splitlines(True) if not ln.startswith("related:")), "utf-8")
    for name in ("taxonomy.yaml", "privacy-allowlist.yaml"):
        shutil.copy(REPO / name, root / name)


def _check_jsonschema(schema: str, files: list[Path]) -> dict[str, Any]:
    """check-jsonschema's report on ``files`` against a shipped schema, in one run."""
    result = subprocess.run(
        [_CHECKER, "--schemafile", str(REPO / "schemas" / schema), "-o", "json", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    report: dict[str, Any] = json.loads(result.stdout)
    return report


_CHECKER = str(Path(sys.executable).with_name("check-jsonschema"))


def _validate_verdict(root: Path, file: str) -> tuple[bool, list[str]]:
    try:
        load_library(root)
    except CasebookError as exc:
        mine = [str(p) for p in exc.problems if p.path == file]
        return not mine, mine
    return True, []


def test_shipped_files_pass_both() -> None:
    """The shipped library passes validate (tested elsewhere) and every editor schema."""
    groups = {
        "case.schema.json": sorted((REPO / "cases").glob("*.yaml")),
        "quiz.schema.json": sorted((REPO / "quizzes").glob("*.yaml")),
        "track.schema.json": sorted((REPO / "quizzes" / "tracks").glob("*.yaml")),
        "taxonomy.schema.json": [REPO / "taxonomy.yaml"],
    }
    for schema, files in groups.items():
        assert files
        assert _check_jsonschema(schema, files)["status"] == "ok", schema


@pytest.fixture(scope="module")
def editor_verdicts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bool]:
    """check-jsonschema's verdict on every mutated file, one run per schema (its start-up is slow)."""
    files: dict[str, list[Path]] = {}
    names: dict[Path, str] = {}
    for name, file, find, replace, _ in MUTATIONS:
        path = tmp_path_factory.mktemp("mutation") / Path(file).name
        path.write_text((REPO / file).read_text(encoding="utf-8").replace(find, replace, 1), encoding="utf-8")
        files.setdefault(SCHEMA[file.split("/")[0]], []).append(path)
        names[path] = name
    verdicts = {}
    for schema, paths in files.items():
        report = _check_jsonschema(schema, paths)
        failed = {e["filename"] for e in report["errors"]} | {e["filename"] for e in report.get("parse_errors", [])}
        verdicts |= {names[p]: str(p) not in failed for p in paths}
    return verdicts


@pytest.mark.parametrize(("name", "file", "find", "replace", "accepted"), MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_editor_and_validate_agree(
    tmp_path: Path, editor_verdicts: dict[str, bool], name: str, file: str, find: str, replace: str, accepted: bool
) -> None:
    _copy_project(tmp_path)
    path = tmp_path / file
    text = path.read_text(encoding="utf-8")
    assert find in text, name
    path.write_text(text.replace(find, replace, 1), encoding="utf-8")
    ok, problems = _validate_verdict(tmp_path, file)
    assert (ok, editor_verdicts[name]) == (accepted, accepted), problems


def test_question_type_errors_name_the_right_field(tmp_path: Path) -> None:
    """A single-choice question with a list answer is reported at ``answer``, not as stray ``options``."""
    path = tmp_path / "q.yaml"
    text = (REPO / QUIZ).read_text(encoding="utf-8").replace("    answer: c\n", "    answer: [c]\n", 1)
    path.write_text(text, encoding="utf-8")
    errors = _check_jsonschema("quiz.schema.json", [path])["errors"]
    assert {e["path"] for e in errors} == {"$.questions[0].answer"}, errors
    assert not any("was unexpected" in e["message"] for e in errors)

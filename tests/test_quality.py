"""The quiz-quality check: its figures, its located hints in ``casebook validate``, and the statistics page."""

from __future__ import annotations

import pytest

from casebook.library.load import load_library
from casebook.library.quality import Stem, balanced_true, near_duplicates, quality_report, similarity
from casebook.render.stats import render_stats
from helpers import REPO, Project, run_casebook

# Every cue at once: two "false" keys, one wrong option, a one-step dialogue whose only step has one
# wrong option, and three single-answer items whose right option is the longest and always the second.
CUED = """\
id: atm-card
title: 吞卡测验
case: atm-card
questions:
  - id: q1
    type: 单选
    prompt: 通知领卡时要讲清什么？
    options:
      - {id: a, text: 营业时间}
      - {id: b, text: 领卡期限和逾期后果, feedback: 对。}
    answer: b
    explanation: 期限最容易引发投诉。
  - id: q2
    type: 判断
    prompt: 领卡期限可以不讲。
    answer: false
    explanation: 要讲。
  - id: q3
    type: 判断
    prompt: 吞卡后不必通知客户。
    answer: false
    explanation: 要通知。
  - id: q4
    type: 对话
    prompt: 客户来领卡。
    steps:
      - customer: 我的卡呢？
        options:
          - {id: a, text: 不知道}
          - {id: b, text: 在这里，请出示身份证}
        answer: b
    explanation: 先核对身份。
  - id: q5
    type: 单选
    prompt: 客户逾期未领怎么办？
    options:
      - {id: a, text: 作废}
      - {id: b, text: 到期前再打电话提醒}
      - {id: c, text: 不管}
    answer: b
    explanation: 再提醒一次。
"""

# A topic quiz whose only stem is close to q1 of the case quiz above.
TOPIC = """\
id: card-topics
title: 银行卡专题
questions:
  - id: q1
    type: 排序
    prompt: 通知领卡时要讲清什么内容？
    items: [地点, 证件, 期限]
    explanation: 三件事一次说清。
"""

HINTS = [
    "quizzes/atm-card.yaml:4:1: 提示：本测验的 2 道判断题中答案为 true（正确）的有 0 道（0%），"
    "学员只选多数一方也能得分；建议正确与错误的说法各占 35%—65%",
    "quizzes/atm-card.yaml:4:1: 提示：3 道单选题和对话轮次中有 3 道的正确选项是最长的一项"
    "（题目 q1、题目 q4 第 1 轮、题目 q5），学员可能凭长度猜答案；建议把错误选项也写得同样具体",
    "quizzes/atm-card.yaml:4:1: 提示：3 道单选题和对话轮次的正确选项都写在第 2 个；"
    "导出到学习平台或打印答案时选项不会打乱，建议调换部分选项的位置",
    "quizzes/atm-card.yaml:8:5: 提示：题目 q1 只有 1 个错误选项，容易猜中；建议至少写 2 个看似合理的错误选项",
    "quizzes/atm-card.yaml:26:5: 提示：题目 q4 的情景对话只有 1 轮，建议至少写 2 轮",
    "quizzes/atm-card.yaml:28:9: 提示：题目 q4 第 1 轮 只有 1 个错误选项，容易猜中；建议至少写 2 个看似合理的错误选项",
    "quizzes/card-topics.yaml:6:5: 提示：题目 q1 的题干与测验 atm-card 的题目 q1 非常相似（相似度 82%），"
    "考试可能同时抽到这两道题；建议改写或删去其中一道",
    "quizzes/: 提示：全部练习的 2 道判断题中答案为 true（正确）的有 0 道（0%），"
    "学员只选多数一方也能得分；建议正确与错误的说法各占 35%—65%",
    "quizzes/: 提示：全部练习的 3 道单选题和对话轮次中有 3 道的正确选项是最长的一项（100%），学员可能凭长度猜答案",
]


@pytest.fixture
def cued(project: Project) -> Project:
    project.case("atm-card")
    (project.root / "quizzes").mkdir()
    (project.root / "quizzes" / "atm-card.yaml").write_text(CUED, encoding="utf-8")
    (project.root / "quizzes" / "card-topics.yaml").write_text(TOPIC, encoding="utf-8")
    return project


def test_validate_prints_every_hint_at_its_place_and_still_passes(cued: Project) -> None:
    result = run_casebook("validate", root=cued.root)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        *HINTS,
        "检查通过：共 1 个案例、2 份测验、0 条培训路线，没有发现错误；另有 9 条测验质量提示（见上），不影响生成站点。",
    ]


def test_strict_quality_turns_the_hints_into_a_failure(cued: Project) -> None:
    result = run_casebook("validate", "--strict-quality", root=cued.root)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        *HINTS,
        "测验质量检查未通过：共 1 个案例、2 份测验、0 条培训路线，共 9 条测验质量提示（使用了 --strict-quality）。",
    ]
    assert "Traceback" not in result.stderr


def test_figures_per_quiz(cued: Project) -> None:
    report = quality_report(cued.load().quizzes)
    case_quiz = next(q for q in report.quizzes if q.quiz == "atm-card")
    assert (case_quiz.true_false, case_quiz.true_keys) == (2, 0)
    assert (case_quiz.choice_questions, case_quiz.few_wrong) == (2, 2)  # q1, and the dialogue's step
    assert (case_quiz.dialogues, case_quiz.single_step) == (1, 1)
    assert (case_quiz.single_answer_items, case_quiz.longest_correct) == (3, 3)
    assert report.answer_positions == ((2, 3),)


def test_a_balanced_quiz_raises_nothing(project: Project) -> None:
    fixed = (
        CUED.replace("prompt: 领卡期限可以不讲。\n    answer: false", "prompt: 领卡期限要讲。\n    answer: true")
        .replace(
            "      - {id: a, text: 营业时间}\n",
            "      - {id: a, text: 营业时间和网点地址}\n      - {id: c, text: 吞卡原因}\n",
        )
        .replace(
            "          - {id: b, text: 在这里，请出示身份证}\n        answer: b\n",
            "          - {id: b, text: 请出示身份证}\n          - {id: c, text: 卡已经作废了，您去补办一张吧}\n"
            "        answer: b\n      - customer: 好的。\n        options:\n          - {id: a, text: 请核对卡号}\n"
            "          - {id: b, text: 走吧}\n          - {id: c, text: 自己看}\n        answer: a\n",
        )
    )
    project.case("atm-card")
    (project.root / "quizzes").mkdir()
    (project.root / "quizzes" / "atm-card.yaml").write_text(fixed, encoding="utf-8")
    assert quality_report(project.load().quizzes).findings == ()


@pytest.mark.parametrize(
    ("true_keys", "total", "ok"),
    [
        *[(0, 0, True), (0, 1, True), (1, 1, True), (0, 2, False), (1, 2, True), (2, 2, False), (0, 3, False)],
        *[(1, 3, True), (2, 3, True), (3, 10, False), (4, 10, True), (6, 10, True), (7, 10, False)],
    ],
)
def test_true_false_balance_is_as_close_to_the_band_as_the_count_allows(true_keys: int, total: int, ok: bool) -> None:
    assert balanced_true(true_keys, total) is ok


def test_near_duplicates_ignore_punctuation_and_the_same_quiz() -> None:
    assert similarity("客户来领卡。", "客户来领卡！") == 1.0
    stems = [
        Stem("a", 0, "q1", "客户来领卡时要带什么证件？"),
        Stem("a", 1, "q2", "客户来领卡时要带什么证件"),  # same quiz: not reported
        Stem("b", 0, "q1", "客户来领卡时，要带什么证件？"),  # the same words in another quiz
        Stem("c", 0, "q1", "客户来领卡时要带什么证件和材料？"),
        Stem("d", 0, "q1", "网点提前关门，门口没有公告。"),
    ]
    pairs = [(first.quiz, later.quiz, round(score, 2)) for first, later, score in near_duplicates(stems)]
    assert pairs == [("a", "b", 1.0), ("a", "c", 0.79)]


def test_the_statistics_page_reports_quality_per_quiz_and_overall(cued: Project) -> None:
    page = render_stats(cued.load())
    section = page[page.index("## 测验质量") :]
    assert "| 判断题答案为“正确”的占比 | 0/2（0%） | 35%—65% |" in section
    assert "| 错误选项少于 2 个的选择题和对话轮次 | 2 处 | 0 |" in section
    assert "| 只有 1 轮的情景对话 | 1/1 道 | 0 |" in section
    assert "| 正确选项是最长一项的单选题和对话轮次 | 3/3（100%） | 不超过一半 |" in section
    assert "| 正确选项所在位置 | 第 2 个 3 道 | 分散 |" in section
    assert "| 题干相同或非常相似的题目 | 1 处 | 0 |" in section
    assert "| [吞卡测验](../quizzes/atm-card.md) | 0/2（0%） | 2 | 1/1 | 3/3 | 6 |" in section
    assert "| [银行卡专题](../quizzes/card-topics.md) | — | 0 | — | — | 1 |" in section
    assert "共 9 条提示。" in section


def test_the_shipped_library_passes_its_own_quality_check() -> None:
    report = quality_report(load_library(REPO).quizzes)
    assert [f.message for f in report.findings] == []
    assert report.total("true_false") >= 20  # the check looked at real questions
    result = run_casebook("validate", "--strict-quality")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("检查通过：共 ")
    assert "所有练习都通过了质量检查，没有提示。" in render_stats(load_library(REPO))

"""Role-play card sets (情景演练卡): generated text, the trainer's overrides, validation and tracks."""

from __future__ import annotations

import functools
from typing import Any

from casebook.library.case_model import Case
from casebook.library.load import Library, load_library
from casebook.library.roleplay import card_set, split_points
from casebook.render.pages import render_pages
from casebook.render.roleplay import customer_card, employee_card, observer_card
from casebook.render.training import track_json
from helpers import REPO, VALID_CASE, Project


@functools.cache
def library() -> Library:
    return load_library(REPO)


BASE: dict[str, Any] = {
    "id": "atm-card",
    "title": "医保卡被吞后逾期领取",
    "category": "业务差错/业务操作差错",
    "audience": ["柜员"],
    "scenario": "客户的医保卡被吞，领卡时被告知过期。",
    "analysis": ["通知时没讲期限。"],
    "countermeasures": ["通知时讲清期限。", "逾期时协助补办。", "当天答复客户。"],
    "summary": "特殊业务要一声提醒。",
    "scripts": [
        {"speaker": "客户", "line": "为什么不能领了？"},
        {"speaker": "大堂经理", "line": "非常抱歉，我马上帮您查。"},
    ],
    "avoid": [{"phrase": "过期了，去补办吧。", "instead": "我帮您办补卡。"}],
}


def _case(**changes: Any) -> Case:
    return Case.model_validate({**BASE, **changes})


def test_generated_customer_card() -> None:
    """Without ``roleplay:``, the customer brief comes from the scenario, the dialogue and the 禁用语."""
    assert "\n".join(customer_card(card_set(_case()))[2:]) == "\n".join(
        [
            "## 顾客角色卡",
            "",
            "**案例**：医保卡被吞后逾期领取",
            "",
            "*请扮演客户。不要把这张卡给扮演员工的人看。*",
            "",
            "### 发生了什么",
            "",
            "下面是事情的经过，你就是其中的那位客户：",
            "",
            "客户的医保卡被吞，领卡时被告知过期。",
            "",
            "### 你的心情",
            "",
            "你觉得自己没有被认真对待，又着急又生气。",
            "",
            "### 你想要什么",
            "",
            "有人认真听你把话说完，给你一个明确的说法，并且把事情办好。",
            "",
            "### 开场白",
            "",
            "> “为什么不能领了？”",
            "",
            "### 这些情况会让你更生气",
            "",
            "- 员工打断你、推给别人，或者只讲规定、不给办法。",
            "- 员工说出类似“过期了，去补办吧”的话。",
            "",
            "员工真诚道歉、问清情况并给出可行的办法时，你可以慢慢平静下来；不必刁难，但也不要轻易满意。",
            "",
            "</div>",
            "",
        ]
    )


def test_generated_employee_card_plays_the_first_staff_speaker() -> None:
    lines = employee_card(card_set(_case()))
    situation = lines[lines.index("### 你遇到的情况") + 2]
    assert situation == (
        "你是网点的大堂经理。一位客户径直找到你，对方开口就说：“为什么不能领了？”"
        "你事先不知道前面发生了什么，需要在对话中弄清楚。"
    )
    assert lines[lines.index("### 你的任务") + 2].endswith("满分 100 分，70 分及格；说出禁用语会被扣分。")


def test_without_a_dialogue_the_employee_is_the_first_audience() -> None:
    cards = card_set(_case(scripts=[]))
    assert (cards.role, cards.opening) == ("柜员", None)
    assert cards.situation.startswith("你是网点的柜员。一位客户径直找到你，对方情绪不太好，说有事要投诉。")


def test_observer_sheet_scores_four_steps_and_the_countermeasures_out_of_100() -> None:
    cards = card_set(_case())
    assert [(r.name, r.points) for r in cards.steps + cards.checks] == [
        ("共情致歉", 15),
        ("事实确认", 15),
        ("方案提出", 15),
        ("跟踪反馈", 15),
        ("应对措施 1", 14),
        ("应对措施 2", 13),
        ("应对措施 3", 13),
    ]
    assert cards.total == 100
    sheet = observer_card(cards)
    assert "| 应对措施 2 | 逾期时协助补办。 | 13 | |" in sheet
    # The case's 禁用语 and the one every case forbids, each a deduction.
    assert sheet[sheet.index("### 禁用语（每说出一句扣 10 分）") + 4 :][:2] == [
        "| 过期了，去补办吧。 | □ |",
        "| 这事不归我管，你去问别人。 | □ |",
    ]
    assert "满分 100 分，**70 分及格**（扣除禁用语后的得分）。" in sheet


def test_points_are_split_in_whole_numbers() -> None:
    assert split_points(7, 40) == (6, 6, 6, 6, 6, 5, 5)
    assert sum(split_points(11, 40)) == 40
    assert split_points(1, 40) == (40,)


def test_overrides_replace_the_generated_parts_only() -> None:
    cards = card_set(
        _case(
            roleplay={
                "customer_feels": "又急又委屈。",
                "escalates_if": ["员工怪你来晚了。"],
                "opening_line": "卡怎么就过期了？",
                "employee_role": "网点负责人",
                "avoid": ["你来晚了。", "这事不归我管，你去问别人。"],
                "pass_mark": 80,
            }
        )
    )
    assert (cards.feels, cards.escalates, cards.opening, cards.role) == (
        "又急又委屈。",
        ("员工怪你来晚了。",),
        "卡怎么就过期了？",
        "网点负责人",
    )
    assert cards.wants == "有人认真听你把话说完，给你一个明确的说法，并且把事情办好。"  # not overridden
    assert cards.situation.startswith("你是网点负责人。一位客户径直找到你，对方开口就说：“卡怎么就过期了？”")
    assert cards.avoid == ("你来晚了。", "这事不归我管，你去问别人。")  # the generic one not repeated
    assert cards.pass_mark == 80
    assert cards.task.endswith("满分 100 分，80 分及格；说出禁用语会被扣分。")


def test_customer_story_override_drops_the_generated_lead() -> None:
    cards = card_set(_case(roleplay={"customer_story": "你的医保卡被吞了。"}))
    assert cards.story == "你的医保卡被吞了。"


def test_a_bad_roleplay_mapping_is_located_in_chinese(project: Project) -> None:
    text = VALID_CASE.format(id="atm-card") + (
        "roleplay:\n  customer_feels: 很生气\n  pass_mark: 120\n  escalates_if: 被打断\n  mood: 急\n  avoid: [等着吧, '']\n"
    )
    project.case("atm-card", text)
    assert project.problems() == [
        "cases/atm-card.yaml:15:14: 字段 roleplay 的 pass_mark（评分表：及格分）不能大于 100，实际是数字 120",
        "cases/atm-card.yaml:16:17: 字段 roleplay 的 escalates_if（顾客卡：什么会让客户更生气）应为列表"
        "（每项一行，以“- ”开头），实际是文字“被打断”",
        "cases/atm-card.yaml:17:3: 未知字段“mood”：请检查拼写，可用的字段有：customer_story、customer_feels、"
        "customer_wants、escalates_if、opening_line、employee_role、employee_situation、employee_task、avoid、pass_mark",
        "cases/atm-card.yaml:18:16: 字段 roleplay 的 avoid 第 2 项（评分表：禁用语）不能为空",
    ]


def test_roleplay_must_be_a_mapping(project: Project) -> None:
    project.case("atm-card", VALID_CASE.format(id="atm-card") + "roleplay: 生气\n")
    assert project.problems() == [
        "cases/atm-card.yaml:13:11: 字段 roleplay（情景演练卡）应为“字段: 值”的映射，实际是文字“生气”"
    ]


def _track_project(project: Project, roleplays: str) -> Project:
    project.case("atm-card")
    (project.root / "quizzes" / "tracks").mkdir(parents=True)
    (project.root / "quizzes" / "final.yaml").write_text(
        "id: final\ntitle: 结业考试\nkind: 考试\npools:\n  - count: 1\n    tags: [吞卡]\nquestions: []\n",
        encoding="utf-8",
    )
    (project.root / "quizzes" / "atm-card.yaml").write_text(
        "id: atm-card\ntitle: 吞卡测验\ncase: atm-card\ntags: [吞卡]\nquestions:\n"
        "  - {id: q1, type: 判断, prompt: 通知领卡时要讲期限。, answer: true, explanation: 要讲清期限。}\n",
        encoding="utf-8",
    )
    track = (
        "id: basics\ntitle: 入职\ndescription: 说明\nmodules:\n"
        "  - title: 一\n    quizzes: [atm-card]\n"
        f"  - title: 第五周\n    roleplays: {roleplays}\n"
        "final_exam: final\n"
    )
    (project.root / "quizzes" / "tracks" / "basics.yaml").write_text(track, encoding="utf-8")
    return project


def test_unknown_roleplay_in_a_track_is_located(project: Project) -> None:
    assert _track_project(project, "[atm-card, ghost]").problems() == [
        "quizzes/tracks/basics.yaml:8:27: 情景演练“ghost”不存在：cases/ 目录中没有编号为“ghost”的案例"
    ]


def test_a_track_lists_roleplays_as_items_never_required(project: Project) -> None:
    lib = _track_project(project, "[atm-card]").load()
    data = track_json(lib.tracks[0], lib, "training/basics.md", lib.bank)
    assert data["modules"][1]["items"] == [
        {
            "kind": "roleplay",
            "title": "医保卡被吞后逾期领取",
            "url": "../../roleplay/atm-card/",
            "path": "roleplay/atm-card/",
            "quiz": None,
            "required": False,
        }
    ]


def test_every_shipped_case_has_a_card_set_and_a_track() -> None:
    lib = library()
    pages = render_pages(lib)
    assert all(f"roleplay/{c.id}.md" in pages for c in lib.cases)
    in_tracks = {c for t in lib.tracks for m in t.modules for c in m.cases}
    assert [c.id for c in lib.cases if c.id not in in_tracks] == []
    # Every shipped case has the customer's side written by hand (it cannot be derived).
    for case in lib.cases:
        rp = case.roleplay
        assert rp is not None and rp.customer_feels and rp.customer_wants and rp.escalates_if, case.id


def test_onboarding_ends_with_the_week_five_roleplay_module() -> None:
    onboarding = next(t for t in library().tracks if t.id == "onboarding")
    last = onboarding.modules[-1]
    assert "第五周" in last.title and last.roleplays and not last.cases and not last.quizzes

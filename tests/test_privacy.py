"""The privacy guard: customer data in any text field is a located error; masked forms pass."""

from __future__ import annotations

import pytest

from casebook.library.privacy import scan
from helpers import Project

HINT = (
    "客户信息不得出现在站点中，请删除或打码（如 138****5678）；确属误报的，请在 privacy-allowlist.yaml 中登记并写明理由"
)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("客户来电号码 13812346538，要求回电", [("手机号码", "13812346538")]),
        ("请拨打 0755-12345678 咨询", [("电话号码", "0755-12345678")]),
        ("工作人员提供电话 1234567 才能查询", [("电话号码", "电话 1234567")]),
        ("身份证号 110101199003074514 已登记", [("身份证号码", "110101199003074514")]),
        ("卡号 6222 0202 0000 0000 006 被吞", [("银行卡号", "6222 0202 0000 0000 006")]),
        ("回复到 someone@example.com", [("电子邮箱", "someone@example.com")]),
        ("客户李小姐持其爱人张志刚的借记卡", [("人名", "张志刚")]),
        ("客户李小姐持其爱人赵建国的借记卡", [("人名", "赵建国")]),
        ("柜员王芳对客户说", [("人名", "王芳")]),
    ],
)
def test_customer_data_is_found(text: str, found: list[tuple[str, str]]) -> None:
    assert [(f.what, f.text) for f in scan(text)] == found


@pytest.mark.parametrize(
    "text",
    [
        "客户来电号码 138****6538",  # masked
        "客户李小姐、王先生和张某都在排队",  # surname with a title or 某
        "客户A 与客户B",
        "客户戴口罩进入网点，于是在柜台等候",  # surname characters in ordinary words
        "存款 3000 元，取款 30000 元，2012 年 1 月 17 日 15:00",
        "卡号 6222 0202 0000 0000 007",  # 19 digits failing the Luhn check: not a card number
        "编号 20120117",
    ],
)
def test_ordinary_text_passes(text: str) -> None:
    assert scan(text) == []


def test_findings_are_located_inside_block_text(project: Project, valid_case) -> None:
    text = valid_case("leak").replace(
        "scenario: 客户的医保卡被自助机吞没，网点通知领卡时没有说明期限。",
        "scenario: |\n  第一段。\n  柜员王芳让客户拨打 13912345678。",
    )
    project.case("leak", text)
    assert project.problems() == [
        f"cases/leak.yaml:9:5: 疑似人名“王芳”：{HINT}",
        f"cases/leak.yaml:9:13: 疑似手机号码“13912345678”：{HINT}",
    ]


def test_quizzes_and_pages_are_scanned_too(project: Project) -> None:
    project.case("atm-card")
    (project.root / "quizzes").mkdir()
    (project.root / "quizzes" / "q.yaml").write_text(
        "id: q\ntitle: 测验\nquestions:\n  - {id: a, type: 判断, prompt: 客户陈志强来电, answer: true, explanation: 解析}\n",
        encoding="utf-8",
    )
    (project.root / "docs").mkdir()
    (project.root / "docs" / "page.md").write_text("# 页面\n\n联系 test@bank.example\n", encoding="utf-8")
    assert project.problems() == [
        f"docs/page.md:3:4: 疑似电子邮箱“test@bank.example”：{HINT}",
        f"quizzes/q.yaml:4:33: 疑似人名“陈志强”：{HINT}",
    ]


def test_allowlist_waives_a_reviewed_false_positive(project: Project, valid_case) -> None:
    project.case("fee", valid_case("fee", summary="客户白白多付了手续费。"))
    assert project.problems() == [f"cases/fee.yaml:12:12: 疑似人名“白白”：{HINT}"]
    (project.root / "privacy-allowlist.yaml").write_text(
        "allow:\n  - {file: cases/fee.yaml, text: 白白, reason: 副词，不是人名}\n", encoding="utf-8"
    )
    assert [c.id for c in project.load().cases] == ["fee"]


def test_waiver_needs_a_reason(project: Project) -> None:
    project.case("fee")
    (project.root / "privacy-allowlist.yaml").write_text(
        "allow:\n  - {file: cases/fee.yaml, text: 王芳}\n", encoding="utf-8"
    )
    assert project.problems() == ["privacy-allowlist.yaml:2:5: 缺少必填字段 allow 第 1 项的 reason（理由）"]


def test_stale_waivers_are_reported(project: Project) -> None:
    project.case("fee")
    (project.root / "privacy-allowlist.yaml").write_text(
        "allow:\n  - {file: cases/fee.yaml, text: 白白, reason: 副词}\n", encoding="utf-8"
    )
    assert project.problems() == [
        "privacy-allowlist.yaml:2:5: 这条豁免没有匹配到任何内容（cases/fee.yaml：“白白”），请删除"
    ]

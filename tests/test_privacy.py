"""The privacy guard: customer data in any published text is a located error; masked forms pass."""

from __future__ import annotations

import pytest

from casebook.library.privacy import scan
from helpers import REPO, Project

WAIVE = "确属误报的，请在 privacy-allowlist.yaml 中登记原文并写明理由"
MOBILE = "客户信息不得出现在站点中，请删除，或打码为“138****0000”的形式（只保留前三位和后四位）；" + WAIVE
NAME = "客户信息不得出现在站点中，请改用不指向具体个人的称呼，如“李女士”“王经理”“张某”“客户A”；" + WAIVE
EMAIL = "客户信息不得出现在站点中，请删除，或改写为“客户的电子邮箱”；" + WAIVE
CARD = "客户信息不得出现在站点中，请删除，或只写尾号，如“尾号 1234 的借记卡”；" + WAIVE
ACCOUNT = "客户信息不得出现在站点中，请删除，或只写尾号，如“尾号 1234 的账户”；" + WAIVE
ID = "客户信息不得出现在站点中，请删除，或打码为“110***********1234”的形式；" + WAIVE
LANDLINE = "客户信息不得出现在站点中，请删除，或改写为“网点电话”；确需保留时打码，如“0755-****0000”；" + WAIVE


def found(text: str) -> list[tuple[str, str, str]]:
    return [(f.what, f.text, f.masked) for f in scan(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("客户来电号码 13800001111，要求回电", [("手机号", "13800001111", "138****1111")]),
        ("手机 138 0000 1111", [("手机号", "138 0000 1111", "138****1111")]),
        ("手机 138-0000-1111", [("手机号", "138-0000-1111", "138****1111")]),
        ("手机 138.0000.1111", [("手机号", "138.0000.1111", "138****1111")]),
        ("手机 １３８００００１１１１", [("手机号", "１３８００００１１１１", "138****1111")]),
        ("手机 138\u200b0000\u200b1111", [("手机号", "138\u200b0000\u200b1111", "138****1111")]),
        ("手机 **138**0000_1111_", [("手机号", "138**0000_1111", "138****1111")]),
        ("手机 &#49;&#51;&#56;00001111", [("手机号", "&#49;&#51;&#56;00001111", "138****1111")]),
        ("境外 +86 138 0000 1111", [("手机号", "86 138 0000 1111", "861******1111")]),
        ("拨打 0086-13800001111", [("手机号", "0086-13800001111", "008********1111")]),
        ("网点电话 0755-26660000", [("固定电话号码", "0755-26660000", "075*****0000")]),
        ("请拨打（0755）2666 0000", [("固定电话号码", "0755）2666 0000", "075*****0000")]),
        ("北京 010-62220000", [("固定电话号码", "010-62220000", "010****0000")]),
        ("客户留了电话 2666-0000", [("电话号码", "2666-0000", "26****00")]),
        ("身份证 11010119900101123X", [("身份证号", "11010119900101123X", "110***********123X")]),
        ("证件 110101 19900101 123X", [("身份证号", "110101 19900101 123X", "110***********123X")]),
        ("老证件 110101900101123", [("身份证号", "110101900101123", "110********1123")]),
        ("卡 6222 0000 0000 0000 4", [("银行卡号", "6222 0000 0000 0000 4", "622**********0004")]),
        ("账号 1001000000012345678 被冻结", [("账号", "1001000000012345678", "100************5678")]),
        ("电费户号 3200000000", [("账号", "3200000000", "32******00")]),
        ("请发到 zhang.san@example.com", [("电子邮箱", "zhang.san@example.com", "z***@example.com")]),
        ("邮箱 zhangsan＠example.com", [("电子邮箱", "zhangsan＠example.com", "z***@example.com")]),
        ("邮箱 zhangsan [at] example.com", [("电子邮箱", "zhangsan [at] example.com", "z***@example.com")]),
        ("王芳来网点办理挂失。", [("人名", "王芳", "王*")]),
        ("经查，李建国当天上午到过网点。", [("人名", "李建国", "李**")]),
        ("客户自称“陈静”，要求查询余额。", [("人名", "陈静", "陈*")]),
        ("周明：我已经等了一个小时了！", [("人名", "周明", "周*")]),
        ("- 张志强应当先核实身份", [("人名", "张志强", "张**")]),
        ("欧阳晓峰来电投诉", [("人名", "欧阳晓峰", "欧阳**")]),
        ("客户诸葛思远要求退费", [("人名", "诸葛思远", "诸葛**")]),
        ("司马文静的卡被吞了", [("人名", "司马文静", "司马**")]),
        ("赵\u200b丽娟来电投诉", [("人名", "赵\u200b丽娟", "赵**")]),
        ("客户李小姐持其爱人赵建国的借记卡", [("人名", "赵建国", "赵**")]),
    ],
)
def test_customer_data_is_found_however_it_is_written(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert found(text) == expected


def test_two_numbers_side_by_side_are_both_found() -> None:
    assert found("联系 0755-26660000 13800001111") == [
        ("固定电话号码", "0755-26660000", "075*****0000"),
        ("手机号", "13800001111", "138****1111"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "客户来电号码 138****0000",  # masked
        "卡号 6222 **** **** 1234 已挂失",
        "证件号码 110101********123X 已核对",
        "客户李小姐、王先生和张某都在排队",  # surname with a title or 某
        "客户A 与客户B，老王和小李",
        "员工杜绝推诿，客户谢谢柜员，网点周边客户林立",  # ordinary words jieba's dictionary tags as names
        "客户白白跑了一趟，柜员当场许诺回复",
        "客户戴口罩进入网点，于是在柜台等候",
        "存款 3000 元，取款 30000 元，2012 年 1 月 17 日 15:00",
        "账户余额 20000000 元",  # an amount after 账户, not an account
        "流水 2012 0117 0930 已打印",  # 12 digits, no account word, failing the Luhn check
        "编号 20120117，热线 95588",
    ],
)
def test_ordinary_text_passes(text: str) -> None:
    assert scan(text) == []


def test_findings_are_located_inside_block_text(project: Project, valid_case) -> None:
    text = valid_case("leak").replace(
        "scenario: 客户的医保卡被自助机吞没，网点通知领卡时没有说明期限。",
        "scenario: |\n  第一段。\n  柜员王芳让客户拨打 139 1234 0000。",
    )
    project.case("leak", text)
    assert project.problems() == [
        f"cases/leak.yaml:9:5: 疑似人名“王*”：{NAME}",
        f"cases/leak.yaml:9:13: 疑似手机号“139****0000”：{MOBILE}",
    ]


def test_yaml_escapes_are_read_as_published(project: Project, valid_case) -> None:
    escaped = "".join(f"\\u{ord(c):04x}" for c in "13800001111")
    project.case("leak", valid_case("leak", summary=f'"客户手机 {escaped}"'))
    assert project.problems() == [f"cases/leak.yaml:12:16: 疑似手机号“138****1111”：{MOBILE}"]


def test_folded_lines_and_comments_are_scanned(project: Project, valid_case) -> None:
    text = valid_case("leak").replace(
        "summary: 特殊业务要一声提醒。",
        "summary: >\n  特殊业务要一声提醒，\n  卡号 6222 0000 0000 0000 4。\n# 联系 zhangsan@example.com\n",
    )
    project.case("leak", text)
    assert project.problems() == [
        f"cases/leak.yaml:14:6: 疑似银行卡号“622**********0004”：{CARD}",
        f"cases/leak.yaml:15:6: 疑似电子邮箱“z***@example.com”：{EMAIL}",
    ]


def test_quizzes_options_and_pages_are_scanned(project: Project) -> None:
    project.case("atm-card")
    (project.root / "quizzes").mkdir(exist_ok=True)
    (project.root / "quizzes" / "q.yaml").write_text(
        "id: q\ntitle: 测验\nquestions:\n"
        "  - id: a\n    type: 单选\n    prompt: 谁应当先核实身份？\n"
        "    options:\n      - {id: a, text: 大堂经理}\n      - {id: b, text: 刘伟}\n"
        "    answer: a\n    explanation: 解析\n",
        encoding="utf-8",
    )
    (project.root / "docs").mkdir(exist_ok=True)
    (project.root / "docs" / "page.md").write_text("# 页面\n\n联系 test@bank.example\n", encoding="utf-8")
    assert project.problems() == [
        f"docs/page.md:3:4: 疑似电子邮箱“t***@bank.example”：{EMAIL}",
        f"quizzes/q.yaml:9:23: 疑似人名“刘*”：{NAME}",
    ]


def test_mkdocs_yml_is_scanned(project: Project) -> None:
    project.case("atm-card")
    (project.root / "mkdocs.yml").write_text(
        "site_name: 案例库\nsite_url: !ENV [CASEBOOK_SITE_URL, 'http://127.0.0.1:8000/']\n"
        "copyright: 编写：欧阳晓峰\nextra:\n  contact: 13800001111\n",
        encoding="utf-8",
    )
    assert project.problems() == [
        f"mkdocs.yml:3:15: 疑似人名“欧阳**”：{NAME}",
        f"mkdocs.yml:5:12: 疑似手机号“138****1111”：{MOBILE}",
    ]


def test_taxonomy_is_scanned(project: Project) -> None:
    project.case("atm-card")
    taxonomy = project.root / "taxonomy.yaml"
    text = taxonomy.read_text(encoding="utf-8")
    old = "description: 员工技能、态度、人手或沟通方面的问题引起的投诉。"
    assert old in text
    taxonomy.write_text(text.replace(old, "description: 李建国整理的员工技能问题。"), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    assert project.problems() == [f"taxonomy.yaml:{line}:18: 疑似人名“李**”：{NAME}"]


def test_every_docs_file_is_scanned(project: Project) -> None:
    project.case("atm-card")
    docs = project.root / "docs"
    (docs / "assets").mkdir(parents=True)
    (docs / "assets" / "extra.css").write_text("/* 联系 0755-26660000 */\nbody { margin: 0 }\n", encoding="utf-8")
    (docs / "notes.txt").write_text("身份证 11010119900101123X\n", encoding="utf-8")
    (docs / "data.yml").write_text("# 名单\n- 客户王芳\n", encoding="utf-8")
    assert project.problems() == [
        f"docs/assets/extra.css:1:7: 疑似固定电话号码“075*****0000”：{LANDLINE}",
        f"docs/data.yml:2:5: 疑似人名“王*”：{NAME}",
        f"docs/notes.txt:1:5: 疑似身份证号“110***********123X”：{ID}",
    ]


def test_unscannable_files_are_refused_unless_listed(project: Project) -> None:
    project.case("atm-card")
    (project.root / "docs").mkdir(exist_ok=True)
    (project.root / "docs" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (project.root / "docs" / "gbk.md").write_bytes("客户".encode("gbk"))
    assert project.problems() == [
        "docs/gbk.md:1:1: 文件不是 UTF-8 编码，无法检查其中是否含有客户信息：请另存为 UTF-8",
        "docs/photo.png:1:1: 无法检查此类文件（png）中是否含有客户信息：请改用文字页面；确需发布此类文件的，"
        "请人工核对后在 privacy-allowlist.yaml 的 unscanned 中登记扩展名 png",
    ]
    (project.root / "docs" / "gbk.md").unlink()
    (project.root / "privacy-allowlist.yaml").write_text("unscanned: [png]\n", encoding="utf-8")
    assert [c.id for c in project.load().cases] == ["atm-card"]


def test_file_and_folder_names_are_scanned(project: Project) -> None:
    project.case("atm-card")
    folder = project.root / "docs" / "李建国"
    folder.mkdir(parents=True)
    (folder / "13800001111.md").write_text("# 页面\n", encoding="utf-8")
    assert project.problems() == [
        f"docs/李建国:1:1: 文件名或文件夹名中疑似人名“李**”：{NAME}",
        f"docs/李建国/13800001111.md:1:1: 文件名或文件夹名中疑似手机号“138****1111”：{MOBILE}",
    ]


def test_account_numbers_after_a_context_word_need_no_luhn(project: Project, valid_case) -> None:
    project.case("acct", valid_case("acct", summary="客户账户 6222 0000 0000 1234 被冻结。"))
    assert project.problems() == [f"cases/acct.yaml:12:15: 疑似账号“622*********1234”：{ACCOUNT}"]


def test_allowlist_waives_a_reviewed_false_positive(project: Project, valid_case) -> None:
    project.case("fee", valid_case("fee", summary="客户向王芳道歉。"))
    assert project.problems() == [f"cases/fee.yaml:12:13: 疑似人名“王*”：{NAME}"]
    (project.root / "privacy-allowlist.yaml").write_text(
        "allow:\n  - {file: cases/fee.yaml, text: 王芳, reason: 虚构的示例人物，课程组审核}\n", encoding="utf-8"
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


def test_shipped_library_needs_no_more_waivers_than_before() -> None:
    import yaml

    from casebook.library.load import load_library

    allowlist = yaml.safe_load((REPO / "privacy-allowlist.yaml").read_text(encoding="utf-8")) or {}
    assert len(allowlist.get("allow") or []) <= 2  # two waivers (许诺, 白白) before the normalising guard
    assert load_library(REPO).cases


def test_helper_processes_find_exactly_what_this_process_finds(
    project: Project, valid_case, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large library is checked by helper interpreters while it loads: same problems, same order;
    a waived file is still checked here (only here are waivers counted), and a helper that cannot
    run leaves its files to this process."""
    from casebook import helper_process
    from casebook.errors import CasebookError
    from casebook.library import privacy_pool, privacy_sources
    from casebook.library.load import load_library

    project.case("leak", valid_case("leak", summary="客户手机 13800001111，柜员王芳回电。"))
    project.case("fee", valid_case("fee", summary="客户向王芳道歉。"))
    project.case("atm-card")
    (project.root / "docs" / "page.md").write_text("# 页面\n\n联系 test@bank.example\n", encoding="utf-8")
    (project.root / "docs" / "data.yml").write_text("# 名单\n- 客户李建国\n", encoding="utf-8")
    mkdocs = project.root / "mkdocs.yml"
    mkdocs.write_text(mkdocs.read_text(encoding="utf-8") + "copyright: 编写：欧阳晓峰\n", encoding="utf-8")
    (project.root / "privacy-allowlist.yaml").write_text(
        "allow:\n  - {file: cases/fee.yaml, text: 王芳, reason: 虚构的示例人物，课程组审核}\n", encoding="utf-8"
    )

    def problems() -> list[str]:
        monkeypatch.setattr(privacy_sources, "_UNWAIVED", {})  # nothing remembered from the run before
        with pytest.raises(CasebookError) as info:
            load_library(project.root, helpers=True)
        return [str(p) for p in info.value.problems]

    serial = project.problems()
    assert f"cases/leak.yaml:12:15: 疑似手机号“138****1111”：{MOBILE}" in serial
    assert f"docs/data.yml:2:5: 疑似人名“李**”：{NAME}" in serial
    assert len(serial) == 5

    checked_here: list[str] = []
    real_check = privacy_sources._check_yaml
    monkeypatch.setattr(privacy_sources, "_check_yaml", lambda g, p, r: checked_here.append(p) or real_check(g, p, r))
    monkeypatch.setattr(privacy_pool, "HELPERS_FROM", 1)
    monkeypatch.setattr(helper_process, "cores", lambda: 3)
    assert problems() == serial
    assert checked_here == ["cases/fee.yaml"]  # the helpers read every other file

    # What the helpers found is kept for the next load (the preview's first save): the page they
    # read is not scanned here then, and its problem is still reported.
    from casebook.library.privacy import Guard

    scanned: list[str] = []
    real_page = Guard.check_page
    monkeypatch.setattr(
        Guard, "check_page", lambda self, path, text: scanned.append(path) or real_page(self, path, text)
    )
    with pytest.raises(CasebookError) as again:
        load_library(project.root)
    assert [str(p) for p in again.value.problems] == serial
    assert "docs/page.md" not in scanned
    monkeypatch.setattr(Guard, "check_page", real_page)

    # A build renders while the helpers finish, then refuses with the same problems, and
    # publishes nothing made from the library.
    from casebook import project as project_check

    rendered: list[object] = []
    real_render = project_check.render_pages
    monkeypatch.setattr(project_check, "render_pages", lambda *a, **k: rendered.append(a) or real_render(*a, **k))
    monkeypatch.setattr(privacy_sources, "_UNWAIVED", {})
    with pytest.raises(CasebookError) as info:
        project_check.check_project(project.root)
    assert [str(p) for p in info.value.problems] == serial
    assert len(rendered) == 1  # it rendered before the check had ended

    checked_here.clear()
    monkeypatch.setattr(helper_process.sys, "executable", "/bin/false")
    assert problems() == serial
    assert sorted(checked_here) == [
        "cases/atm-card.yaml",
        "cases/fee.yaml",
        "cases/leak.yaml",
        "docs/data.yml",
        "mkdocs.yml",
        "taxonomy.yaml",
    ]

"""Every kind of mistake a trainer can make, with the exact location and Chinese words they see."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from helpers import REPO, VALID_CASE, Project

CATEGORIES = "人员服务、业务差错、制度规定、硬件问题、特殊人群"


def test_valid_case_loads(project: Project) -> None:
    project.case("atm-card")
    library = project.load()
    assert [c.id for c in library.cases] == ["atm-card"]
    assert library.cases[0].tags == ["吞卡", "医保卡"]


def test_yaml_syntax_error_is_located_and_explained(project: Project) -> None:
    project.case("broken", VALID_CASE.format(id="broken").replace("title: 医保卡被吞后逾期领取", "title: 标题: 有冒号"))
    assert project.problems() == [
        "cases/broken.yaml:2:10: YAML 语法错误：字段 title 的文字中含有“: ”（冒号加空格）：请给整段文字加上引号，"
        '例如 title: "标题: 有冒号"'
    ]


def test_tab_indentation_is_explained(project: Project) -> None:
    project.case("tabs", VALID_CASE.format(id="tabs").replace("analysis:\n  - ", "analysis:\n\t- "))
    assert project.problems() == [
        "cases/tabs.yaml:9:1: YAML 语法错误：行首用了制表符（Tab）缩进：YAML 只能用空格缩进，"
        "请把制表符换成空格（同一层的字段要对齐）"
    ]


def test_missing_required_fields_are_all_reported(project: Project) -> None:
    project.case("thin", "id: thin\ntitle: 只有标题\n")
    assert project.problems() == [
        f"cases/thin.yaml:1:1: 缺少必填字段 {name}"
        for name in (
            "category（分类）",
            "scenario（案例经过）",
            "analysis（原因分析）",
            "countermeasures（应对措施）",
            "summary（案例小结）",
        )
    ]


def test_empty_required_fields(project: Project) -> None:
    project.case(
        "empty",
        "id: empty\n"
        "title:\n"
        "category: 业务差错/业务操作差错\n"
        "scenario: '   '\n"
        "analysis: []\n"
        "countermeasures:\n"
        "  - 讲清期限。\n"
        'summary: ""\n',
    )
    assert project.problems() == [
        "cases/empty.yaml:2:1: 字段 title（标题）不能为空",
        "cases/empty.yaml:4:11: 字段 scenario（案例经过）不能为空（只有空格或看不见的字符也算空）",
        "cases/empty.yaml:5:11: 字段 analysis（原因分析）不能为空",
        "cases/empty.yaml:8:10: 字段 summary（案例小结）不能为空",
    ]


def test_wrong_types_name_expected_and_found(project: Project, valid_case) -> None:
    text = valid_case("types", tags="吞卡", summary="2012")
    text = text.replace("analysis:\n  - 通知领卡时没有提示期限。", "analysis:\n  - 通知领卡\n  - [嵌套, 列表]")
    project.case("types", text)
    assert project.problems() == [
        "cases/types.yaml:6:7: 字段 tags（标签）应为列表（每项一行，以“- ”开头），实际是文字“吞卡”",
        "cases/types.yaml:10:5: 字段 analysis 第 2 项（原因分析）应为文字，实际是列表",
        "cases/types.yaml:13:10: 字段 summary（案例小结）应为文字，实际是数字 2012（数字或是非值当作文字时请加引号）",
    ]


def test_unknown_field_points_at_the_key(project: Project, valid_case) -> None:
    project.case("typo", valid_case("typo") + "summery: 拼错了\n")
    [problem] = project.problems()
    assert problem.startswith("cases/typo.yaml:13:1: 未知字段“summery”：请检查拼写，可用的字段有：id、title、")


def test_unknown_category_lists_the_allowed_ones(project: Project, valid_case) -> None:
    project.case("cat", valid_case("cat", category="硬件/自助设备故障"))
    assert project.problems() == [
        f"cases/cat.yaml:3:11: 字段 category（分类）的值“硬件”不在分类表中，可选：{CATEGORIES}"
    ]


def test_unknown_subcategory_lists_its_siblings(project: Project, valid_case) -> None:
    project.case("sub", valid_case("sub", category="硬件问题/吞卡"))
    assert project.problems() == [
        "cases/sub.yaml:3:11: 字段 category（分类）的二级分类“吞卡”不在“硬件问题”之下，可选：自助设备故障、"
        "自助设备使用、短信平台问题、手机银行问题、网上银行问题、环境卫生问题"
    ]


def test_category_needs_two_levels(project: Project, valid_case) -> None:
    project.case("one", valid_case("one", category="特殊人群"))
    assert project.problems() == [
        "cases/one.yaml:3:11: 字段 category（分类）应写作“一级分类/二级分类”，例如“特殊人群/客户特殊需求”，"
        "“特殊人群”的二级分类可选：客户特殊需求、重点关注客群、特殊关注人员、少数民族客户"
    ]


def test_unknown_principle_and_channel(project: Project, valid_case) -> None:
    project.case("terms", valid_case("terms", principles="[首问负责制, 微笑服务]", channel="微信"))
    problems = project.problems()
    assert problems[0].startswith(
        "cases/terms.yaml:5:21: 字段 principles（服务原则）的值“微笑服务”不在分类表中，可选：首问负责制、"
    )
    assert problems[1].startswith(
        "cases/terms.yaml:13:10: 字段 channel（渠道）的值“微信”不在分类表中，可选：网点柜面、"
    )
    assert len(problems) == 2


def test_id_must_equal_file_name(project: Project) -> None:
    project.case("atm-card", VALID_CASE.format(id="atm-card-2"))
    assert project.problems() == [
        "cases/atm-card.yaml:1:5: 字段 id（编号）的值“atm-card-2”与文件名“atm-card.yaml”不一致："
        "请把 id 改为“atm-card”，或把文件改名为“atm-card-2.yaml”"
    ]


def test_duplicate_ids_name_the_first_file(project: Project) -> None:
    project.case("a-card")
    project.case("b-card", VALID_CASE.format(id="a-card"))
    assert project.problems() == [
        "cases/b-card.yaml:1:5: 字段 id（编号）的值“a-card”与文件名“b-card.yaml”不一致："
        "请把 id 改为“b-card”，或把文件改名为“a-card.yaml”",
        "cases/b-card.yaml:1:5: 编号“a-card”重复：cases/a-card.yaml:1:5 已使用这个编号",
    ]


def test_unsafe_id_is_refused(project: Project) -> None:
    project.case("evil", VALID_CASE.format(id="../../etc/passwd"))
    assert project.problems() == [
        "cases/evil.yaml:1:5: 字段 id（编号）的值“../../etc/passwd”不安全：不能含有路径分隔符或“..”，"
        "只能用小写英文字母、数字和连字符"
    ]


def test_related_case_must_exist(project: Project, valid_case) -> None:
    project.case("one", valid_case("one", related="[two, missing-case]"))
    project.case("two")
    assert project.problems() == [
        "cases/one.yaml:13:16: 相关案例“missing-case”不存在：cases/ 目录中没有编号为“missing-case”的案例"
    ]


def test_reference_to_a_broken_file_is_not_reported_twice(project: Project, valid_case) -> None:
    project.case("one", valid_case("one", related="[two]"))
    project.case("two", "id: two\n")
    problems = project.problems()
    assert all(p.startswith("cases/two.yaml") for p in problems)


def test_gbk_file_asks_for_utf8(project: Project) -> None:
    project.case("gbk", "id: gbk\ntitle: 吞卡\n".encode("gbk"))
    assert project.problems() == [
        "cases/gbk.yaml:2:8: 文件不是 UTF-8 编码（可能是 GBK），请在编辑器中选择“另存为 UTF-8”后重试"
    ]


def test_utf8_bom_is_accepted(project: Project) -> None:
    project.case("bom", b"\xef\xbb\xbf" + VALID_CASE.format(id="bom").encode("utf-8"))
    assert project.load().cases[0].id == "bom"


def test_empty_file(project: Project) -> None:
    project.case("blank", "# 只有注释\n\n")
    assert project.problems() == ["cases/blank.yaml:1:1: 文件是空的：请填写内容，或删除这个文件"]


def test_top_level_list_is_refused(project: Project) -> None:
    project.case("listy", "- id: listy\n")
    assert project.problems() == ["cases/listy.yaml:1:1: 文件的内容应当是“字段: 值”的映射，实际是列表"]


def test_duplicate_key_is_reported(project: Project, valid_case) -> None:
    project.case("dup", valid_case("dup") + "title: 第二个标题\n")
    assert project.problems() == ["cases/dup.yaml:13:1: 字段 title 重复出现（第一次在第 2 行），请删除其中一个"]


def test_external_and_script_links_are_refused(project: Project, valid_case) -> None:
    project.case("links", valid_case("links", summary='"见[说明](https://example.com/a)和[这里](javascript:alert(1))"'))
    assert project.problems() == [
        "cases/links.yaml:12:10: 不允许外部链接或脚本链接“https://example.com/a”：内网站点无法访问外部地址，请改为文字说明，或链接到本站页面",
        "cases/links.yaml:12:10: 不允许外部链接或脚本链接“javascript:alert(1”：内网站点无法访问外部地址，请改为文字说明，或链接到本站页面",
    ]


def test_tag_must_be_a_plain_word(project: Project, valid_case) -> None:
    project.case("tagged", valid_case("tagged", tags="[吞卡, 医保卡/社保卡]"))
    assert project.problems() == [
        "cases/tagged.yaml:6:12: 标签“医保卡/社保卡”只能包含中文、英文字母、数字和连字符（不能有空格、斜杠或标点），"
        "多个关键词请分成多个标签"
    ]


def test_bad_date_format(project: Project, valid_case) -> None:
    project.case("when", valid_case("when", date="2012年1月"))
    assert project.problems() == [
        "cases/when.yaml:13:7: 字段 date（日期）的格式应为 2012、2012-01 或 2012-01-17（月、日用两位数字），"
        "实际是文字“2012年1月”"
    ]


def test_every_problem_in_every_file_in_one_run(project: Project, valid_case) -> None:
    project.case("a-one", valid_case("a-one", category="硬件"))
    project.case("b-two", "id: b-two\n")
    project.case("c-three", "id: [\n")
    files = {p.split(":")[0] for p in project.problems()}
    assert files == {"cases/a-one.yaml", "cases/b-two.yaml", "cases/c-three.yaml"}


def test_cli_prints_located_errors_and_exits_1(project: Project, valid_case) -> None:
    project.case("cat", valid_case("cat", category="硬件/自助设备故障"))
    project.case("gbk", b"id: gbk\n" + "title: 吞卡\n".encode("gbk"))
    result = subprocess.run(
        [sys.executable, "-m", "casebook.cli", "--root", str(project.root), "validate"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"cases/cat.yaml:3:11: 字段 category（分类）的值“硬件”不在分类表中，可选：{CATEGORIES}",
        "cases/gbk.yaml:2:8: 文件不是 UTF-8 编码（可能是 GBK），请在编辑器中选择“另存为 UTF-8”后重试",
        "共发现 2 个问题，涉及 2 个文件。",
    ]
    assert "Traceback" not in result.stderr


def test_cli_passes_on_the_shipped_library() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "casebook.cli", "--root", str(REPO), "validate"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("检查通过：共 ")


def test_unknown_field_inside_a_list_item(project: Project, valid_case) -> None:
    project.case("talk", valid_case("talk") + "scripts:\n  - {speaker: 客户, line: 你好, tone: 生气}\n")
    assert project.problems() == ["cases/talk.yaml:14:29: 未知字段“tone”：请检查拼写，可用的字段有：speaker、line"]


def test_inside_follows_every_link_on_the_way(tmp_path: Path) -> None:
    """The loader and the privacy helper refuse files that a link takes out of the project."""
    from casebook.sources.walk import Inside

    root, outside = tmp_path / "project", tmp_path / "outside"
    (root / "cases" / "2024").mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.yaml").write_text("id: secret\n", encoding="utf-8")
    (root / "cases" / "2024" / "own.yaml").write_text("id: own\n", encoding="utf-8")
    (root / "cases" / "link.yaml").symlink_to(outside / "secret.yaml")
    (root / "cases" / "inner.yaml").symlink_to(root / "cases" / "2024" / "own.yaml")
    (root / "cases" / "away").symlink_to(outside, target_is_directory=True)
    (root / "cases" / "loop.yaml").symlink_to(root / "cases" / "loop.yaml")
    inside = Inside(root)
    assert inside(root / "cases" / "2024" / "own.yaml")
    assert inside(root / "cases" / "inner.yaml")
    assert not inside(root / "cases" / "link.yaml")
    assert not inside(root / "cases" / "away" / "secret.yaml")  # a file that is no link, in a folder that is
    assert not inside(root / "cases" / "loop.yaml")

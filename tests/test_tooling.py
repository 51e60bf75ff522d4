"""Trainer tooling: templates that validate once filled in, and the shipped editor schemas."""

from __future__ import annotations

import json

import yaml

from casebook.library.case_model import DATE_PATTERN
from casebook.library.schema import SCHEMAS, load_taxonomy_for_schema, schema_text
from helpers import REPO, Project, run_casebook

# What a trainer types over each blank of the case template; everything else is free text.
CASE_FILLING = {
    "请填写：一级分类/二级分类": "人员服务/服务态度不佳",
    "请填写：投诉原因": "员工服务态度差",
    "请填写：服务原则": "热情有礼",
    "请填写：业务条线": "综合服务",
    "请填写：渠道": "网点柜面",
    "请填写：有责、部分有责或无责": "有责",
    "请填写：适用岗位": "全体员工",
    "请填写：基础或进阶": "基础",
    "请填写：年、年-月或年-月-日": "2024-01",
    "请填写：关键词": "态度",
}


def test_new_case_template_reports_every_blank_until_filled_in(project: Project) -> None:
    result = run_casebook("new", "case", "--id", "fresh-case", root=project.root)
    assert result.returncode == 0, result.stderr
    path = project.root / "cases" / "fresh-case.yaml"
    assert result.stdout == f"已创建：{path}。填写内容后运行 casebook validate 检查。\n"
    # Untouched, every blank is reported once, where it is, naming the field; no real value is pre-filled.
    optional = "；这是可选字段，不需要就删除它"
    blank = "还是模板内容"
    assert project.problems() == [
        f"cases/fresh-case.yaml:5:8: 字段 title（标题）{blank}“请填写：一句话说明事件”：请换成实际内容",
        f"cases/fresh-case.yaml:6:11: 字段 category（分类）{blank}“请填写：一级分类/二级分类”：请换成实际内容",
        f"cases/fresh-case.yaml:7:8: 字段 cause（投诉原因）{blank}“请填写：投诉原因”：请换成实际内容{optional}",
        f"cases/fresh-case.yaml:8:14: 字段 principles 第 1 项（服务原则）{blank}“请填写：服务原则”：请换成实际内容{optional}",
        f"cases/fresh-case.yaml:9:8: 字段 tags 第 1 项（标签）{blank}“请填写：关键词”：请换成实际内容{optional}",
        f"cases/fresh-case.yaml:10:16: 字段 business_line（业务条线）{blank}“请填写：业务条线”：请换成实际内容{optional}",
        f"cases/fresh-case.yaml:11:10: 字段 channel（渠道）{blank}“请填写：渠道”：请换成实际内容{optional}",
        f"cases/fresh-case.yaml:12:17: 字段 responsibility（责任认定）{blank}“请填写：有责、部分有责或无责”：请换成实际内容{optional}",
        f"cases/fresh-case.yaml:13:12: 字段 audience 第 1 项（适用岗位）{blank}“请填写：适用岗位”：请换成实际内容{optional}",
        f"cases/fresh-case.yaml:14:13: 字段 difficulty（难度）{blank}“请填写：基础或进阶”：请换成实际内容{optional}",
        f"cases/fresh-case.yaml:15:9: 字段 source（来源）{blank}“请填写：案例来源，不写姓名”：请换成实际内容{optional}",
        f"cases/fresh-case.yaml:16:7: 字段 date（日期）{blank}“请填写：年、年-月或年-月-日”：请换成实际内容{optional}",
        f"cases/fresh-case.yaml:18:11: 字段 scenario（案例经过）{blank}“请填写：事件经过。”：请换成实际内容",
        f"cases/fresh-case.yaml:21:5: 字段 analysis 第 1 项（原因分析）{blank}“请填写：为什么会引起投诉。”：请换成实际内容",
        f"cases/fresh-case.yaml:23:5: 字段 countermeasures 第 1 项（应对措施）{blank}“请填写：应该怎么做。”：请换成实际内容",
        f"cases/fresh-case.yaml:24:10: 字段 summary（案例小结）{blank}“请填写：一两句话的教训。”：请换成实际内容",
        f"cases/fresh-case.yaml:26:25: 字段 scripts 第 1 项的 line（台词）{blank}“请填写：客户的话”：请换成实际内容",
        f"cases/fresh-case.yaml:27:25: 字段 scripts 第 2 项的 line（台词）{blank}“请填写：员工应该怎么说”：请换成实际内容",
        f"cases/fresh-case.yaml:29:14: 字段 avoid 第 1 项的 phrase（禁用语）{blank}“请填写：不该说的话”：请换成实际内容",
        f"cases/fresh-case.yaml:29:34: 字段 avoid 第 1 项的 instead（建议说法）{blank}“请填写：更好的说法”：请换成实际内容{optional}",
    ]
    text = path.read_text(encoding="utf-8")
    assert text.count("请填写") == 20 + 1  # the 20 blanks and the instruction in the first comment
    # One blank left over is still caught; filled in, the case validates.
    for placeholder, value in CASE_FILLING.items():
        text = text.replace(placeholder, value)
    path.write_text(text.replace("请填写：", "示例", 9), encoding="utf-8")
    [left] = project.problems()
    assert left.startswith("cases/fresh-case.yaml:29:32: 字段 avoid 第 1 项的 instead（建议说法）还是模板内容")
    path.write_text(text.replace("请填写：", "示例"), encoding="utf-8")
    [case] = project.load().cases
    assert (case.category, case.date, case.principles) == ("人员服务/服务态度不佳", "2024-01", ["热情有礼"])


def test_new_never_overwrites(project: Project) -> None:
    project.case("taken")
    before = (project.root / "cases" / "taken.yaml").read_text(encoding="utf-8")
    result = run_casebook("new", "case", "--id", "taken", root=project.root)
    assert result.returncode == 1
    assert f"文件 {(project.root / 'cases' / 'taken.yaml').as_posix()} 已存在，没有覆盖" in result.stderr
    assert (project.root / "cases" / "taken.yaml").read_text(encoding="utf-8") == before


def test_new_case_refuses_a_bad_id(project: Project) -> None:
    result = run_casebook("new", "case", "--id", "../x", root=project.root)
    assert result.returncode == 1
    assert result.stderr.startswith("命令行:1:1: 请用 --id 指定案例编号")
    assert not list((project.root / "cases").iterdir())


def test_new_quiz_for_a_case_validates(project: Project) -> None:
    project.case("atm-card")
    result = run_casebook("new", "quiz", "--case", "atm-card", root=project.root)
    assert result.returncode == 0, result.stderr
    path = project.root / "quizzes" / "atm-card.yaml"
    problems = project.problems()
    # Every blank, the option feedback and the ordering items included, fails until it is replaced.
    text = path.read_text(encoding="utf-8")
    assert len(problems) == text.count("请填写") - 1 == 12
    assert (
        "quizzes/atm-card.yaml:11:41: 字段 questions 第 1 项的 options 第 1 项的 feedback（选项反馈）还是模板内容"
        in problems[2]
    )
    assert problems[2].endswith("；这是可选字段，不需要就删除它")
    assert [p.split(": ")[0] for p in problems[-4:]] == [
        "quizzes/atm-card.yaml:23:13",
        "quizzes/atm-card.yaml:23:22",
        "quizzes/atm-card.yaml:23:31",
        "quizzes/atm-card.yaml:24:18",
    ]
    path.write_text(text.replace("请填写：", "示例"), encoding="utf-8")
    library = project.load()
    quiz = library.quiz_for_case("atm-card")
    assert quiz is not None
    assert quiz.title == "医保卡被吞后逾期领取测验"
    assert [q.type for q in quiz.questions] == ["单选", "判断", "排序"]


def test_new_quiz_needs_an_existing_case(project: Project) -> None:
    result = run_casebook("new", "quiz", "--case", "ghost", root=project.root)
    assert result.returncode == 1
    assert "命令行:1:1: 请用 --case 指定已有案例的编号：cases/ 中没有“ghost”" in result.stderr


def test_shipped_schemas_equal_the_generated_ones() -> None:
    taxonomy = load_taxonomy_for_schema(REPO / "taxonomy.yaml")
    assert taxonomy is not None
    for name, model in SCHEMAS.items():
        shipped = (REPO / "schemas" / name).read_text(encoding="utf-8")
        assert shipped == schema_text(model, taxonomy), f"schemas/{name} is stale: run `casebook schema`"


def test_schema_enums_come_from_the_taxonomy() -> None:
    case = json.loads((REPO / "schemas" / "case.schema.json").read_text(encoding="utf-8"))["properties"]
    assert "人员服务/服务态度不佳" in case["category"]["enum"]
    assert "人员服务" not in case["category"]["enum"]
    assert case["principles"]["items"]["enum"][0] == "首问负责制"
    strings = [b for b in case["channel"]["anyOf"] if b.get("type") == "string"]
    assert "网点柜面" in strings[0]["enum"]
    assert case["date"]["anyOf"][0]["pattern"] == DATE_PATTERN


def test_schema_carries_the_field_help_in_chinese() -> None:
    schema = json.loads((REPO / "schemas" / "case.schema.json").read_text(encoding="utf-8"))
    category = schema["properties"]["category"]
    assert category["title"] == "分类"
    assert "一级分类/二级分类" in category["description"]
    assert schema["additionalProperties"] is False


def test_vscode_maps_the_schemas_to_the_content_folders() -> None:
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    assert mapping["./schemas/case.schema.json"] == "cases/*.yaml"
    for schema in mapping:
        assert (REPO / schema).is_file()
    assert yaml.safe_load((REPO / "taxonomy.yaml").read_text(encoding="utf-8"))

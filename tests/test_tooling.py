"""Trainer tooling: templates that validate once filled in, and the shipped editor schemas."""

from __future__ import annotations

import json

import yaml

from casebook.library.schema import SCHEMAS, schema_text
from helpers import REPO, Project, run_casebook


def test_new_case_template_validates_once_filled_in(project: Project) -> None:
    result = run_casebook("new", "case", "--id", "fresh-case", root=project.root)
    assert result.returncode == 0, result.stderr
    path = project.root / "cases" / "fresh-case.yaml"
    assert result.stdout == f"已创建：{path}。填写内容后运行 casebook validate 检查。\n"
    # Unfilled, every blank is reported where it is; filled in, the case validates.
    problems = project.problems()
    assert problems[0] == "cases/fresh-case.yaml:5:8: 还有没填写的模板内容“请填写：一句话说明事件”：请换成实际内容"
    assert all("还有没填写的模板内容" in p for p in problems)
    assert len(problems) == 11
    text = path.read_text(encoding="utf-8").replace("请填写：", "").replace("请填写", "示例")
    path.write_text(text, encoding="utf-8")
    assert [c.id for c in project.load().cases] == ["fresh-case"]


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
    assert len(project.problems()) == 7
    path.write_text(path.read_text(encoding="utf-8").replace("请填写", "示例"), encoding="utf-8")
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
    for name, model in SCHEMAS.items():
        shipped = (REPO / "schemas" / name).read_text(encoding="utf-8")
        assert shipped == schema_text(model), f"schemas/{name} is stale: run `casebook schema`"


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

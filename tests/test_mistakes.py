"""The mistakes Chinese typists make in YAML: all of them in one run, each at its line, explained in Chinese."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casebook.library.case_model import Case
from casebook.library.quiz_model import Quiz
from casebook.library.validate import to_model
from casebook.sources.yamlsrc import parse_text
from helpers import ONE_QUESTION_QUIZ, VALID_CASE, Project, run_casebook

P = "cases/typo.yaml"
SYNTAX = "YAML 语法错误："


def _case(**swap: str) -> str:
    """The valid case with whole lines swapped: {"title": "title： 新标题"}."""
    lines = VALID_CASE.format(id="typo").splitlines()
    for key, line in swap.items():
        lines = [line if ln.split(":")[0] == key else ln for ln in lines]
    return "\n".join(lines) + "\n"


def test_many_independent_mistakes_in_one_file_are_all_reported_in_one_run(project: Project) -> None:
    text = (
        "id: typo\n"
        "title： 吞卡后没有提醒期限\n"  # full-width colon
        "category: 硬件/自助设备故障\n"  # not in the taxonomy
        "cause: 特殊业务未做到一声提醒\n"
        "tags: [吞卡, 医保卡]\n"
        "date: 2023-02-30\n"  # no such day
        "scenario: 客户来电号码 13812346538，要求回电。\n"  # customer data
        "analysis:\n"
        "\t- 通知领卡时没有提示期限。\n"  # tab indentation
        "countermeasures:\n"
        "  - 通知时讲清领卡期限。\n"
        "summary: 特殊业务要一声提醒。\n"
        "tone: 生气\n"  # unknown field
        "cause: 员工服务态度差\n"  # duplicate key
        "difficulty: yes\n"  # not a difficulty
    )
    project.case("typo", text)
    problems = project.problems()
    assert problems[:2] == [
        f"{P}:2:6: {SYNTAX}字段名 title 后面用了全角冒号“：”：请改成半角冒号“:”并在后面加一个空格，例如“title: ……”",
        f"{P}:3:11: 字段 category（分类）的值“硬件”不在分类表中，可选：人员服务、业务差错、制度规定、硬件问题、特殊人群",
    ]
    assert problems[2] == f"{P}:6:7: 字段 date（日期）的值“2023-02-30”不是真实的日期：2023 年 2 月只有 28 天"
    assert problems[3].startswith(f"{P}:7:18: 疑似手机号“138****6538”：客户信息不得出现在站点中")
    assert problems[4:] == [
        f"{P}:9:1: {SYNTAX}行首用了制表符（Tab）缩进：YAML 只能用空格缩进，请把制表符换成空格（同一层的字段要对齐）",
        f"{P}:13:1: 未知字段“tone”：请检查拼写，可用的字段有：id、title、category、cause、principles、tags、business_line、"
        "channel、responsibility、audience、difficulty、source、date、related、valid_as_of、scenario、analysis、countermeasures、summary、"
        "scripts、avoid、roleplay",
        f"{P}:14:1: 字段 cause 重复出现（第一次在第 4 行），请删除其中一个",
        f"{P}:15:13: 字段 difficulty（难度）的值“yes”不在分类表中，可选：基础、进阶",
    ]


def test_full_width_colon_is_reported_on_its_own_line(project: Project) -> None:
    project.case("typo", _case(title="title：医保卡被吞后逾期领取"))
    assert project.problems() == [
        f"{P}:2:6: {SYNTAX}字段名 title 后面用了全角冒号“：”：请改成半角冒号“:”并在后面加一个空格，例如“title: ……”"
    ]


def test_full_width_space_indentation(project: Project) -> None:
    project.case("typo", VALID_CASE.format(id="typo").replace("analysis:\n  - ", "analysis:\n\u3000\u3000- "))
    assert project.problems() == [
        f"{P}:9:1: {SYNTAX}行首用了全角空格“　”缩进：YAML 只认半角空格，请把全角空格换成半角空格（输入法切换到半角后按空格键）"
    ]


def test_full_width_space_before_a_key_that_parses(project: Project) -> None:
    project.case("typo", _case(summary="\u3000summary: 特殊业务要一声提醒。"))
    assert project.problems() == [
        f"{P}:12:1: 字段名“summary”中有看不见的字符 全角空格（U+3000）：请删除它，只保留字段名"
    ]


def test_missing_space_after_colon(project: Project) -> None:
    project.case("typo", _case(summary="summary:特殊业务要一声提醒。"))
    assert project.problems() == [
        f"{P}:12:9: {SYNTAX}字段名 summary 的冒号“:”后面缺少空格：请在冒号后加一个半角空格，例如“summary: ……”"
    ]


def test_colon_inside_text_keeps_the_field(project: Project) -> None:
    project.case("typo", _case(summary="summary: 教训: 一声提醒", category="category: 硬件/自助设备故障"))
    problems = project.problems()
    assert problems == [
        f"{P}:3:11: 字段 category（分类）的值“硬件”不在分类表中，可选：人员服务、业务差错、制度规定、硬件问题、特殊人群",
        f'{P}:12:12: {SYNTAX}字段 summary 的文字中含有“: ”（冒号加空格）：请给整段文字加上引号，例如 summary: "教训: 一声提醒"',
    ]


def test_several_syntax_errors_are_all_found(project: Project) -> None:
    text = _case(title='title: "没有闭合', summary="summary: [一声提醒")
    project.case("typo", text)
    assert project.problems() == [
        f"{P}:2:8: {SYNTAX}引号没有闭合：请在文字末尾补上配对的引号",
        f"{P}:12:10: {SYNTAX}方括号“[”没有闭合，或列表项之间缺少逗号“,”",
    ]


def test_an_unclosed_quote_is_one_mistake_not_a_dozen(project: Project) -> None:
    """YAML runs a quoted text on to the next quote of its kind: here the summary's, ten lines down.

    Closing the quote at the end of its line lets the rest of the file be read as written, so
    the trainer sees the one mistake and every other field is checked."""
    text = _case(title='title: "医保卡被吞后逾期领取', summary='summary: "特殊业务要一声提醒。"')
    text = text.replace("tags: [吞卡, 医保卡]", "tags: [吞卡, 医保卡]\ndate: 2023-02-30")
    project.case("typo", text)
    assert project.problems() == [
        f"{P}:2:8: {SYNTAX}引号没有闭合：请在文字末尾补上配对的引号",
        f"{P}:7:7: 字段 date（日期）的值“2023-02-30”不是真实的日期：2023 年 2 月只有 28 天",
    ]


def test_an_unclosed_quote_in_a_question_leaves_the_other_questions_checked(project: Project) -> None:
    project.case("typo")
    quiz = ONE_QUESTION_QUIZ.format(id="typo").replace(
        "prompt: 通知领卡时要讲清什么？", "prompt: '通知领卡时要讲清什么？"
    )
    (project.root / "quizzes").mkdir()
    (project.root / "quizzes" / "typo.yaml").write_text(
        quiz + "  - {id: q2, type: 判断, prompt: '说法', answer: true}\n"
    )
    assert project.problems() == [
        "quizzes/typo.yaml:7:13: YAML 语法错误：引号没有闭合：请在文字末尾补上配对的引号",
        "quizzes/typo.yaml:13:5: 缺少必填字段 questions 第 2 项的 explanation（解析）",
    ]


def test_an_unclosed_quote_in_a_dialogue_line_is_found_at_the_quote(project: Project) -> None:
    """The cases' dialogue is written ``- {speaker: 客户, line: "…"}``: without the closing quote the
    brace became part of the text, and the parser blamed the brace at the line's start."""
    project.case("typo")
    quiz = ONE_QUESTION_QUIZ.format(id="typo").replace("{id: a, text: 营业时间}", '{id: a, text: "营业时间}')
    (project.root / "quizzes").mkdir()
    (project.root / "quizzes" / "typo.yaml").write_text(
        quiz.replace("explanation: 期限最容易引发投诉。", 'explanation: "期限最容易引发投诉。"')
    )
    assert project.problems() == ["quizzes/typo.yaml:9:23: YAML 语法错误：引号没有闭合：请在文字末尾补上配对的引号"]


def test_a_quoted_text_continued_on_indented_lines_is_not_an_unclosed_quote(project: Project) -> None:
    """Valid YAML, kept as written even when another mistake makes the repairs run."""
    text = _case(
        scenario='scenario: "客户的医保卡被自助机吞没，\n  网点通知领卡时没有说明期限。"',
        summary="summary：特殊业务要一声提醒。",
    )
    project.case("typo", text)
    assert project.problems() == [
        f"{P}:13:8: {SYNTAX}字段名 summary 后面用了全角冒号“：”：请改成半角冒号“:”并在后面加一个空格，例如“summary: ……”"
    ]
    source, _ = parse_text(P, text)
    assert source is not None and source.data["scenario"] == "客户的医保卡被自助机吞没， 网点通知领卡时没有说明期限。"


def test_yes_and_no_are_text_not_booleans(project: Project) -> None:
    """YAML 1.2, as the editor reads it: a title ``yes`` is the word, a true/false answer ``yes`` is wrong."""
    project.case("typo", _case(title="title: yes", summary="summary: on"))
    [case] = project.load().cases
    assert (case.title, case.summary) == ("yes", "on")
    source, problems = parse_text("q.yaml", "a: yes\nb: No\nc: off\nd: true\ne: False\nf: 012\ng: 1:20\nh: 0o17\n")
    assert source is not None and not problems
    assert source.data == {"a": "yes", "b": "No", "c": "off", "d": True, "e": False, "f": 12, "g": "1:20", "h": 15}


def test_true_false_answer_written_yes(project: Project) -> None:
    project.case("typo")
    (project.root / "quizzes").mkdir()
    (project.root / "quizzes" / "typo.yaml").write_text(
        "id: typo\ntitle: 测验\ncase: typo\nquestions:\n"
        "  - {id: q1, type: 判断, prompt: 说法, answer: yes, explanation: 解析}\n",
        encoding="utf-8",
    )
    assert project.problems() == [
        "quizzes/typo.yaml:5:44: 字段 questions 第 1 项的 answer（答案）应为 true（正确）或 false（错误），实际是文字“yes”"
        "（yes、no、on、off、是、否等都是文字，不是是非值：请写 true 或 false）"
    ]


def test_dates_must_be_real(project: Project) -> None:
    for name, date, message in (
        ("a-feb", "2023-02-30", "“2023-02-30”不是真实的日期：2023 年 2 月只有 28 天"),
        ("b-month", "2012-13-45", "“2012-13-45”不是真实的日期：没有 13 月，月份应为 01–12"),
        ("c-april", "2012-04-31", "“2012-04-31”不是真实的日期：2012 年 4 月只有 30 天"),
        ("d-leap", "2023-02-29", "“2023-02-29”不是真实的日期：2023 年 2 月只有 28 天"),
    ):
        text = VALID_CASE.format(id=name) + f"date: {date}\n"
        project.case(name, text)
        assert project.problems() == [f"cases/{name}.yaml:13:7: 字段 date（日期）的值{message}"]
        (project.root / "cases" / f"{name}.yaml").unlink()
    project.case("leap", VALID_CASE.format(id="leap") + "date: 2024-02-29\n")
    assert project.load().cases[0].date == "2024-02-29"


def test_blank_looking_text_is_empty(project: Project) -> None:
    project.case("typo", _case(title='title: "\u200b\u200b"', summary='summary: "\u3000 \u3000"'))
    assert project.problems() == [
        f"{P}:2:8: 字段 title（标题）不能为空（只有空格或看不见的字符也算空）",
        f"{P}:12:10: 字段 summary（案例小结）不能为空（只有空格或看不见的字符也算空）",
    ]


def test_nul_and_control_characters(project: Project) -> None:
    project.case("typo", _case(summary="summary: 特殊业务\x00要一声\x07提醒。"))
    assert project.problems() == [
        f"{P}:12:14: 这里有看不见的控制字符 U+0000（空字符 NUL）（这一行共有 2 个）：常见于从其他软件复制粘贴，请删除它"
    ]


def test_merge_keys_and_tags_are_refused(project: Project) -> None:
    text = (
        VALID_CASE.format(id="typo")
        + "scripts:\n  - &a {speaker: 客户, line: 你好}\n  - <<: *a\n    line: !!str 再见\n"
    )
    project.case("typo", text)
    # The merge is not made, so the second line really has no speaker.
    assert project.problems() == [
        f"{P}:15:5: 不支持合并键“<<”：请把要复用的字段直接写出来",
        f"{P}:15:5: 缺少必填字段 scripts 第 2 项的 speaker（说话人）",
    ]
    project.case("typo", _case(summary="summary: !!binary 5Lit"))
    assert project.problems() == [f"{P}:12:10: 不支持 YAML 标签“!!binary”：请删除它，直接写内容"]


def test_second_document_is_explained(project: Project) -> None:
    project.case("typo", VALID_CASE.format(id="typo") + "---\nid: other\n")
    assert project.problems() == [
        f"{P}:13:1: 文件中出现了第二个文档分隔线“---”：一个文件只能写一份内容，请删除这一行及后面的内容，或把后面的内容移到单独的文件"
    ]


def test_mistyped_question_type_does_not_hide_a_missing_answer(project: Project) -> None:
    project.case("typo")
    (project.root / "quizzes").mkdir()
    (project.root / "quizzes" / "typo.yaml").write_text(
        "id: typo\ntitle: 测验\ncase: typo\nquestions:\n"
        "  - id: q1\n    type: 单选题\n    prompt: 问题\n    options: [{id: a, text: 甲}]\n    explanation: 解析\n",
        encoding="utf-8",
    )
    assert project.problems() == [
        "quizzes/typo.yaml:5:5: 缺少必填字段 questions 第 1 项的 answer（答案）",
        "quizzes/typo.yaml:6:11: 字段 questions 第 1 项的 type（题型）的值“单选题”无效，可选：单选、多选、判断、排序、对话（是不是“单选”？）",
        "quizzes/typo.yaml:8:14: 字段 questions 第 1 项的 options（选项）至少要有 2 项，现在只有 1 项",
    ]


def test_a_question_without_a_type(project: Project) -> None:
    project.case("typo")
    (project.root / "quizzes").mkdir()
    (project.root / "quizzes" / "typo.yaml").write_text(
        "id: typo\ntitle: 测验\ncase: typo\nquestions:\n  - {id: q1, prompt: 问题, explanation: 解析}\n",
        encoding="utf-8",
    )
    assert project.problems() == [
        "quizzes/typo.yaml:5:5: 缺少必填字段 questions 第 1 项的 type（题型），可选：单选、多选、判断、排序、对话"
    ]


def test_schema_errors_do_not_hide_taxonomy_errors(project: Project) -> None:
    project.case("typo", "id: typo\ntitle: 只有标题\ncategory: 硬件/吞卡\nprinciples: [微笑服务]\n")
    problems = project.problems()
    assert (
        f"{P}:3:11: 字段 category（分类）的值“硬件”不在分类表中，可选：人员服务、业务差错、制度规定、硬件问题、特殊人群"
        in problems
    )
    assert any(p.startswith(f"{P}:4:14: 字段 principles（服务原则）的值“微笑服务”不在分类表中") for p in problems)
    assert f"{P}:1:1: 缺少必填字段 summary（案例小结）" in problems


def test_category_with_spaces_around_the_slash(project: Project) -> None:
    project.case("typo", _case(category="category: 业务差错 / 业务操作差错"))
    assert project.problems() == [f"{P}:3:11: 字段 category（分类）的“/”两边不能有空格：请写成“业务差错/业务操作差错”"]


def test_cli_usage_errors_are_chinese() -> None:
    result = run_casebook("export", "--format", "csv")
    assert result.returncode == 2
    assert (
        result.stderr.splitlines()[-1]
        == "casebook export：错误：参数 --format 的值 csv 无效，可选：gift, moodle-xml, scorm, xlsx"
    )
    assert result.stderr.startswith("用法：casebook export")
    result = run_casebook("validate", "--bogus")
    assert result.stderr.splitlines()[-1] == (
        "casebook：错误：无法识别的参数：--bogus（运行 casebook --help 查看可用的命令和选项）"
    )
    help_text = run_casebook("--help").stdout
    assert "显示本帮助并退出" in help_text and "选项" in help_text and "usage" not in help_text


# An English word of four letters or more, once quoted field names and values are removed.
_QUOTED = re.compile(r"“[^”]*”|「[^」]*」|\"[^\"]*\"|'[^']*'")
_FIELDS = re.compile(
    r"\b(?:[a-z_]+(?:（[^）]*）)?|YAML|Tab|NUL|BOM|UTF|GBK|true|false|yes|no|on|off|casebook|validate|"
    r"taxonomy\.yaml|privacy-allowlist\.yaml|Markdown)\b"
)
_BITS = st.sampled_from(
    [":", "：", "- ", "  ", "\u3000", "\t", "[", "]", "{", "}", '"', "'", "|", ">", "#", "&a", "*a", "!!", "!x ",
     "\n", "---\n", "<<: ", "%", "@", "`", "\x00", "\u200b", "yes", "2023-02-30", "type: 单选题", "answer: [a]"]
)  # fmt: skip
QUIZ_TEXT = (
    "id: fuzz\ntitle: 测验\nquestions:\n  - id: q1\n    type: 单选\n    prompt: 问题\n"
    "    options: [{id: a, text: 甲}, {id: b, text: 乙}]\n    answer: a\n    explanation: 解析\n"
)


def _english(message: str) -> list[str]:
    bare = _FIELDS.sub("", _QUOTED.sub("", message))
    return re.findall(r"[A-Za-z]{4,}", bare)


def _messages(text: str, model: type[Case] | type[Quiz]) -> list[str]:
    source, problems = parse_text("cases/fuzz.yaml", text)
    if source is not None:
        problems += to_model(source, model)[1]
    return [p.message for p in problems]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(["case", "quiz"]), st.integers(0, 400), st.lists(_BITS, min_size=1, max_size=6), st.integers(0, 30)
)
def test_every_message_is_chinese(kind: str, at: int, inserted: list[str], cut: int) -> None:
    base = VALID_CASE.format(id="fuzz") if kind == "case" else QUIZ_TEXT
    at = min(at, len(base))
    text = base[:at] + "".join(inserted) + base[at + cut :]
    for message in _messages(text, Case if kind == "case" else Quiz):
        assert not _english(message), message
        assert re.search(r"[\u4e00-\u9fff]", message), message

"""MkDocs' English log lines and aborts, as a trainer reads them through ``casebook build``: Chinese."""

from __future__ import annotations

import logging

from casebook.mkdocs_zh import ChineseLogFilter, translate_abort, translate_log


def test_strict_mode_warnings_and_aborts_are_chinese() -> None:
    assert (
        translate_log(
            "Doc file 'index.md' contains a link 'nowhere.md', but the target is not found among documentation files."
        )
        == "docs/index.md 中的链接“nowhere.md”指向的页面不存在：请改正链接，或补上这个页面"
    )
    assert (
        translate_log(
            "A reference to 'guide.md' is included in the 'nav' configuration, which is not found in the documentation files."
        )
        == "mkdocs.yml 的 nav 中写了“guide.md”，但 docs/ 中没有这个文件"
    )
    assert (
        translate_abort("Aborted with 2 warnings in strict mode!")
        == "生成中止：出现了 2 个警告（见上方），请逐条修正后重试"
    )
    assert translate_abort("案例库检查未通过：\ncases/a.yaml:1:1: 缺少必填字段 title（标题）").startswith(
        "案例库检查未通过"
    )
    assert translate_log("Cleaning site directory") is None


def test_unforeseen_messages_keep_their_text_behind_a_chinese_lead() -> None:
    assert translate_log("Something new happened") == "MkDocs 报告（原文）：「Something new happened」"
    assert translate_abort("Boom") == "生成失败（MkDocs 原文）：「Boom」"


def test_the_filter_rewrites_records_and_their_level() -> None:
    record = logging.LogRecord(
        "mkdocs.commands.build", logging.INFO, "x", 1, "Documentation built in %s seconds", ("1.50",), None
    )
    assert ChineseLogFilter().filter(record)
    assert (record.getMessage(), record.levelname) == ("站点生成完成，用时 1.50 秒", "提示")
    chatter = logging.LogRecord("mkdocs", logging.INFO, "x", 1, "Cleaning site directory", None, None)
    assert not ChineseLogFilter().filter(chatter)

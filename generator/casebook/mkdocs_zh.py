"""MkDocs' log lines and abort messages, as a trainer running ``casebook build`` or ``serve`` reads them: Chinese.

MkDocs logs in English through its own stream handler; a filter on that handler rewrites each record.
Messages we have not foreseen keep their original text, quoted, after a Chinese lead.
"""

from __future__ import annotations

import logging
import re
from typing import Any

_LEVELS = {"DEBUG": "调试", "INFO": "提示", "WARNING": "警告", "ERROR": "错误", "CRITICAL": "严重错误"}

_DROP = re.compile(r"^(?:Cleaning site directory|Building documentation\.\.\.)$")
_LOG: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(en, re.DOTALL), zh)
    for en, zh in (
        (r"^Building documentation to directory: (.*)$", r"正在生成站点：\1"),
        (r"^Documentation built in ([\d.]+) seconds$", r"站点生成完成，用时 \1 秒"),
        (
            r"^Doc file '(.+?)' contains a link '(.+?)', but the target '(.+?)' is not found"
            r" among documentation files\.",
            r"docs/\1 中的链接“\2”指向的页面 docs/\3 不存在：请改正链接，或补上这个页面",
        ),
        (
            r"^Doc file '(.+?)' contains a link '(.+?)', but the target is not found among documentation files\.",
            r"docs/\1 中的链接“\2”指向的页面不存在：请改正链接，或补上这个页面",
        ),
        (
            r"^Doc file '(.+?)' contains an unrecognized relative link '(.+?)', it was left as is\.",
            r"docs/\1 中的链接“\2”无法识别：请链接到 docs/ 中的 .md 页面",
        ),
        (
            r"^Doc file '(.+?)' contains an absolute link '(.+?)', it was left as is\.",
            r"docs/\1 中的链接“\2”以“/”开头：站点可能发布在子路径下，请改用相对路径",
        ),
        (
            r"^Doc file '(.+?)' contains a link to '(.+?)' which is excluded from the built site\.",
            r"docs/\1 中的链接“\2”指向的页面不会发布",
        ),
        (
            r"^A reference to '(.+?)' is included in the 'nav' configuration,"
            r" which is not found in the documentation files\.",
            r"mkdocs.yml 的 nav 中写了“\1”，但 docs/ 中没有这个文件",
        ),
        (
            r"^The following pages exist in the docs directory,"
            r" but are not included in the \"nav\" configuration:(.*)$",
            r"下列页面在 docs/ 中，但没有写进 mkdocs.yml 的 nav：\1",
        ),
        (r"^Encoding error reading file: (.*)$", r"文件 docs/\1 不是 UTF-8 编码：请在编辑器中“另存为 UTF-8”"),
        (r"^File not found: (.*)$", r"找不到文件 docs/\1"),
        (r"^Config value '(.+?)': (.*)$", r"mkdocs.yml 中 \1 的设置有误（原文：「\2」）"),
        (r"^Serving on (.*)$", r"预览地址：\1"),
        (r"^Watching paths for changes: (.*)$", r"正在监视这些文件的改动：\1"),
        (r"^Detected file changes$", r"发现文件改动，正在重新生成"),
        (r"^Reloading browsers$", r"正在刷新浏览器"),
        (r"^Shutting down\.\.\.$", r"预览已停止"),
        (r"^Browser connected: (.*)$", r"浏览器已连接：\1"),
    )
)

_ABORT: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(en, re.DOTALL), zh)
    for en, zh in (
        (r"^Aborted with (\d+) warnings? in strict mode!$", r"生成中止：出现了 \1 个警告（见上方），请逐条修正后重试"),
        (r"^Aborted with a configuration error!$", r"生成中止：mkdocs.yml 的设置有误（见上方）"),
        (
            r"^Aborted with (\d+) configuration warnings in 'strict' mode!$",
            r"生成中止：mkdocs.yml 有 \1 个设置警告（见上方）",
        ),
        (r"^Aborted with a BuildError!$", r"生成中止：生成页面时出错（见上方）"),
        (r"^Config file '(.+?)' does not exist\.$", r"找不到配置文件 \1：请在项目目录中运行，或用 --root 指定项目目录"),
        (
            r"^MkDocs encountered an error parsing the configuration file: (.*)$",
            r"mkdocs.yml 无法读取：请检查缩进、冒号（不能用全角“：”）和引号，不要用制表符缩进（原文：「\1」）",
        ),
    )
)
_CHINESE = re.compile(r"[\u4e00-\u9fff]")


def translate_log(message: str) -> str | None:
    """The Chinese form of one MkDocs log message; None for chatter not worth showing."""
    if _DROP.match(message):
        return None
    for pattern, chinese in _LOG:
        if pattern.match(message):
            return pattern.sub(chinese, message, count=1)
    return message if _CHINESE.search(message) else f"MkDocs 报告（原文）：「{message}」"


def translate_abort(message: str) -> str:
    """The Chinese form of the message MkDocs stops with (our own Chinese reports pass unchanged)."""
    for pattern, chinese in _ABORT:
        if pattern.match(message):
            return pattern.sub(chinese, message, count=1)
    return message if _CHINESE.search(message) else f"生成失败（MkDocs 原文）：「{message}」"


class ChineseLogFilter(logging.Filter):
    """Rewrites MkDocs' records in place before its handler formats them."""

    def filter(self, record: logging.LogRecord) -> bool:
        text = translate_log(record.getMessage())
        if text is None:
            return False
        record.msg, record.args = text, None
        record.levelname = _LEVELS.get(record.levelname, record.levelname)
        return True


def chinese_state() -> Any:
    """MkDocs' CLI state object (its log handler), with the Chinese filter on the handler."""
    from mkdocs.__main__ import State

    state = State()  # type: ignore[no-untyped-call]
    state.stream.addFilter(ChineseLogFilter())
    return state

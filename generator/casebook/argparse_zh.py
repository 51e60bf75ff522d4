"""An argparse parser that speaks Chinese: usage, help headings and every error a trainer can trigger."""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any, NoReturn

# argparse's English messages (Python 3.11–3.13), each with its Chinese wording.
_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(en), zh)
    for en, zh in (
        (r"^the following arguments are required: (.*)$", r"缺少必需的参数：\1"),
        (r"^unrecognized arguments: (.*)$", r"无法识别的参数：\1（运行 casebook --help 查看可用的命令和选项）"),
        (r"^argument (\S+): invalid choice: (.*?) \(choose from (.*)\)$", r"参数 \1 的值 \2 无效，可选：\3"),
        (r"^argument (\S+): expected one argument$", r"参数 \1 后面需要写一个值"),
        (r"^argument (\S+): expected at least one argument$", r"参数 \1 后面至少要写一个值"),
        (r"^argument (\S+): ignored explicit argument (.*)$", r"参数 \1 不接受值 \2"),
        (r"^argument (\S+): not allowed with argument (.*)$", r"参数 \1 不能和 \2 一起使用"),
        (r"^argument (\S+): invalid (\S+) value: (.*)$", r"参数 \1 的值 \3 无效"),
        (r"^ambiguous option: (\S+) could match (.*)$", r"选项 \1 不明确，可能是：\2"),
    )
)
_ENGLISH = re.compile(r"[A-Za-z]{4,}")


def translate(message: str) -> str:
    """argparse's error message in Chinese; anything unforeseen becomes a general Chinese hint."""
    for pattern, chinese in _ERRORS:
        if pattern.match(message):
            text = pattern.sub(chinese, message)
            return text.replace("'", "")
    return "命令行参数有误" if _ENGLISH.search(message) else f"命令行参数有误：{message}"


class ChineseArgumentParser(argparse.ArgumentParser):
    """Headings, usage and errors in Chinese; subcommand parsers are made of the same class."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    def format_usage(self) -> str:
        return _chinese_usage(super().format_usage())

    def format_help(self) -> str:
        return _chinese_usage(super().format_help())

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{translate(message)}\n")


def _chinese_usage(text: str) -> str:
    return re.sub(r"^usage: ", "用法：", text)

"""The ``casebook`` command: a thin layer over the library functions and MkDocs."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from casebook.errors import CasebookError
from casebook.library import load_library


def _validate(args: argparse.Namespace) -> int:
    library = load_library(Path(args.root))
    print(
        f"检查通过：共 {len(library.cases)} 个案例、{len(library.quizzes)} 份测验、"
        f"{len(library.tracks)} 条培训路线，没有发现问题。"
    )
    return 0


def _build(args: argparse.Namespace) -> int:
    """Build into a temporary folder and replace the site only when the build succeeded,
    so a failed build never leaves a half-written site for IT to publish."""
    target = Path(args.site_dir).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".casebook-", dir=target.parent) as tmp:
        staged = Path(tmp) / "site"
        code = _mkdocs(["build", "--strict", "--site-dir", str(staged)], args)
        if code != 0:
            print("生成失败，原有站点未被改动。", file=sys.stderr)
            return code
        old = Path(tmp) / "old"
        if target.exists():
            target.rename(old)
        staged.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    print(f"站点已生成：{target}")
    return 0


def _mkdocs(argv: list[str], args: argparse.Namespace) -> int:
    # Imported late: validation should not pay for loading MkDocs.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.__main__ import cli

    argv = [*argv, "--config-file", str(Path(args.root) / "mkdocs.yml")]
    try:
        cli.main(argv, prog_name="casebook", standalone_mode=False)
    except SystemExit as exc:  # click exits this way on some paths; keep its code
        return int(exc.code or 0)
    except Exception as exc:  # MkDocs reports our CasebookError as a ClickException
        from click import ClickException

        if isinstance(exc, ClickException):
            exc.show()
            return 1
        raise
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with help in Chinese for trainers."""
    parser = argparse.ArgumentParser(prog="casebook", description="案例通：检查、生成和预览案例库。")
    parser.add_argument(
        "--root", default=".", help="项目目录（含 mkdocs.yml、cases/ 和 taxonomy.yaml），默认为当前目录"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")
    sub.add_parser("validate", help="检查所有案例文件，一次列出全部问题")
    build = sub.add_parser("build", help="检查并生成静态站点")
    build.add_argument("--site-dir", default="site", help="输出目录，默认为 site/")
    sub.add_parser("serve", help="在 http://127.0.0.1:8000 预览站点，修改后自动刷新")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``casebook`` console script."""
    args = build_parser().parse_args(argv)
    try:
        if args.command == "validate":
            return _validate(args)
        if args.command == "build":
            return _build(args)
        return _mkdocs(["serve", "--dev-addr", "127.0.0.1:8000"], args)
    except CasebookError as exc:
        print(exc.report(), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

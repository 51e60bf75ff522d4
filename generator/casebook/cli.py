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
from casebook.library.load import Library, load_library


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
    if args.offline:
        from casebook.publish.offline import build_offline_zip

        out = Path(args.output or "casebook-offline.zip").resolve()
        code = build_offline_zip(
            lambda staged_dir: _mkdocs(["build", "--strict", "--site-dir", str(staged_dir)], args), out
        )
        if code != 0:
            return code
        print(f"离线压缩包已生成：{out}")
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


def _export(args: argparse.Namespace) -> int:
    from casebook.publish.export import export_questions

    library = load_library(Path(args.root))
    if args.format == "scorm":
        return _export_scorm(args, library)
    data = export_questions(library, args.format, track=args.track, tag=args.tag)
    out = Path(args.output or f"casebook-questions.{_EXPORT_SUFFIX[args.format]}")
    out.write_bytes(data)
    print(f"题库已导出：{out}")
    return 0


def _export_scorm(args: argparse.Namespace, library: Library) -> int:
    from casebook.publish.export.common import usage_error
    from casebook.publish.scorm import export_scorm

    if not args.track:
        choices = "、".join(t.id for t in library.tracks)
        raise usage_error(f"导出 SCORM 课程包需要用 --track 指定培训路线，可选：{choices}")
    out = Path(args.output or f"casebook-{args.track}-scorm.zip").resolve()
    code = export_scorm(library, args.track, out, lambda d: _mkdocs(["build", "--strict", "--site-dir", str(d)], args))
    if code == 0:
        print(f"SCORM 1.2 课程包已导出：{out}")
    return code


def _new(args: argparse.Namespace) -> int:
    from casebook.library.scaffold import new_case, new_quiz

    root = Path(args.root)
    path = new_case(root, args.id) if args.kind == "case" else new_quiz(root, args.case)
    print(f"已创建：{path}。填写内容后运行 casebook validate 检查。")
    return 0


def _schema(args: argparse.Namespace) -> int:
    from casebook.library.schema import write_schemas

    for path in write_schemas(Path(args.root) / "schemas"):
        print(f"已写入：{path}")
    return 0


_EXPORT_SUFFIX = {"gift": "gift.txt", "moodle-xml": "xml", "xlsx": "xlsx", "scorm": "zip"}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with help in Chinese for trainers."""
    parser = argparse.ArgumentParser(prog="casebook", description="案例通：检查、生成和预览案例库。")
    parser.add_argument(
        "--root", default=".", help="项目目录（含 mkdocs.yml、cases/ 和 taxonomy.yaml），默认为当前目录"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")
    sub.add_parser("validate", help="检查所有案例、测验和培训路线，一次列出全部问题")
    build = sub.add_parser("build", help="检查并生成静态站点")
    build.add_argument("--site-dir", default="site", help="输出目录，默认为 site/")
    build.add_argument("--offline", action="store_true", help="同时生成可直接打开的离线压缩包（无需网页服务器）")
    build.add_argument("--output", help="离线压缩包的文件名，默认为 casebook-offline.zip")
    sub.add_parser("serve", help="在 http://127.0.0.1:8000 预览站点，修改后自动刷新")
    new = sub.add_parser("new", help="按模板新建案例或测验文件（不会覆盖已有文件）")
    new.add_argument("kind", choices=["case", "quiz"], help="case：案例；quiz：案例测验")
    new.add_argument("--id", help="新案例的编号（小写英文字母、数字和连字符）")
    new.add_argument("--case", help="测验所属案例的编号")
    export = sub.add_parser("export", help="导出题库，供 Moodle 等学习平台导入")
    export.add_argument("--format", required=True, choices=sorted(_EXPORT_SUFFIX), help="导出格式")
    export.add_argument("--track", help="只导出某条培训路线用到的题目")
    export.add_argument("--tag", help="只导出带某个标签的题目")
    export.add_argument("--output", help="输出文件名")
    sub.add_parser("schema", help="重新生成 schemas/ 中供编辑器使用的 JSON Schema")
    return parser


_COMMANDS = {"validate": _validate, "build": _build, "export": _export, "new": _new, "schema": _schema}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``casebook`` console script."""
    args = build_parser().parse_args(argv)
    try:
        command = _COMMANDS.get(args.command)
        if command is not None:
            return command(args)
        return _mkdocs(["serve", "--dev-addr", "127.0.0.1:8000"], args)
    except CasebookError as exc:
        print(exc.report(), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

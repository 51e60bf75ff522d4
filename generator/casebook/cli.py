"""The ``casebook`` command: a thin layer over the library functions and MkDocs."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from casebook.argparse_zh import ChineseArgumentParser
from casebook.edition import TRAINER_ENV, TRAINER_SITE_DIR
from casebook.errors import CasebookError, Problem
from casebook.library.load import Library, load_library
from casebook.publish.guard import RefusedError, check_output_file, write_output, write_refusal


def _validate(args: argparse.Namespace) -> int:
    from casebook.library.quality import quality_report
    from casebook.library.quality_hints import located_hints
    from casebook.project import check_project

    root = Path(args.root)
    library, _ = check_project(root)
    hints = located_hints(quality_report(library.quizzes), root)
    counts = f"共 {len(library.cases)} 个案例、{len(library.quizzes)} 份测验、{len(library.tracks)} 条培训路线"
    if not hints:
        print(f"检查通过：{counts}，没有发现问题。")
        return 0
    if args.strict_quality:  # the trainer asked for hints to count as errors
        print("\n".join(map(str, hints)), file=sys.stderr)
        print(
            f"测验质量检查未通过：{counts}，共 {len(hints)} 条测验质量提示（使用了 --strict-quality）。",
            file=sys.stderr,
        )
        return 1
    print("\n".join(map(str, hints)))
    print(f"检查通过：{counts}，没有发现错误；另有 {len(hints)} 条测验质量提示（见上），不影响生成站点。")
    return 0


def _build(args: argparse.Namespace) -> int:
    """Build into a new version folder and switch the published site over only when the build
    succeeded, so a failed or killed build never leaves IT without a complete site."""
    root = Path(args.root)
    if args.site_dir is None:
        args.site_dir = TRAINER_SITE_DIR if args.trainer else "site"
    if not args.trainer:
        return _build_edition(args, root)
    os.environ[TRAINER_ENV] = "1"  # read by the plugin in this process; never left set for a later build
    try:
        return _build_edition(args, root)
    finally:
        os.environ.pop(TRAINER_ENV, None)


def _build_edition(args: argparse.Namespace, root: Path) -> int:
    from casebook.publish.swap import publish_site

    offline_out = None
    if args.offline:  # refuse a bad --output before spending a whole build on it
        offline_out = Path(args.output or "casebook-offline.zip").absolute()
        check_output_file(offline_out, args.output or offline_out.name, root, "casebook-offline.zip")
    target = Path(args.site_dir)
    code = publish_site(target, args.site_dir, root, lambda staged: _mkdocs_build(staged, args), trainer=args.trainer)
    if code != 0:
        print("生成失败，原有站点未被改动。", file=sys.stderr)
        return code
    print(f"{'培训师版' if args.trainer else ''}站点已生成：{target.absolute()}")
    if offline_out is not None:
        from casebook.publish.offline import build_offline_zip

        try:
            code = build_offline_zip(lambda staged: _mkdocs_build(staged, args), offline_out)
        except OSError as exc:  # e.g. the folder became read-only during the build
            raise write_refusal(exc, f"--output {args.output or offline_out.name}", offline_out.parent) from None
        if code != 0:
            return code
        print(f"离线压缩包已生成：{offline_out}")
    return 0


def _mkdocs_build(site_dir: Path, args: argparse.Namespace) -> int:
    return _mkdocs(["build", "--strict", "--site-dir", str(site_dir)], args)


def _backend(name: str) -> Any:
    """The command-line group of the build back-end. Imported late: validation should not pay for
    loading it. ProperDocs, once imported, answers every ``mkdocs.*`` import in this process, so
    the theme and the casebook plugin run on it unchanged."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        if name == "properdocs":
            from properdocs.__main__ import cli
        else:
            from mkdocs.__main__ import cli
    except ImportError:
        raise CasebookError(
            [Problem("命令行", 1, 1, f"没有安装 {_BACKENDS[name]}：请先安装，或用 --backend 选择另一个生成工具")]
        ) from None
    return cli


_BACKENDS = {"mkdocs": "MkDocs", "properdocs": "ProperDocs"}


def _mkdocs(argv: list[str], args: argparse.Namespace) -> int:
    cli = _backend(getattr(args, "backend", "mkdocs"))
    from click import ClickException

    from casebook.mkdocs_zh import chinese_state, translate_abort
    from casebook.sources.site import check_config

    # MkDocs reports a broken mkdocs.yml in English, or not at all (duplicate keys, no casebook plugin).
    _, problems = check_config(Path(args.root).resolve())
    if problems:
        print(CasebookError(problems).report(), file=sys.stderr)
        return 1
    argv = [*argv, "--config-file", str(Path(args.root) / "mkdocs.yml")]
    try:
        # MkDocs' own log handler, given to click as its state object, so a filter can put its lines in Chinese.
        cli.main(argv, prog_name="casebook", standalone_mode=False, obj=chinese_state())
    except ClickException as exc:  # our CasebookError (as PluginError) and MkDocs' aborts, which are SystemExits too
        print(f"错误：{translate_abort(exc.format_message())}", file=sys.stderr)
        return 1
    except SystemExit as exc:  # click exits this way on some paths; keep its code
        return int(exc.code or 0)
    except Exception as exc:
        # A bug in casebook or MkDocs must still reach the trainer as a sentence, never a traceback.
        print(f"生成站点时出错（{type(exc).__name__}）：{exc}。请把这条信息发给维护人员。", file=sys.stderr)
        return 1
    return 0


def _serve(args: argparse.Namespace) -> int:
    from casebook.preview.server import parse_address, serve

    address = parse_address(args.dev_addr)
    if address is None:
        print(f"预览地址“{args.dev_addr}”的格式不对：应写作 地址:端口，例如 127.0.0.1:8000", file=sys.stderr)
        return 2
    return serve(Path(args.root), *address)


def _export(args: argparse.Namespace) -> int:
    from casebook.publish.export import export_questions
    from casebook.publish.export.common import ExportOptions

    library = load_library(Path(args.root))
    if args.format == "scorm":
        return _export_scorm(args, library)
    options = ExportOptions(moodle_ordering=args.moodle_ordering, separator=args.separator)
    default = f"casebook-questions.{_EXPORT_SUFFIX[args.format]}"
    out = Path(args.output or default)
    shown = args.output or default
    check_output_file(out.absolute(), shown, Path(args.root), default)
    data = export_questions(library, args.format, track=args.track, tag=args.tag, options=options)
    write_output(out.absolute(), data, shown)
    print(f"题库已导出：{out}")
    return 0


def _generate(args: argparse.Namespace) -> int:
    from casebook.publish.generate import generate_tree

    pages = generate_tree(Path(args.root), Path(args.dir))
    config = Path(args.dir) / "mkdocs.yml"
    print(f"文档目录已生成：{args.dir}（{len(pages)} 个页面），可用 mkdocs build -f {config} 生成站点")
    return 0


def _export_scorm(args: argparse.Namespace, library: Library) -> int:
    from casebook.publish.export.common import usage_error
    from casebook.publish.scorm import export_scorm

    if not args.track:
        choices = "、".join(t.id for t in library.tracks)
        raise usage_error(f"导出 SCORM 课程包需要用 --track 指定培训路线，可选：{choices}")
    default = f"casebook-{args.track}-scorm.zip"
    out = Path(args.output or default).absolute()
    check_output_file(out, args.output or default, Path(args.root), default)
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
    parser = ChineseArgumentParser(prog="casebook", description="案例通：检查、生成和预览案例库。")
    parser.add_argument(
        "--root", default=".", help="项目目录（含 mkdocs.yml、cases/ 和 taxonomy.yaml），默认为当前目录"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")
    validate = sub.add_parser("validate", help="检查所有案例、测验和培训路线，一次列出全部问题")
    validate.add_argument(
        "--strict-quality",
        action="store_true",
        help="把测验质量提示（判断题答案不均衡、错误选项太少等）也当作错误，有提示时以非零状态退出",
    )
    build = sub.add_parser("build", help="检查并生成静态站点")
    build.add_argument("--site-dir", help="输出目录，默认为 site/（培训师版默认为 site-trainer/）")
    build.add_argument(
        "--trainer",
        action="store_true",
        help="生成培训师版：所有测验和考试都可打印答案；只供培训师使用，不能覆盖学员版站点",
    )
    build.add_argument("--offline", action="store_true", help="同时生成可直接打开的离线压缩包（无需网页服务器）")
    build.add_argument("--output", help="离线压缩包的文件名，默认为 casebook-offline.zip")
    build.add_argument(
        "--backend", choices=sorted(_BACKENDS), default="mkdocs", help="生成工具：mkdocs（默认）或 properdocs"
    )
    serve = sub.add_parser("serve", help="在 http://127.0.0.1:8000 预览站点，保存后自动刷新，问题直接显示在页面上")
    serve.add_argument(
        "--dev-addr", default="127.0.0.1:8000", metavar="地址:端口", help="预览地址，默认为 127.0.0.1:8000"
    )
    new = sub.add_parser("new", help="按模板新建案例或测验文件（不会覆盖已有文件）")
    new.add_argument("kind", choices=["case", "quiz"], help="case：案例；quiz：案例测验")
    new.add_argument("--id", help="新案例的编号（小写英文字母、数字和连字符）")
    new.add_argument("--case", help="测验所属案例的编号")
    export = sub.add_parser("export", help="导出题库，供 Moodle 等学习平台导入")
    export.add_argument("--format", required=True, choices=sorted(_EXPORT_SUFFIX), help="导出格式")
    export.add_argument("--track", help="只导出某条培训路线用到的题目")
    export.add_argument("--tag", help="只导出带某个标签的题目")
    export.add_argument("--output", help="输出文件名")
    export.add_argument(
        "--moodle-ordering",
        choices=["ordering", "matching"],
        default="ordering",
        help="moodle-xml 中排序题的题型：ordering（默认，Moodle 4.4 及以上自带）或 matching（配对题，供旧版 Moodle）",
    )
    export.add_argument("--separator", default=";", help="xlsx 中多选题答案字母之间的分隔符，默认为 ;（如 A;C）")
    generate = sub.add_parser(
        "generate", help="写出完整的文档目录（含生成的页面和导航配置），供不带本插件的生成工具使用"
    )
    generate.add_argument("dir", help="输出目录（须为新目录、空目录或上次生成的目录）")
    sub.add_parser("schema", help="重新生成 schemas/ 中供编辑器使用的 JSON Schema")
    return parser


_COMMANDS = {
    "validate": _validate,
    "build": _build,
    "export": _export,
    "generate": _generate,
    "new": _new,
    "schema": _schema,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``casebook`` console script."""
    args = build_parser().parse_args(argv)
    # Only `build --trainer` turns the trainer edition on; one left in the shell must not reach a trainee site.
    os.environ.pop(TRAINER_ENV, None)
    try:
        command = _COMMANDS.get(args.command)
        if command is not None:
            return command(args)
        return _serve(args)
    except CasebookError as exc:
        print(exc.report(), file=sys.stderr)
        if args.command == "build":
            print("生成失败，原有站点未被改动。", file=sys.stderr)
        return 1
    except RefusedError as exc:
        print(exc, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

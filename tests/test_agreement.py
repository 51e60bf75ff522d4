"""``casebook validate`` passes exactly when ``casebook build`` does, over a corpus of a trainer's mistakes.

Each entry changes one thing in a small, valid project: a case, a quiz, a track, the taxonomy,
mkdocs.yml or a page in docs/. Both commands run on it (in-process, as the console script does);
they must agree, and neither may end in a Python traceback.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from casebook.cli import main
from helpers import VALID_CASE, Project
from test_quizzes import QUIZ

TRACK = """\
id: starter
title: 入职培训
description: 新员工的第一条路线。
modules:
  - title: 第一单元
    pages: [guide.md]
    cases: [atm-card]
    quizzes: [atm-card]
final_exam: final
"""
EXAM = """\
id: final
title: 结业考试
kind: 考试
description: 两道题。
pass_mark: 50
pools:
  - tags: [吞卡]
    count: 2
"""

CHART_OK = "```chart\ntitle: 投诉量\nunit: 件\ndata:\n  一季度: 3\n  二季度: 5\n```\n"
CHART_BAD = "```chart\ntitle: 投诉量\ndata:\n  一季度: 很多\n```\n"
GUIDE = "# 入门指南\n\n先读[首页](index.md)，再看[案例浏览](browse/index.md)。\n\n" + CHART_OK

Mutation = Callable[[Path], object]


def _write(path: Path, text: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def _edit(rel: str, old: str, new: str) -> Mutation:
    def change(root: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return change


def _put(rel: str, text: str | bytes) -> Mutation:
    return lambda root: _write(root / rel, text)


def _move(src: str, dest: str) -> Mutation:
    return lambda root: (root / dest).parent.mkdir(parents=True, exist_ok=True) or (root / src).rename(root / dest)


def _symlink(rel: str, target: Callable[[Path], Path]) -> Mutation:
    def link(root: Path) -> None:
        outside = target(root)
        outside.parent.mkdir(parents=True, exist_ok=True)
        if not outside.exists():
            outside.write_text(VALID_CASE.format(id=Path(rel).stem), encoding="utf-8")
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(outside, root / rel)

    return link


def _gbk(rel: str) -> Mutation:
    return lambda root: (root / rel).write_bytes((root / rel).read_text(encoding="utf-8").encode("gbk"))


def _case(name: str, **fields: str) -> str:
    lines = VALID_CASE.format(id=name).splitlines()
    for key, value in fields.items():
        lines = [f"{key}: {value}" if ln.startswith(f"{key}:") else ln for ln in lines]
    return "\n".join(lines) + "\n"


_OUTSIDE: Callable[[Path], Path] = lambda root: root.parent / f"{root.name}-outside" / "secret.yaml"  # noqa: E731

CASE = "cases/atm-card.yaml"
# (name, must fail, mutation). The "must fail" flag is what a trainer expects; agreement is asserted for all.
CORPUS: list[tuple[str, bool, Mutation]] = [
    # Cases
    ("case-unclosed-quote", True, _edit(CASE, "title: 医保卡被吞后逾期领取", 'title: "医保卡被吞后逾期领取')),
    ("case-full-width-colon", True, _edit(CASE, "title: ", "title： ")),
    ("case-tab-indent", True, _edit(CASE, "  - 通知领卡时没有提示期限。", "\t- 通知领卡时没有提示期限。")),
    ("case-duplicate-key", True, _edit(CASE, "summary:", "title: 又一个标题\nsummary:")),
    ("case-missing-summary", True, _edit(CASE, "summary: 特殊业务要一声提醒。\n", "")),
    ("case-unknown-category", True, _edit(CASE, "category: 业务差错/业务操作差错", "category: 硬件/不存在")),
    ("case-category-without-sub", True, _edit(CASE, "category: 业务差错/业务操作差错", "category: 业务差错")),
    ("case-unknown-field", True, _edit(CASE, "summary:", "sumary: 拼错\nsummary:")),
    ("case-id-not-file-name", True, _edit(CASE, "id: atm-card", "id: atm-card-2")),
    ("case-unsafe-id", True, _edit(CASE, "id: atm-card", "id: ../atm-card")),
    ("case-gbk", True, _gbk(CASE)),
    ("case-empty-file", True, _put("cases/empty.yaml", "")),
    ("case-only-comments", True, _put("cases/note.yaml", "# 待写\n")),
    ("case-list-not-mapping", True, _put("cases/list.yaml", "- id: list\n")),
    ("case-unknown-cause", True, _edit(CASE, "cause: 特殊业务未做到一声提醒", "cause: 不知道")),
    ("case-unknown-principle", True, _edit(CASE, "principles: [特殊业务一声提醒]", "principles: [随便]")),
    ("case-related-missing", True, _edit(CASE, "summary:", "related: [no-such-case]\nsummary:")),
    (
        "case-external-link",
        True,
        _edit(CASE, "summary: 特殊业务要一声提醒。", "summary: 见[这里](http://example.com)。"),
    ),
    ("case-phone-number", True, _edit(CASE, "summary: 特殊业务要一声提醒。", "summary: 客户留下电话 13012345678。")),
    (
        "case-bad-chart",
        True,
        _edit(CASE, "summary: 特殊业务要一声提醒。", "summary: |\n  " + CHART_BAD.replace("\n", "\n  ")),
    ),
    ("case-in-subfolder-broken", True, _put("cases/2023/bad.yaml", _case("bad", category="硬件/不存在"))),
    ("case-upper-extension-broken", True, _put("cases/upper.YAML", _case("upper", category="硬件/不存在"))),
    ("case-yml-broken", True, _put("cases/short.yml", _case("short", title='"未闭合'))),
    ("case-symlink-outside", True, _symlink("cases/secret.yaml", _OUTSIDE)),
    ("ok-folder-named-like-yaml", False, lambda root: (root / "cases" / "folder.yaml").mkdir()),
    ("case-placeholder-left", True, _edit(CASE, "summary: 特殊业务要一声提醒。", "summary: 请填写一句话总结")),
    ("case-list-field-as-text", True, _edit(CASE, "principles: [特殊业务一声提醒]", "principles: 特殊业务一声提醒")),
    ("case-100-character-tag", True, _edit(CASE, "tags: [吞卡, 医保卡]", "tags: [吞卡, " + "长" * 100 + "]")),
    # YAML 1.2, as editors read it: a bare yes is text, so this title is valid for both commands.
    ("case-yes-title-is-text", False, _edit(CASE, "title: 医保卡被吞后逾期领取", "title: yes")),
    # Quizzes
    ("quiz-unknown-case", True, _edit("quizzes/atm-card.yaml", "case: atm-card", "case: no-such-case")),
    ("quiz-wrong-type", True, _edit("quizzes/atm-card.yaml", "type: 单选", "type: 问答")),
    ("quiz-answer-not-an-option", True, _edit("quizzes/atm-card.yaml", "answer: b", "answer: c")),
    ("quiz-syntax", True, _edit("quizzes/atm-card.yaml", "title: 吞卡测验", "title: [吞卡测验")),
    ("quiz-in-subfolder-broken", True, _put("quizzes/2024/extra.yaml", "id: extra\ntitle: 测验\nquestions: []\n")),
    # Tracks
    ("track-page-missing", True, _edit("quizzes/tracks/starter.yaml", "pages: [guide.md]", "pages: [missing.md]")),
    ("track-page-absolute", True, _edit("quizzes/tracks/starter.yaml", "pages: [guide.md]", "pages: [/etc/hostname]")),
    (
        "track-page-outside-docs",
        True,
        _edit("quizzes/tracks/starter.yaml", "pages: [guide.md]", "pages: [../mkdocs.yml]"),
    ),
    ("track-unknown-quiz", True, _edit("quizzes/tracks/starter.yaml", "quizzes: [atm-card]", "quizzes: [nope]")),
    ("track-upper-extension-broken", True, _put("quizzes/tracks/more.YML", "id: more\ntitle: 路线\n")),
    # Taxonomy and privacy waivers
    ("taxonomy-missing", True, lambda root: (root / "taxonomy.yaml").unlink()),
    ("taxonomy-gbk", True, _gbk("taxonomy.yaml")),
    ("taxonomy-syntax", True, lambda root: _write(root / "taxonomy.yaml", "categories: [\n")),
    (
        "allowlist-unused-waiver",
        True,
        _put("privacy-allowlist.yaml", "allow:\n  - {file: cases/atm-card.yaml, text: 无此文字, reason: 测试}\n"),
    ),
    # mkdocs.yml
    ("mkdocs-full-width-colon", True, _edit("mkdocs.yml", "site_name: ", "site_name： ")),
    ("mkdocs-tab", True, _edit("mkdocs.yml", "  name: material", "\tname: material")),
    ("mkdocs-gbk", True, _gbk("mkdocs.yml")),
    ("mkdocs-duplicate-key", True, _edit("mkdocs.yml", "strict: true", "strict: true\nstrict: false")),
    ("mkdocs-no-casebook-plugin", True, _edit("mkdocs.yml", "  - casebook\n", "")),
    (
        "mkdocs-nav-missing-page",
        True,
        _edit("mkdocs.yml", "plugins:", "nav:\n  - 首页: index.md\n  - 缺页: gone.md\nplugins:"),
    ),
    ("mkdocs-unclosed-bracket", True, _edit("mkdocs.yml", "strict: true", "strict: [true")),
    # docs/
    ("docs-gbk-page", True, _gbk("docs/guide.md")),
    ("docs-folder-named-md", True, lambda root: (root / "docs" / "zz.md").mkdir()),
    ("docs-clash-with-generated", True, _put("docs/browse/index.md", "# 我自己的浏览页\n")),
    ("docs-bad-chart", True, _put("docs/charts.md", "# 图表\n\n" + CHART_BAD)),
    ("docs-symlink-outside", True, _symlink("docs/secret.md", _OUTSIDE)),
    ("docs-broken-link", True, _put("docs/links.md", "# 链接\n\n见[不存在的页面](nowhere.md)。\n")),
    ("docs-email", True, _put("docs/contact.md", "# 联系\n\n写信到 someone@bank.example\n")),
    # The editor's schema refuses the spaces, so both commands do too (never a KeyError in a page).
    ("category-with-spaces", True, _edit(CASE, "category: 业务差错/业务操作差错", "category: 业务差错 / 业务操作差错")),
    # Valid variations: both commands must pass.
    ("ok-case-in-year-folder", False, _put("cases/2023/by-year.yaml", _case("by-year"))),
    ("ok-upper-extension", False, _put("cases/upper.YAML", _case("upper"))),
    ("ok-yml-extension", False, _put("cases/short.yml", _case("short"))),
    ("ok-no-quizzes-folder", False, lambda root: shutil.rmtree(root / "quizzes")),
    ("ok-hidden-editor-file", False, _put("cases/.atm-card.yaml.swp", b"\x00\x01")),
]


def _project(root: Path) -> Project:
    root.mkdir()
    project = Project(root)
    project.case("atm-card")
    project.case("lost-card")
    _write(root / "quizzes" / "atm-card.yaml", QUIZ)
    _write(root / "quizzes" / "final.yaml", EXAM)
    _write(root / "quizzes" / "tracks" / "starter.yaml", TRACK)
    _write(root / "docs" / "guide.md", GUIDE)
    return project


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out + out.err


def test_the_base_project_validates_and_builds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _project(tmp_path / "p")
    assert _run(capsys, "--root", str(tmp_path / "p"), "validate")[0] == 0
    assert _run(capsys, "--root", str(tmp_path / "p"), "build", "--site-dir", str(tmp_path / "site"))[0] == 0


def test_corpus_is_large_enough() -> None:
    assert len(CORPUS) >= 40
    assert len({name for name, _, _ in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize(("name", "bad", "mutate"), CORPUS, ids=[c[0] for c in CORPUS])
def test_validate_and_build_agree(
    name: str, bad: bool, mutate: Mutation, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "p"
    _project(root)
    mutate(root)
    v_code, v_out = _run(capsys, "--root", str(root), "validate")
    b_code, b_out = _run(capsys, "--root", str(root), "build", "--site-dir", str(tmp_path / "site"))
    assert "Traceback" not in v_out + b_out
    assert (v_code == 0) == (b_code == 0), f"validate={v_code} build={b_code}\n{v_out}\n{b_out}"
    assert (v_code != 0) == bad, v_out
    if bad:
        # Located, in Chinese: the first line of the report is path:line:column: message.
        first = v_out.splitlines()[0]
        assert first.split(":")[1].isdigit(), first

"""Names that become page files: reserved names, case variants and over-long tags are located errors."""

from __future__ import annotations

import errno
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import REPO, Project, run_casebook
from test_build import _project
from test_quizzes import QUIZ


def test_a_tag_named_index_would_replace_the_tag_overview(project: Project, valid_case: Callable[..., str]) -> None:
    project.case("atm-card", valid_case("atm-card", tags="[吞卡, Index]"))
    assert project.problems() == [
        "cases/atm-card.yaml:6:12: 标签“Index”是保留名称：它会与自动生成的页面 browse/tag/index.md（按标签浏览）重名，请换一个说法"
    ]


def test_tags_that_differ_only_in_case_are_one_file_on_windows(
    project: Project, valid_case: Callable[..., str]
) -> None:
    project.case("atm-card", valid_case("atm-card", tags="[ATM, 吞卡]"))
    project.case("card-swallowed", valid_case("card-swallowed", tags="[吞卡, atm]"))
    assert project.problems() == [
        "cases/card-swallowed.yaml:6:12: 标签“atm”与 cases/atm-card.yaml:6:8 的标签“ATM”只有大小写不同，在 Windows 上会生成同一个网页文件，请统一写法"
    ]


def test_a_tag_too_long_for_a_file_name_is_reported(
    project: Project, valid_case: Callable[..., str], tmp_path: Path
) -> None:
    long_tag = "客户" * 50  # 100 characters, 300 bytes in UTF-8
    with pytest.raises(OSError) as info:  # what the build would otherwise hit
        (tmp_path / long_tag).mkdir()
    assert info.value.errno == errno.ENAMETOOLONG
    project.case("atm-card", valid_case("atm-card", tags=f"[吞卡, {long_tag}]"))
    assert project.problems() == [
        "cases/atm-card.yaml:6:12: 标签“客户客户客户客户客户客户……”太长：标签会成为网页的文件名，现有 300 字节，最多 240 字节（约 80 个汉字），请改短"
    ]


def test_the_longest_allowed_tag_builds_with_its_page_and_gz_copy(tmp_path: Path) -> None:
    root = _project(tmp_path)
    tag = "服务" * 40  # 80 characters, 240 bytes: the limit
    case = (root / "cases" / "helmet-security-guard.yaml").read_text(encoding="utf-8")
    (root / "cases" / "helmet-security-guard.yaml").write_text(
        case.replace("tags: [", f"tags: [{tag}, ", 1), encoding="utf-8"
    )
    assert "tags: [" + tag in (root / "cases" / "helmet-security-guard.yaml").read_text(encoding="utf-8")
    site = tmp_path / "site"
    result = run_casebook("build", "--site-dir", str(site), root=root)
    assert result.returncode == 0, result.stderr
    page = site / "browse" / "tag" / tag / "index.html"
    assert "helmet-security-guard" in page.read_text(encoding="utf-8")
    assert (page.parent / "index.html.gz").is_file()


def test_ids_that_name_generated_pages_are_reserved(project: Project) -> None:
    project.case("index")
    project.case("atm-card")
    (project.root / "quizzes" / "tracks").mkdir(parents=True)
    (project.root / "quizzes" / "index.yaml").write_text(QUIZ.replace("id: atm-card", "id: index", 1), encoding="utf-8")
    track = "id: notebook\ntitle: 入职\ndescription: 说明\nmodules:\n  - title: 一\n    cases: [atm-card]\nfinal_exam: atm-card\n"
    (project.root / "quizzes" / "tracks" / "notebook.yaml").write_text(track, encoding="utf-8")
    problems = project.problems()
    assert (
        "cases/index.yaml:1:5: 编号“index”是保留名称：它会与自动生成的页面 cases/index.md（案例栏目首页）重名，请换一个编号（文件名也要一起改）"
        in problems
    )
    assert (
        "quizzes/index.yaml:1:5: 编号“index”是保留名称：它会与自动生成的页面 quizzes/index.md（测验总览）重名，请换一个编号（文件名也要一起改）"
        in problems
    )
    assert (
        "quizzes/tracks/notebook.yaml:1:5: 编号“notebook”是保留名称：它会与自动生成的页面 training/notebook.md（错题本）重名，请换一个编号（文件名也要一起改）"
        in problems
    )


def test_a_taxonomy_slug_named_index_is_reserved(project: Project) -> None:
    text = (REPO / "taxonomy.yaml").read_text(encoding="utf-8")
    (project.root / "taxonomy.yaml").write_text(
        text.replace("slug: first-contact-responsibility", "slug: index", 1), encoding="utf-8"
    )
    line = text[: text.index("slug: first-contact-responsibility")].count("\n") + 1
    project.case("atm-card")
    assert project.problems() == [
        f"taxonomy.yaml:{line}:11: slug“index”是保留名称：它会与该栏目的总览页重名，请换一个短名"
    ]


def test_a_hand_written_page_on_a_generated_path_fails_the_build(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "docs" / "browse.md").write_text("# 我的浏览页\n", encoding="utf-8")
    result = run_casebook("build", "--site-dir", str(tmp_path / "site"), root=root)
    assert result.returncode == 1
    assert (
        "docs/browse.md:1:1: 与自动生成的页面 browse/index.md 生成同一个网页 browse/index.html，请删除或改名（生成的页面不要放进 docs/）"
        in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()

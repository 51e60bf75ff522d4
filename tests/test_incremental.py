"""The preview's incremental rebuild renders exactly what a fresh build renders.

The preview keeps parsed files and rendered pages between saves and re-renders a page only when
what it was rendered from changed (``render/memo.py``). A missed dependency would show a trainer a
stale page, so each kind of edit a trainer makes is applied to a copy of the shipped library and
the cached result is compared, page by page, with a build that starts from nothing.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from casebook.project import ProjectCache, check_project
from helpers import REPO

EDITS: list[tuple[str, str, Callable[[str], str]]] = [
    (
        "a case's title",
        "cases/atm-deposit-swallowed-cash.yaml",
        lambda t: t.replace("title: 存款机故障吞钞", "title: 存款机吞钞", 1),
    ),
    (
        "a case's story",
        "cases/atm-deposit-swallowed-cash.yaml",
        lambda t: t.replace("scenario: |\n", "scenario: |\n  补记一句。\n", 1),
    ),
    (
        "a case's tags (exam pools follow tags)",
        "cases/atm-deposit-swallowed-cash.yaml",
        lambda t: t.replace("tags: [吞钞,", "tags: [", 1),
    ),
    (
        "a question's prompt",
        "quizzes/atm-deposit-swallowed-cash.yaml",
        lambda t: t.replace("最关键的下一步是什么", "接下来最要紧的是什么", 1),
    ),
    (
        "a quiz's title",
        "quizzes/atm-deposit-swallowed-cash.yaml",
        lambda t: t.replace("title: 存款机吞钞未入账案例测验", "title: 吞钞测验", 1),
    ),
    (
        "a track module's title",
        "quizzes/tracks/onboarding.yaml",
        lambda t: t.replace("第二单元 投诉处理技巧", "第二单元 投诉处理的技巧", 1),
    ),
    (
        "a page heading a track lists",
        "docs/knowledge/service-standards.md",
        lambda t: t.replace("# 服务规范与投诉响应标准", "# 服务规范", 1),
    ),
    (
        "a taxonomy description",
        "taxonomy.yaml",
        lambda t: t.replace("员工技能、态度、人手或沟通方面的问题", "员工技能、态度或人手方面的问题", 1),
    ),
]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("incremental")
    for name in ("cases", "quizzes", "docs"):
        shutil.copytree(REPO / name, root / name)
    for name in ("taxonomy.yaml", "mkdocs.yml", "privacy-allowlist.yaml"):
        shutil.copy2(REPO / name, root / name)
    return root


def test_every_kind_of_edit_renders_as_a_fresh_build_would(project: Path) -> None:
    cache = ProjectCache()
    check_project(project, cache=cache)
    for label, name, change in EDITS:
        path = project / name
        before = path.read_text(encoding="utf-8")
        after = change(before)
        assert after != before, f"{label}: the edit did not apply"
        path.write_text(after, encoding="utf-8")
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))  # a later save
        _, cached = check_project(project, cache=cache)
        _, fresh = check_project(project)
        stale = sorted(uri for uri in fresh if cached.get(uri) != fresh[uri])
        assert stale == [], f"{label}: pages differ from a fresh build"
        assert set(cached) == set(fresh), label


def test_an_unchanged_library_renders_nothing_again(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second check of an unchanged library takes every case page from the cache."""
    from casebook.render import pages

    cache = ProjectCache()
    check_project(project, cache=cache)
    calls: list[str] = []
    original = pages.render_case
    monkeypatch.setattr(pages, "render_case", lambda case, *a, **k: calls.append(case.id) or original(case, *a, **k))
    check_project(project, cache=cache)
    assert calls == []

"""The site from the second back-end (ProperDocs) and from ``casebook generate`` + plain MkDocs without
the casebook plugin: the same pages as the plugin build with MkDocs, byte for byte."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from helpers import PROPERDOCS_PYTHON, REPO, VALID_CASE, Project, require_properdocs, run_casebook

GENERATOR_META = re.compile(rb'<meta name="generator" content="[^"]*">')


def files(site: Path) -> list[str]:
    """The site's files, less what ``casebook build`` adds after any back-end has built it (the
    precompressed copies and the marker of a finished version)."""
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*")
        if p.is_file() and p.suffix != ".gz" and p.name != ".casebook-site"
    )


def assert_same_site(site: Path, reference: Path, *, same_index: bool = True) -> None:
    """Every file of the reference build is there and every page reads the same; only the
    generator's name in <meta name="generator">, the search index's order and sitemaps may differ.
    Without the plugin (``same_index=False``) Material indexes every page itself, so the index
    only has to find every case, and pages are compared by list only. Nor is there the light
    index our search worker starts with: those pages keep Material's own worker."""
    light = "search/light_index.json"
    assert files(site) == [f for f in files(reference) if same_index or not f.startswith(light)]
    pages = [name for name in files(reference) if name.endswith(".html")]
    assert len(pages) > 300
    # Without the plugin nothing sanitises, audits or adds the CSP: the page list must match,
    # the page bytes need not.
    for name in pages if same_index else []:
        ours, theirs = (GENERATOR_META.sub(b"", (root / name).read_bytes()) for root in (site, reference))
        assert ours == theirs, name
    index, reference_index = (
        json.loads((root / "search/search_index.json").read_bytes()) for root in (site, reference)
    )
    assert index["config"] == reference_index["config"]
    if not same_index:
        cases = {d["location"] for d in reference_index["docs"] if d["location"].startswith("cases/")}
        assert cases <= {d["location"].split("#")[0] for d in index["docs"]}
        return

    def docs(data: dict[str, list[dict[str, str]]]) -> list[tuple[str, str, str]]:
        return sorted((d["location"], d["title"], d["text"]) for d in data["docs"])

    assert docs(index) == docs(reference_index)


def test_properdocs_builds_the_same_site(built_site: Path, tmp_path: Path) -> None:
    require_properdocs()
    site = tmp_path / "site"
    result = run_casebook("build", "--backend", "properdocs", "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    assert b"ProperDocs 1.6.7" in (site / "index.html").read_bytes()
    assert_same_site(site, built_site)


def test_properdocs_venv_has_no_mkdocs(tmp_path: Path) -> None:
    """The second back-end does not lean on MkDocs: there, only --backend properdocs builds."""
    require_properdocs()
    probe = subprocess.run([str(PROPERDOCS_PYTHON), "-c", "import mkdocs"], capture_output=True, text=True, check=False)
    assert "No module named 'mkdocs'" in probe.stderr
    cli = [
        str(PROPERDOCS_PYTHON),
        "-m",
        "casebook.cli",
        "--root",
        str(REPO),
        "build",
        "--site-dir",
        str(tmp_path / "s"),
    ]
    result = subprocess.run(cli, capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "命令行:1:1: 没有安装 MkDocs：请先安装，或用 --backend 选择另一个生成工具",
        "共发现 1 个问题，涉及 1 个文件。",
        "生成失败，原有站点未被改动。",
    ]
    assert not (tmp_path / "s").exists()


def test_generated_tree_builds_without_the_plugin_into_the_same_site(built_site: Path, tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    result = run_casebook("generate", str(tree))
    assert result.returncode == 0, result.stderr
    pages = sorted(p.relative_to(tree / "docs").as_posix() for p in (tree / "docs").rglob("*.md"))
    assert result.stdout.startswith(f"文档目录已生成：{tree}（{len(pages)} 个页面）")
    assert sorted(p.name for p in tree.iterdir()) == [".casebook-generated", "docs", "mkdocs.yml"]

    config = yaml.compose((tree / "mkdocs.yml").read_text(encoding="utf-8"))
    plugins = next(v for k, v in config.value if k.value == "plugins")
    assert [item.value if isinstance(item, yaml.ScalarNode) else item.value[0][0].value for item in plugins.value] == [
        "search",
        "offline",
    ]
    site = tmp_path / "site"
    # Plain MkDocs, run where the project is not, on nothing but the generated tree.
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(tree / "mkdocs.yml"), "-d", str(site)],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert build.returncode == 0, build.stderr
    # The plugin writes the search index from the library (one entry per case, no listing pages);
    # a plugin-less build has Material scrape every page instead.
    assert_same_site(site, built_site, same_index=False)


def _plugin_project(project: Project) -> Path:
    project.case("atm-card")
    (project.root / "docs" / "cases").mkdir(parents=True)
    (project.root / "docs" / "index.md").write_text("# 首页\n", encoding="utf-8")
    (project.root / "mkdocs.yml").write_text(
        "site_name: 试验\nplugins:\n  - search\n  - casebook:\n      cases: cases\n", encoding="utf-8"
    )
    return project.root


def test_generate_reports_a_hand_written_page_in_the_way(project: Project, tmp_path: Path) -> None:
    root = _plugin_project(project)
    (root / "docs" / "cases" / "atm-card.md").write_text("# 手写\n", encoding="utf-8")
    result = run_casebook("generate", str(tmp_path / "out"), root=root)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "docs/cases/atm-card.md:1:1: 与自动生成的页面同名，请删除或改名（生成的页面不要放进 docs/）",
        "共发现 1 个问题，涉及 1 个文件。",
    ]
    assert not (tmp_path / "out").exists()


def test_generate_replaces_its_own_tree_and_nothing_else(project: Project, tmp_path: Path) -> None:
    root = _plugin_project(project)
    out = tmp_path / "out"
    assert run_casebook("generate", str(out), root=root).returncode == 0
    assert (out / "docs" / "cases" / "atm-card.md").read_text(encoding="utf-8").count("医保卡被吞后逾期领取") >= 1
    (root / "cases" / "atm-card.yaml").rename(root / "cases" / "atm-card-2.yaml")
    (root / "cases" / "atm-card-2.yaml").write_text(VALID_CASE.format(id="atm-card-2"), encoding="utf-8")
    assert run_casebook("generate", str(out), root=root).returncode == 0
    assert not (out / "docs" / "cases" / "atm-card.md").exists()
    assert (out / "docs" / "cases" / "atm-card-2.md").is_file()

    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("别删我", encoding="utf-8")
    result = run_casebook("generate", str(foreign), root=root)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f"命令行:1:1: 输出目录“{foreign}”已存在，且不是 casebook generate 生成的目录：请指定一个新的或空的目录"
    )
    assert [p.name for p in foreign.iterdir()] == ["keep.txt"]


def test_generate_refuses_a_target_inside_docs(project: Project) -> None:
    root = _plugin_project(project)
    inside = root / "docs" / "tree"
    result = run_casebook("generate", str(inside), root=root)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == f"命令行:1:1: 输出目录“{inside}”不能放在 docs/ 里面：请换一个目录"
    assert sorted(p.name for p in (root / "docs").iterdir()) == ["cases", "index.md"]

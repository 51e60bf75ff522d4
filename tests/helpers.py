"""Test helpers: a throw-away project with the real taxonomy, and running the CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from casebook.errors import CasebookError
from casebook.library.load import Library, load_library

REPO = Path(__file__).resolve().parents[1]

VALID_CASE = """\
id: {id}
title: 医保卡被吞后逾期领取
category: 业务差错/业务操作差错
cause: 特殊业务未做到一声提醒
principles: [特殊业务一声提醒]
tags: [吞卡, 医保卡]
scenario: 客户的医保卡被自助机吞没，网点通知领卡时没有说明期限。
analysis:
  - 通知领卡时没有提示期限。
countermeasures:
  - 通知时讲清领卡期限。
summary: 特殊业务要一声提醒。
"""


# A practice quiz of one single-choice question for the case ``{id}``.
ONE_QUESTION_QUIZ = """\
id: {id}
title: 吞卡测验
case: {id}
questions:
  - id: q1
    type: 单选
    prompt: 通知领卡时要讲清什么？
    options:
      - {{id: a, text: 营业时间}}
      - {{id: b, text: 领卡期限, feedback: 对。}}
    answer: b
    explanation: 期限最容易引发投诉。
"""


MINIMAL_MKDOCS = """\
site_name: 测试站点
docs_dir: docs
strict: true
theme:
  name: material
  language: zh
  font: false
extra:
  generator: false
plugins:
  - search
  - casebook
"""


class Project:
    """A project folder under tmp_path with the repo's taxonomy, an empty cases/, and a minimal
    mkdocs.yml and docs/ so that it also builds."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "cases").mkdir()
        shutil.copy(REPO / "taxonomy.yaml", root / "taxonomy.yaml")
        (root / "mkdocs.yml").write_text(MINIMAL_MKDOCS, encoding="utf-8")
        (root / "docs").mkdir()
        (root / "docs" / "index.md").write_text("# 首页\n\n练习用的站点。\n", encoding="utf-8")

    def case(self, name: str, text: str | bytes | None = None) -> Path:
        """Write cases/<name>.yaml; by default a valid case whose id is ``name``."""
        path = self.root / "cases" / f"{name}.yaml"
        content = VALID_CASE.format(id=name) if text is None else text
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    def load(self) -> Library:
        return load_library(self.root)

    def problems(self) -> list[str]:
        """Every problem the library reports, as printed to the trainer."""
        with pytest.raises(CasebookError) as info:
            load_library(self.root)
        return [str(p) for p in info.value.problems]


# The second build back-end lives in a venv of its own (`make properdocs`), without MkDocs.
PROPERDOCS_PYTHON = REPO / ".venv-properdocs" / "bin" / "python"


def require_properdocs() -> None:
    if not PROPERDOCS_PYTHON.is_file():
        pytest.fail("the ProperDocs back-end is not installed: run `make properdocs` (or `make test`)")


def run_casebook(*args: str, root: Path = REPO, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the casebook CLI the way a trainer does, in a subprocess; ``--backend properdocs``
    runs it in the ProperDocs venv, as IT would where only ProperDocs is installed."""
    python = str(PROPERDOCS_PYTHON) if "properdocs" in args else sys.executable
    return subprocess.run(
        [python, "-m", "casebook.cli", "--root", str(root), *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )

"""Shared fixtures: a throw-away project, a valid-case maker, and one real build."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import VALID_CASE, Project, run_casebook


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path)


@pytest.fixture
def valid_case() -> Callable[..., str]:
    """The valid case with one-line fields replaced in place or, if new, appended from line 13."""

    def make(case_id: str, **fields: str) -> str:
        lines = VALID_CASE.format(id=case_id).splitlines()
        for key, value in fields.items():
            spot = next((i for i, ln in enumerate(lines) if ln.startswith(f"{key}:")), None)
            if spot is None:
                lines.append(f"{key}: {value}")
            else:
                lines[spot] = f"{key}: {value}"
        return "\n".join(lines) + "\n"

    return make


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped library, built once by ``casebook build`` into a temporary folder."""
    site = tmp_path_factory.mktemp("built") / "site"
    result = run_casebook("build", "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped project plus the hostile corpus in every text field, built by ``casebook build``."""
    from hostile_project import build_hostile_project

    root = build_hostile_project(tmp_path_factory.mktemp("hostile") / "project")
    site = root.parent / "site"
    result = run_casebook("build", "--site-dir", str(site), root=root)
    assert result.returncode == 0, result.stderr[-3000:]
    return site

"""Shared fixtures: projects copied to a temporary folder and built once per session.

- `real_project`: the repository's own source/ and templates/ (the FRS note), built once per run
  (`projects.shared_build`: the two pytest workers share one build).
- `built`: the real project built in every language and format, once.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from projects import ARTIFACTS, ROOT, copy_project, shared_build

from frspub.cli import main


def _build_real(root: Path) -> None:
    copy_project(ROOT, root)
    assert main(["build", "-C", str(root), "-q"]) == 0


@pytest.fixture(scope="session")
def real_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project, built (see `built`)."""
    return shared_build(tmp_path_factory, "real", _build_real)


@pytest.fixture(scope="session")
def built(real_project: Path) -> Path:
    """The real project after `frspub build` (all languages, all formats)."""
    return real_project / "build"


@pytest.fixture()
def scratch_project(tmp_path: Path) -> Path:
    """A fresh copy of the real project for tests that edit sources."""
    return copy_project(ROOT, tmp_path / "proj")


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def figures_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/data/figures (a map with a Japanese version, an SVG chart, a long table, references)
    built in every language and format, once; returns the project folder."""
    from projects import DATA

    def build(root: Path) -> None:
        copy_project(DATA / "figures", root)
        assert main(["build", "-C", str(root), "-q"]) == 0

    return shared_build(tmp_path_factory, "figures", build)

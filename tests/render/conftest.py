"""The formulas-and-citations note (tests/data/mathcite) built once in fr, en and ja."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from projects import DATA, ROOT, pseudo_translate, shared_build

from frspub.cli import main

MATHCITE = "maths-et-sources"


@pytest.fixture(scope="session")
def mathcite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/data/mathcite updated, pseudo-translated and built (--strict); the project folder."""
    return shared_build(tmp_path_factory, "mathcite", _build_mathcite)


def _build_mathcite(root: Path) -> None:
    shutil.copytree(DATA / "mathcite" / "source", root / "source")
    shutil.copytree(ROOT / "templates", root / "templates")
    for lang in ("en", "ja"):  # the sample languages (PSEUDO also marks the new ones)
        (root / "source" / lang).mkdir()
    assert main(["update", "-C", str(root), "-q"]) == 0
    for lang in ("en", "ja"):  # the sample languages (PSEUDO also marks the new ones)
        pseudo_translate(root / "source" / lang / f"{MATHCITE}.po", lang)
    assert main(["build", "-C", str(root), "-q", "--strict"]) == 0

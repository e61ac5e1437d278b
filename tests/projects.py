"""Paths and project copies shared by the tests (importable: tests/ is on sys.path)."""
from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SLUG = "axe-russie-coree-du-nord"
ARTIFACTS = ROOT / "tests" / "artifacts"


def copy_project(src_root: Path, dest: Path) -> Path:
    """source/ from `src_root` and the repository's templates/, copied into `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(src_root / "source", dest / "source")
    shutil.copytree(ROOT / "templates", dest / "templates")
    return dest

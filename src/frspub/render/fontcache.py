"""Cut-down fonts kept across editions and builds (`build/.frspub-cache/fonts`).

Takes a face file and a character set; `place` names the folder a cut-down font goes in:
the kept folder when the build set one (`keep_in`), else the edition's temporary folder.
A file there is named by the face's fingerprint (its size and table directory, where every
table's checksum is) and the characters, so the same cut is made once for every edition and
build that needs it (the Japanese PDF, its widened twins), and a changed font is cut anew.
`prune` removes the cuts no build used for `UNUSED_DAYS`.
"""
from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

from frspub import output

FOLDER = ".frspub-cache/fonts"
UNUSED_DAYS = 14
_kept: list[Path] = []


def keep_in(folder: Path | None) -> None:
    """Keep cut-down fonts in `folder` (None: in each edition's temporary folder)."""
    _kept[:] = [folder] if folder is not None else []


def place(workdir: Path) -> Path:
    return _kept[0] if _kept else workdir


@functools.lru_cache(maxsize=None)
def fingerprint(file: Path) -> str:
    try:
        with file.open("rb") as f:
            return hashlib.sha256(str(file.stat().st_size).encode() + f.read(1 << 16)).hexdigest()[:16]
    except OSError:
        return "-"


def reuse(path: Path) -> bool:
    """True if `path` was made before (and mark it used, for `prune`)."""
    try:
        os.utime(path)
    except OSError:
        return False
    return True


def write(path: Path, data: bytes, workdir: Path) -> Path:
    """`data` written atomically at `path` (under a name no other worker writes at the same
    time); where the kept folder cannot take it (a full or read-only disk), in `workdir`,
    as without a kept folder.  Returns where it is."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(path, data)
        return path
    except OSError:
        if path.parent == workdir or path.parent.parent == workdir:
            raise
    workdir.mkdir(parents=True, exist_ok=True)
    output.write_bytes(workdir / path.name, data)
    return workdir / path.name


def prune(build_dir: Path) -> None:
    output.prune_unused(build_dir / FOLDER, UNUSED_DAYS)

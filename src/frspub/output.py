"""Atomic writes: an output is written to a temporary file beside it and
renamed into place, so a failed build never leaves a truncated file where a
good one was."""
from __future__ import annotations

import contextlib
import os
import tempfile
import time
from pathlib import Path
from typing import Iterator


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path; on success it replaces `path`, on failure it is removed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        if exc.filename is None:  # a failed write names no file: name the output
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        raise
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_bytes(path: Path, data: bytes) -> None:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def prune_unused(folder: Path, days: int) -> None:
    """Remove the files of a kept cache `folder` that no build touched for `days` (a file
    that cannot be removed stays: a cache is never a reason to fail)."""
    limit = time.time() - days * 86400
    for file in folder.glob("*"):
        try:
            if file.stat().st_mtime < limit:
                file.unlink()
        except OSError:
            continue

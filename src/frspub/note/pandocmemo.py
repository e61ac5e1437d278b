"""pandoc's answers remembered: the same input to the same pandoc gives the same output.

Takes the arguments and input of a pandoc call; `get` gives the output of an earlier
identical call, `put` keeps one.  Only calls that read nothing but their input are kept
(`pure`: no `--citeproc`, no file named, no file written), keyed by a hash of the pandoc
binary (its size and date), the arguments and the input.  Kept in this process (the
preview server reads the same French note on every save of a catalog) and, when the build
names one (`keep_in`), in a folder of the build cache (`build/.frspub-cache/pandoc`): a build that
changes one msgstr reads its French note from there instead of running pandoc.  `prune`
removes the answers no build used for `UNUSED_DAYS`.
"""
from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

from frspub import output

FOLDER = ".frspub-cache/pandoc"
UNUSED_DAYS = 14
IN_PROCESS = 48  # answers kept in memory (a note's JSON is a few hundred KB)
OPTIONS = {"--wrap=none", "--mathml", "--shift-heading-level-by=1", "--wrap=auto", "--columns=80"}
_kept: list[Path] = []
NAMED: dict[str, "Recent"] = {}  # memos of a unit's answer (segments' lines, htmlmemo's blocks)


class Recent(OrderedDict):  # type: ignore[type-arg]
    """Answers kept in this process, the least recently used dropped first beyond `size`.
    A `name`d one (text answers) is also kept per edition on disk (`recall`, `keep`)."""

    def __init__(self, size: int, name: str = "") -> None:
        super().__init__()
        self.size = size
        self.used: set[str] | None = None  # the keys taken since `recall`, when recording
        if name:
            NAMED[name] = self

    def take(self, key: str) -> Any:
        """The answer for `key` (present), now the most recently used."""
        self.move_to_end(key)
        if self.used is not None:
            self.used.add(key)
        return self[key]

    def trim(self) -> None:
        while len(self) > self.size:
            self.popitem(last=False)


_memory = Recent(IN_PROCESS)
_lock = threading.Lock()  # (a translation's catalog thread, `translation.ahead`, runs pandoc too)


def keep_in(folder: Path | None) -> None:
    _kept[:] = [folder] if folder is not None else []


def pure(args: list[str]) -> bool:
    """pandoc reads only its input and writes only its output: `-f`/`-t` and plain options."""
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg in ("-f", "-t") and rest:
            rest.pop(0)
        elif arg not in OPTIONS:
            return False
    return True


def stamp(binary: str) -> tuple[str, int, int]:
    """What a pandoc binary's answers are kept under: its path, size and date."""
    st = os.stat(binary)
    return binary, st.st_size, st.st_mtime_ns


def key(binary: str, args: list[str], data: bytes) -> str:
    path, size, date = stamp(binary)
    h = hashlib.sha256(f"{path}\0{size}\0{date}\0{chr(1).join(args)}\0".encode())
    h.update(data)
    return h.hexdigest()


def get(name: str) -> bytes | None:
    with _lock:
        if name in _memory:
            return _memory.take(name)
    if not _kept:
        return None
    path = _kept[0] / name
    try:
        data = path.read_bytes()
        os.utime(path)
    except OSError:
        return None
    _remember(name, data)
    return data


def put(name: str, data: bytes) -> None:
    _remember(name, data)
    if _kept:
        try:
            output.write_bytes(_kept[0] / name, data)
        except OSError:
            pass  # not kept (a full or read-only disk): the next build runs pandoc again


def _remember(name: str, data: bytes) -> None:
    with _lock:
        _memory[name] = data
        _memory.trim()


def prune(build_dir: Path) -> None:
    output.prune_unused(build_dir / FOLDER, UNUSED_DAYS)

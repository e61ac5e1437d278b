"""build/'s lock: one build at a time writes a build/ folder, and a killed build never blocks the next.

`hold(build_dir)` takes an exclusive ``flock`` on ``build/.frspub.lock`` and
writes into it who holds it (pid and process start time); a second build
waits.  The kernel frees a ``flock`` when the last descriptor of the file
closes, whatever kills its holder; pool workers close the one they inherit
(`release_inherited`, called first thing in a worker) and die with their
parent (`worker.init_process`).  Should a process that inherited the
descriptor outlive a killed holder all the same, a waiting build sees that
the recorded holder is gone and takes the lock over: it puts a new lock file
in place of the old one (under a lock on the build/ folder itself, so that two
waiting builds never both take over), and the build that follows removes the
killed one's temporary files (`publish.clean_stale`).
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import time
from pathlib import Path
from typing import Iterator

from frspub.errors import ConfigError
from frspub.log import log

NAME = ".frspub.lock"
POLL = 0.2  # seconds between two looks at a lock held by another build
HELD: set[int] = set()  # descriptors of the locks this process holds (a forked worker closes them)


@contextlib.contextmanager
def hold(build_dir: Path) -> Iterator[None]:
    """Hold build/'s lock, waiting for another build of the same folder to finish."""
    fd = _open(build_dir)
    try:
        if not _try(fd):
            fd = _wait(build_dir, fd)
        _record(fd)
        HELD.add(fd)
        yield
    finally:
        HELD.discard(fd)
        os.close(fd)  # releases the lock


def release_inherited() -> None:
    """In a forked worker: close the lock descriptors inherited from the build (the lock stays
    held by the build itself; a worker must never keep it alive)."""
    for fd in list(HELD):
        with contextlib.suppress(OSError):
            os.close(fd)
    HELD.clear()


def _open(build_dir: Path) -> int:
    try:
        build_dir.mkdir(parents=True, exist_ok=True)
        return os.open(build_dir / NAME, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except (FileExistsError, NotADirectoryError):
        raise ConfigError("build/ is not a folder: move that file away", build_dir, 0) from None
    except OSError as exc:
        raise ConfigError(f"cannot write in build/: {exc.strerror}", build_dir, 0) from None


def _try(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


def _wait(build_dir: Path, fd: int) -> int:
    """Wait for the lock; take it over when its recorded holder is gone."""
    holder = _holder(fd)
    log.info("waiting for another frspub build of %s%s", build_dir, f" (pid {holder[0]})" if holder else "")
    while True:
        if _try(fd):
            return fd
        holder = _holder(fd)
        if holder is not None and not _alive(*holder):
            new = _take_over(build_dir, fd)
            if new is not None:
                log.info("took over %s from a killed build (pid %d)", NAME, holder[0])
                os.close(fd)
                return new
        if _replaced(build_dir, fd):  # another build took it over: wait on the new file
            os.close(fd)
            fd = _open(build_dir)
            continue
        time.sleep(POLL)


def _record(fd: int) -> None:
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()} {_start_time(os.getpid())}\n".encode(), 0)


def _holder(fd: int) -> tuple[int, str] | None:
    try:
        pid, start = os.pread(fd, 64, 0).decode("ascii").split()
        return int(pid), start
    except (OSError, ValueError, UnicodeDecodeError):
        return None  # not yet written, or by an older frspub


def _start_time(pid: int) -> str:
    """The process's start time in clock ticks since boot (/proc): a pid reused later differs."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rpartition(")")[2].split()[19]
    except (OSError, IndexError):
        return "-"


def _alive(pid: int, start: str) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return start == "-" or _start_time(pid) in (start, "-")


def _replaced(build_dir: Path, fd: int) -> bool:
    try:
        return os.stat(build_dir / NAME).st_ino != os.fstat(fd).st_ino
    except OSError:
        return True


def _take_over(build_dir: Path, fd: int) -> int | None:
    """Put a fresh, locked lock file in place of the one a gone build holds; None if another
    waiting build did it first."""
    guard = os.open(build_dir, os.O_RDONLY | os.O_CLOEXEC)
    try:
        fcntl.flock(guard, fcntl.LOCK_EX)
        if _replaced(build_dir, fd):
            return None
        tmp = build_dir / f".{NAME}.{secrets.token_hex(4)}.tmp"
        new = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o644)
        fcntl.flock(new, fcntl.LOCK_EX)
        os.replace(tmp, build_dir / NAME)
        return new
    finally:
        os.close(guard)

"""Content hashes a long-lived process keeps between builds (the preview server's).

Takes file paths; gives each file's SHA-256, read again only when its stat signature
changed.  The signature is the one git's index trusts: device, inode, ctime, size and
mtime.  `os.utime` can set mtime back but never ctime, which every write, rename or
`utime` moves to the file system's clock, so a content change always changes the
signature -- except within one tick of that clock (a few ms): a file whose ctime is that
recent when it is read may still change unseen, so its hash is not kept (git's "racily
clean" entries).  `cache.Hasher` asks it for files under `cache.MEMO_SIZE` when a build
is given one (`run.Options.kept`); a one-off build (the CLI) reads every file, as before.
"""
from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path
from typing import Callable

# A hash is kept only when the file's ctime is this much older than the moment it was
# read.  Far above the coarse clock's tick (1-10 ms) that dates writes, and above the drift
# between this clock and a network file system's own.
RACY_NS = 1_000_000_000

Signature = tuple[int, int, int, int, int]


def signature(st: os.stat_result) -> Signature:
    return (st.st_dev, st.st_ino, st.st_ctime_ns, st.st_size, st.st_mtime_ns)


class StatMemo:
    """path -> (signature, sha256 hex) of the files read so far; "-" for a missing file."""

    def __init__(self, clock: Callable[[], int] = time.time_ns) -> None:
        self.clock = clock  # (a test's clock may pretend the file was read much later)
        self.known: dict[str, tuple[Signature, str]] = {}

    def __call__(self, path: Path) -> str:
        key = str(path)
        now = self.clock()  # before the stat: a write after it dates itself later than `now - tick`
        try:
            st = os.stat(key)
        except OSError:
            self.known.pop(key, None)
            return "-"
        sig = signature(st)
        kept = self.known.get(key)
        if kept is not None and kept[0] == sig:
            return kept[1]
        try:
            with open(key, "rb") as f:
                value = hashlib.sha256(f.read()).hexdigest()
        except OSError:
            self.known.pop(key, None)
            return "-"
        if st.st_ctime_ns < now - RACY_NS:
            self.known[key] = (sig, value)
        else:  # changed too recently: a change within the same tick would keep the signature
            self.known.pop(key, None)
        return value

"""Where a function's source ends, remembered between processes: the patches' ``inspect`` reads.

`weasypatch.apply` and the patches it installs read WeasyPrint's and pydyf's functions with
``inspect.getsource`` (24 reads: SHA-256 pins, edited sources), and ``inspect.getblock``
finds where each function ends by tokenizing it: 14,000 tokens, 0.04-0.05 s of every PDF
process's warm-up, for the same answer each time.  `remembered` lets ``getblock`` answer from
a table kept in the user's cache (``$XDG_CACHE_HOME/frspub/sources/``, one file per Python
version, whose tokenizer decides), keyed by the SHA-256 of the very lines it is given: a
function's text and all that follows it in its file, so that any change to the file is
another key.  An answer is the count of lines ``getblock`` returned for those lines, so the
source read is ``getblock``'s own.  A table that cannot be read or written: ``getblock``
tokenizes, as without it.
"""
from __future__ import annotations

import contextlib
import hashlib
import inspect
import json
import sys
import threading
from pathlib import Path
from typing import Any, Callable, Iterator

from frspub.project import user_cache

_lock = threading.Lock()


def table() -> Path:
    version = "-".join(map(str, sys.version_info[:3]))
    return user_cache("sources") / f"blocks-{sys.implementation.name}-{version}.json"


@contextlib.contextmanager
def remembered() -> Iterator[None]:
    """``inspect.getblock`` answering from the table while the block runs (then the table is
    saved if it learnt something)."""
    with _lock:  # one at a time: `inspect.getblock` is one global
        known = _load()
        size = len(known)
        real = inspect.getblock
        inspect.getblock = _remembering(real, known)  # type: ignore[assignment]
        try:
            yield
        finally:
            inspect.getblock = real  # type: ignore[assignment]
            if len(known) != size:
                _save(known)


def _remembering(real: Callable[[list[str]], list[str]], known: dict[str, int]) -> Callable[[list[str]], list[str]]:
    def getblock(lines: list[str]) -> list[str]:
        key = hashlib.sha256("".join(lines).encode("utf-8", "surrogatepass")).hexdigest()[:40]
        count = known.get(key)
        if isinstance(count, int) and 0 < count <= len(lines):
            return lines[:count]
        block = real(lines)
        known[key] = len(block)  # (getblock returns a head of its lines)
        return block

    return getblock


def _load() -> dict[str, Any]:
    try:
        known = json.loads(table().read_text(encoding="utf-8"))
    except (OSError, ValueError, RuntimeError):  # none yet, unreadable, corrupt, no home
        return {}
    return known if isinstance(known, dict) else {}


def _save(known: dict[str, int]) -> None:
    from frspub.output import write_text

    try:
        path = table()
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text(path, json.dumps(known, sort_keys=True))
    except Exception:  # noqa: BLE001 - no cache to write to: tokenized again next time
        pass

"""The contact block's answers of phonenumbers and Babel, kept in the user's cache.

A translated edition's print page asks phonenumbers for the publisher's phone in international
form (importing it and its metadata: 0.02-0.03 s of CPU) and Babel for the country's name in the
edition's language (that language's CLDR data: 0.01 s), before the page is handed to the PDF's
writer.  `answer(library, key, ask)` gives what `ask()` gives, kept in
``$XDG_CACHE_HOME/frspub/answers/<library>-<version>.json`` by `key` (the version read from the
statement of the library's ``__init__.py`` that sets it, without importing it; the data comes with
the version), so that a fresh copy of a project finds it, as `render.longdate` keeps dates.  A
library whose version cannot be read is asked every time; a cache unreadable, corrupt or
unwritable changes nothing but the time.
"""
from __future__ import annotations

import functools
import importlib.util
import json
import re
import sys
from pathlib import Path
from typing import Callable

from frspub.project import user_cache


def answer(library: str, key: str, ask: Callable[[], str], folder: str = "answers") -> str:
    """`ask()`, kept under `key` in `folder` of the user's cache (`render.longdate`: "dates")."""
    version = library_version(library)
    if not version:
        return ask()
    memo = _memo(library, version, folder)
    if key not in memo:
        memo[key] = ask()
        _keep(library, version, folder, memo)
    return memo[key]


def library_version(library: str) -> str:
    """`library.__version__`: the module's when imported, else read from the statement that sets it."""
    if library in sys.modules:
        return str(getattr(sys.modules[library], "__version__", ""))
    spec = importlib.util.find_spec(library)
    try:
        text = Path(spec.origin).read_text(encoding="utf-8") if spec and spec.origin else ""
    except OSError:
        text = ""
    found = re.search(r"""^__version__ = ['"]([^'"]+)['"]$""", text, re.M)
    return found.group(1) if found else ""


def path(library: str, version: str, folder: str = "answers") -> Path:
    return user_cache(folder) / f"{library}-{version}.json"


@functools.cache
def _memo(library: str, version: str, folder: str) -> dict[str, str]:
    try:
        memo = json.loads(path(library, version, folder).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    ok = isinstance(memo, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in memo.items())
    return memo if ok else {}


def _keep(library: str, version: str, folder: str, memo: dict[str, str]) -> None:
    from frspub.output import write_text

    try:  # whole or not at all (two builds writing at once: one wins)
        write_text(path(library, version, folder), json.dumps(memo, ensure_ascii=False, sort_keys=True))
    except OSError:  # a cache is never a reason to fail
        pass

"""The print page's and HTML edition's long dates, kept in the user's cache.

`locale.long_date` asks Babel, whose first date in a process loads and merges the locale's CLDR
data (0.02 s of CPU in the edition's process, before the print page is handed to the PDF's
process: nothing else there reads CLDR data).  `long_date` gives the same text, kept in
``$XDG_CACHE_HOME/frspub/dates/babel-<version>.json`` (one file per Babel version: the CLDR data
comes with it) by Babel's locale and the date, so a fresh copy of a project finds it, as
`render.templatecache` keeps compiled templates.  A cache unreadable, corrupt or unwritable
changes nothing but the time: the date is asked of Babel.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path

from frspub.conventions import native_digits
from frspub.locale import cldr
from frspub.project import user_cache


def long_date(date: dt.date, lang: str) -> str:
    """`locale.long_date`: 7 janvier 2025 / January 7, 2025 / 2025年1月7日."""
    return native_digits(_cldr_long_date(date, cldr(lang)), lang)  # Persian: ۷ ژانویه ۲۰۲۵


def _cldr_long_date(date: dt.date, locale: str) -> str:
    version = babel_version()
    memo, key = _memo(version), f"{locale} {date.isoformat()}"
    if key not in memo:
        from babel.dates import format_date

        memo[key] = format_date(date, format="long", locale=locale)
        _keep(version, memo)
    return memo[key]


def babel_version() -> str:
    """`babel.__version__`, read from the statement that sets it when Babel is not imported yet
    (importing it costs 0.015 s of CPU, which a date found in the cache does not need)."""
    from frspub.note.contactmemo import library_version

    if found := library_version("babel"):
        return found
    import babel

    return babel.__version__


def path(version: str) -> Path:
    return user_cache("dates") / f"babel-{version}.json"


@functools.cache
def _memo(version: str) -> dict[str, str]:
    try:
        memo = json.loads(path(version).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    ok = isinstance(memo, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in memo.items())
    return memo if ok else {}


def _keep(version: str, memo: dict[str, str]) -> None:
    from frspub.output import write_text

    try:  # whole or not at all (two builds writing at once: one wins)
        write_text(path(version), json.dumps(memo, ensure_ascii=False, sort_keys=True))
    except OSError:  # a cache is never a reason to fail
        pass

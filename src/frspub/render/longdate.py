"""The print page's and HTML edition's long dates, kept in the user's cache.

`locale.long_date` asks Babel, whose first date in a process loads and merges the locale's CLDR
data (0.02 s of CPU in the edition's process, before the print page is handed to the PDF's
process: nothing else there reads CLDR data).  `long_date` gives the same text, kept in
``$XDG_CACHE_HOME/frspub/dates/babel-<version>.json`` (one file per Babel version: the CLDR data
comes with it) by Babel's locale and the date (`note.contactmemo`, which keeps the contact
block's answers the same way), so a fresh copy of a project finds it, as `render.templatecache`
keeps compiled templates.  A cache unreadable, corrupt or unwritable
changes nothing but the time: the date is asked of Babel.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from frspub.conventions import native_digits
from frspub.locale import cldr
from frspub.note import contactmemo

FOLDER = "dates"


def long_date(date: dt.date, lang: str) -> str:
    """`locale.long_date`: 7 janvier 2025 / January 7, 2025 / 2025年1月7日."""
    return native_digits(_cldr_long_date(date, cldr(lang)), lang)  # Persian: ۷ ژانویه ۲۰۲۵


def _cldr_long_date(date: dt.date, locale: str) -> str:
    def ask() -> str:
        from babel.dates import format_date

        return format_date(date, format="long", locale=locale)

    return contactmemo.answer("babel", f"{locale} {date.isoformat()}", ask, FOLDER)


def babel_version() -> str:
    """`babel.__version__`, read from the statement that sets it when Babel is not imported yet
    (importing it costs 0.015 s of CPU, which a date found in the cache does not need)."""
    return contactmemo.library_version("babel")


def path(version: str) -> Path:
    return contactmemo.path("babel", version, FOLDER)


_memo = contactmemo._memo  # (the memo of every library and folder: tests clear it as a new process would)

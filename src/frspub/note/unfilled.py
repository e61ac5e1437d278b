"""Fields only the author can fill, marked until they are.

Takes a note's text (or its metadata); returns the places still carrying the
marker `MARK` that `frspub new` writes where only the author knows the answer
(the title, the author, the date, a figure's caption).  `source.read_note`
turns each into an error at its line, so `check` and `build` refuse the note
until it is filled; `update` reads a draft (the marked fields left out), so
translators can start on the body.

Why a visible marker rather than an empty field: an empty `title:` reads as
"nothing to say", a marker reads as "to do", in the editor and in a diff.
"""
from __future__ import annotations

import re
from typing import Any

from frspub.errors import Problem

MARK = "À REMPLIR"


def marked(text: str) -> str:
    """A value to be filled, saying what is expected."""
    return f"{MARK} : {text}"


def problems(text: str, shown: str) -> list[Problem]:
    """One error per line of the note that still carries the marker."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if MARK in line:
            field, colon, _ = line.partition(":")
            what = f"field `{field.strip()}`" if colon and field.strip().isidentifier() else "text"
            value = re.match(r"[^\]\"\n]*", line[line.index(MARK):]).group(0).strip(" '").replace("''", "'")
            found.append(Problem(shown, number, f"{what} still to be filled ({value}): "
                                 f"replace the {MARK} marker"))
    return found


def marked_fields(meta: Any, prefix: str = "") -> list[str]:
    """Dotted names of the metadata fields whose value carries the marker."""
    names: list[str] = []
    if isinstance(meta, dict):
        for key, value in meta.items():
            names += marked_fields(value, f"{prefix}{key}.")
    elif isinstance(meta, str) and MARK in meta:
        names.append(prefix.rstrip("."))
    return names


def drop(meta: dict[str, Any], names: list[str]) -> None:
    """Remove the marked fields from `meta` (a draft: `update` leaves them out)."""
    for name in names:
        *parents, last = name.split(".")
        holder: Any = meta
        for part in parents:
            holder = holder.get(part, {})
        if isinstance(holder, dict):
            holder.pop(last, None)

"""A note's YAML metadata blocks, read as pandoc reads them.

Takes the note's text after its first YAML block; returns the other YAML blocks
(pandoc takes a block anywhere in the body: a line ``---`` after a blank line,
not followed by one, closed by ``---`` or ``...``) with the line each starts
on, and the body with those blocks blanked (so every later line keeps its
number).  `merge` combines the blocks as pandoc does (a later block's field
replaces an earlier one); `normalise` reads what pandoc users write and frspub
needs in one form:

- a date written as text: ``'2021-05-24'`` (quoted), ``2 December 2022``,
  ``December 2, 2022``, ``2 décembre 2022`` is a date;
- ``authors:`` (a list of names, or of ``{name: …}`` as the Open Journals
  write it) or ``author:`` as such a list gives the `author` field, the names
  joined by commas.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

OPEN = re.compile(r"^---[ \t]*$")
CLOSE = re.compile(r"^(---|\.\.\.)[ \t]*$")
FENCE = re.compile(r"^(```|~~~)")
MONTHS = {name: i + 1 for names in (
    "january february march april may june july august september october november december",
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre")
    for i, name in enumerate(names.split())}
DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})(?:er)?\s+([^\W\d_]+)\.?\s+(\d{4})$")
MONTH_DAY_YEAR = re.compile(r"^([^\W\d_]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")


def extra_blocks(body: str, body_line: int) -> tuple[str, list[tuple[str, int]]]:
    """(the body with its YAML blocks blanked, [(yaml text, line of its first field)])."""
    import yaml

    lines = body.splitlines(keepends=True)
    found: list[tuple[str, int]] = []
    fenced, i = False, 0
    while i < len(lines):
        line = lines[i].rstrip("\n")
        if FENCE.match(line):
            fenced = not fenced
        elif (not fenced and OPEN.match(line) and (i == 0 or not lines[i - 1].strip())
              and i + 1 < len(lines) and lines[i + 1].strip()):
            end = next((j for j in range(i + 1, len(lines)) if CLOSE.match(lines[j].rstrip("\n"))), None)
            text = "".join(lines[i + 1:end]) if end else ""
            if end and _is_mapping(text, yaml):
                found.append((text, body_line + i + 1))
                for j in range(i, end + 1):
                    lines[j] = "\n"
                i = end
        i += 1
    return "".join(lines), found


def _is_mapping(text: str, yaml: Any) -> bool:
    try:
        return isinstance(yaml.safe_load(text), dict)
    except (yaml.YAMLError, ValueError, OverflowError):
        return True  # a broken block: reading it says where


def merge(meta: dict[str, Any], lines: dict[str, int], more: dict[str, Any], more_lines: dict[str, int]) -> None:
    """`more`'s fields replace `meta`'s (pandoc: the later block wins), with their lines."""
    for key, value in more.items():
        meta[key] = value
        for old in [k for k in lines if k == key or k.startswith(key + ".")]:
            del lines[old]
    lines.update(more_lines)


def normalise(meta: dict[str, Any], lines: dict[str, int]) -> None:
    """Dates written as text become dates; `authors` gives `author` (see the module's doc)."""
    for key in ("date",):
        if isinstance(meta.get(key), str):
            meta[key] = parse_date(meta[key]) or meta[key]
    names = _names(meta.get("author"))
    if names is None and "author" not in meta:
        names = _names(meta.get("authors"))
        if names is not None:
            lines["author"] = lines.get("authors", 1)
    if names:
        meta["author"] = ", ".join(names)


def parse_date(text: str) -> dt.date | None:
    """A date written as text (ISO, or the day, month and year in words), else None."""
    text = text.strip()
    if re.match(r"^\d{4}-\d{2}-\d{2}$", text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return None  # 2025-02-30: `check_meta` says it must exist
    return _natural_date(text)


def _natural_date(text: str) -> dt.date | None:
    m = DAY_MONTH_YEAR.match(text)
    day, month, year = (m.group(1), m.group(2), m.group(3)) if m else (None, None, None)
    m = m or MONTH_DAY_YEAR.match(text)
    if m and day is None:
        month, day, year = m.group(1), m.group(2), m.group(3)
    number = MONTHS.get((month or "").lower())
    try:
        return dt.date(int(year), number, int(day)) if number and day and year else None
    except ValueError:
        return None


def _names(value: Any) -> list[str] | None:
    """Names from a list of names or of {name: …} mappings; None if `value` is no such list."""
    if not isinstance(value, list) or not value:
        return None
    names = []
    for item in value:
        name = item.get("name") if isinstance(item, dict) else item
        if not isinstance(name, str) or not name.strip():
            return None
        names.append(name.strip())
    return names

"""Queries to the author: a translator's or reviewer's question about the French.

Takes a note's catalogs; returns the `Query`s they hold.  A query is a
translator comment beginning ``AQ:`` on the entry it is about (``# AQ: is
"nord-coréennes" a slip for "ukrainiennes"?``), so it travels with the segment
through Poedit, Weblate and ``frspub update`` and stays beside it on the review
page.  frspub never changes the French: the author answers by editing the
note, and the query closes by itself — the entry goes fuzzy when its French
segment changes — or when the comment is removed.  An entry that is fuzzy, or
whose French segment left the note (obsolete), holds a closed query.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from frspub.errors import display_path
from frspub.translation.catalog import lineno, messages

PREFIX = "AQ:"


@dataclass
class Query:
    lang: str
    po: str  # the catalog, as shown in messages
    po_line: int
    source: str  # the note, as the template's reference names it
    source_line: int
    french: str  # the French segment (the msgid)
    text: str  # the question, without its "AQ:"
    open: bool

    def as_dict(self) -> dict[str, object]:
        return dict(vars(self))


def texts(msg: Message) -> list[str]:
    """The entry's queries: each translator comment line beginning ``AQ:``; the comment lines
    after it that begin with neither ``AQ:`` nor another tool's mark continue it."""
    found: list[str] = []
    continuing = False
    for comment in msg.user_comments:
        line = comment.strip()
        if line.startswith(PREFIX):
            found.append(line[len(PREFIX):].strip())
            continuing = True
        elif continuing and line and not line.startswith(("frspub", "|")):
            found[-1] = f"{found[-1]} {line}"
        else:
            continuing = False
    return found


def of_catalog(cat: Catalog, po: Path, lang: str) -> list[Query]:
    """Every query of one catalog, open ones and closed ones, in catalog order."""
    shown = display_path(po)
    out = []
    current = messages(cat)
    live = {id(m) for m in current}
    for msg in [*current, *cat.obsolete.values()]:
        where = msg.locations[0] if msg.locations else ("", 0)
        is_open = not msg.fuzzy and id(msg) in live  # an obsolete entry's segment left the note
        out += [Query(lang, shown, lineno(msg), str(where[0]), int(where[1] or 0), str(msg.id), text, is_open)
                for text in texts(msg)]
    return out


def count_open(cat: Catalog) -> int:
    return sum(len(texts(m)) for m in messages(cat) if not m.fuzzy)

"""The first layout of an edition with the last build's decisions already in it.

Takes the stamped print HTML (`decisions.units`), the last build's record and the two ways
to lay out (`layouts.Again`); returns the document to print, or None when the record does
not hold for this text (then `render.layouts` takes the usual path, as on a first build).
What the record says is applied before the first layout, then checked on it, as the usual
path checks its own second layout:
- every note on its call's page, and no figure left to move (`footnotes.settled_well`);
- justify: nothing remembered (until round 4 its plan went into the print HTML; now
  `render/jafill` sets it in this layout's own boxes, as in a cold build);
- lastpage: a remembered remedy stands while the text it saved grew or shrank by less
  than the leftover's margin (the unremedied layout would still end on a leftover page, by
  the line count); a leftover the record did not foresee is left to the usual path;
- linerules (`render.linememo`): its rounds applied in the usual path's order, every
  remembered unit keeps its lines and no other unit breaks a rule; an entry that names an
  edited unit is left to the usual path.
So an edition whose edit left its units' lines alone takes one layout.
"""
from __future__ import annotations

from typing import Any, Callable

from frspub.render import (
    decisions,
    footnotes,
    lastpage,
    linememo,
    linerules,
    weasylastpage,
    weasypatch,
)

Again = Callable[[str], Any]  # print HTML -> its layout


def lay_out(found: decisions.Units, memory: decisions.Memory, again: Again, spaced: bool) -> Any | None:
    # A remedy remembered as CSS (the layout of its own it took before `render/weasylastpage`)
    # is not replayed where the layout cures a leftover itself: that is what a cold build prints.
    remedy = None if weasylastpage.cures() else _remedy(memory.known.get("lastpage"))
    entry = memory.known.get(linememo.NAME)
    rounds = linememo.join(entry, found)
    if rounds is None:
        return None  # linerules' entry is missing or names an edited unit: the usual path decides
    if remedy is None and not any(rounds):
        return None  # nothing to apply: the usual first layout is this one
    weasypatch.apply()  # as `settle` does: this may be the process's first layout
    base = footnotes.numbered(found.text)
    markup = lastpage.remedied(base) if remedy else base
    for ruled in rounds:  # in the usual path's order
        markup = linerules.apply(ruled, markup)
    document = again(markup)
    if not footnotes.settled_well(document, markup):
        return None
    more = linememo.new_rules(document, entry, rounds, found)
    if more is None or (more and spaced):
        return None
    total = sum(lastpage.lines_on(page) for page in document.pages)
    if remedy is not None:
        leftover = remedy["leftover"] + total - remedy["lines"]
        if not 0 < leftover < lastpage.SHORT:
            return None
    elif lastpage.leftover(document):
        return None
    if more:  # an edited unit's rules (a Western edition: nothing else is fresh)
        document = _ruled(document, more, markup, again)
        if document is None:
            return None
        total = sum(lastpage.lines_on(page) for page in document.pages)  # a word kept whole may add a line
        leftover = remedy["leftover"] + total - remedy["lines"] if remedy is not None else 0
        if (remedy is not None and not 0 < leftover < lastpage.SHORT) or (remedy is None and lastpage.leftover(document)):
            return None
        rounds = linememo.extended(rounds, more)
    memory.made["lastpage"] = ({"remedy": True, "leftover": leftover, "lines": total} if remedy is not None
                               else {"remedy": False})
    entry = linememo.split(rounds, found, document)  # the same rules again, checked on this layout
    if entry is not None:
        memory.made[linememo.NAME] = entry
    return document


def _ruled(first: Any, more: linerules.Decisions, markup: str, again: Again) -> Any | None:
    """One more layout with the edited units' rules: every note on its call's page, no more
    pages (as the usual path checks its own)."""
    ruled = again(linerules.apply(more, markup))
    if footnotes.misplaced(ruled) or len(ruled.pages) > len(first.pages):
        return None
    return ruled


def _remedy(record: Any) -> dict[str, int] | None:
    """The remembered remedy ({"leftover": lines, "lines": lines in all}) or None."""
    if isinstance(record, dict) and record.get("remedy") is True and \
            all(isinstance(record.get(k), int) and not isinstance(record.get(k), bool) for k in ("leftover", "lines")):
        return {"leftover": record["leftover"], "lines": record["lines"]}
    return None

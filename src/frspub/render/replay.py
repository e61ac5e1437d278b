"""The first layout of an edition with the last build's decisions already in it.

Takes the stamped print HTML (`decisions.units`), the last build's record and the two ways
to lay out (`layouts.Again`); returns the document to print, or None when the record does
not hold for this text (then `render.layouts` takes the usual path, as on a first build).
What the record says is applied before the first layout, then checked on it, as the usual
path checks its own second layout:
- every note on its call's page, and no figure left to move (`footnotes.settled_well`);
- justify: each unit laid out with its remembered plan breaks into the lines the plan was
  made for (so its lines end flush as before); a unit the record does not know is planned
  from this layout, where it is still unjustified, and costs one more layout, which must
  keep every line;
- lastpage: a remembered remedy stands while the text it saved grew or shrank by less
  than the leftover's margin (the unremedied layout would still end on a leftover page, by
  the line count); a leftover the record did not foresee is left to the usual path;
- linerules (`render.linememo`): its rounds applied in the usual path's order, every
  remembered unit keeps its lines and no other unit breaks a rule; an entry that names an
  edited unit is left to the usual path.
So an edition whose edit left its units' lines alone takes one layout.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from frspub.render import (
    decisions,
    footnotes,
    justify,
    lastpage,
    linememo,
    linerules,
    weasylastpage,
    weasypatch,
)

Again = Callable[..., Any]  # (print HTML, CSS[, fresh font configuration])


def lay_out(found: decisions.Units, memory: decisions.Memory, again: Again, workdir: Path,
            spaced: bool) -> Any | None:
    records = decisions.sound(memory.known.get("justify"), found) if spaced else {}
    # A remedy remembered as CSS (the layout of its own it took before `render/weasylastpage`)
    # is not replayed where the layout cures a leftover itself: that is what a cold build prints.
    remedy = None if weasylastpage.cures() else _remedy(memory.known.get("lastpage"))
    entry = memory.known.get(linememo.NAME)
    rounds = linememo.join(entry, found)
    if rounds is None:
        return None  # linerules' entry is missing or names an edited unit: the usual path decides
    if not records and remedy is None and not any(rounds):
        return None  # nothing to apply: the usual first layout is this one
    weasypatch.apply()  # as `settle` does: this may be the process's first layout
    base = footnotes.numbered(found.text)
    markup = lastpage.remedied(base) if remedy else base
    markup = linerules.apply(rounds[0], markup) if rounds else markup  # in the usual path's order
    plan = decisions.join(records, found, list(records))
    markup, css = justify.applied(plan, markup, workdir, wide=True) if any(plan) else (markup, "")
    for later in rounds[1:]:  # `linerules.amended`'s, after justify's
        markup = linerules.apply(later, markup)
    document = again(markup, css)
    if not footnotes.settled_well(document, markup):
        return None
    more = linememo.new_rules(document, entry, rounds, found)
    if more is None or (more and spaced):
        return None
    lines = decisions.unit_lines(document)
    if any(lines.get(unit) != record["lines"] for unit, record in records.items()):
        return None
    total = sum(lastpage.lines_on(page) for page in document.pages)
    if remedy is not None:
        leftover = remedy["leftover"] + total - remedy["lines"]
        if not 0 < leftover < lastpage.SHORT:
            return None
    elif lastpage.leftover(document):
        return None
    if more:  # an edited unit's rules (a Western edition: nothing else is fresh)
        document = _ruled(document, more, markup, css, again)
        if document is None:
            return None
        total = sum(lastpage.lines_on(page) for page in document.pages)  # a word kept whole may add a line
        leftover = remedy["leftover"] + total - remedy["lines"] if remedy is not None else 0
        if (remedy is not None and not 0 < leftover < lastpage.SHORT) or (remedy is None and lastpage.leftover(document)):
            return None
        rounds = linememo.extended(rounds, more)
    fresh = _new_units(document, found, records) if spaced else {}
    if fresh is None or (fresh and any(rounds)):
        return None
    if fresh:
        document = _second(document, found, records | fresh, remedy is not None, base, again, workdir)
        if document is None:
            return None
        lines = decisions.unit_lines(document)
    memory.made["justify"] = {u: r | {"lines": lines.get(u, [])} for u, r in (records | (fresh or {})).items()}
    memory.made["lastpage"] = ({"remedy": True, "leftover": leftover, "lines": total} if remedy is not None
                               else {"remedy": False})
    entry = linememo.split(rounds, found, document)  # the same rules again, checked on this layout
    if entry is not None:
        memory.made[linememo.NAME] = entry
    return document


def _ruled(first: Any, more: linerules.Decisions, markup: str, css: str, again: Again) -> Any | None:
    """One more layout with the edited units' rules: every note on its call's page, no more
    pages (as the usual path checks its own)."""
    ruled = again(linerules.apply(more, markup), css)
    if footnotes.misplaced(ruled) or len(ruled.pages) > len(first.pages):
        return None
    return ruled


def _remedy(record: Any) -> dict[str, int] | None:
    """The remembered remedy ({"leftover": lines, "lines": lines in all}) or None."""
    if isinstance(record, dict) and record.get("remedy") is True and \
            all(isinstance(record.get(k), int) and not isinstance(record.get(k), bool) for k in ("leftover", "lines")):
        return {"leftover": record["leftover"], "lines": record["lines"]}
    return None


def _new_units(document: Any, found: decisions.Units, records: dict[str, Any]) -> dict[str, Any] | None:
    """The plans of the units the record did not know (still unjustified in `document`),
    None if the plan does not cut into units."""
    plan = justify.widenings(document)
    if not any(plan):
        return {}
    cut = decisions.split(plan, found)
    if not cut:
        return None
    return {unit: record for unit, record in cut.items() if unit not in records}


def _second(first: Any, found: decisions.Units, records: dict[str, Any], remedy: bool, base: str,
            again: Again, workdir: Path) -> Any | None:
    """One more layout with the new units planned too; it must keep every line and page."""
    markup = lastpage.remedied(base) if remedy else base
    markup, css = justify.applied(decisions.join(records, found, list(records)), markup, workdir, wide=True)
    second = again(markup, css, True)  # its widened faces hold more characters than the first's
    if footnotes.misplaced(second) or len(second.pages) != len(first.pages):
        return None
    return second if decisions.unit_lines(second) == decisions.unit_lines(first) else None

"""The layouts of a PDF edition: one in the common case, two when the first shows a leftover
last page its own page maker could not cure (`render/weasylastpage`) or Western hyphen rules
it could not keep (`render/linerules`).

Takes the print HTML and two ways to lay out HTML: `settle` (`footnotes.settle`: every note
on its call's page, figures moved where they leave no hole) and `again` (the HTML as it is,
nothing checked); returns the document to print.  `Tally` counts the layouts (`settle` and `again` add theirs).

The later stages decide from the first layout's boxes: `lastpage` whether the last page is a
leftover, `linerules` which words to keep whole; one more layout applies both.  It is kept
when it saves the page (if that was asked) and keeps every note on its call's page; else the
remedy takes its own layouts (`lastpage.absorb`), which the rare note needs.  The final
layout's lines are then set in its own boxes, with no layout: Japanese short lines filled to
the edge (`render/jafill`), Western loose lines letter-spaced (`render/looseness`).

With a `decisions.Memory`, the last build's decisions go into the first layout
(`render.replay`, checked there), and this build's come out in `memory.made` (plain data
the build keeps): an edition whose edit left its lines alone takes one layout.
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any, Callable

from frspub.render import (
    decisions,
    footnotes,
    jafill,
    lastpage,
    linememo,
    linerules,
    looseness,
    replay,
    weasylastpage,
)


@dataclass
class Tally:
    """WeasyPrint layouts made for one edition (the build log and `make bench` show them)."""
    count: int = 0
    remade: int = 0  # pages made again inside a layout (`weasylastpage`'s remedy)

    def add(self) -> None:
        self.count += 1

    def __str__(self) -> str:
        again = f"{self.remade} page{'s' if self.remade != 1 else ''} made again, " if self.remade else ""
        return f"{again}{self.count} layout{'s' if self.count != 1 else ''}"


Settle = Callable[[str], tuple[Any, str]]
Again = Callable[[str], Any]


def lay_out(text: str, settle: Settle, again: Again, spaced: bool,
            memory: decisions.Memory | None = None) -> Any:
    """The document to print from print HTML `text`; `spaced`: it has Japanese–Western spaces
    (`render.aki`), so its short lines are justified.  A Western edition's loose lines are
    letter-spaced in the printed layout's own boxes (`looseness.tighten`: no layout)."""
    with weasylastpage.remedying() if weasylastpage.cures() else contextlib.nullcontext() as made:
        document = _laid_out(text, settle, again, spaced, memory)
    document.frs_remade = made.pages if made is not None else 0  # pages the remedy made again
    if spaced:
        jafill.fill(document)  # short Japanese lines end flush, in the printed boxes (no layout)
    else:
        looseness.tighten(document)
    return document


def _laid_out(text: str, settle: Settle, again: Again, spaced: bool,
              memory: decisions.Memory | None) -> Any:
    found = None
    if memory is not None:
        found = decisions.units(footnotes.number_blocks(text))
        text = found.text
        remembered = replay.lay_out(found, memory, again, spaced)
        if remembered is not None:
            return remembered
        memory.made = {}
    document, settled = settle(text)
    leftover = lastpage.leftover(document)  # not one the layout tried to cure (render/weasylastpage)
    rules = linerules.decide(document, spaced)  # Western hyphens weasyhyphens could not keep
    if not leftover and not rules:
        _remember(memory, found, document, document, [])
        return document
    markup = linerules.apply(rules, lastpage.remedied(settled) if leftover else settled)
    folded = again(markup)
    if _holds(folded, document, leftover):
        final, more = linerules.amended(folded, markup, again)
        _remember(memory, found, document, final, [rules, more])
        return final
    return lastpage.absorb(document, settled, settle)[0]  # the remedy with its own layouts (`settle` counts them)


def _holds(folded: Any, first: Any, leftover: bool) -> bool:
    """The folded layout keeps the promises of each stage (else it is not printed)."""
    if footnotes.misplaced(folded):
        return False
    if leftover and len(folded.pages) >= len(first.pages):
        return False  # the remedy is worth it only when it saves the page
    return True


def _remember(memory: decisions.Memory | None, found: decisions.Units | None, first: Any,
              final: Any, rounds: list[linerules.Decisions]) -> None:
    """This build's decisions into `memory.made`: the last-page remedy if `final` took it, and
    linerules' rounds (`render.linememo`; none remembered if a rule falls outside every unit).
    Japanese justification needs none: `render.jafill` decides it from the layout itself."""
    if memory is None or found is None:
        return
    if final is first or not lastpage.short(first):
        memory.made["lastpage"] = {"remedy": False}
    else:
        memory.made["lastpage"] = {"remedy": True, "leftover": lastpage.lines_on(first.pages[-1]),
                                   "lines": sum(lastpage.lines_on(page) for page in final.pages)}
    entry = linememo.split(rounds, found, final)
    if entry is not None:
        memory.made[linememo.NAME] = entry

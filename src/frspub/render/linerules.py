"""The Western line rules of a PDF edition, folded into `render.layouts`' second layout.

Takes the first layout of an edition and its print HTML: `decide` gives the words whose
hyphenation goes (`hyphenlimit`: no third hyphen in a row, no word split across a page turn)
and the loose lines to letter-space (`looseness`); `apply` carries both into the print HTML
of the next layout.  That layout can break a rule the first did not show: a word carried to
the next line reflows its paragraph, and `lastpage`'s remedy moves every page end.  `amend`
then makes one more layout from the second one's boxes, kept if every note stays on its call's
page, it has no more pages and the letter-spaced lines keep their text; else the second stays.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from frspub.render import footnotes, hyphenlimit, looseness


@dataclass
class Decisions:
    words: list[hyphenlimit.Word] = field(default_factory=list)
    spreads: list[tuple[str, str, float]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.words or self.spreads)


def decide(document: Any, spaced: bool, done: Decisions | None = None) -> Decisions:
    """What the next layout changes (`spaced`: a Japanese edition, which `justify` sets);
    blocks already letter-spaced in `done` are not spaced again."""
    if spaced:
        return Decisions()
    return Decisions(hyphenlimit.forbidden(document))


def apply(decisions: Decisions, markup: str) -> str:
    return looseness.applied(decisions.spreads, hyphenlimit.applied(decisions.words, markup))


def holds(folded: Any, first: Any, decisions: Decisions) -> bool:
    return looseness.holds(folded, first, decisions.spreads)


def amend(folded: Any, markup: str, css: str, again: Callable[[str, str], Any]) -> Any:
    """`folded`, or one more layout with the rules it breaks mended."""
    return amended(folded, markup, css, again)[0]


def amended(folded: Any, markup: str, css: str, again: Callable[[str, str], Any]) -> tuple[Any, Decisions]:
    """`amend`, and the rules its layout applied (empty if `folded` stays): `render.linememo`
    remembers them."""
    more = decide(folded, False)
    if not more.words:
        return folded, Decisions()  # a loose line alone is not worth a layout
    mended = again(apply(more, markup), css)
    if footnotes.misplaced(mended) or len(mended.pages) > len(folded.pages) or not holds(mended, folded, more):
        return folded, Decisions()
    return mended, more

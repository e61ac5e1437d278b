"""The Western hyphen rules of a PDF edition where WeasyPrint's own layout could not keep them.

`render/weasyhyphens` makes the line breaker keep them (no third hyphenated line in a row,
no word split at a page's last body line), so the first layout normally needs nothing here;
loose lines are spaced in the printed layout's boxes (`looseness.tighten`).  Takes the first
layout of an edition and its print HTML: `decide` gives the words whose hyphenation must
still go (`hyphenlimit`: the patch refused, or a page made again still ended on a hyphen);
`apply` keeps them whole in the print HTML of the next layout.  That layout can break a rule
the first did not show (a word carried to the next line reflows its paragraph, and
`lastpage`'s remedy moves every page end): `amended` then makes one more layout from the second
one's boxes, kept if every note stays on its call's page and it has no more pages.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from frspub.render import footnotes, hyphenlimit


@dataclass
class Decisions:
    words: list[hyphenlimit.Word] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.words)


def decide(document: Any, spaced: bool) -> Decisions:
    """What the next layout changes (`spaced`: a Japanese edition, which `justify` sets)."""
    if spaced:
        return Decisions()
    return Decisions(hyphenlimit.forbidden(document))


def apply(decisions: Decisions, markup: str) -> str:
    return hyphenlimit.applied(decisions.words, markup)


def amended(folded: Any, markup: str, again: Callable[[str], Any]) -> tuple[Any, Decisions]:
    """`folded`, or one more layout of `markup` with the rules it breaks mended; and the rules
    that layout applied (empty if `folded` stays): `render.linememo` remembers them."""
    more = decide(folded, False)
    if not more.words:
        return folded, Decisions()
    mended = again(apply(more, markup))
    if footnotes.misplaced(mended) or len(mended.pages) > len(folded.pages):
        return folded, Decisions()
    return mended, more

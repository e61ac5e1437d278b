"""Japanese print: consecutive punctuation set half-width (約物の詰め, JLReq 3.1.4–3.1.6).

Takes the body of a Japanese print page (lxml) and wraps the first of two adjacent
punctuation marks that must not leave their full em between them in ``span.halt``;
`font_face_css(chars, workdir)` gives the faces ``span.halt`` is set in: the CJK print faces
cut down to those characters, each glyph half an em narrower (its right half dropped).

A full-width mark is half ink, half blank: a closing bracket or 、。 has its blank on the
right, an opening bracket on the left.  JLReq sets, within a line:
- closing bracket or 、。 followed by a closing bracket or 、。 (「」、」「。」」): no space;
- closing bracket or 、。 followed by an opening bracket (「」（」「、「」) or a middle dot:
  half an em (the blank of the second);
- two opening brackets (「「（」): no space.
In each case dropping the right half of the first mark's em gives it (an opening bracket's
ink then overhangs its narrower advance into the blank of the next one, which is where a
halved second bracket would have put it).

Why narrower twins and not OpenType ``halt`` through font-feature-settings (which WeasyPrint
70 applies): ``halt`` moves an opening bracket by a negative offset over the glyph before it,
and poppler then extracts 「あ「\\n（い」 (a line break in the copied text); a narrower glyph
advance leaves the glyphs side by side, so search and copy-paste read the text as written.
Never across a footnote, whose text is not continuous with the paragraph; not in code.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

from lxml.html import HtmlElement

from frspub.render import aki, fonts

OPENING = "「『（〔［｛〈《【〘〖"
CLOSING = "」』）〕］｝〉》】〙〗"
STOPS = "、。，．"
MIDDLE = "・：；"
CLASS = "halt"
# print.css picks the sans face where the text is set in sans (headings, bold), as for render.aki.
HALT_FAMILIES = (("FRS Serif CJK Halt", fonts.SERIF_CJK), ("FRS Sans CJK Halt", fonts.SANS_CJK))


def halved(first: str, second: str) -> bool:
    """`first`, followed by `second` in a line, is set half-width."""
    if first in CLOSING or first in STOPS:
        return second in CLOSING or second in STOPS or second in OPENING or second in MIDDLE
    return first in OPENING and second in OPENING


def compress(body: HtmlElement) -> set[str]:
    """Mark every mark of `body` to set half-width; returns those characters."""
    marked: set[str] = set()
    for run in aki.text_runs(body):
        marked |= _mark(run)
    return marked


def _mark(run: list[tuple[HtmlElement, str]]) -> set[str]:
    """Wrap each halved mark of `run` (right to left, so that the offsets still to come stay
    valid)."""
    where = aki.found(run, _halved())
    chars = {(getattr(*run[s]) or "")[i] for s, i in where}
    for s, i in reversed(where):
        aki.wrap(*run[s], i, CLASS)
    return chars


@functools.cache
def _halved() -> re.Pattern[str]:
    """A mark that `halved` says is set half-width before the next character (compiled for a
    Japanese edition only)."""
    def chars(*groups: str) -> str:
        return "[" + "".join(re.escape(c) for c in "".join(groups)) + "]"

    return re.compile(f"{chars(CLOSING, STOPS)}(?={chars(CLOSING, STOPS, OPENING, MIDDLE)})"
                      f"|{chars(OPENING)}(?={chars(OPENING)})")


def twins(chars: set[str]) -> list[aki.Twin]:
    """The half-width twins of `font_face_css`, in its order."""
    if not chars:
        return []
    return [aki.Twin(family, face, frozenset(chars), "halt", _narrower) for family, faces in HALT_FAMILIES
            for face in faces]


def _narrower(em: int) -> int:
    return -(em // 2)


def font_face_css(chars: set[str], workdir: Path) -> str:
    """@font-face rules of the half-width faces (none when no mark is halved)."""
    return aki.rules(twins(chars), workdir)

"""Inter-character expansion of Japanese lines (JLReq 3.8.4, 3.8.3 in the first edition, step c):
the positions of a line between two Japanese characters.

`render.justify` finds, in a laid-out document, how much a justified line still lacks; this
module tells it, and `render.jafill` which sets the spacing in the line's boxes, where that
may go.  A block's text is read from its layout boxes (`line_chars`, line by line).

Which positions: only between two kana or kanji of the same line (JLReq Appendix E, Table 6:
no expansion next to opening or closing brackets, commas, full stops or middle dots; the
Japanese–Western boundaries have their own step, `render.aki`), never after a line's last
character, never next to a note call (a call reads as a Western character glued to the word it
annotates: no space between it and the 。 or 、 after it).
"""
from __future__ import annotations

from typing import Any

from frspub.render import aki

CALL = "\0"  # one character standing for a note call in both readings
# Never compared: spaces (collapsed or stretched by the layout), soft hyphens and the hyphens a
# layout adds at a break, word joiners.
IGNORED = {"\u00ad", "\u2010", "-", "\u2060", "\u200b"}


def kept(text: str) -> str:
    return "".join(c for c in text if not c.isspace() and c not in IGNORED)


def line_chars(line: Any) -> str:
    """The characters of a line box, as `block_chars` reads the HTML (markers left out)."""
    out = []
    for box in line.descendants():
        if type(box).__name__ != "TextBox":
            continue
        tag = box.element_tag or ""
        if tag.endswith("::footnote-call"):
            out.append(CALL)
        elif "::" not in tag:
            out.append(kept(box.text))
    return "".join(out)


MIDDLE_DOTS = {"\u30fb", "\u30a0"}  # in `aki.JAPANESE`'s katakana block, but punctuation (cl-05, cl-03)


def _letter(c: str) -> bool:
    return bool(aki.JAPANESE.match(c)) and c not in MIDDLE_DOTS


def positions(chars: str, start: int, end: int) -> list[int]:
    """Offsets i in [start, end - 1) of `chars` where characters i and i + 1 are both kana or
    kanji: the gap after character i may widen."""
    letters = [_letter(c) for c in chars[start:end]]  # each character asked once, not twice
    return [start + i for i in range(len(letters) - 1) if letters[i] and letters[i + 1]]



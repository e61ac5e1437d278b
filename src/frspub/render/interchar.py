"""Inter-character expansion of Japanese lines (JLReq 3.8.4, 3.8.3 in the first edition, step c):
the positions of a line between two Japanese characters, and the print HTML letter-spaced there.

`render.justify` finds, in a laid-out document, how much a justified line still lacks; this
module tells it where that may go and puts it there.  A block's text is read twice, as a
sequence of characters: from its layout boxes (`line_chars`, line by line) and from its print
HTML (`block_chars`); where the two agree, a character of a line is a character of the HTML,
and the characters to space are wrapped in spans with `letter-spacing` (WeasyPrint, through
Pango, adds the spacing after each character of the span, none before: measured).

Which positions: only between two kana or kanji of the same line (JLReq Appendix E, Table 6:
no expansion next to opening or closing brackets, commas, full stops or middle dots; the
Japanese–Western boundaries have their own step, `render.aki`), never after a line's last
character, never next to a note call (a call reads as a Western character glued to the word it
annotates: no space between it and the 。 or 、 after it).
"""
from __future__ import annotations

from typing import Any, Iterator

from lxml import html as lhtml

from frspub.render import aki

CALL = "\0"  # one character standing for a note call in both readings
# Never compared: spaces (collapsed or stretched by the layout), soft hyphens and the hyphens a
# layout adds at a break, word joiners.
IGNORED = {"\u00ad", "\u2010", "-", "\u2060", "\u200b"}


def _kept(text: str) -> str:
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
            out.append(_kept(box.text))
    return "".join(out)


MIDDLE_DOTS = {"\u30fb", "\u30a0"}  # in `aki.JAPANESE`'s katakana block, but punctuation (cl-05, cl-03)


def _letter(c: str) -> bool:
    return bool(aki.JAPANESE.match(c)) and c not in MIDDLE_DOTS


def positions(chars: str, start: int, end: int) -> list[int]:
    """Offsets i in [start, end - 1) of `chars` where characters i and i + 1 are both kana or
    kanji: the gap after character i may widen."""
    return [i for i in range(start, end - 1) if _letter(chars[i]) and _letter(chars[i + 1])]


def block_chars(block: Any, notes: bool) -> tuple[str, list[tuple[Any, str, int] | None]]:
    """The characters of HTML element `block` as a layout reads them, and for each, where it is
    (element, "text" | "tail", offset; None for a call).  `notes`: `block` is a note (its own
    text); else its notes are calls."""
    chars: list[str] = []
    where: list[tuple[Any, str, int] | None] = []
    for slot in _slots(block, notes):
        if slot is None:
            chars.append(CALL)
            where.append(None)
            continue
        for i, c in enumerate(getattr(*slot) or ""):
            if not c.isspace() and c not in IGNORED:
                chars.append(c)
                where.append((*slot, i))
    return "".join(chars), where


def _slots(block: Any, notes: bool) -> Iterator[tuple[Any, str] | None]:
    """(element, "text" | "tail") of `block`'s text, in order; None for a note's call."""
    def walk(el: Any) -> Iterator[tuple[Any, str] | None]:
        if el is not block and not notes and "fn" in (el.get("class") or "").split():
            yield None
            return
        if el.text:
            yield el, "text"
        for child in el:
            if isinstance(child.tag, str):
                yield from walk(child)
            if child.tail:
                yield child, "tail"

    yield from walk(block)


def spread(block: Any, notes: bool, expected: str, spacing: dict[int, float]) -> bool:
    """Letter-space the characters of `block` at offsets `spacing` ({offset: px}) of its character
    sequence, which must begin with `expected` (what the layout read); False (nothing changed)
    if it does not."""
    chars, where = block_chars(block, notes)
    if not chars.startswith(expected) or any(where[i] is None for i in spacing):
        return False
    by_slot: dict[tuple[int, str], list[tuple[int, float]]] = {}
    elements: dict[int, Any] = {}
    for i, px in spacing.items():
        el, attr, offset = where[i]
        elements[id(el)] = el
        by_slot.setdefault((id(el), attr), []).append((offset, px))
    for (key, attr), marks in by_slot.items():
        _wrap(elements[key], attr, sorted(marks))
    return True


def _wrap(el: Any, attr: str, marks: list[tuple[int, float]]) -> None:
    """Wrap the characters at `marks` ((offset, px), in order) of `el`'s text or tail in spans,
    one per run of neighbours with the same spacing."""
    text = getattr(el, attr)
    runs: list[list[Any]] = []  # [start, end, px]
    for offset, px in marks:
        if runs and runs[-1][1] == offset and runs[-1][2] == px:
            runs[-1][1] = offset + 1
        else:
            runs.append([offset, offset + 1, px])
    spans = []
    for n, (start, end, px) in enumerate(runs):
        span = lhtml.Element("span", {"class": "ic", "style": f"letter-spacing: {px:.3f}px"})
        span.text = text[start:end]
        span.tail = text[end:runs[n + 1][0] if n + 1 < len(runs) else len(text)] or None
        spans.append(span)
    setattr(el, attr, text[:runs[0][0]] or None)
    if attr == "text":
        for n, span in enumerate(spans):
            el.insert(n, span)
    else:
        parent = el.getparent()
        at = parent.index(el) + 1
        for n, span in enumerate(spans):
            parent.insert(at + n, span)

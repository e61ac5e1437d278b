"""Justified lines no looser than `LIMIT`: word spaces of at most half an em.

Takes a laid-out WeasyPrint document (a Western edition: Japanese lines are `justify`'s);
`plan` finds the justified lines whose word spaces WeasyPrint stretched past `LIMIT` (a line
that could take neither the next word nor a piece of it: a name, print.css never hyphenates
them) and gives each a hair of letter spacing, at most `CHAR_MAX`, along its runs of text, so
that the letters take part of the width the spaces took: word spaces of `TARGET` where the
tracking allows it.  The line holds the same text (the runs grow by less than the room the
spaces had, minus `SLACK`); `holds` checks it on the next layout.

The limit: Noto Serif's space is 0.26 em; TeX's default (Computer Modern, tolerance 200) lets a
space stretch to about half an em before it calls a line underfull, and Bringhurst (2.1.1)
asks for word spaces "seldom more than" a third of an em in justified text.  Half an em is the
point past which the sample's readers saw the lines as "very loose" (six of its 135 justified
lines, 0.52–0.69 em, measured with pdftotext).
"""
from __future__ import annotations

import functools
from typing import Any, Iterator

from lxml import html as lhtml

from frspub.render import fonts, justify
from frspub.render.footnotes import BLOCK_ATTR
from frspub.render.hyphenlimit import HYPHEN

LIMIT = 0.5  # em: the loosest word space of a justified line
TARGET = 0.45  # em: what a loose line's spaces are brought down to, if the tracking allows
CHAR_MAX = 0.04  # em of letter spacing: a hair (a tenth of an em is where extractors see a space)
SLACK = 1.0  # CSS px left unfilled: cutting a text node may shift widths by up to half a px
MIN_RUN = 3  # characters


@functools.lru_cache(maxsize=1)
def space_em() -> float:
    """The advance of the space in the text face (Noto Serif: 0.26 em)."""
    from fontTools.ttLib import TTFont

    face = fonts.SERIF[0]
    font = TTFont(face.file, fontNumber=face.index, lazy=True)
    return font["hmtx"]["space"][0] / font["head"].unitsPerEm


def word_space(line: Any) -> float | None:
    """A justified line's word space in em (the space and what justification added)."""
    texts = [b for b in line.descendants() if type(b).__name__ == "TextBox"]
    spread = [b for b in texts if getattr(b, "justification_spacing", 0) and (" " in b.text)]
    if not spread:
        return None
    box = spread[0]
    return space_em() + box.justification_spacing / box.style["font_size"]


def loose(document: Any) -> Iterator[tuple[str, Any, float]]:
    """(block number, line, word space in em) of the numbered blocks' lines past `LIMIT`."""
    for line, block in justify.line_boxes(document):
        element = block.element
        if element is None or element.get(BLOCK_ATTR) is None:
            continue
        space = word_space(line)
        if space is not None and space > LIMIT:
            yield element.get(BLOCK_ATTR), line, space


def plan(document: Any, skip: set[str]) -> list[tuple[str, str, float]]:
    """(block number, run of text, letter spacing in px) for the loose lines' runs, blocks in
    `skip` (whose lines the next layout changes) left out."""
    out: list[tuple[str, str, float]] = []
    for block, line, space in loose(document):
        if block in skip:
            continue
        texts = [b for b in line.descendants() if type(b).__name__ == "TextBox"]
        spaces = sum(b.text.count(" ") for b in texts)
        size = texts[0].style["font_size"]
        runs = [r for r in (_run(b.text, b is texts[0]) for b in texts
                            if not (b.element_tag or "").endswith("::footnote-call")) if len(r) >= MIN_RUN]
        chars = sum(len(r) for r in runs)
        if not chars:
            continue
        room = (space - space_em()) * size * spaces - SLACK  # what justification added, less the slack
        wanted = min((space - TARGET) * size * spaces, room)
        spacing = min(CHAR_MAX * size, wanted / chars)
        out += [(block, r, spacing) for r in runs if spacing > 0.01]
    return out


def _run(text: str, first: bool) -> str:
    """The part of a text box the HTML holds as it is: no hyphen (nor the split word's head)
    at the end, no last character (so the line still breaks in plain text), and at a line
    start no first word (it may be the tail of a word split at the line before: cut in two
    elements, it would hyphenate elsewhere)."""
    if first:
        text = text.split(" ", 1)[1] if " " in text else ""
    if text.rstrip().endswith(HYPHEN):
        text = text.rstrip()[:-1].rsplit(" ", 1)[0] if " " in text else ""
    return text[:-1].strip() if len(text) > 1 else ""


def applied(spreads: list[tuple[str, str, float]], text: str) -> str:
    """The print HTML with each run letter-spaced (a run found more than once in its block is
    left as it is: it cannot be told apart)."""
    if not spreads:
        return text
    root = lhtml.document_fromstring(text)
    for block, run, spacing in spreads:
        _letter_space(root, block, run, spacing)
    return lhtml.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>")


def holds(folded: Any, first: Any, spreads: list[tuple[str, str, float]]) -> bool:
    """The letter-spaced blocks hold the same lines in the next layout."""
    blocks = {("block", b) for b, _, _ in spreads}
    if not blocks:
        return True
    before, after = justify.block_lines(first), justify.block_lines(folded)
    return all(before.get(b) == after.get(b) for b in blocks)


def _letter_space(root: Any, block: str, run: str, spacing: float) -> bool:
    """Wrap `run` (found once in the text of numbered block `block`) in a span that letter-spaces
    it by `spacing` px; False if it is not found exactly once."""
    found = root.xpath(f"//*[@data-frs-block='{block}']")
    if len(found) != 1:
        return False
    slots = [(el, attr) for el in found[0].iter() if isinstance(el.tag, str) for attr in ("text", "tail")
             if (el is not found[0] or attr == "text") and run in (getattr(el, attr) or "")]
    if len(slots) != 1 or (getattr(*slots[0]) or "").count(run) != 1:
        return False
    el, attr = slots[0]
    value = getattr(el, attr)
    start = value.index(run)
    span = lhtml.Element("span", {"class": "ic", "style": f"letter-spacing: {spacing:.3f}px"})
    span.text = run
    span.tail = value[start + len(run):]
    setattr(el, attr, value[:start] or None)
    if attr == "text":
        el.insert(0, span)
    else:
        el.getparent().insert(el.getparent().index(el) + 1, span)
    return True

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
DRAWN_TOLERANCE = 0.15  # px a tightened box's last letter may end off where it did (0.1 pt)



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


def tighten(document: Any) -> int:
    """Letter-space `document`'s loose lines in place, in their laid-out boxes (no layout):
    each text box holding word spaces gets letter spacing (at most `CHAR_MAX`) and gives
    its spaces the width its letters take, so that it keeps its width, hence every box its
    position and the line its text.  Returns how many lines were tightened."""
    done = 0
    for _, line, space in list(loose(document)):
        done += _tighten_line(line, space)
    return done


def _tighten_line(line: Any, space: float) -> bool:
    texts = [b for b in line.descendants() if type(b).__name__ == "TextBox"
             and not (b.element_tag or "").endswith("::footnote-call")]
    size = texts[0].style["font_size"]
    cut = (space - TARGET) * size  # px each word space should lose
    changed = False
    for box in texts:
        spaces = box.text.count(" ") + box.text.count("\u00a0")
        letters = len(box.text) - spaces
        if spaces and letters >= MIN_RUN and box.justification_spacing > 0:
            spacing = min(CHAR_MAX * size, cut * spaces / letters)
            changed |= _respace(box, spacing, spaces)
    return changed


def _respace(box: Any, spacing: float, spaces: int) -> bool:
    """Set `box`'s text with `spacing` px after each letter and its justification spacing cut
    so that its last letter ends where it did, as `draw/text.py` draws it (its TJ offsets are
    truncated to thousandths of an em, which a line of spaced letters adds up to half a px);
    False, and `box` untouched, if its spaces would shrink below their own width."""
    from weasyprint.text.line_break import create_layout

    style = box.style.copy()
    style["letter_spacing"] = spacing
    goal = _drawn_end(create_layout(box.text, box.style, None, None, box.justification_spacing))
    layout = create_layout(box.text, style, None, None, 0)
    justification = (box.width - _extent(layout, False)) / spaces
    best = (float("inf"), justification)
    for _ in range(6):  # the truncation moves with the spacing: step towards the drawn end
        layout.justification_spacing = justification
        miss = goal - _drawn_end(layout)
        best = min(best, (abs(miss), justification))
        justification += miss / spaces
    miss, justification = best
    layout.justification_spacing = justification
    if justification < 0 or miss > DRAWN_TOLERANCE:
        return False
    layout.deactivate()
    box.style, box.justification_spacing, box.pango_layout = style, justification, layout
    return True


def _drawn_end(layout: Any) -> float:
    """px from the start of `layout`'s line (justified) to the end of its last glyph as
    `weasyprint/draw/text.py` writes it: per glyph, its x offset, its font advance in
    thousandths of an em, and the difference to Pango's width truncated (`int`)."""
    from weasyprint.text.ffi import FROM_UNITS, ffi, pango
    from weasyprint.text.fonts import get_pango_font_key

    layout.set_text(layout.text, justify=True)
    line, _ = layout.get_first_line()
    run, x, end = line.runs, 0.0, 0.0
    ink, logical = ffi.new("PangoRectangle *"), ffi.new("PangoRectangle *")
    while run != ffi.NULL:
        item, run = run.data, run.next
        size = get_pango_font_key(item.item.analysis.font)[2]
        for i in range(item.glyphs.num_glyphs):
            glyph = item.glyphs.glyphs[i]
            pango.pango_font_get_glyph_extents(item.item.analysis.font, glyph.glyph, ink, logical)
            advance = round(logical.width * 1000 * FROM_UNITS / size)
            offset = glyph.geometry.x_offset / size
            kerning = advance + offset - glyph.geometry.width * 1000 * FROM_UNITS / size
            end = x + (offset + advance) * size / 1000
            x += (offset + advance - int(kerning)) * size / 1000
    return end


def _extent(layout: Any, justified: bool) -> float:
    """The logical width in px of `layout`'s text as drawn (`justified`: with its
    justification spacing, as `draw/text.py` sets it)."""
    from weasyprint.text.ffi import FROM_UNITS, ffi, pango

    layout.set_text(layout.text, justify=justified)
    line, _ = layout.get_first_line()
    extents = ffi.new("PangoRectangle *")
    pango.pango_layout_line_get_extents(line, ffi.NULL, extents)
    return extents.width * FROM_UNITS


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

"""Justified lines no looser than `LIMIT`: word spaces of at most half an em.

Takes a laid-out WeasyPrint document (a Western edition: Japanese lines are `justify`'s);
`loose` finds the justified lines whose word spaces WeasyPrint stretched past `LIMIT` (a line
that could take neither the next word nor a piece of it: a name, print.css never hyphenates
them) and `tighten` gives each, in the laid-out boxes themselves, a hair of letter spacing,
at most `CHAR_MAX`, so that the letters take part of the width the spaces took: word spaces
of `TARGET` where the tracking allows it.  No layout: each text box keeps its width and
position (its justification spacing gives up what its letters take), so every line keeps its
text, its breaks and its right edge.  (Until issue 22's round 4 the spacing went into the
print HTML as spans, which cost a second layout of the edition.)

The limit: Noto Serif's space is 0.26 em; TeX's default (Computer Modern, tolerance 200) lets a
space stretch to about half an em before it calls a line underfull, and Bringhurst (2.1.1)
asks for word spaces "seldom more than" a third of an em in justified text.  Half an em is the
point past which the sample's readers saw the lines as "very loose" (six of its 135 justified
lines, 0.52–0.69 em, measured with pdftotext).
"""
from __future__ import annotations

import contextlib
import contextvars
import functools
import struct
from typing import Any, Iterator

from frspub.render import fonts, justify
from frspub.render.footnotes import BLOCK_ATTR

LIMIT = 0.5  # em: the loosest word space of a justified line
TARGET = 0.45  # em: what a loose line's spaces are brought down to, if the tracking allows
CHAR_MAX = 0.04  # em of letter spacing: a hair (a tenth of an em is where extractors see a space)
MIN_RUN = 3  # characters
DRAWN_TOLERANCE = 0.15  # px a tightened box's last letter may end off where it did (0.1 pt)
# Glyph advances (thousandths of an em) asked of Pango once per face, size and glyph while
# `measuring` (one `tighten` or `jafill.fill`: one font map, whose faces keep their glyphs);
# `drawn_end` asked them per glyph of every trial (fr: 98 lines of ~60 glyphs).
_advances: contextvars.ContextVar[dict | None] = contextvars.ContextVar("frs_advances", default=None)


@contextlib.contextmanager
def measuring() -> Iterator[None]:
    """`drawn_end` remembers glyph advances meanwhile (this thread, this document's fonts)."""
    token = _advances.set({})
    try:
        yield
    finally:
        _advances.reset(token)


@functools.lru_cache(maxsize=1)
def space_em() -> float:
    """The advance of the space in the text face (Noto Serif: 0.26 em), read from the font's
    raw tables: fontTools' `font["hmtx"]["space"]` decoded every glyph's metrics and name
    (the `post` table) for it, 0.03 s of each Western PDF's process."""
    from fontTools.ttLib import TTFont

    face = fonts.SERIF[0]
    tables = TTFont(face.file, fontNumber=face.index, lazy=True).reader
    glyph = cmap_glyph(tables["cmap"], 0x20)
    metrics = struct.unpack_from(">H", tables["hhea"], 34)[0]  # numberOfHMetrics
    advance = struct.unpack_from(">H", tables["hmtx"], 4 * min(glyph, metrics - 1))[0]
    return advance / struct.unpack_from(">H", tables["head"], 18)[0]  # unitsPerEm


def cmap_glyph(cmap: bytes, code: int) -> int:
    """The glyph id a raw `cmap` table gives `code` (its first Unicode subtable of format 4
    or 12; 0 if none maps it)."""
    count = struct.unpack_from(">H", cmap, 2)[0]
    for i in range(count):
        platform, encoding, offset = struct.unpack_from(">HHL", cmap, 4 + 8 * i)
        if (platform, encoding) not in ((0, 3), (0, 4), (3, 1), (3, 10)):
            continue
        kind = struct.unpack_from(">H", cmap, offset)[0]
        if kind == 4:
            return _format4(cmap, offset, code)
        if kind == 12:
            groups = struct.unpack_from(">L", cmap, offset + 12)[0]
            for start, end, first in struct.iter_unpack(">LLL", cmap[offset + 16:offset + 16 + 12 * groups]):
                if start <= code <= end:
                    return first + code - start
            return 0
    return 0


def _format4(cmap: bytes, offset: int, code: int) -> int:
    segments = struct.unpack_from(">H", cmap, offset + 6)[0] // 2
    ends = offset + 14
    starts, deltas, ranges = (ends + 2 * segments + 2 + 2 * segments * k for k in range(3))
    for i in range(segments):
        if struct.unpack_from(">H", cmap, ends + 2 * i)[0] < code:
            continue
        start = struct.unpack_from(">H", cmap, starts + 2 * i)[0]
        delta = struct.unpack_from(">h", cmap, deltas + 2 * i)[0]
        where = struct.unpack_from(">H", cmap, ranges + 2 * i)[0]
        if code < start:
            return 0
        if not where:
            return (code + delta) & 0xFFFF
        glyph = struct.unpack_from(">H", cmap, ranges + 2 * i + where + 2 * (code - start))[0]
        return (glyph + delta) & 0xFFFF if glyph else 0
    return 0


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
    with measuring():
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
    goal = drawn_end(create_layout(box.text, box.style, None, None, box.justification_spacing))
    layout = create_layout(box.text, style, None, None, 0)
    justification = (box.width - extent(layout, False)) / spaces
    best = (float("inf"), justification)
    for _ in range(6):  # the truncation moves with the spacing: step towards the drawn end
        layout.justification_spacing = justification
        miss = goal - drawn_end(layout)
        best = min(best, (abs(miss), justification))
        justification += miss / spaces
    miss, justification = best
    layout.justification_spacing = justification
    if justification < 0 or miss > DRAWN_TOLERANCE:
        return False
    layout.deactivate()
    box.style, box.justification_spacing, box.pango_layout = style, justification, layout
    return True


def drawn_end(layout: Any) -> float:
    """px from the start of `layout`'s line (justified) to the end of its last glyph as
    `weasyprint/draw/text.py` writes it: per glyph, its x offset, its font advance in
    thousandths of an em, and the difference to Pango's width truncated (`int`)."""
    from weasyprint.text.ffi import FROM_UNITS, ffi, pango
    from weasyprint.text.fonts import get_pango_font_key

    layout.set_text(layout.text, justify=True)
    line, _ = layout.get_first_line()
    run, x, end = line.runs, 0.0, 0.0
    ink, logical = ffi.new("PangoRectangle *"), ffi.new("PangoRectangle *")
    known = _advances.get()
    if known is None:
        known = {}
    while run != ffi.NULL:
        item, run = run.data, run.next
        font = item.item.analysis.font
        face, _, size = get_pango_font_key(font)
        glyphs = item.glyphs.glyphs
        for i in range(item.glyphs.num_glyphs):
            glyph = glyphs[i]
            advance = known.get((face, size, glyph.glyph))
            if advance is None:
                pango.pango_font_get_glyph_extents(font, glyph.glyph, ink, logical)
                advance = known[face, size, glyph.glyph] = round(logical.width * 1000 * FROM_UNITS / size)
            geometry = glyph.geometry
            offset = geometry.x_offset / size
            kerning = advance + offset - geometry.width * 1000 * FROM_UNITS / size
            end = x + (offset + advance) * size / 1000
            x += (offset + advance - int(kerning)) * size / 1000
    return end


def extent(layout: Any, justified: bool) -> float:
    """The logical width in px of `layout`'s text as drawn (`justified`: with its
    justification spacing, as `draw/text.py` sets it)."""
    layout.set_text(layout.text, justify=justified)
    return line_width(layout)


def line_width(layout: Any) -> float:
    """The logical width in px of the first line of `layout` as its text is set now."""
    from weasyprint.text.ffi import FROM_UNITS, ffi, pango

    line, _ = layout.get_first_line()
    extents = ffi.new("PangoRectangle *")
    pango.pango_layout_line_get_extents(line, ffi.NULL, extents)
    return extents.width * FROM_UNITS

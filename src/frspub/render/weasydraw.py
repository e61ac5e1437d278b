"""WeasyPrint 70 draws a line of text with the very same PDF operators, cheaper: a
version-pinned rewrite of ``draw/text.py:draw_first_line``, installed by `weasypatch.apply`.

Why: writing the PDF (after the layout, on the build's critical path) runs that function's
Python loop for each of an edition's text boxes (fr: 1,801 boxes, 4,815 Pango runs, 16,743
glyphs), reading each glyph field by field through cffi (an object per field read) and
formatting its hexadecimal id, offset and kerning again.  Here a run's glyph array is read at
once (its bytes; ``struct.iter_unpack`` gives the same integers), and what WeasyPrint's steps
make of it is remembered per font and size: a glyph's piece of the ``TJ`` string and its
advance, keyed by (glyph, width, x offset), once its ToUnicode entry and width are recorded;
and a whole run's closed piece (most runs are a word and its space: justification's spacing
attributes cut lines into runs), keyed by its glyph array's bytes.  The same strings, and the
advances added in the same order (only where an emoji font needs them).  Everything else is
WeasyPrint's own code, step for step: lines with an ellipsis go to the original function; an
empty glyph, an unknown one (.notdef, with its warning), a raised one (``y_offset``) and the
glyphs of emoji fonts (SVG, PNG, COLR: none is installed here, that path is WeasyPrint's code
as written) take the original's steps each time, and a run with one of them is not remembered.

`install` refuses (and says why at debug level) for any WeasyPrint but 70.0, a function whose
source is not the one this was written for (SHA-256), or a ``PangoGlyphInfo`` whose layout
is not the 20 bytes read here; WeasyPrint then draws as it does, only slower.
"""
from __future__ import annotations

import hashlib
import inspect
import struct
from typing import Any, Callable

from frspub.log import log

VERSION = "70.0"
SOURCE_SHA256 = "1bb8eae6d88e71b17096a034656f3be17da8f1f513c78536c1c38d971927638b"
# PangoGlyphInfo: glyph (guint32), geometry (three gint32), attr (a guint bit field).
GLYPH = struct.Struct("=IiiiI")
_state: dict[str, Any] = {}
# WeasyPrint's cffi handles, bound by `install` (frspub's modules import WeasyPrint only when used).
ffi: Any = None
pango: Any = None
LOGGER: Any = None
FROM_UNITS = 0.0
# Per WeasyPrint font (one per font file and document), per size (its glyphs' offsets and
# kerning are in it): (glyph id, width, x offset) -> (its piece of the TJ string, its advance),
# and a run's glyph array (bytes) -> (its closed piece of the TJ string, its glyphs' advances).
Pieces = dict[Any, tuple[str, Any]]
# Kept on the font itself (an attribute of frspub's own name): it lives and dies with the font.
MEMORY = "_frspub_drawn_pieces"


def refusal(version: str, source: str, glyph_size: int) -> str | None:
    """Why the rewrite cannot stand in for this WeasyPrint's draw_first_line, or None."""
    if version != VERSION:
        return f"written for WeasyPrint {VERSION}, not {version}"
    if hashlib.sha256(source.encode("utf-8")).hexdigest() != SOURCE_SHA256:
        return f"WeasyPrint {version}'s draw_first_line is not the one the rewrite was written for"
    if glyph_size != GLYPH.size:
        return f"PangoGlyphInfo is {glyph_size} bytes, not {GLYPH.size}"
    return None


def install() -> bool:
    """Put the rewrite in WeasyPrint's draw/text module (once); True if it is there."""
    if "installed" not in _state:
        _state["installed"] = _install()
    return bool(_state["installed"])


def original() -> Callable[..., list]:
    """WeasyPrint's own draw_first_line (for the exactness test)."""
    import weasyprint.draw.text as text

    return _state.get("original", text.draw_first_line)


def _install() -> bool:
    global ffi, pango, LOGGER, FROM_UNITS  # noqa: PLW0603 - bound once, read without an import each
    import weasyprint
    import weasyprint.draw.text as text
    from weasyprint.logger import LOGGER
    from weasyprint.text.ffi import FROM_UNITS, ffi, pango

    function = text.draw_first_line
    why = refusal(weasyprint.__version__, inspect.getsource(function), ffi.sizeof("PangoGlyphInfo"))
    if why:
        log.debug("draw_first_line rewrite not installed (%s)", why)
        return False
    _state["original"] = function
    text.draw_first_line = draw_first_line  # svg/text imports it from there at each call
    return True


def draw_first_line(stream: Any, textbox: Any, text_overflow: str, block_ellipsis: Any,
                    matrix: Any) -> list:
    """WeasyPrint's draw_first_line, the same operators and strings (see the module's doc)."""
    if not textbox.text.strip():
        return []
    if textbox.style['font_size'] < 1e-6:  # default float precision used by pydyf
        return []
    if text_overflow == 'ellipsis' or block_ellipsis != 'none':  # shortened: WeasyPrint's own
        return _state["original"](stream, textbox, text_overflow, block_ellipsis, matrix)
    pango.pango_layout_set_single_paragraph_mode(textbox.pango_layout.layout, True)
    first_line, _ = textbox.pango_layout.get_first_line()
    stream.set_text_matrix(*matrix.values)
    line = _Line(stream, textbox)
    run, null, glyph_size = first_line.runs[0], ffi.NULL, GLYPH.size
    previous_pango_font = pieces = None
    while run != null:  # each run: its closed piece if the same glyphs came before, else `_new_run`
        glyph_item = run.data
        run = run.next
        glyph_string = glyph_item.glyphs
        num_glyphs = glyph_string.num_glyphs
        pango_font = glyph_item.item.analysis.font
        if pango_font != previous_pango_font:
            previous_pango_font = pango_font
            line._font(pango_font)
            pieces = line.pieces
        raw = ffi.buffer(glyph_string.glyphs, num_glyphs * glyph_size)[:]
        known = pieces.get(raw)
        if known is None:
            line._new_run(glyph_item, raw, num_glyphs)
        else:
            line.string += known[0]
            line.advances.append(known[1])
    stream.show_text(line.string)
    return line.emojis


class _Line:
    """One line's drawing state: the TJ string being made, the advance, the emojis."""

    def __init__(self, stream: Any, textbox: Any) -> None:
        self.stream, self.textbox = stream, textbox
        self.string = ''
        self.x_advance = 0
        self.advances: list[tuple[float, ...]] = []  # added up only where an emoji needs them
        self.emojis: list = []
        self.previous_pango_font: Any = None
        self.utf8_text: bytes | None = None

    def _font(self, pango_font: Any) -> None:
        """A new font: WeasyPrint's steps (add it, show the string so far, set its size)."""
        self.previous_pango_font = pango_font
        font, font_size = self.stream.add_font(pango_font)
        # Workaround for https://gitlab.gnome.org/GNOME/pango/-/issues/530 (and #2800).
        if pango.pango_version() < 14802 or font.png:
            font_size = self.textbox.style['font_size']
        if self.string:
            self.stream.show_text(self.string)
        self.string = ''
        self.stream.set_font_size(font.hash, 1 if font.bitmap else font_size)
        self.font, self.font_size = font, font_size
        self.emoji_font = bool(font.svg or font.png or font.colr)
        sizes = font.__dict__.get(MEMORY)
        if sizes is None:
            sizes = font.__dict__[MEMORY] = {}
        self.pieces = sizes.get(font_size)
        if self.pieces is None:
            self.pieces = sizes[font_size] = {}

    def _new_run(self, glyph_item: Any, raw: bytes, num_glyphs: int) -> None:
        """A run seen for the first time (or in an emoji font): remembered glyph pieces where
        WeasyPrint's steps for that glyph have run already (`_known_glyph` at a new width or
        offset), those steps (`_glyph`) otherwise; the run remembered if all its glyphs were
        plain ones."""
        pieces, font_size, empty = self.pieces, self.font_size, pango.PANGO_GLYPH_EMPTY
        emoji_font = self.emoji_font
        if emoji_font:  # its images are placed at the advance so far
            self._fold()
        before = self.string
        string = before + '<'
        deltas: list[float] = []
        plain = not emoji_font
        for i, (glyph_id, width, x_offset, y_offset, _) in enumerate(GLYPH.iter_unpack(raw)):
            if glyph_id == empty:  # a zero-width empty glyph (no advance, as WeasyPrint)
                string += f'>{-width / font_size}<'
                continue
            if y_offset or emoji_font:
                known = None
            else:
                key = (glyph_id, width, x_offset)
                known = pieces.get(key) or _known_glyph(self.font, font_size, key, pieces)
            if known is not None:
                string += known[0]
                deltas.append(known[1])
                continue
            self.string = string
            advance, rememberable = self._glyph(glyph_item, i, num_glyphs, glyph_id, width, x_offset, y_offset)
            string = self.string
            plain = plain and rememberable
            if emoji_font:
                self.x_advance += advance
            else:
                deltas.append(advance)
        # Close the last glyphs list, remove if empty.
        self.string = string[:-1] if string[-1] == '<' else string + '>'
        if not emoji_font:
            self.advances.append(tuple(deltas))
            if plain:  # no text shown on the way: the run's part is what follows `before`
                pieces[raw] = (self.string[len(before):], self.advances[-1])

    def _fold(self) -> None:
        """The advances so far added up, one by one in their order (as WeasyPrint adds them)."""
        x_advance = self.x_advance
        for deltas in self.advances:
            for delta in deltas:
                x_advance += delta
        self.x_advance, self.advances = x_advance, []

    def _glyph(self, glyph_item: Any, i: int, num_glyphs: int, glyph_id: int, width: int,
               x_offset: int, y_offset: int) -> tuple[float, bool]:
        """One glyph by WeasyPrint's own steps, its piece remembered where it may be; its
        advance, and whether it was a plain one (remembered)."""

        font, font_size = self.font, self.font_size
        drawn_id = glyph_id
        if glyph_id & pango.PANGO_GLYPH_UNKNOWN_FLAG:  # .notdef, and a warning
            codepoint = glyph_id - pango.PANGO_GLYPH_UNKNOWN_FLAG
            LOGGER.warning(
                '.notdef glyph rendered for Unicode string unsupported by fonts: '
                '"%s" (U+%04X)', chr(codepoint), codepoint)
            glyph_id = font.get_unused_glyph_id(codepoint)
            font.widths[glyph_id] = round(width * 1000 * FROM_UNITS / font_size)
            if 0 not in font.widths:
                font.widths[0] = font.widths[glyph_id]
            for pieces in font.__dict__[MEMORY].values():  # widths changed: nothing remembered may rest on them
                pieces.clear()
        if glyph_id not in font.to_unicode:
            self._to_unicode(glyph_item, i, num_glyphs, glyph_id)
        offset = x_offset / font_size
        rise = y_offset / 1000
        start = len(self.string)
        if rise:
            self._raised(glyph_id, offset, rise)
        else:
            if offset:
                self.string += f'>{-offset}<'
            self.string += f'{glyph_id:02x}' if font.bitmap else f'{glyph_id:04x}'
        logical_width = font.widths.get(glyph_id)
        if logical_width is None:
            logical_width = self._logical_width(glyph_id)
        kerning = logical_width + offset - width * 1000 * FROM_UNITS / font_size
        if kerning:
            self.string += f'>{int(kerning)}<'
        if self.emoji_font:
            _emoji(self, glyph_id, logical_width, kerning)
        advance = (logical_width + offset - kerning) / 1000
        rememberable = not rise and not self.emoji_font and drawn_id == glyph_id
        if rememberable:
            self.pieces[(glyph_id, width, x_offset)] = (self.string[start:], advance)
        return advance, rememberable

    def _to_unicode(self, glyph_item: Any, i: int, num_glyphs: int, glyph_id: int) -> None:
        """The glyph's text for the font's ToUnicode map (WeasyPrint's steps)."""
        item = glyph_item.item
        clusters = glyph_item.glyphs.log_clusters
        offset = item.offset
        t1 = clusters[i]
        if item.analysis.level % 2:  # rtl
            t2 = item.length if i == 0 else clusters[i - 1]
        else:
            t2 = item.length if i == num_glyphs - 1 else clusters[i + 1]
        self.utf8_text = self.utf8_text or self.textbox.pango_layout.text.encode()
        self.font.to_unicode[glyph_id] = self.utf8_text[offset + t1:offset + t2].decode()

    def _raised(self, glyph_id: int, offset: float, rise: float) -> None:
        """A glyph with a vertical offset: its own text show (WeasyPrint's steps)."""
        stream, string = self.stream, self.string
        if string[-1] == '<':
            string = string[:-1]
        else:
            string += '>'
        if string:
            stream.show_text(string)
        stream.set_text_rise(-rise)
        string = ''
        if offset:
            string = f'{-offset}'
        string += f'<{glyph_id:02x}>' if self.font.bitmap else f'<{glyph_id:04x}>'
        stream.show_text(string)
        stream.set_text_rise(0)
        self.string = '<'

    def _logical_width(self, glyph_id: int) -> int:
        """The glyph's width in the font's widths, asked of Pango the first time."""
        font, stream = self.font, self.stream
        if glyph_id in font.widths:
            return font.widths[glyph_id]
        pango.pango_font_get_glyph_extents(
            self.previous_pango_font, glyph_id, stream.ink_rect, stream.logical_rect)
        font.widths[glyph_id] = round(stream.logical_rect.width * 1000 * FROM_UNITS / self.font_size)
        return font.widths[glyph_id]


def _known_glyph(font: Any, font_size: float, key: tuple[int, int, int],
                 pieces: Pieces) -> tuple[str, float] | None:
    """A plain glyph whose ToUnicode entry and width are recorded, at a width or x offset not
    seen yet (Japanese justification widens glyphs one by one): its piece and advance made by
    WeasyPrint's steps for that case, and remembered; None for any other glyph."""
    glyph_id, width, x_offset = key
    if glyph_id & pango.PANGO_GLYPH_UNKNOWN_FLAG or glyph_id not in font.to_unicode:
        return None
    logical_width = font.widths.get(glyph_id)
    if logical_width is None:
        return None
    offset = x_offset / font_size
    piece = f'>{-offset}<' if offset else ''
    piece += f'{glyph_id:02x}' if font.bitmap else f'{glyph_id:04x}'
    kerning = logical_width + offset - width * 1000 * FROM_UNITS / font_size
    if kerning:
        piece += f'>{int(kerning)}<'
    pieces[key] = known = (piece, (logical_width + offset - kerning) / 1000)
    return known


def _emoji(line: _Line, glyph_id: int, logical_width: int, kerning: float) -> None:
    """An emoji font's glyph image, if it has one (WeasyPrint's steps, word for word)."""
    from io import BytesIO
    from xml.etree import ElementTree

    from PIL import Image
    from weasyprint.images import RasterImage, SVGImage
    from weasyprint.text.fonts import get_hb_object_data

    font, font_size, stream, x_advance = line.font, line.font_size, line.stream, line.x_advance
    if font.svg:
        svg_data = get_hb_object_data(font.hb_face, 'svg', glyph_id)
        if svg_data:
            # https://learn.microsoft.com/typography/opentype/spec/svg
            tree = ElementTree.fromstring(svg_data)
            if tree.get('id') != f'glyph{glyph_id}':
                defs = ElementTree.Element('defs')
                for child in list(tree):
                    defs.append(child)
                    tree.remove(child)
                tree.append(defs)
                ElementTree.SubElement(tree, 'use', attrib={'href': f'#glyph{glyph_id}'})
            if 'viewBox' not in tree.attrib:
                tree.attrib['viewBox'] = f'0 0 {font.upem} {font.upem}'
            line.emojis.append([SVGImage(tree, None, None, None), font, 1, 1, x_advance, 0])
    elif font.png:
        png_data = get_hb_object_data(font.hb_font, 'png', glyph_id)
        if png_data:
            pillow_image = Image.open(BytesIO(png_data))
            image = RasterImage(pillow_image, f'{font.hash}{glyph_id}', png_data)
            d = logical_width / 1000
            a = pillow_image.width / pillow_image.height * d
            pango.pango_font_get_glyph_extents(
                line.previous_pango_font, glyph_id, stream.ink_rect, stream.logical_rect)
            f = -stream.logical_rect.y
            f = f * FROM_UNITS / font_size - font_size
            line.emojis.append([image, font, a, d, x_advance, f])
    elif font.colr:
        svg_data = get_hb_object_data(font.hb_font, 'colr', glyph_id)
        if svg_data:
            image = SVGImage(ElementTree.fromstring(svg_data), None, None, None)
            line.emojis.append([image, font, 1, 1, x_advance - kerning, -line.textbox.baseline])

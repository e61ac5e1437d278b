"""Re-embed the CID-keyed CFF fonts (the Japanese ones) of a PDF WeasyPrint wrote.

Takes a PDF file; returns the PDF bytes with every ``CIDFontType0`` font
embedded as a bare CID-keyed CFF (``/FontFile3 /Subtype /CIDFontType0C``)
holding only the glyphs the pages draw, or None when the PDF has no such font
(French and English editions: their fonts are TrueType and stay as they are).

Why: WeasyPrint embeds Noto CJK as a whole OpenType file whose CFF charset
keeps the original CIDs, while the page content uses glyph ids as codes.
Viewers that honour the charset (MuPDF, and per the PDF specification Acrobat
and Preview) then draw nothing or the wrong glyphs; poppler and PDFium use the
codes as glyph ids.  A bare CFF is read through its charset by every viewer,
so each glyph gets CID = the code the content uses (no content stream
changes), which is valid for all of them.  Dropping the glyph slots that
WeasyPrint leaves empty, and the OpenType tables no PDF viewer reads, makes
the Japanese PDF about 15 KB smaller.
"""
from __future__ import annotations

import io
import zlib
from pathlib import Path

from frspub.errors import RenderError


def rewrite(pdf_path: Path) -> bytes | None:
    import pikepdf
    from fontTools.ttLib import TTLibError

    try:
        pdf = pikepdf.open(pdf_path)
    except pikepdf.PdfError as exc:
        raise RenderError(f"cannot read the PDF WeasyPrint wrote: {exc}", pdf_path, 0) from exc
    with pdf:
        done: set[tuple[int, int]] = set()
        for font in _cid_cff_fonts(pdf):
            stream = font.FontDescriptor.FontFile3
            if stream.objgen not in done:
                done.add(stream.objgen)
                try:
                    cff = bare_cff(stream.read_bytes(), used_codes(font))
                except (TTLibError, KeyError, IndexError, ValueError) as exc:
                    raise RenderError(f"cannot re-embed font {font.get('/BaseFont')}: {exc}", pdf_path, 0) from exc
                stream.write(zlib.compress(cff, 9), filter=pikepdf.Name.FlateDecode)
                stream.Subtype = pikepdf.Name.CIDFontType0C
            if "/CIDToGIDMap" in font:  # only meaningful for TrueType CIDFonts
                del font["/CIDToGIDMap"]
        if not done:
            return None
        out = io.BytesIO()
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate,
                 compress_streams=True, deterministic_id=True)
        return out.getvalue()


def _cid_cff_fonts(pdf):
    for obj in pdf.objects:
        if not hasattr(obj, "get") or obj.get("/Subtype") != "/CIDFontType0":
            continue
        stream = obj.get("/FontDescriptor", {}).get("/FontFile3")
        if stream is not None and stream.get("/Subtype") == "/OpenType" and _cid_keyed(stream):
            yield obj


def _cid_keyed(stream) -> bool:
    from fontTools.ttLib import TTFont, TTLibError

    try:
        font = TTFont(io.BytesIO(stream.read_bytes()), lazy=True)
        return "CFF " in font and hasattr(font["CFF "].cff.topDictIndex[0], "ROS")
    except (TTLibError, AssertionError, KeyError, IndexError, ValueError):
        return False  # not a font this pass understands: left as WeasyPrint wrote it


def used_codes(font) -> set[int]:
    """The codes (glyph ids) a CIDFont's /W array gives widths for: every glyph drawn."""
    codes = {0}
    widths = list(font.get("/W", []))
    i = 0
    while i < len(widths):
        first, second = int(widths[i]), widths[i + 1]
        if hasattr(second, "__len__"):  # first [w1 w2 …]
            codes.update(range(first, first + len(second)))
            i += 2
        else:  # first last w
            codes.update(range(first, int(second) + 1))
            i += 3
    return codes


def bare_cff(otf: bytes, codes: set[int]) -> bytes:
    """The CFF table of `otf` cut to the glyphs at `codes`, each named by CID = its old glyph id."""
    from fontTools.ttLib import TTFont

    # The font box stays the original's: recomputing it would draw every glyph.
    font = TTFont(io.BytesIO(otf), recalcBBoxes=False)
    cff = font["CFF "].cff
    top = cff.topDictIndex[0]
    order = font.getGlyphOrder()
    keep = sorted(c for c in codes if c < len(order))
    strings = top.CharStrings
    index = [strings.charStringsIndex[strings.charStrings[order[gid]]] for gid in keep]
    names = [".notdef" if gid == 0 else f"cid{gid:05d}" for gid in keep]
    top.FDSelect.gidArray = [top.FDSelect.gidArray[gid] for gid in keep]
    strings.charStringsIndex.items = index
    strings.charStrings = {name: i for i, name in enumerate(names)}
    top.charset = names
    top.CIDCount = max(keep) + 1
    out = io.BytesIO()
    cff.compile(out, font)
    return out.getvalue()

"""Re-embed the CID-keyed CFF fonts (the Japanese ones) of a PDF WeasyPrint wrote.

Takes the bytes of a PDF; returns them with every ``CIDFontType0`` font
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


def rewrite(data: bytes, path: Path) -> bytes | None:
    """`data` (a PDF, to be written at `path`) with its CID-keyed CFF fonts re-embedded;
    None when it has none."""
    import pikepdf

    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PdfError as exc:
        raise RenderError(f"cannot read the PDF WeasyPrint wrote: {exc}", path, 0) from exc
    with pdf:
        if not reembed(pdf, path):
            return None
        out = io.BytesIO()
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate,
                 compress_streams=True, deterministic_id=True)
        return out.getvalue()


def reembed(pdf, path: Path) -> bool:
    """Re-embed, in the open pikepdf `pdf`, its CID-keyed CFF fonts; False when it has none
    (`render.archival` calls this in its own pass: one reading and one writing of the PDF)."""
    done: set[tuple[int, int]] = set()
    for font in pdf.objects:
        if hasattr(font, "get") and font.get("/Subtype") == "/CIDFontType0":
            _reembed(font, done, path)
    return bool(done)


def _reembed(font, done: set[tuple[int, int]], path: Path) -> None:
    """Re-embed one CIDFont's OpenType CFF program (once per stream) as a bare CFF."""
    import pikepdf

    stream = font.get("/FontDescriptor", {}).get("/FontFile3")
    if stream is None:
        return
    if stream.objgen not in done:
        if stream.get("/Subtype") != "/OpenType":
            return
        otf = _cid_keyed_font(stream.read_bytes())
        if otf is None:
            return  # not a font this pass understands: left as WeasyPrint wrote it
        try:
            cff = bare_cff(otf, used_codes(font), widths(font))
        except (KeyError, IndexError, ValueError) as exc:
            raise RenderError(f"cannot re-embed font {font.get('/BaseFont')}: {exc}", path, 0) from exc
        stream.write(zlib.compress(cff, 9), filter=pikepdf.Name.FlateDecode)
        stream.Subtype = pikepdf.Name.CIDFontType0C
        done.add(stream.objgen)
    if "/CIDToGIDMap" in font:  # only meaningful for TrueType CIDFonts
        del font["/CIDToGIDMap"]


def _cid_keyed_font(data: bytes):
    """`data` parsed as an OpenType font with a CID-keyed CFF table, else None."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        # The font box stays the original's: recomputing it would draw every glyph.
        font = TTFont(io.BytesIO(data), recalcBBoxes=False)
        if "CFF " in font and hasattr(font["CFF "].cff.topDictIndex[0], "ROS"):
            return font
    except (TTLibError, AssertionError, KeyError, IndexError, ValueError):
        pass
    return None


def used_codes(font) -> set[int]:
    """The codes (glyph ids) a CIDFont's /W array gives widths for: every glyph drawn."""
    return {0} | set(widths(font))


def widths(font) -> dict[int, float]:
    """Code -> advance width (1/1000 em) from a CIDFont's /W array."""
    out: dict[int, float] = {}
    w = list(font.get("/W", []))
    i = 0
    while i < len(w):
        first, second = int(w[i]), w[i + 1]
        if hasattr(second, "__len__"):
            out.update({first + k: float(v) for k, v in enumerate(second)})
            i += 2
        else:
            out.update({c: float(w[i + 2]) for c in range(first, int(second) + 1)})
            i += 3
    return out


def bare_cff(font, codes: set[int], advance: dict[int, float] | None = None) -> bytes:
    """The CFF table of OpenType `font` cut to the glyphs at `codes`, each named by
    CID = its old glyph id."""
    from fontTools.misc.psCharStrings import T2CharString

    cff = font["CFF "].cff
    top = cff.topDictIndex[0]
    order = font.getGlyphOrder()
    keep = sorted(codes)
    strings = top.CharStrings
    # A code past the embedded font's last glyph (WeasyPrint drops outline-less glyphs such as a
    # space from its subset, yet draws them): an empty glyph, or viewers would draw .notdef, a box.
    private = top.FDArray[0].Private

    def blank(gid: int) -> T2CharString:
        # its width equals the PDF's /W entry (ISO 19005-2 6.2.11.5: widths consistent)
        width = (advance or {}).get(gid, getattr(private, "defaultWidthX", 0))
        program = ["endchar"] if width == getattr(private, "defaultWidthX", 0) else \
            [width - getattr(private, "nominalWidthX", 0), "endchar"]
        return T2CharString(program=program, private=private, globalSubrs=cff.GlobalSubrs)

    index = [strings.charStringsIndex[strings.charStrings[order[gid]]] if gid < len(order) else blank(gid)
             for gid in keep]
    names = [".notdef" if gid == 0 else f"cid{gid:05d}" for gid in keep]
    top.FDSelect.gidArray = [top.FDSelect.gidArray[gid] if gid < len(order) else 0 for gid in keep]
    strings.charStringsIndex.items = index
    strings.charStrings = {name: i for i, name in enumerate(names)}
    top.charset = names
    top.CIDCount = max(keep) + 1
    out = io.BytesIO()
    cff.compile(out, font)
    return out.getvalue()

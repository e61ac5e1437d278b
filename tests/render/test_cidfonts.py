"""Japanese fonts re-embedded as bare CID-keyed CFF: same glyphs, every viewer, smaller PDF.

The viewers are real: MuPDF (PyMuPDF), PDFium (Chrome's engine, pypdfium2) and
poppler (pdftoppm).
"""
from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pikepdf
import pymupdf
import pypdfium2
import pytest
from fontTools.cffLib import CFFFontSet
from fontTools.pens.recordingPen import RecordingPen
from fontTools.ttLib import TTFont
from PIL import Image
from projects import SLUG

from frspub.render import cidfonts, fonts

JAPANESE = "ロシア・北朝鮮戦略枢軸の評価。2024年6月、平壌を訪問した代表団には閣僚が含まれていた。"


@pytest.fixture(scope="module")
def raw_japanese_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small Japanese page as WeasyPrint alone writes it (no re-embedding)."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    folder = tmp_path_factory.mktemp("cid")
    config = FontConfiguration()
    faces = weasyprint.CSS(string=fonts.font_face_css(JAPANESE, "ja", folder), font_config=config)
    html = (f'<html lang="ja"><body style="font: 14pt \'FRS Serif\', \'FRS Serif CJK\'">'
            f'<p>{JAPANESE}</p><p><b style="font-family: \'FRS Sans CJK\'">{JAPANESE[:8]}</b></p></body></html>')
    out = folder / "raw.pdf"
    weasyprint.HTML(string=html).write_pdf(out, stylesheets=[faces], font_config=config)
    return out


_OPEN: list[pikepdf.Pdf] = []  # a font object lives only as long as its Pdf


def cid_fonts(path: Path) -> list[pikepdf.Dictionary]:
    pdf = pikepdf.open(path)
    _OPEN.append(pdf)
    return [o for o in pdf.objects if hasattr(o, "get") and o.get("/Subtype") == "/CIDFontType0"]


def outlines_by_code(font: pikepdf.Dictionary) -> dict[int, list]:
    """What each code draws: through glyph ids in an OpenType file, through the charset in a bare CFF."""
    stream = font.FontDescriptor.FontFile3
    data = stream.read_bytes()
    if stream.Subtype == "/OpenType":
        otf = TTFont(io.BytesIO(data))
        glyphs, order = otf.getGlyphSet(), otf.getGlyphOrder()
        return {code: _draw(glyphs[order[code]]) for code in cidfonts.used_codes(font)}
    cff = CFFFontSet()
    cff.decompile(io.BytesIO(data), None)
    top = cff.topDictIndex[0]
    by_cid = {0 if name == ".notdef" else int(name[3:]): name for name in top.charset}
    return {code: _draw(top.CharStrings[by_cid[code]]) for code in cidfonts.used_codes(font)}


def _draw(glyph) -> list:
    pen = RecordingPen()
    glyph.draw(pen)
    return pen.value


def ink(images: list[Image.Image]) -> list[int]:
    return [sum(im.convert("L").point(lambda v: 1 if v < 128 else 0).histogram()[1:]) for im in images]


def mupdf_pages(path: Path) -> list[Image.Image]:
    pages = []
    for page in pymupdf.open(path):
        pix = page.get_pixmap(dpi=72, colorspace=pymupdf.csGRAY)
        pages.append(Image.frombytes("L", (pix.width, pix.height), pix.samples))
    return pages


def pdfium_pages(path: Path) -> list[Image.Image]:
    doc = pypdfium2.PdfDocument(path)
    return [doc[i].render(scale=1).to_pil() for i in range(len(doc))]


def poppler_pages(path: Path, tmp: Path) -> list[Image.Image]:
    subprocess.run(["pdftoppm", "-r", "72", "-gray", str(path), str(tmp / "p")], check=True)
    return [Image.open(p) for p in sorted(tmp.glob("p-*.pgm"))]


def test_every_code_draws_the_glyph_weasyprint_meant(raw_japanese_pdf: Path, tmp_path: Path) -> None:
    fixed = tmp_path / "fixed.pdf"
    fixed.write_bytes(cidfonts.rewrite(raw_japanese_pdf.read_bytes(), raw_japanese_pdf))
    before, after = cid_fonts(raw_japanese_pdf), cid_fonts(fixed)
    assert len(before) == len(after) == 2  # Mincho and Gothic bold
    for old, new in zip(before, after):
        assert new.FontDescriptor.FontFile3.Subtype == "/CIDFontType0C"
        assert "/CIDToGIDMap" not in new
        drawn = outlines_by_code(new)
        assert drawn == outlines_by_code(old)
        assert sum(1 for outline in drawn.values() if outline) >= 8  # real glyphs, not blanks


def test_mupdf_drew_blank_japanese_before_and_draws_it_now(raw_japanese_pdf: Path, tmp_path: Path) -> None:
    fixed = tmp_path / "fixed.pdf"
    fixed.write_bytes(cidfonts.rewrite(raw_japanese_pdf.read_bytes(), raw_japanese_pdf))
    reference = ink(poppler_pages(fixed, tmp_path))[0]
    assert ink(mupdf_pages(raw_japanese_pdf))[0] < reference / 4  # WeasyPrint's own embedding
    assert ink(mupdf_pages(fixed))[0] == pytest.approx(reference, rel=0.25)


def test_latin_only_pdfs_are_left_as_weasyprint_wrote_them(built: Path) -> None:
    french = built / "fr" / f"{SLUG}.pdf"
    assert cidfonts.rewrite(french.read_bytes(), french) is None


def test_japanese_edition_embeds_compact_bare_cff(built: Path) -> None:
    found = cid_fonts(built / "ja" / f"{SLUG}.pdf")
    assert len(found) >= 2
    for font in found:
        stream = font.FontDescriptor.FontFile3
        assert stream.Subtype == "/CIDFontType0C"
        cff = CFFFontSet()
        cff.decompile(io.BytesIO(stream.read_bytes()), None)
        charset = cff.topDictIndex[0].charset
        assert len(charset) == len(cidfonts.used_codes(font))  # no empty glyph slots


def test_japanese_edition_looks_the_same_in_three_viewers(built: Path, tmp_path: Path) -> None:
    path = built / "ja" / f"{SLUG}.pdf"
    poppler = ink(poppler_pages(path, tmp_path))
    for viewer in (mupdf_pages, pdfium_pages):
        theirs_all = ink(viewer(path))
        assert len(theirs_all) == len(poppler) > 0, viewer.__name__
        for page, (theirs, ours) in enumerate(zip(theirs_all, poppler), start=1):
            assert theirs == pytest.approx(ours, rel=0.25), (viewer.__name__, page)


def test_japanese_pdf_is_at_most_three_times_the_french_one(built: Path) -> None:
    fr, ja = (built / lang / f"{SLUG}.pdf" for lang in ("fr", "ja"))
    assert ja.stat().st_size <= 3 * fr.stat().st_size


def test_re_embedding_keeps_tags_outline_and_metadata(built: Path) -> None:
    with pikepdf.open(built / "ja" / f"{SLUG}.pdf") as pdf:
        assert "/StructTreeRoot" in pdf.Root and pdf.Root.MarkInfo.Marked
        assert str(pdf.Root.Lang) == "ja"
        assert str(pdf.docinfo.Title) == "ロシア・北朝鮮戦略枢軸の評価"
        with pdf.open_outline() as outline:
            assert len(outline.root) >= 7


def test_a_font_it_cannot_read_is_left_as_it_was(raw_japanese_pdf: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    with pikepdf.open(raw_japanese_pdf) as pdf:
        for font in [o for o in pdf.objects if hasattr(o, "get") and o.get("/Subtype") == "/CIDFontType0"]:
            font.FontDescriptor.FontFile3.write(b"not a font")
        pdf.save(broken)
    assert cidfonts.rewrite(broken.read_bytes(), broken) is None


def test_japanese_fonts_draw_no_ascii_space(built: Path) -> None:
    """WeasyPrint drops a space drawn in a Japanese run from the font it embeds, and viewers print
    a box there: the ja typography removes spaces next to Japanese text (JLReq 3.2.3), labels
    included."""
    import re

    with pikepdf.open(built / "ja" / f"{SLUG}.pdf") as pdf:
        for page in pdf.pages:
            fonts = {str(k): f for k, f in page.Resources.Font.items() if "CJK" in str(f.BaseFont)}
            space_codes = {}
            for name, font in fonts.items():
                cmap = font.ToUnicode.read_bytes().decode("latin-1")
                space_codes[name] = {int(m.group(1), 16) for m in re.finditer(r"<([0-9A-Fa-f]{4})>\s*<0020>", cmap)}
            current = None
            for operands, op in pikepdf.parse_content_stream(page):
                if str(op) == "Tf":
                    current = str(operands[0])
                elif str(op) in ("Tj", "TJ") and current in fonts:
                    items = operands[0] if str(op) == "TJ" else [operands[0]]
                    for item in items:
                        if isinstance(item, pikepdf.String):
                            raw = bytes(item)
                            codes = {int.from_bytes(raw[i:i + 2], "big") for i in range(0, len(raw), 2)}
                            assert not codes & space_codes[current], (page.index, current)

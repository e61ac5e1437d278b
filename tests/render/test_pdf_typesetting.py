"""Typesetting of the real PDFs (built once per session): Japanese line breaking
(kinsoku), French spacing at line starts, fonts embedded, no missing glyph."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pdftext import pages_text
from projects import SLUG

from frspub.render import fonts

NO_START_JA = "、。，．・：；？！ー」』）〕］｝〉》"
NO_END_JA = "「『（〔［｛〈《"
NO_START_FR = ":;!?»"


def pdftotext(pdf: Path) -> list[str]:
    """The PDF's lines as laid out (one text line per printed line)."""
    return [line.strip() for page in pages_text(pdf) for line in page.splitlines() if line.strip()]


def pdffonts(pdf: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, check=True, text=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def test_japanese_kinsoku_in_the_pdf(built: Path) -> None:
    lines = pdftotext(built / "ja" / f"{SLUG}.pdf")
    assert sum(bool(re.search(r"[\u3040-\u9fff]", line)) for line in lines) > 50  # really Japanese
    starts = [line for line in lines if line[0] in NO_START_JA]
    ends = [line for line in lines if line[-1] in NO_END_JA]
    assert not starts, f"lines starting with a character JIS forbids there: {starts}"
    assert not ends, f"lines ending with an opening bracket: {ends}"


def test_french_pdf_has_no_line_starting_with_high_punctuation(built: Path) -> None:
    lines = pdftotext(built / "fr" / f"{SLUG}.pdf")
    bad = [line for line in lines if line[0] in NO_START_FR]
    assert not bad, bad


def test_french_spacing_reaches_the_pdf(built: Path) -> None:
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(built / "fr" / f"{SLUG}.pdf").pages)
    assert re.search(r"3[\u202f\u00a0 ]000 soldats", text)
    assert "«\u202f" in text or "« " in text


@pytest.mark.parametrize("lang", ["fr", "en", "ja"])
def test_fonts_embedded_and_ours(built: Path, lang: str) -> None:
    rows = pdffonts(built / lang / f"{SLUG}.pdf")
    assert rows
    for row in rows:
        assert row[0].split("+")[-1].startswith("FRS-"), f"a font outside frspub's stacks: {row[0]}"
        assert "Type" != row[1] or row[2] != "3", row  # no Type 3 (bitmap) fallback
        emb, sub, uni = row[-5:-2]
        assert (emb, sub, uni) == ("yes", "yes", "yes"), row


def test_japanese_uses_japanese_serif_and_sans(built: Path) -> None:
    names = {row[0].split("+")[-1] for row in pdffonts(built / "ja" / f"{SLUG}.pdf")}
    assert "FRS-Serif-CJK" in names  # body
    assert "FRS-Sans-CJK-Bold" in names  # headings
    assert not any("Italic" in n and "CJK" in n for n in names)  # Japanese is never slanted


def test_no_missing_glyph_in_the_pdfs(built: Path) -> None:
    for lang in ("fr", "en", "ja"):
        text = "".join(pdftotext(built / lang / f"{SLUG}.pdf"))
        assert "\ufffd" not in text
        assert fonts.missing(set(text), lang) == []


def test_japanese_pdf_is_small(built: Path) -> None:
    fr = (built / "fr" / f"{SLUG}.pdf").stat().st_size
    ja = (built / "ja" / f"{SLUG}.pdf").stat().st_size
    assert ja < 5 * fr, (ja, fr)  # 14× before the CJK fonts were cut down (see tools/bench.py)


def test_kinsoku_on_a_stress_paragraph(tmp_path: Path) -> None:
    """Every forbidden character at every possible break, in narrow columns."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    text = "この協力は、北朝鮮「テスト」（ICBM）ロシア・ウクライナ、ミサイル。ーー「再」開？！可能性：高い；" * 4
    paras = "".join(f'<p style="width:{w}em">{text}</p>' for w in range(6, 24))
    html = f'<html lang="ja"><body style="font-family: \'FRS Serif\', \'FRS Serif CJK\'">{paras}</body></html>'
    config = FontConfiguration()
    css = weasyprint.CSS(string=fonts.font_face_css(set(text), "ja", tmp_path), font_config=config)
    pdf = tmp_path / "stress.pdf"
    weasyprint.HTML(string=html).write_pdf(pdf, stylesheets=[css], font_config=config)
    lines = pdftotext(pdf)
    assert len(lines) > 100
    assert not [line for line in lines if line[0] in NO_START_JA]
    assert not [line for line in lines if line[-1] in NO_END_JA]

"""Consecutive punctuation set half-width and note calls set close to 。 (JLReq 3.1.4-3.1.6,
render/yakumono, render/justify), measured through glyph positions in PDFs (PyMuPDF)."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pymupdf
from lxml import html
from projects import SLUG

from frspub.render import fonts, yakumono

PAIRS = "「あ」、い」（う）。え、「お」」か「「き」」く。"


def chars(pdf: Path, first: int = 1) -> list[list[dict]]:
    """The characters of each line (with bbox, size) of the pages from `first` on."""
    found = []
    with pymupdf.open(pdf) as doc:
        for page in list(doc)[first - 1:]:
            for block in page.get_text("rawdict")["blocks"]:
                for line in block.get("lines", []):
                    found.append([dict(c, size=s["size"]) for s in line["spans"] for c in s["chars"]])
    return found


def test_the_first_of_each_pair_is_marked() -> None:
    body = html.fragment_fromstring(f"<div><p>{PAIRS}<span class='fn'>」、</span></p></div>")
    assert yakumono.compress(body) == set("」、）「")
    marked = [(s.text, (s.tail or "")[:1]) for s in body.iter("span") if s.get("class") == "halt"]
    # 「あ: a lone bracket keeps its em; 「「: the first opening bracket; inside a note too
    assert marked == [("」", "、"), ("」", "（"), ("）", "。"), ("、", "「"), ("」", "」"), ("「", "「"), ("」", "」"),
                      ("」", "、")]


def test_half_width_marks_copy_as_written(tmp_path: Path) -> None:
    """The half-width twins are half an em narrower, and the PDF's text reads as typed (OpenType
    halt would make poppler break 「「 into two lines)."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    body = html.fragment_fromstring(f"<div><p>{PAIRS}</p></div>")
    halted = yakumono.compress(body)
    config = FontConfiguration()
    css = weasyprint.CSS(string=fonts.font_face_css(set(PAIRS), "ja", tmp_path) + yakumono.font_face_css(halted, tmp_path)
                         + 'body { font: 10pt "FRS Serif", "FRS Serif CJK" } .halt { font-family: "FRS Serif CJK Halt" }',
                         font_config=config)
    pdf = tmp_path / "pairs.pdf"
    weasyprint.HTML(string=f'<html lang="ja"><body>{html.tostring(body, encoding="unicode")}</body></html>').write_pdf(
        pdf, stylesheets=[css], font_config=config)
    assert subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.strip() == PAIRS
    line, = chars(pdf)
    advances = [(a["c"], b["c"], round(b["bbox"][0] - a["bbox"][0], 2)) for a, b in zip(line, line[1:])]
    assert [(a, b) for a, b, x in advances if x == 5.0] == [("」", "、"), ("」", "（"), ("）", "。"), ("、", "「"), ("」", "」"),
                                                            ("「", "「"), ("」", "」")]
    assert [(a, b, x) for a, b, x in advances[:-1] if x != 5.0 and abs(x - 10) > 0.01] == []  # others: full em


def _call_parenthesis_width(size: float) -> float:
    from fontTools.ttLib import TTFont

    font = TTFont(str(fonts.SANS[0].file), lazy=True)
    return font["hmtx"][font.getBestCmap()[ord(")")]][0] / font["head"].unitsPerEm * size


def test_no_gap_between_a_note_call_and_the_full_stop(built: Path) -> None:
    """「確認した(*)。」: the reviewers saw 2.6 pt between ) and 。 where justification widened the
    call; 。 now follows the call's ) at its natural width (within 0.05 em of the text)."""
    calls = []
    for line in chars(built / "ja" / f"{SLUG}.pdf", first=4):
        for a, b in zip(line, line[1:]):
            if a["c"] == ")" and b["c"] == "。" and a["size"] < b["size"]:
                calls.append(b["bbox"][0] - a["bbox"][0] - _call_parenthesis_width(a["size"]))
    assert len(calls) >= 10  # the body's calls before 。
    assert max(calls) <= 0.05 * 10, calls


def test_consecutive_punctuation_of_the_japanese_pdf_is_half_width(built: Path) -> None:
    """」（ in the text, 」、 in the notes, ）。 in the colophon: the first mark takes half its em."""
    pairs = []
    for line in chars(built / "ja" / f"{SLUG}.pdf"):
        for a, b in zip(line, line[1:]):
            if yakumono.halved(a["c"], b["c"]) and a["size"] == b["size"]:
                pairs.append((a["c"] + b["c"], (b["bbox"][0] - a["bbox"][0]) / a["size"]))
    assert {"」（", "」、", "）。"} <= {p for p, _ in pairs}
    assert [p for p in pairs if abs(p[1] - 0.5) > 0.01] == []


def test_the_pattern_marks_what_halved_says() -> None:
    """`_mark` finds the marks with one pattern over a run's text: it agrees with `halved` on every
    pair of punctuation and a letter."""
    found = yakumono.OPENING + yakumono.CLOSING + yakumono.STOPS + yakumono.MIDDLE + "あA.[]"
    for first in found:
        for second in found:
            assert bool(yakumono._halved().match(first + second)) == yakumono.halved(first, second), first + second

"""render/looseness.tighten: a loose justified line is letter-spaced in its laid-out boxes,
no layout: every box keeps its width and position, every line its text and its right edge
(read back from the PDF with poppler), and the word spaces shrink (a paragraph of long words
in a narrow column: no build)."""
from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from lxml import etree

from frspub.render import looseness, weasypatch

HTML = """<style>@page { size: 240px 400px; margin: 0; } html { font: 14px/18px 'Noto Serif'; }
body { margin: 0; } p { margin: 0; text-align: justify; hyphens: manual; }</style>
<p data-frs-block="0">A few words then internationalization characteristically accompanies extraordinarily
comprehensive reorganizations notwithstanding unquestionably counterproductive administrative
responsibilities and so on to the end of it.</p>"""
XHTML = {"x": "http://www.w3.org/1999/xhtml"}


def render() -> Any:
    import weasyprint

    assert weasypatch.apply()
    return weasyprint.HTML(string=HTML).render()


def boxes(document: Any) -> list[tuple[str, float, float]]:
    return [(b.text, round(b.position_x, 3), round(b.width, 3)) for b in document.pages[0]._page_box.descendants()
            if type(b).__name__ == "TextBox"]


def words(document: Any, tmp_path: Path, name: str) -> list[list[tuple[float, float, str]]]:
    """Each printed line's words as (xMin, xMax, text), by pdftotext, words on one baseline
    together (it cuts a loose line where a space looks like a column gap)."""
    pdf = tmp_path / f"{name}.pdf"
    document.write_pdf(pdf)
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True).stdout
    rows: dict[float, list[tuple[float, float, str]]] = {}
    for w in etree.fromstring(out).iterfind(".//x:word", XHTML):
        rows.setdefault(round(float(w.get("yMax")), 1), []).append((float(w.get("xMin")), float(w.get("xMax")), w.text))
    return [sorted(row) for _, row in sorted(rows.items())]


def test_loose_lines_tighten_in_their_boxes(tmp_path: Path) -> None:
    plain, tight = render(), render()
    before = {id(line): space for _, line, space in looseness.loose(plain)}
    assert len(before) >= 5  # the column is narrow: most lines are loose
    assert looseness.tighten(tight) >= 5
    assert boxes(tight) == boxes(plain)  # no box moved or changed width: no layout needed
    spacings = [b.style["letter_spacing"] for b in tight.pages[0]._page_box.descendants()
                if type(b).__name__ == "TextBox" and b.style["letter_spacing"] != "normal"]
    assert spacings and max(spacings) <= looseness.CHAR_MAX * 14 + 1e-9

    old, new = words(plain, tmp_path, "plain"), words(tight, tmp_path, "tight")
    assert [[w[2] for w in line] for line in new] == [[w[2] for w in line] for line in old]
    for a, b in zip(old, new):
        assert abs(a[0][0] - b[0][0]) < 0.1 and abs(a[-1][1] - b[-1][1]) < 0.1  # both edges where they were
    gaps = [(sum(y[0] - x[1] for x, y in zip(a, a[1:])), sum(y[0] - x[1] for x, y in zip(b, b[1:])))
            for a, b in zip(old, new) if len(a) > 1]
    assert sum(n < o - 1 for o, n in gaps[:-1]) >= 5  # the loose lines' spaces gave width to the letters


def test_the_space_is_read_from_the_raw_tables_as_fonttools_reads_it() -> None:
    """`space_em` and `cmap_glyph` read raw tables (no glyph names decoded): the values
    fontTools gives, for the text face and for faces with other cmaps (CJK, a collection)."""
    from fontTools.ttLib import TTFont

    from frspub.render import fonts

    face = fonts.SERIF[0]
    font = TTFont(face.file, fontNumber=face.index, lazy=True)
    assert looseness.space_em() == font["hmtx"]["space"][0] / font["head"].unitsPerEm
    for each in (fonts.SERIF[1], fonts.SERIF_CJK[0]):
        font = TTFont(each.file, fontNumber=each.index, lazy=True)
        best = font.getBestCmap()
        for code in (0x20, 0x41, 0xE9, 0x3042, 0x1F600):
            expected = font.getGlyphID(best[code]) if code in best else 0
            assert looseness.cmap_glyph(font.reader["cmap"], code) == expected, (each.file, hex(code))

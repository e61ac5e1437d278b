"""render/weasysheet: a linked stylesheet parsed once per content gives the layout WeasyPrint's
own parse gives (boxes and bytes); an edited sheet is parsed again; a sheet with effects beyond
itself (@font-face, @import) is parsed every time; `prepare` makes in advance what the PDF's
process will use (a small layout, no build)."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from pins import refuses_another_weasyprint

from frspub.render import fonts, weasypatch, weasysheet

SHEET = """@page { size: 300px 260px; margin: 20px 24px 30px;
  @bottom-center { content: counter(page) " / " counter(pages); font: 8px 'Noto Serif'; }
  @footnote { border-top: 0.5pt solid; } }
@page cover { margin: 40px; @top-right { content: "couverture"; } }
@page :left { margin-left: 30px; }
@media print { p { orphans: 2; widows: 2; } }
html { font: 10px/13px 'Noto Serif'; } h1 { page: cover; break-after: page; font-size: 18px; }
p { margin: 0 0 5px; text-align: justify; hyphens: auto; } .n { float: footnote; }
"""
TEXT = ("La coopération militaire entre Moscou et Pyongyang, longtemps limitée, s'est "
        "considérablement intensifiée depuis 2023<span class=\"n\">Une note.</span>. ")
PAGE = ('<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><link rel="stylesheet" '
        f'href="print.css"></head><body><h1>Titre</h1>{"<p>" + TEXT * 3 + "</p>"}' + "<p>" + TEXT * 4 + "</p></body></html>")


@contextmanager
def parses() -> Iterator[list[str]]:
    """WeasyPrint's CSS parses of linked sheets, by URL, while in the block."""
    import weasyprint

    weasypatch.apply()
    seen: list[str] = []
    init = weasyprint.CSS.__init__

    def counted(self: Any, *args: Any, **kwargs: Any) -> None:
        if kwargs.get("url"):
            seen.append(kwargs["url"])
        init(self, *args, **kwargs)

    weasyprint.CSS.__init__ = counted
    try:
        yield seen
    finally:
        weasyprint.CSS.__init__ = init


def laid_out(folder: Path, text: str = PAGE) -> tuple[list[tuple[Any, ...]], bytes]:
    import weasyprint

    doc = weasyprint.HTML(string=text, base_url=str(folder)).render()
    data = doc.write_pdf(pdf_identifier=b"frspub-test", uncompressed_pdf=True)
    boxes = [(n, type(box).__name__, box.position_x, box.position_y, box.width, box.height,
              getattr(box, "text", None)) for n, page in enumerate(doc.pages) for box in page._page_box.descendants()]
    return boxes, data


def test_a_known_sheet_is_not_parsed_again_and_lays_out_the_same(tmp_path: Path) -> None:
    from weasyprint import css

    (tmp_path / "print.css").write_text(SHEET, encoding="utf-8")
    assert weasysheet.install()
    with parses() as seen:
        first = laid_out(tmp_path)
        again = laid_out(tmp_path)
    assert len(seen) == 1, seen  # the second layout reused the first's parse
    patched, css.find_stylesheets = css.find_stylesheets, weasysheet.original()
    try:
        plain = laid_out(tmp_path)  # WeasyPrint's own parse
    finally:
        css.find_stylesheets = patched
    assert len(plain[0]) > 50 and len({box[0] for box in plain[0]}) >= 3  # pages with margin boxes and notes
    assert first == plain and again == plain


def test_an_edited_sheet_is_parsed_again(tmp_path: Path) -> None:
    sheet = tmp_path / "print.css"
    sheet.write_text(SHEET, encoding="utf-8")
    with parses() as seen:
        before = laid_out(tmp_path)
        sheet.write_text(SHEET.replace("size: 300px 260px", "size: 340px 260px"), encoding="utf-8")
        after = laid_out(tmp_path)
    assert len(seen) == 2
    assert before[0] != after[0] and b"/MediaBox [0 0 255 195]" in after[1]  # 340 x 260 px in points


@pytest.mark.parametrize("extra", ["font-face", "import"])
def test_a_sheet_with_effects_beyond_itself_is_parsed_every_time(tmp_path: Path, extra: str) -> None:
    (tmp_path / "more.css").write_text("h1 { color: red; }", encoding="utf-8")
    face = fonts.SERIF[0]
    rule = {"font-face": f'@font-face {{ font-family: "Ma police"; src: url("{face.file.as_uri()}"); }}',
            "import": '@import "more.css";'}[extra]
    (tmp_path / "print.css").write_text(rule + "\n" + SHEET.replace("'Noto Serif'", "'Ma police'"), encoding="utf-8")
    with parses() as seen:
        first = laid_out(tmp_path)
        again = laid_out(tmp_path)
    assert seen.count((tmp_path / "print.css").as_uri()) == 2
    assert first == again
    assert not any(b"Ma police" in key[4] for key in weasysheet._sheets)


def test_prepare_parses_the_templates_sheet_and_makes_the_font_configuration(tmp_path: Path) -> None:
    (tmp_path / "print.css").write_text(SHEET.replace("260px", "261px"), encoding="utf-8")
    weasysheet.prepare(tmp_path)
    made = weasysheet._state.get("fonts")
    assert made is not None and weasysheet.font_configuration() is made
    assert weasysheet.font_configuration() is not made  # handed over once
    with parses() as seen:
        laid_out(tmp_path)
    assert seen == []  # the layout found it parsed
    (tmp_path / "print.css").write_text(SHEET.replace("260px", "262px"), encoding="utf-8")
    weasysheet.sheet(tmp_path)  # the preview's fork server: the sheet only, no font configuration
    assert "fonts" not in weasysheet._state
    with parses() as seen:
        laid_out(tmp_path)
    assert seen == []


def test_it_refuses_another_weasyprint(monkeypatch: pytest.MonkeyPatch) -> None:
    refuses_another_weasyprint(monkeypatch, weasysheet, "SOURCES_SHA256", "find_stylesheets")

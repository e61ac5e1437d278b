"""Japanese justified lines end flush: their quarter-em spaces widen, then their characters
are letter-spaced (JLReq 3.8.2), through WeasyPrint itself, and the copied text has no space."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from lxml import html
from projects import SLUG

from frspub.render import aki, fonts, justify

TEXT = ("2024年10月23日、G7諸国による初の国防相会合において、米国防長官は北朝鮮が数千人規模の兵士を"
        "ロシアに派遣する準備を進めていることを確認した。韓国国防部によれば、すでに3000人の北朝鮮兵が"
        "ロシア領内に所在しているとされる。とりわけ2024年10月30日、北朝鮮は2023年12月以来初となる"
        "大陸間弾道ミサイル（ICBM）の発射実験を行い、ミサイルは7000キロメートルを飛翔した。FRSが"
        "2024年10月25日に開催したウェビナーEvaluationも参照されたい。")


def shortfalls(document) -> list[tuple[float, bool]]:
    """(px short of the right edge, holds a quarter-em space) of each non-final line."""
    lines = list(justify._lines(document))
    out = []
    for line, block in lines[:-1]:
        texts = [b for b in line.descendants() if type(b).__name__ == "TextBox"]
        short = block.content_box_x() + block.width - max(b.position_x + b.width for b in texts)
        out.append((short, any(b.element is not None and b.element.get("data-aki") for b in texts)))
    return out


@pytest.fixture(scope="module")
def laid_out(tmp_path_factory: pytest.TempPathFactory):
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    workdir = tmp_path_factory.mktemp("justify")
    page = html.document_fromstring(f'<html lang="ja"><head></head><body><p data-frs-block="0">{TEXT}</p></body></html>')
    chars = aki.space(page.find("body"))
    text = html.tostring(page, encoding="unicode")
    config = FontConfiguration()
    css = weasyprint.CSS(string=fonts.font_face_css(set(TEXT), "ja", workdir) + aki.font_face_css(chars, workdir)
                         + '@page { size: 120mm 200mm; margin: 10mm } html { font: 10pt "FRS Serif", '
                         '"FRS Serif CJK"; line-height: 1.75 } p { width: 24em; text-align: justify; '
                         'line-break: strict } .aki { font-family: "FRS Serif Aki", "FRS Serif CJK Aki" }',
                         font_config=config)

    def render(markup: str, more: str = ""):
        sheets = [css] + ([weasyprint.CSS(string=more, font_config=config)] if more else [])
        return weasyprint.HTML(string=markup).render(stylesheets=sheets, font_config=config)

    before = render(text)
    after = justify.refit(before, text, render, workdir)
    return before, after, workdir


def test_short_lines_with_a_space_end_flush_after_refit(laid_out) -> None:
    before, after, _ = laid_out
    was = shortfalls(before)
    now = shortfalls(after)
    assert len(was) == len(now) >= 5  # same lines
    assert sum(1 for short, spaced in was if spaced and short > 1.5) >= 2  # the problem is there
    # in whole fortieths of an em (0.33 px at 10 pt): what remains is under one
    assert [round(s, 1) for s, spaced in now if spaced and s > 0.5] == []
    # lines without such a space: letter spacing, all but the 1 px of slack
    assert [round(s, 1) for s, spaced in now if not spaced and s > 1.6] == []
    assert sum(1 for s, spaced in was if not spaced and s > 1.6) >= 1  # there was one to fix


def test_the_refitted_text_copies_without_spaces(laid_out) -> None:
    _, after, workdir = laid_out
    pdf = workdir / "out.pdf"
    after.write_pdf(pdf)
    copied = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert copied.replace("\n", "").strip() == TEXT


def test_the_japanese_edition_uses_the_further_widened_faces(built: Path) -> None:
    out = subprocess.run(["pdffonts", str(built / "ja" / f"{SLUG}.pdf")], capture_output=True, text=True,
                         check=True).stdout
    assert any(name.split("+")[-1].startswith("FRS-Serif-Aki-") for name in out.split())

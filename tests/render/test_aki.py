"""A quarter em between Japanese and Western text (JLReq 3.2.3) that copies as no space."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pikepdf
from lxml import html
from projects import SLUG

from frspub.render import aki, cidfonts


def spaced(markup: str) -> tuple[str, set[str]]:
    body = html.fragment_fromstring(markup, create_parent="body")
    chars = aki.space(body)
    return re.sub(r' data-aki="\d+"', "", html.tostring(body, encoding="unicode")), chars


def test_the_character_before_each_boundary_carries_the_space() -> None:
    out, chars = spaced("<p>FRSが2024年に</p>")
    assert out == '<body><p>FR<span class="aki">S</span><span class="aki">が</span>202<span class="aki">4</span>年に</p></body>'
    assert chars == {"S", "が", "4"}


def test_boundaries_across_inline_markup_but_not_into_footnotes_or_code() -> None:
    out, _ = spaced('<p>ウェビナー<em>Evaluation</em>を<span class="fn">Ibid.</span>参照<code>x</code>。</p>')
    assert '<span class="aki">ー</span>' in out  # before <em>
    assert '<em>Evaluatio<span class="aki">n</span>' in out
    assert "参照" in out and '<span class="aki">を</span>' not in out  # a footnote is other text
    assert '<span class="aki">照</span>' not in out  # nor is code


def test_no_space_where_punctuation_or_a_space_already_parts_them() -> None:
    out, chars = spaced("<p>「Austin」、AP、2024 年 (ICBM)。</p>")
    assert chars == set() and "aki" not in out


def test_marking_twice_changes_nothing() -> None:
    body = html.fragment_fromstring("<p>G7諸国</p>", create_parent="body")
    aki.space(body)
    once = html.tostring(body)
    assert aki.space(body) == set() and html.tostring(body) == once


def test_copied_text_has_no_space_at_the_boundaries(built: Path) -> None:
    text = subprocess.run(["pdftotext", str(built / "ja" / f"{SLUG}.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = text.replace("\n", "")
    for words in ("FRSが2024年10月25日", "ウェビナーEvaluation", "2024年10月23日、初のG7国防相会合", "3000人の北朝鮮兵"):
        assert words in flat
    assert "\u2060" not in text


def _widths(font: pikepdf.Dictionary) -> dict[str, float]:
    """Unicode character → advance (1/1000 em) of a Type 0 font, through its ToUnicode map."""
    widths = cidfonts.widths(font.DescendantFonts[0])
    cmap = font.ToUnicode.read_bytes().decode("latin-1")
    out = {}
    for code, uni in re.findall(r"<([0-9a-fA-F]{4})>\s*<([0-9a-fA-F]{4,8})>", cmap):
        if int(code, 16) in widths:
            out[chr(int(uni[:4], 16))] = widths[int(code, 16)]
    return out


def test_the_widened_glyphs_are_a_quarter_em_wider_than_their_twins(built: Path) -> None:
    fonts: dict[str, dict[str, float]] = {}
    with pikepdf.open(built / "ja" / f"{SLUG}.pdf") as pdf:
        for page in pdf.pages:
            for font in page.Resources.get("/Font", {}).values():
                name = str(font.BaseFont).split("+", 1)[-1]
                fonts.setdefault(name, {}).update(_widths(font))
    assert {"FRS-Serif-Aki", "FRS-Serif-CJK-Aki"} <= set(fonts)
    compared = 0
    for name in ("FRS-Serif-Aki", "FRS-Serif-CJK-Aki"):
        twin = fonts[name.replace("-Aki", "")]
        for char, width in fonts[name].items():
            if char in twin:
                assert abs(width - twin[char] - 250) < 1, (name, char, width, twin[char])
                compared += 1
    assert compared >= 10


def test_the_boundary_pattern_is_a_change_between_japanese_and_western() -> None:
    """`_mark` finds the boundaries with one pattern over a run's text: the last character of
    either kind before a character of the other (`aki.JAPANESE`, `aki.WESTERN`)."""
    chars = "あアー漢々〆Aé0ſ、 .「"

    def kind(c: str) -> str:
        return "j" if aki.JAPANESE.match(c) else "w" if aki.WESTERN.match(c) else ""

    for first in chars:
        for second in chars:
            change = bool(kind(first) and kind(second) and kind(first) != kind(second))
            assert bool(aki.BOUNDARY.match(first + second)) == change, first + second

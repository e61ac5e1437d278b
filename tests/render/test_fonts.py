"""Font stacks and the missing-glyph check (a character no font covers stops the build)."""
from __future__ import annotations

import re
from pathlib import Path

from frspub.cli import main
from frspub.render import fonts

PO = Path("source/ja/axe-russie-coree-du-nord.po")
TIFINAGH = "\u2d63"  # ⵣ: in none of the Noto faces frspub ships


def test_stacks_cover_the_editions_scripts() -> None:
    assert fonts.missing("Évaluation « 3 000 » – ’ … ©", "fr") == []
    assert fonts.missing("2024年10月23日、G7諸国（ICBM）「」―…・ー", "ja") == []
    assert fonts.missing([TIFINAGH, "\ue000", "a"], "fr") == [TIFINAGH, "\ue000"]


def test_invisible_characters_need_no_glyph() -> None:
    assert fonts.missing(["\u2060", "\u00ad", "\u200b", " "], "ja") == []


def test_japanese_punctuation_comes_from_the_japanese_font() -> None:
    assert fonts.covering(fonts.STACKS["serif"], "、", "ja") is fonts.SERIF_CJK[0]
    assert fonts.covering(fonts.STACKS["serif"], "…", "ja") is fonts.SERIF_CJK[0]
    assert fonts.covering(fonts.STACKS["serif"], "G", "ja") is fonts.SERIF[0]
    assert fonts.covering(fonts.STACKS["serif"], "…", "fr") is fonts.SERIF[0]


def test_cjk_subset_is_small_and_keeps_the_characters(tmp_path: Path) -> None:
    out = fonts.subset(fonts.SERIF_CJK[0], set("北朝鮮の評価"), tmp_path)
    assert out.stat().st_size < 100_000  # the collection is 20+ MB
    from fontTools.ttLib import TTFont
    cmap = TTFont(str(out)).getBestCmap()
    assert all(ord(c) in cmap for c in "北朝鮮の評価")


def _variation_sequences(path: Path) -> dict[int, set[int]]:
    from fontTools.ttLib import TTFont
    tables = [t for t in TTFont(str(path))["cmap"].tables if t.format == 14]
    return {vs: {base for base, _ in records} for t in tables for vs, records in t.uvsDict.items()}


def test_cjk_subset_drops_the_variants_the_text_cannot_use(tmp_path: Path) -> None:
    # 葛 has Adobe-Japan1 variants (U+E0100…); without a selector in the text none is kept,
    # else WeasyPrint embeds every one of them (a sixth of the Japanese PDF).
    plain = fonts.subset(fonts.SERIF_CJK[0], set("葛飾区の評価"), tmp_path)
    assert _variation_sequences(plain) == {}
    chosen = fonts.subset(fonts.SERIF_CJK[0], set("葛飾区の評価") | {"\U000E0100"}, tmp_path)
    assert 0x845B in _variation_sequences(chosen)[0xE0100]


def test_cjk_subset_keeps_japanese_shaping_but_not_other_locales(tmp_path: Path) -> None:
    from fontTools.ttLib import TTFont
    out = TTFont(str(fonts.subset(fonts.SERIF_CJK[0], set("――北朝鮮"), tmp_path)))
    features = {r.FeatureTag for r in out["GSUB"].table.FeatureList.FeatureRecord}
    assert "locl" not in features  # Chinese and Korean forms
    assert "ccmp" in features  # ―― composed into one unbroken rule


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_missing_glyph_in_a_translation_stops_the_build(scratch_project: Path, capsys) -> None:
    po = scratch_project / PO
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace("韓国国防部によれば", f"韓国{TIFINAGH}国防部によれば", 1), encoding="utf-8")
    line = _line_of(po, TIFINAGH)
    code = main(["build", "-C", str(scratch_project), "--lang", "ja", "--format", "pdf", "-q"])
    err = capsys.readouterr().err
    assert code != 0
    assert re.search(rf"axe-russie-coree-du-nord\.po:{line}: error: character 'ⵣ' U\+2D63 ", err), err
    assert "Traceback" not in err
    assert not (scratch_project / "build" / "ja" / "axe-russie-coree-du-nord.pdf").exists()


def test_missing_glyph_in_the_french_source_names_its_line(scratch_project: Path, capsys) -> None:
    md = scratch_project / "source" / "fr" / "axe-russie-coree-du-nord.md"
    md.write_text(md.read_text(encoding="utf-8").replace("Lloyd Austin", f"Lloyd {TIFINAGH} Austin", 1),
                  encoding="utf-8")
    line = _line_of(md, TIFINAGH)
    code = main(["build", "-C", str(scratch_project), "--lang", "fr", "--format", "html", "-q"])
    err = capsys.readouterr().err
    assert code != 0
    assert f"axe-russie-coree-du-nord.md:{line}: error: character 'ⵣ' U+2D63" in err, err


def test_coverage_is_the_fonts_cmap() -> None:  # read by HarfBuzz in one call
    from fontTools.ttLib import TTFont

    face = fonts.SERIF[0]
    assert fonts.coverage(face) == set(TTFont(str(face.file), fontNumber=face.index, lazy=True).getBestCmap())



def test_a_french_edition_reads_no_cjk_face(monkeypatch) -> None:
    read: list[object] = []
    real = fonts.coverage
    monkeypatch.setattr(fonts, "coverage", lambda face: read.append(face) or real(face))
    assert fonts.cjk_chars(set("Évaluation « 3 000 » – ’ …\u00a0\u202f"), "fr") == set()
    assert not set(read) & {*fonts.SERIF_CJK, *fonts.SANS_CJK}  # 65,000 code points each, not read
    assert fonts.cjk_chars(set("北朝鮮 の"), "ja") == set("北朝鮮 の")  # the space too: the CJK faces have it


def test_variation_sequences_pruned_by_glyph_id_as_by_glyph_name() -> None:
    """The prune names glyphs by number (not by the CFF charset, 0.1 s to import and read):
    the same bytes as with the font's own names."""
    import io

    from fontTools.ttLib import TTFont
    from fontTools.ttLib.sfnt import SFNTWriter

    for chars in (set("葛飾区の評価") | {"\U000E0100"}, set("葛飾区の評価")):
        data = fonts._hb_subset(fonts.SERIF_CJK[0], chars)
        font = TTFont(io.BytesIO(data), lazy=True)
        cmap = font["cmap"]
        cmap.tables = [t for t in (fonts._variations_in(t, chars) if t.format == 14 else t for t in cmap.tables) if t]
        table, buf = cmap.compile(font), io.BytesIO()
        writer = SFNTWriter(buf, len(font.reader.keys()), font.reader.sfntVersion)
        for tag in font.reader.keys():
            writer[tag] = table if tag == "cmap" else font.reader[tag]
        writer.close()
        assert fonts._prune_variation_sequences(data, chars) == buf.getvalue()

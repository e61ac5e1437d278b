"""Typography rules: French spacing, English quotes and ranges, on strings and on the AST."""
from __future__ import annotations

import pytest

from frspub.note import ast, pandoc
from frspub.translation import typography
from frspub.translation.typography import NBSP, NNBSP


@pytest.mark.parametrize("plain, typeset", [
    ("Pourquoi ?", f"Pourquoi{NNBSP}?"),
    ("Pourquoi?", f"Pourquoi{NNBSP}?"),
    ("Vraiment ! Non ; oui", f"Vraiment{NNBSP}! Non{NNBSP}; oui"),
    ("Quoi ?!", f"Quoi{NNBSP}?!"),
    ("une évaluation : la suite", f"une évaluation{NBSP}: la suite"),
    ("à 10:30", "à 10:30"),
    ("« copies »", f"«{NNBSP}copies{NNBSP}»"),
    ("«copies»", f"«{NNBSP}copies{NNBSP}»"),
    ("3 000 soldats", f"3{NNBSP}000 soldats"),
    ("1 250 000 obus", f"1{NNBSP}250{NNBSP}000 obus"),
    ("en 2024 300 soldats", "en 2024 300 soldats"),  # a year then a number: not one number
    ("20 %", f"20{NNBSP}%"),
])
def test_french_spacing(plain: str, typeset: str) -> None:
    assert typography.french(plain) == typeset
    assert typography.french(typeset) == typeset  # idempotent


@pytest.mark.parametrize("plain, typeset", [
    ('He said "hello"', "He said “hello”"),
    ("the 'axis' isn't new", "the ‘axis’ isn’t new"),
    ("pages 12-15, 1950-53", "pages 12–15, 1950–53"),
    ("Article L. 122-4 and L.335-2", "Article L. 122-4 and L.335-2"),
    ("ISSN 2273-4644", "ISSN 2273-4644"),
    ("Hyung-Jin, 01-43-13-77", "Hyung-Jin, 01-43-13-77"),
])
def test_english(plain: str, typeset: str) -> None:
    assert typography.english(plain) == typeset


def _para(markdown: str, lang: str) -> str:
    blocks = pandoc.read_markdown(markdown)["blocks"]
    typography.apply(blocks, lang)
    return ast.stringify(blocks)


def test_ast_french_across_nodes_urls_and_code() -> None:
    text = _para('Voir *ceci*? et « *titre* » : <https://ex.org/?a=1>, `a ; b` "cité"', "fr")
    assert f"ceci{NNBSP}?" in text
    assert f"«{NNBSP}titre{NNBSP}»{NBSP}:" in text
    assert "https://ex.org/?a=1" in text  # URL untouched
    assert "a ; b" in text  # code untouched
    assert f"«{NNBSP}cité{NNBSP}»" in text  # pandoc's smart quotes become French quotes


def test_ast_english_and_japanese_quotes() -> None:
    assert "“quoted” ‘single’" in _para("\"quoted\" 'single'", "en")
    assert "「引用」" in _para('"引用"', "ja")


def test_source_and_msgids_keep_plain_spaces(built) -> None:
    """The rules run on the edition copy: the source tree and catalogs are untouched."""
    pot = (built.parent / "source" / "axe-russie-coree-du-nord.pot").read_text(encoding="utf-8")
    assert NNBSP not in pot and "3 000" in pot
    html = (built / "fr" / "axe-russie-coree-du-nord.html").read_text(encoding="utf-8")
    assert f"3{NNBSP}000" in html and f"«{NNBSP}" in html

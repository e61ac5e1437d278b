"""Footnote calls where each language puts them (Chicago for English, JIS for Japanese)."""
from __future__ import annotations

from pathlib import Path

import pytest
from pdftext import pages_text
from projects import SLUG

from frspub.translation import callplace, segments


class Tree:
    def __init__(self, blocks: list) -> None:
        self.blocks, self.notes, self.fields = blocks, {}, {}


def placed(markdown: str, lang: str) -> str:
    blocks = segments.from_markdown([markdown])[0]
    tree = Tree(blocks)
    callplace.apply(tree, lang)
    return segments.to_markdown([tree.blocks[0]["c"]])[0]


@pytest.mark.parametrize("text, want", [
    ("the treaty[^5].", "the treaty.[^5]"),
    ("first[^1], then", "first,[^1] then"),
    ("a claim[^2]; another", "a claim;[^2] another"),
    ('he said "we will win[^6]" today', "he said “we will win”[^6] today"),
    ('he said "we will win[^6]." today', "he said “we will win.”[^6] today"),
    ("(see the annex[^3]).", "(see the annex).[^3]"),
    ("a break[^4] — then", "a break[^4] — then"),
    ("already right.[^7]", "already right.[^7]"),
    ("signed[^5][^6]. Then", "signed.[^5][^6] Then"),  # a run of calls moves as one
])
def test_english_calls_follow_the_punctuation(text: str, want: str) -> None:
    assert placed(text, "en") == want


@pytest.mark.parametrize("text, want", [
    ("署名された。[^5]", "署名された[^5]。"),
    ("第一に、[^1]第二に", "第一に[^1]、第二に"),
    ("「条約」[^2]。", "「条約」[^2]。"),
    ("署名された[^5]。", "署名された[^5]。"),
])
def test_japanese_calls_precede_the_full_stop(text: str, want: str) -> None:
    assert placed(text, "ja") == want


@pytest.mark.parametrize("text, want", [
    ("le traité.[^5]", "le traité[^5]."),
    ("puis,[^1] ensuite", "puis[^1], ensuite"),
    ("le traité[^5].", "le traité[^5]."),
])
def test_french_calls_precede_the_punctuation(text: str, want: str) -> None:
    assert placed(text, "fr") == want


def test_built_english_and_japanese_editions(built: Path) -> None:
    en = " ".join(" ".join(pages_text(built / "en" / f"{SLUG}.pdf", layout=False)).split())
    assert "troops to Russia.* According" in en  # the French "Russie[^*]." as English puts it
    ja = "".join(pages_text(built / "ja" / f"{SLUG}.pdf", layout=False)).replace("\n", "")
    assert "確認した(*)。" in ja or "確認した*。" in ja

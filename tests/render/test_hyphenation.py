"""Hyphenation in print: US patterns for the US-spelled English edition, names never split."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pikepdf
import pyphen
import pytest
from projects import SLUG

BREAK = re.compile(r"(\S+)\u2010\n(\S+)")  # WeasyPrint's hyphen at a line end


def breaks(pdf: Path) -> list[tuple[str, str]]:
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return BREAK.findall(text)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_capitalised_word_is_split(built: Path, lang: str) -> None:
    found = breaks(built / lang / f"{SLUG}.pdf")
    assert found, "the text is hyphenated at all"
    assert [f"{a}-{b}" for a, b in found if a[:1].isupper()] == []


def test_english_breaks_follow_us_patterns(built: Path) -> None:
    us = pyphen.Pyphen(lang="en_US")
    with pikepdf.open(built / "en" / f"{SLUG}.pdf") as pdf:
        assert str(pdf.Root.Lang) == "en-US"
    for head, tail in breaks(built / "en" / f"{SLUG}.pdf"):
        word = re.sub(r"\W+$", "", head + tail)
        word = re.sub(r"^\W+", "", word)
        head = re.sub(r"^\W+", "", head)
        if "-" in word or not word.isalpha():
            continue
        assert len(head) in us.positions(word), f"{head}-{tail[:len(word) - len(head)]} is not a US break of {word}"

"""The Sommaire of a note whose chapters are `###` and whose headings hold links and emphasis,
the scripts every edition prints, and an image inside a sentence (issue 20): built once, in
French and Japanese."""
from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lhtml
from projects import ROOT

from frspub.cli import main

NOTE = """---
title: Une thèse
author: A
date: 2025-01-07
issn: 2273-4643
publisher:
  name: FRS
copyright: © FRS
legal: L
---

### <span id="anchor-1"></span>Premier chapitre

Du grec : ἀρχή, ά ί ό ; du russe : Москва ; du vietnamien : Hà Nội ; du polonais : Łódź.

#### Sous-partie avec [un lien](https://example.org/) et *emphase*

Voir [le chapitre](#anchor-1), et le symbole ![un carré rouge](carre.png) dans la phrase.

##### Un niveau trop profond pour le Sommaire

Texte.

### Second chapitre

Fin.
"""


@pytest.fixture(scope="module")
def thesis(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("thesis")
    (root / "source" / "fr").mkdir(parents=True)
    (root / "source" / "ja").mkdir()
    shutil.copytree(ROOT / "templates", root / "templates")
    (root / "source" / "fr" / "these.md").write_text(NOTE, encoding="utf-8")
    from PIL import Image

    Image.new("RGB", (24, 24), (200, 0, 0)).save(root / "source" / "fr" / "carre.png")
    assert main(["update", "-C", str(root), "-q"]) == 0
    assert main(["build", "-C", str(root), "-q", "--no-site"]) == 0
    return root / "build"


def test_the_sommaire_lists_the_two_highest_levels_present(thesis: Path) -> None:
    doc = lhtml.fromstring((thesis / "fr" / "these.html").read_bytes())
    entries = [a.text_content() for a in doc.xpath("//nav[contains(@class, 'toc')]//a")]
    assert entries == ["Premier chapitre", "Sous-partie avec un lien et emphase", "Second chapitre"]
    assert doc.xpath("//nav//a//a") == [] and doc.xpath("//nav//a//em")  # emphasis kept, no nested link
    assert [h.tag for h in doc.xpath("//div[@id='text']//*[self::h2 or self::h3 or self::h4]")] == \
        ["h2", "h3", "h4", "h2"]  # the chapters are sections under the title
    ids = doc.xpath("//@id")
    assert len(ids) == len(set(ids))
    assert doc.xpath("//a[normalize-space()='le chapitre']/@href") == ["#premier-chapitre"]


def test_the_pdf_page_number_stays_after_the_entry(thesis: Path) -> None:
    text = subprocess.run(["pdftotext", "-layout", str(thesis / "fr" / "these.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    lines = [line.strip() for line in text.splitlines() if "Sous-partie avec" in line]
    assert re.fullmatch(r"Sous-partie avec un lien et emphase[ .]*\d+", lines[0]), lines


@pytest.mark.parametrize("lang", ["fr", "ja"])
def test_greek_cyrillic_and_accented_latin_print_in_every_edition(thesis: Path, lang: str) -> None:
    text = subprocess.run(["pdftotext", str(thesis / lang / "these.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    for words in ("ἀρχή", "ά ί ό", "Москва", "Hà Nội", "Łódź"):
        assert words in text, (lang, words)


def test_an_image_inside_a_sentence_shows_in_its_line_in_every_format(thesis: Path) -> None:
    for lang in ("fr", "ja"):
        doc = lhtml.fromstring((thesis / lang / "these.html").read_bytes())
        [img] = doc.xpath("//p//img[contains(@class, 'frs-inline')]")
        assert img.get("src").startswith("data:image/png;base64,") and img.get("alt") == "un carré rouge"
        with zipfile.ZipFile(thesis / lang / "these.epub") as z:
            found = [img for n in z.namelist() if n.endswith(".xhtml")
                     for img in etree.fromstring(z.read(n)).xpath("//*[local-name()='p']//*[local-name()='img']")]
        assert [img.get("alt") for img in found] == ["un carré rouge"]
        listing = subprocess.run(["pdfimages", "-list", str(thesis / lang / "these.pdf")],
                                 capture_output=True, text=True, check=True).stdout
        assert len(listing.splitlines()) == 3  # two header lines, one image: the square

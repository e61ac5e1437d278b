"""Each translated edition says what it comes from, who made it and what is still in French."""
from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest
from lxml import html as lhtml
from pdftext import pages_text
from projects import ROOT, SLUG

from frspub.cli import main

VERSION = hashlib.sha256((ROOT / "source" / "fr" / f"{SLUG}.md").read_bytes()).hexdigest()[:8]
CREDIT = f"Translated by frspub contributors from the French text of January 7, 2025 (version {VERSION})."


@pytest.fixture(scope="module")
def one_passage_in_french(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project with one English msgstr emptied, built in English."""
    from projects import copy_project

    root = copy_project(ROOT, tmp_path_factory.mktemp("lineage"))
    po = root / "source" / "en" / f"{SLUG}.po"
    text = po.read_text(encoding="utf-8")
    assert text.count('msgstr "A Strategic Partnership in Action…"') == 1
    po.write_text(text.replace('msgstr "A Strategic Partnership in Action…"', 'msgstr ""'), encoding="utf-8")
    assert main(["build", "-C", str(root), "-q", "--lang", "en"]) == 0
    return root / "build"


def test_complete_english_edition_credits_translator_and_french_version(built: Path) -> None:
    root = lhtml.parse(str(built / "en" / f"{SLUG}.html")).getroot()
    assert root.xpath("string(//p[@class='lineage'])").strip() == CREDIT
    assert not root.xpath("//*[@class='untranslated-notice']")
    assert CREDIT in " ".join(" ".join(pages_text(built / "en" / f"{SLUG}.pdf", layout=False)).split())
    with zipfile.ZipFile(built / "en" / f"{SLUG}.epub") as z:
        assert CREDIT in "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))


def test_japanese_credit_is_in_japanese(built: Path) -> None:
    root = lhtml.parse(str(built / "ja" / f"{SLUG}.html")).getroot()
    assert root.xpath("string(//p[@class='lineage'])").strip() == \
        f"本書は、2025年1月7日付のフランス語原文（バージョン{VERSION}）をfrspub contributorsが翻訳したものである。"


def test_french_edition_has_no_lineage(built: Path) -> None:
    assert not lhtml.parse(str(built / "fr" / f"{SLUG}.html")).getroot().xpath("//p[@class='lineage']")


def test_a_passage_in_french_is_marked_and_counted(one_passage_in_french: Path) -> None:
    root = lhtml.parse(str(one_passage_in_french / "en" / f"{SLUG}.html")).getroot()
    french = root.xpath("//main//*[@lang='fr' and contains(@class, 'frs-untranslated')]")
    assert [el.text_content() for el in french] == ["Un partenariat stratégique en action…"] * 2  # Sommaire, heading
    notice = "1 passage of this edition is not yet translated and is given in French."
    assert [el.text_content().strip() for el in root.xpath("//*[@class='untranslated-notice']")] == [notice, notice]
    pdf = " ".join(" ".join(pages_text(one_passage_in_french / "en" / f"{SLUG}.pdf", layout=False)).split())
    assert pdf.count(notice) == 2  # under the title and in the colophon
    with zipfile.ZipFile(one_passage_in_french / "en" / f"{SLUG}.epub") as z:
        xhtml = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))
    assert '<span class="frs-untranslated" lang="fr">Un partenariat stratégique en action…</span></h1>' in xhtml
    assert notice in xhtml


def test_the_site_shows_the_state_next_to_the_edition(one_passage_in_french: Path) -> None:
    site = lhtml.parse(str(one_passage_in_french / "index.en.html")).getroot()
    english = site.xpath("//section[@aria-labelledby='ed-%s-en']" % SLUG)[0]
    text = " ".join(english.text_content().split())
    assert "1 passage of this edition is not yet translated" in text and VERSION in text

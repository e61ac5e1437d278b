"""Each translated edition says what it comes from, who made it and what is still in French."""
from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from lxml import html as lhtml
from pdftext import pages_text
from projects import ROOT, SLUG

from frspub.cli import main

VERSION = hashlib.sha256((ROOT / "source" / "fr" / f"{SLUG}.md").read_bytes()).hexdigest()[:8]
TITLE = "L’axe stratégique Russie-Corée du Nord\u00a0: une évaluation"  # French typography: no-break space
# The sample catalogs name nobody (gettext's placeholder): no name, the original's title and date.
CREDIT = f"Translated from the French. Original edition: {TITLE}, January 7, 2025."


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


def epub_text(epub: Path) -> str:
    with zipfile.ZipFile(epub) as z:
        pages = [lhtml.fromstring(z.read(n)).text_content() for n in z.namelist() if n.endswith(".xhtml")]
    return " ".join(" ".join(pages).split())


def test_a_placeholder_credits_nobody_and_names_the_original(built: Path) -> None:
    root = lhtml.parse(str(built / "en" / f"{SLUG}.html")).getroot()
    assert root.xpath("string(//p[@class='lineage'])").strip() == CREDIT
    assert root.xpath("//p[@class='lineage']/cite[@lang='fr']/text()") == [TITLE]
    assert not root.xpath("//*[@class='untranslated-notice']")
    pdf = " ".join(" ".join(pages_text(built / "en" / f"{SLUG}.pdf", layout=False)).split())
    assert CREDIT.replace("\u00a0", " ") in pdf.replace("\u00a0", " ")
    assert " ".join(CREDIT.split()) in epub_text(built / "en" / f"{SLUG}.epub")  # split(): NBSP too
    for fmt in ("html", "epub"):  # the hash is for machines: metadata, never the reader's text
        text = (built / "en" / f"{SLUG}.html").read_text() if fmt == "html" else epub_text(built / "en" / f"{SLUG}.epub")
        assert f"version {VERSION}" not in text and "FULL NAME" not in text and "frspub contributors" not in text


def test_japanese_lineage_is_in_japanese(built: Path) -> None:
    root = lhtml.parse(str(built / "ja" / f"{SLUG}.html")).getroot()
    assert root.xpath("string(//p[@class='lineage'])").strip() == f"本書は、2025年1月7日付のフランス語原文『{TITLE}』の翻訳である。"


@pytest.mark.parametrize(("header", "yaml", "credit"), [
    ("Jane Doe <jane@example.org>", "", "Translated from the French by Jane Doe."),
    ("Weblate Translation Team <noreply@example.org>", "", "Translated from the French. Original"),
    ("", "", "Translated from the French. Original"),
    ("Jane Doe <jane@example.org>", "translators: {en: John Roe}\n", "Translated from the French by John Roe."),
])
def test_the_credit_is_a_person_or_nobody(tmp_path: Path, header: str, yaml: str, credit: str) -> None:
    """Last-Translator names the translator unless it is a placeholder (a tool, a team, empty);
    the note's `translators:` wins over it."""
    from projects import copy_project

    root = copy_project(ROOT, tmp_path / "p")
    po = root / "source" / "en" / f"{SLUG}.po"
    po.write_text(po.read_text(encoding="utf-8").replace("FULL NAME <EMAIL@ADDRESS>", header), encoding="utf-8")
    if yaml:
        md = root / "source" / "fr" / f"{SLUG}.md"
        md.write_text(md.read_text(encoding="utf-8").replace("\ndate:", f"\n{yaml}date:", 1), encoding="utf-8")
    assert main(["build", "-C", str(root), "-q", "--lang", "en", "--format", "html"]) == 0
    page = lhtml.parse(str(root / "build" / "en" / f"{SLUG}.html")).getroot()
    assert page.xpath("string(//p[@class='lineage'])").strip().startswith(credit)
    data = json.loads(page.xpath("string(//script[@type='application/ld+json'])"))
    named = credit.removeprefix("Translated from the French by ").rstrip(".") if " by " in credit else None
    assert (data.get("translator") or {}).get("name") == named


def test_check_warns_at_the_placeholder_header_and_strict_refuses(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture) -> None:
    from projects import copy_project

    root = copy_project(ROOT, tmp_path / "p")
    assert main(["check", "-C", str(root), "--lang", "en"]) == 0
    err = capsys.readouterr().err
    assert f"source/en/{SLUG}.po:10: warning: translator credit: the Last-Translator header is " \
           "'FULL NAME <EMAIL@ADDRESS>', which names nobody" in err
    assert main(["check", "-C", str(root), "--lang", "en", "--strict"]) == 1


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
    headings = [h for h in lhtml.fromstring(xhtml.encode()).xpath("//h1/span[@class='frs-untranslated' and @lang='fr']")]
    assert [h.text_content() for h in headings] == ["Un partenariat stratégique en action…"]  # short words kept together inside
    assert notice in xhtml


def test_the_site_shows_the_state_next_to_the_edition(one_passage_in_french: Path) -> None:
    site = lhtml.parse(str(one_passage_in_french / "index.en.html")).getroot()
    english = site.xpath("//section[@aria-labelledby='ed-%s-en']" % SLUG)[0]
    text = " ".join(english.text_content().split())
    assert "1 passage of this edition is not yet translated" in text and "Original edition:" in text

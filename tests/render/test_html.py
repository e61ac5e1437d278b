"""The HTML editions, parsed with lxml."""
from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lhtml
from projects import SLUG

LANGS = ("fr", "en", "ja")
LABELS = ["*", *map(str, range(1, 12))]


def page(built: Path, lang: str) -> lhtml.HtmlElement:
    return lhtml.parse(str(built / lang / f"{SLUG}.html")).getroot()


@pytest.mark.parametrize("lang", LANGS)
def test_language_and_front_matter(built: Path, lang: str) -> None:
    root = page(built, lang)
    assert root.get("lang") == lang
    assert root.xpath("//meta[@name='viewport']")
    text = root.text_content()
    assert "ISSN" in text and "2273-4644" in text
    assert ("L. 335-2" if lang == "en" else "L.335-2") in text.replace("\u00a0", " ")  # Légifrance form in English
    # JSON-LD and the lineage block are data, not code: the only script elements allowed
    assert not root.xpath("//script[not(@type='application/ld+json' or @type='application/json')] | "
                          "//link[@rel='stylesheet'] | "
                          "//img[starts-with(@src,'http')]"), "the page must be self-contained"


@pytest.mark.parametrize("lang", LANGS)
def test_toc_links_to_the_sections(built: Path, lang: str) -> None:
    root = page(built, lang)
    links = root.xpath("//nav[contains(@class,'toc')]//a/@href")
    assert len(links) == 9
    for href in links:
        assert href.startswith("#") and root.xpath(f"//*[@id='{href[1:]}']")


@pytest.mark.parametrize("lang", LANGS)
def test_toc_numbers_sections_and_nests_sub_sections(built: Path, lang: str) -> None:
    toc = page(built, lang).xpath("//nav[contains(@class,'toc')]/ol")[0]
    assert len(toc.xpath("./li")) == 7  # numbered 1-7 by the browser
    assert [len(li.xpath("./ul/li")) for li in toc.xpath("./li")] == [0, 2, 0, 0, 0, 0, 0]


@pytest.mark.parametrize("lang", LANGS)
def test_notes_are_linked_both_ways_with_fixed_labels(built: Path, lang: str) -> None:
    root = page(built, lang)
    calls = root.xpath("//a[@role='doc-noteref']")
    assert [a.text_content() for a in calls] == LABELS if lang == "fr" else \
        sorted(a.text_content() for a in calls) == sorted(LABELS)
    for a in calls:
        target = root.xpath(f"//*[@id='{a.get('href')[1:]}']")
        assert target and target[0].get("role") == "doc-footnote"
        back = target[0].xpath(".//a[@role='doc-backlink']")[0]
        assert back.get("href") == f"#{a.get('id')}"
        assert back.text_content() == a.text_content()


def test_same_note_same_citation_in_every_language(built: Path) -> None:
    """Note 7 is the Moscow Times article in the three languages."""
    for lang in LANGS:
        note = page(built, lang).xpath("//*[@id='fn-7']")[0].text_content()
        assert "Moscow Times" in note and "9M" in note


def test_links_to_other_languages_and_downloads(built: Path) -> None:
    root = page(built, "en")
    alternates = {a.get("hreflang"): a.get("href") for a in root.xpath("//nav[contains(@class,'languages')]//a")}
    assert alternates == {"fr": f"../fr/{SLUG}.html", "ja": f"../ja/{SLUG}.html"}
    hrefs = root.xpath("//a/@href")
    assert f"{SLUG}.pdf" in hrefs and f"{SLUG}.epub" in hrefs
    for href in alternates.values():
        assert (built / "en" / href).resolve().exists()


def test_translated_labels_and_dates(built: Path) -> None:
    assert "7 janvier 2025" in page(built, "fr").text_content()
    en, ja = page(built, "en"), page(built, "ja")
    assert "January 7, 2025" in en.text_content() and "2025年1月7日" in ja.text_content()
    assert en.xpath("//nav[contains(@class,'toc')]/h2")[0].text_content() == "Contents"
    assert ja.xpath("//nav[contains(@class,'toc')]/h2")[0].text_content() == "目次"


@pytest.mark.parametrize("lang", ["fr", "en", "ja"])
def test_colophon_names_the_foundation_once(built: Path, lang: str) -> None:
    colophon = page(built, lang).xpath("//footer[contains(@class, 'colophon')]")[0]
    names = [p.text_content() for p in colophon.xpath(".//*[contains(@class, 'foundation-name')]")]
    assert len(names) == 1, names


@pytest.mark.parametrize("lang, phone, country", [
    ("fr", "01.43.13.77.77", None), ("en", "+33 1 43 13 77 77", "France"), ("ja", "+33 1 43 13 77 77", "フランス")])
def test_contact_data_follows_the_reader(built: Path, lang: str, phone: str, country: str | None) -> None:
    """The French keeps the author's form; readers abroad get the international number and the country."""
    import subprocess
    import zipfile

    colophon = page(built, lang).xpath("string(//footer[contains(@class, 'colophon')])")
    pdf = subprocess.run(["pdftotext", str(built / lang / f"{SLUG}.pdf"), "-"], capture_output=True, text=True,
                         check=True).stdout
    assert phone in colophon and phone in pdf
    with zipfile.ZipFile(built / lang / f"{SLUG}.epub") as z:
        epub = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))
    address = "55 rue Raspail 92300 Levallois-Perret"
    for text in (colophon, pdf, epub):
        if country is None:
            assert address in text and f"{address}," not in text
        else:
            assert (f"{address}（{country}）" if lang == "ja" else f"{address}, {country}") in text


@pytest.mark.parametrize("lang, issn", [("fr", "ISSN\u00a0: 2273-4644"), ("en", "French edition: ISSN 2273-4644"),
                                        ("ja", "フランス語版：ISSN 2273-4644")])
def test_colophon_labels_follow_each_language(built: Path, lang: str, issn: str) -> None:
    """French spacing before the colon (a no-break space); ISO 3297's "ISSN 2273-4644" elsewhere."""
    import subprocess
    import zipfile

    colophon = page(built, lang).xpath("string(//footer[contains(@class, 'colophon')])")
    assert issn in colophon
    if lang == "fr":
        assert "Directeur de la publication\u00a0: " in colophon and " : " not in colophon
    with zipfile.ZipFile(built / lang / f"{SLUG}.epub") as z:
        epub = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))
    assert issn in epub
    pdf = subprocess.run(["pdftotext", str(built / lang / f"{SLUG}.pdf"), "-"], capture_output=True, text=True,
                         check=True).stdout
    assert issn.replace("\u00a0", " ") in pdf.replace("\u00a0", " ")

"""frspub.identity: ISSN check digits, per-language identifiers, landing-page metadata."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import html as lhtml
from projects import SLUG

from frspub.note import identity

LANGS = ("fr", "en", "ja")


@pytest.mark.parametrize("issn, ok", [("0317-8471", True), ("2049-3630", True), ("0000-006X", True),
                                      ("2273-4643", True), ("2273-4644", False), ("0317-8472", False)])
def test_iso_3297_check_digit(issn: str, ok: bool) -> None:
    assert (identity.issn_problem(issn) == "") is ok


def test_wrong_identifiers_are_warnings_at_their_lines() -> None:
    meta = {"issn": "2273-4644", "doi": "doi:10.1/x", "editions": {"en": {"issn": "2049-3631", "doi": "10.1234/a.en"}}}
    lines = {"issn": 19, "doi": 20, "editions.en.issn": 23, "editions.en.doi": 24}
    found = identity.meta_warnings(meta, lines, "n.md")
    assert [str(p) for p in found] == [
        "n.md:19: warning: ISSN 2273-4644 has a wrong check digit: ISO 3297 gives 2273-4643",
        "n.md:20: warning: DOI 'doi:10.1/x' does not look like 10.NNNN/suffix",
        "n.md:23: warning: ISSN 2049-3631 has a wrong check digit: ISO 3297 gives 2049-3630"]


def test_each_language_edition_has_its_own_identifiers_or_names_the_originals() -> None:
    """ISSN Manual: each language edition has its own ISSN; the serial's is the French edition's, so a
    translation without its own declares none and its colophon names the French edition's."""
    meta = {"issn": "2273-4643", "doi": "10.1234/frs.1", "editions": {"en": {"issn": "2049-3630", "doi": "10.1234/frs.1.en"}}}
    assert [identity.issn(meta, lang) for lang in LANGS] == ["2273-4643", "2049-3630", ""]
    assert [identity.original_issn(meta, lang) for lang in LANGS] == ["", "", "2273-4643"]
    assert [identity.doi(meta, lang) for lang in LANGS] == ["10.1234/frs.1", "10.1234/frs.1.en", ""]


def test_the_real_notes_issn_is_reported_and_the_build_goes_on(built: Path) -> None:
    """The seed's ISSN fails ISO 3297; frspub says so and publishes (the author's data stays)."""
    assert (built / "fr" / f"{SLUG}.pdf").is_file()
    assert identity.issn_problem("2273-4644").endswith("gives 2273-4643")


def head(built: Path, lang: str) -> lhtml.HtmlElement:
    return lhtml.parse(str(built / lang / f"{SLUG}.html")).getroot()


@pytest.mark.parametrize("lang", LANGS)
def test_html_editions_are_landing_pages(built: Path, lang: str) -> None:
    root = head(built, lang)
    tags = {m.get("name"): m.get("content") for m in root.xpath("//meta[starts-with(@name, 'citation_')]")}
    assert tags["citation_pdf_url"] == f"{SLUG}.pdf" and (built / lang / tags["citation_pdf_url"]).is_file()
    assert tags["citation_language"] == lang and tags.get("citation_issn") == ("2273-4644" if lang == "fr" else None)
    assert ("isPartOf" in json.loads(root.xpath("string(//script[@type='application/ld+json'])"))) == (lang == "fr")
    assert tags["citation_author"] == "Valérie Niquet" and tags["citation_publication_date"] == "2025/01/07"
    assert tags["citation_title"] == root.xpath("string(//h1)").strip()
    data = json.loads(root.xpath("string(//script[@type='application/ld+json'])"))
    assert data["@type"] == "ScholarlyArticle" and data["inLanguage"] == lang
    others = {f"../{o}/{SLUG}.html" for o in LANGS if o != lang}
    if lang == "fr":
        assert {t["@id"] for t in data["workTranslation"]} == others
    else:
        assert data["translationOfWork"]["@id"] == f"../fr/{SLUG}.html"
        assert "translator" not in data  # the sample catalogs name nobody (gettext's placeholder)
    alternates = {a.get("hreflang"): a.get("href") for a in root.xpath("//link[@rel='alternate']")}
    assert alternates["x-default"] == (f"{SLUG}.html" if lang == "fr" else f"../fr/{SLUG}.html")
    assert {alternates[o] for o in LANGS if o != lang} == others
    assert root.xpath("//meta[@property='og:title']/@content") == [tags["citation_title"]]


@pytest.mark.parametrize("lang", LANGS)
def test_colophon_web_address_and_email_are_links(built: Path, lang: str) -> None:
    hrefs = head(built, lang).xpath("//dl[@class='contact']//a/@href")
    assert hrefs == ["https://www.frstrategie.org", "mailto:contact@frstrategie.org"]


def test_with_a_base_url_the_landing_metadata_is_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Search engines ignore a relative hreflang; a shared page's og:url must stand on its own."""
    from projects import DATA, copy_project

    from frspub.cli import main

    root = copy_project(DATA / "sample", tmp_path / "proj")
    for lang in ("en", "ja"):
        (root / "source" / lang).mkdir()
    assert main(["update", "-C", str(root), "-q"]) == 0
    monkeypatch.setenv("FRSPUB_BASE_URL", "https://pub.example.org/notes")
    assert main(["build", "-C", str(root), "-q", "-j", "1", "--format", "html", "--lang", "fr"]) == 0
    base, slug = "https://pub.example.org/notes/", "note-exemple"
    page = lhtml.parse(str(root / "build" / "fr" / f"{slug}.html")).getroot()
    assert page.xpath("string(//meta[@name='citation_pdf_url']/@content)") == f"{base}fr/{slug}.pdf"
    assert page.xpath("string(//meta[@property='og:url']/@content)") == f"{base}fr/{slug}.html"
    data = json.loads(page.xpath("string(//script[@type='application/ld+json'])"))
    assert data["@id"] == data["url"] == f"{base}fr/{slug}.html"
    assert {t["@id"] for t in data["workTranslation"]} == {f"{base}{lang}/{slug}.html" for lang in ("en", "ja")}
    alternates = {a.get("hreflang"): a.get("href") for a in page.xpath("//link[@rel='alternate']")}
    assert alternates == {lang: f"{base}{lang}/{slug}.html" for lang in ("fr", "en", "ja")} | \
        {"x-default": f"{base}fr/{slug}.html"}
    # the page's own links stay relative: build/ works wherever it is copied
    assert page.xpath("//nav[contains(@class,'languages')]//a/@href") == [f"../en/{slug}.html", f"../ja/{slug}.html"]


def test_the_address_names_its_country_in_each_languages_punctuation() -> None:
    """Readers abroad get the country; a Western comma before katakana mixes conventions (a second reader)."""
    from frspub.note import contact

    meta = {"contact": {"country": "FR"}}
    raw = "55 rue Raspail 92300 Levallois-Perret"
    assert contact.address(raw, meta, "fr") == raw
    assert contact.address(raw, meta, "en") == f"{raw}, France"
    assert contact.address(raw, meta, "ja") == f"{raw}（フランス）"

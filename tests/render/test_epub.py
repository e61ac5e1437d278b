"""The EPUB editions: EPUBCheck (real, Java), note labels read back from the XHTML."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree
from projects import SLUG
from validators import epubcheck_errors

from frspub.cli import main

LANGS = ("fr", "en", "ja")
LABELS = ["*", *map(str, range(1, 12))]
NS = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops",
      "opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}


def epub(built: Path, lang: str) -> Path:
    return built / lang / f"{SLUG}.epub"


def xhtml_files(path: Path) -> dict[str, etree._Element]:
    with zipfile.ZipFile(path) as z:
        return {n: etree.fromstring(z.read(n)) for n in z.namelist() if n.endswith(".xhtml")}


def opf(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read("EPUB/content.opf"))


@pytest.mark.parametrize("lang", [*LANGS, "ar"])
def test_epubcheck_reports_nothing(built: Path, rtl_built: Path, lang: str) -> None:
    # the Arabic EPUB (render/rtl: right-to-left spine and pages) in the same Java process
    files = [epub(built, code) for code in LANGS] + [epub(rtl_built / "build", "ar")]
    assert epubcheck_errors(files)[files[-1] if lang == "ar" else epub(built, lang)] == []


@pytest.mark.parametrize("lang", LANGS)
def test_note_labels_survive_the_split_into_files(built: Path, lang: str) -> None:
    files = xhtml_files(epub(built, lang))
    refs, notes = [], []
    chapters_with_notes = set()
    for name, root in sorted(files.items()):
        for a in root.xpath("//x:a[@epub:type='noteref']", namespaces=NS):
            refs.append("".join(a.itertext()))
        for aside in root.xpath("//x:aside[@epub:type='footnote']", namespaces=NS):
            notes.append("".join(aside.xpath(".//x:a[@role='doc-backlink']", namespaces=NS)[0].itertext()))
            chapters_with_notes.add(name)
    assert sorted(refs) == sorted(LABELS) and sorted(notes) == sorted(LABELS)
    assert len(chapters_with_notes) > 1, "notes live in several files: labels must not restart"
    if lang == "fr":
        assert refs == LABELS


@pytest.mark.parametrize("lang", LANGS)
def test_metadata_nav_and_front_matter(built: Path, lang: str) -> None:
    meta = opf(epub(built, lang))
    assert meta.xpath("//dc:language/text()", namespaces=NS) == [lang]
    # the name as the edition's readers write it (the original: its alternate-script, see below)
    assert meta.xpath("//dc:creator/text()", namespaces=NS) == ["ヴァレリー・ニケ" if lang == "ja" else "Valérie Niquet"]
    assert meta.xpath("//dc:date/text()", namespaces=NS) == ["2025-01-07"]
    title_page = "".join(xhtml_files(epub(built, lang))["EPUB/text/title_page.xhtml"].itertext())
    assert {"fr": "7 janvier 2025", "en": "January 7, 2025", "ja": "2025年1月7日"}[lang] in title_page
    assert meta.xpath("//dc:publisher/text()", namespaces=NS)
    assert meta.xpath("//dc:title/text()", namespaces=NS)
    files = xhtml_files(epub(built, lang))
    nav = files["EPUB/nav.xhtml"]
    assert len(nav.xpath("//x:nav[@epub:type='toc']//x:a", namespaces=NS)) >= 9
    front = [r for r in files.values() if r.xpath("//x:body[@epub:type='frontmatter']//*[@epub:type='copyright-page']",
                                                  namespaces=NS)]
    assert front, "a front-matter section with the legal notice"
    text = "".join(front[0].itertext())
    assert "2273-4644" in text and "335-2" in text  # the legal notice (L.335-2; L. 335-2 in English)
    with zipfile.ZipFile(epub(built, lang)) as z:
        assert not [n for n in z.namelist() if n.lower().endswith((".otf", ".ttf", ".ttc", ".woff", ".woff2"))]


def test_identifier_is_stable_across_builds(built: Path, tmp_path: Path) -> None:
    project = built.parent
    first = opf(epub(built, "en")).xpath("//dc:identifier/text()", namespaces=NS)
    assert main(["build", "-C", str(project), "--lang", "en", "--format", "epub", "-q", "--no-site"]) == 0
    assert opf(epub(built, "en")).xpath("//dc:identifier/text()", namespaces=NS) == first
    assert first[0].startswith("urn:uuid:")


@pytest.mark.parametrize("lang, author", [("fr", "Valérie Niquet"), ("en", "Valérie Niquet"), ("ja", "ヴァレリー・ニケ")])
def test_package_metadata_a_library_reads(built: Path, lang: str, author: str) -> None:
    """dc:description is the note's summary (not "ISSN … — date"); the author has a file-as (calibre
    sorted it under "Unknown"); the Japanese edition names the author one way, as its cover does,
    the original name being the creator's alternate script."""
    root = opf(epub(built, lang))
    creator = root.find(".//dc:creator", NS)
    assert creator.text == author
    refines = {m.get("property"): m for m in root.iterfind(".//opf:meta", NS)
               if m.get("refines") == f"#{creator.get('id')}"}
    assert refines["file-as"].text == "Niquet, Valérie"
    if lang == "ja":
        alternate = refines["alternate-script"]
        assert alternate.text == "Valérie Niquet"
        assert alternate.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    else:
        assert "alternate-script" not in refines
    description = root.findtext(".//dc:description", namespaces=NS)
    assert len(description) > 80 and "ISSN" not in description
    pages = xhtml_files(epub(built, lang))
    title_page = next(page for name, page in pages.items() if name.endswith("title_page.xhtml"))
    shown = " ".join(title_page.itertext())
    assert author in shown and (lang != "ja" or "Valérie Niquet" not in shown)


# The contact block as each edition's readers write it: the phone in international form abroad.
CONTACT = {"fr": ("Site", "01.43.13.77.77", "Courriel"), "en": ("Website", "+33 1 43 13 77 77", "Email"),
           "ja": ("ウェブサイト", "+33 1 43 13 77 77", "メール")}


@pytest.mark.parametrize("lang", LANGS)
def test_the_colophon_carries_the_contact_block(built: Path, lang: str) -> None:
    """An EPUB reader abroad can write to or call the publisher, as a PDF or HTML reader can."""
    pages = xhtml_files(epub(built, lang))
    X = "{http://www.w3.org/1999/xhtml}"
    block = [dl for page in pages.values() for div in page.iter(f"{X}div") if div.get("class") == "contact"
             for dl in div.iter(f"{X}dl")]
    assert len(block) == 1
    terms = [dt.xpath("string()") for dt in block[0].iter(f"{X}dt")]
    values = [dd.xpath("string()").strip() for dd in block[0].iter(f"{X}dd")]
    site, phone, mail = CONTACT[lang]
    assert terms[:3] == [site, {"fr": "Téléphone", "en": "Telephone", "ja": "電話"}[lang], mail]
    assert values[:3] == ["www.frstrategie.org", phone, "contact@frstrategie.org"]
    hrefs = [a.get("href") for a in block[0].iter(f"{X}a")]
    assert hrefs == ["https://www.frstrategie.org", "mailto:contact@frstrategie.org"]

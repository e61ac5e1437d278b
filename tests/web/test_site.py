"""The download site written by `frspub build`: build/index.html (fr) and index.<lang>.html."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from lxml import html as lhtml
from projects import DATA, ROOT
from pypdf import PdfReader

from frspub.cli import main
from frspub.locale import long_date
from frspub.web import site

SLUG = "axe-russie-coree-du-nord"
LANGS = ("fr", "en", "ja")
PAGES = {"fr": "index.html", "en": "index.en.html", "ja": "index.ja.html"}
TITLES = {"fr": "L’axe stratégique Russie-Corée du Nord", "en": "The Russia–North Korea Strategic Axis",
          "ja": "ロシア・北朝鮮戦略枢軸の評価"}


def page(built: Path, lang: str) -> lhtml.HtmlElement:
    return lhtml.fromstring((built / PAGES[lang]).read_bytes())


def accessible_name(a: lhtml.HtmlElement) -> str:
    return " ".join(a.text_content().split())


def test_one_page_per_language_with_switcher(built: Path) -> None:
    for lang in LANGS:
        doc = page(built, lang)
        assert doc.get("lang") == lang
        alternates = {l.get("hreflang"): l.get("href") for l in doc.xpath("//head/link[@rel='alternate']")}
        assert alternates == PAGES
        nav = doc.xpath("//nav[contains(@class, 'languages')]")[0]
        assert [s.get("lang") for s in nav.xpath(".//*[@aria-current='page']")] == [lang]
        others = {a.get("hreflang"): a.get("href") for a in nav.xpath(".//a")}
        assert others == {k: v for k, v in PAGES.items() if k != lang}
        assert doc.xpath("//meta[@name='viewport']"), "readable on a phone"


def test_every_edition_linked_with_size_and_pages(built: Path) -> None:
    for page_lang in LANGS:
        doc = page(built, page_lang)
        hrefs = {a.get("href"): a for a in doc.xpath("//a[contains(@class, 'file')]")}
        assert set(hrefs) == {f"{lang}/{SLUG}.{fmt}" for lang in LANGS for fmt in ("pdf", "epub", "html")}
        for href, a in hrefs.items():
            target = built / href
            assert target.is_file()
            details = a.xpath(".//span[@class='file-details']")[0].text_content()
            assert site.size_text(target.stat().st_size, page_lang) in details
            if href.endswith(".pdf"):
                pages = len(PdfReader(target).pages)
                assert re.search(rf"\b{pages}\s*(pages|ページ)", details), details
                assert a.get("type") == "application/pdf" and a.get("download") is not None
            if href.endswith(".epub"):
                assert a.get("type") == "application/epub+zip" and a.get("download") is not None


def test_titles_author_and_date_in_each_language(built: Path) -> None:
    import datetime as dt

    for page_lang in LANGS:
        doc = page(built, page_lang)
        text = doc.text_content()
        assert "Valérie Niquet" in text
        assert long_date(dt.date(2025, 1, 7), page_lang) in text
        h2 = doc.xpath("//article//h2")[0]
        assert TITLES[page_lang] in h2.text_content() and h2.get("lang") == page_lang
        for lang in LANGS:
            shown = doc.xpath(f"//p[@class='edition-title'][@lang='{lang}']")
            assert shown and TITLES[lang] in shown[0].text_content()


def test_link_texts_are_meaningful_out_of_context(built: Path) -> None:
    for page_lang in LANGS:
        doc = page(built, page_lang)
        names = [accessible_name(a) for a in doc.xpath("//a[contains(@class, 'file')]")]
        assert len(names) == 9, names  # three formats in three languages
        assert len(set(names)) == len(names), "two links with the same text"
        for name in names:
            assert TITLES[page_lang] in name or TITLES["fr"] in name
            assert re.search(r"PDF|EPUB|page web|web page|ウェブページ", name), name
        # the English page names languages and formats in English
    en = [accessible_name(a) for a in page(built, "en").xpath("//a[contains(@class, 'file')]")]
    assert any("PDF in Japanese" in n for n in en), en


def test_nothing_loaded_from_the_network(built: Path) -> None:
    for lang in LANGS:
        doc = page(built, lang)
        assert not doc.xpath("//script[@src] | //img | //link[@rel='stylesheet'] | //iframe")
        for el in doc.xpath("//*[@href]"):  # data: is inline (the FRS mark as icon), not a request
            assert not re.match(r"^(?!data:)[a-z]+:", el.get("href")), el.get("href")
        # a page that names its icon is not asked for /favicon.ico (a 404 offline and when served)
        assert [i.get("href")[:19] for i in doc.xpath("//link[@rel='icon']")] == ["data:image/svg+xml,"]
        assert "frspub" not in doc.xpath("string(//footer)")  # the footer speaks of the foundation
        assert "url(" not in "".join(doc.xpath("//style/text()"))


def test_html_editions_link_to_their_files_languages_and_site(built: Path) -> None:
    for lang in LANGS:
        doc = lhtml.fromstring((built / lang / f"{SLUG}.html").read_bytes())
        hrefs = {a.get("href") for a in doc.xpath("//a[@href]")}
        assert {f"{SLUG}.pdf", f"{SLUG}.epub", f"../{PAGES[lang]}"} <= hrefs
        assert {f"../{other}/{SLUG}.html" for other in LANGS if other != lang} <= hrefs
        for href in hrefs:
            if not href.startswith(("#", "https://", "mailto:")):  # the colophon's web address and e-mail
                assert (built / lang / href).resolve().is_file(), href


def test_pdf_page_count_matches_pypdf(built: Path) -> None:
    for lang in LANGS:
        pdf = built / lang / f"{SLUG}.pdf"
        pages, title = site.read_pdf(pdf)
        assert pages == len(PdfReader(pdf).pages) and TITLES[lang] in title


def test_sizes_are_written_the_local_way() -> None:
    def size(n: int, lang: str) -> str:
        return re.sub(r"[\u00a0\u202f]", " ", site.size_text(n, lang))  # CLDR picks the no-break space

    assert size(53_809, "fr") == "54 ko"
    assert size(53_809, "en") == "54 kB"
    assert size(5_300, "en") == "5.3 kB"
    assert size(1_812_365, "fr") == "1,8 Mo"
    assert size(812, "en").startswith("812 ")


def test_site_lists_what_is_built_and_no_site_skips_it(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    shutil.copytree(DATA / "sample" / "source", root / "source")
    shutil.copytree(ROOT / "templates", root / "templates")
    assert main(["build", "-C", str(root), "-q", "--lang", "fr", "--format", "html", "--no-site"]) == 0
    assert not list((root / "build").glob("index*.html"))
    assert main(["build", "-C", str(root), "-q", "--lang", "fr", "--format", "html"]) == 0
    doc = lhtml.fromstring((root / "build" / "index.html").read_bytes())
    hrefs = [a.get("href") for a in doc.xpath("//a[contains(@class, 'file')]")]
    assert len(hrefs) == 1 and hrefs[0].startswith("fr/") and hrefs[0].endswith(".html")


def test_an_untranslated_title_is_marked_french() -> None:
    from frspub.note.source import read_note

    note = read_note(ROOT / "source" / "fr" / f"{SLUG}.md")
    french = site.source_title(note)
    files = {"fr": [site.File("pdf", "fr/x.pdf", 1, 8, french)],
             "en": [site.File("html", "en/x.html", 1, None, french)],  # fallback: published in French
             "ja": [site.File("epub", "ja/x.epub", 1)]}  # nothing to read a title from
    titles = site.titles(note, files)
    assert titles["fr"] == (french, "fr") and titles["en"] == (french, "fr") and titles["ja"] == (french, "fr")
    assert french.startswith("L’axe stratégique") and "\u00a0:" in french  # French typography

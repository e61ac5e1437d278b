"""Figures and tables in the built editions (tests/data/figures, built once in three languages):
images in every format, numbers and references that agree, alt texts, print layout."""
from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest
from lxml import etree
from lxml import html as lhtml
from pdftext import pages_text
from PIL import Image
from projects import DATA
from validators import epubcheck_errors

from frspub.translation import catalog

SLUG = "note-figures"
LANGS = ("fr", "en", "ja")
# What each edition prints: caption labels (with their separator) and references in the text.
CAPTIONS = {"fr": ("Figure\u00a01\u00a0: ", "Figure\u00a02\u00a0: ", "Tableau\u00a01\u00a0: "),
            "en": ("Figure\u00a01. ", "Figure\u00a02. ", "Table\u00a01. "),
            "ja": ("図1\u3000", "図2\u3000", "表1\u3000")}
IDS = ("fig-rason", "fig-echanges", "tbl-commerce")
# The references in reading order (rason, echanges, commerce, rason, commerce): lowercase in running
# text (Chicago 3.9 in English), capitalised where a reference opens a sentence ("Figure 1 locates").
REFERENCES = {"fr": ("figure\u00a01", "figure\u00a02", "tableau\u00a01", "figure\u00a01", "tableau\u00a01"),
              "en": ("Figure\u00a01", "figure\u00a02", "Table\u00a01", "figure\u00a01", "table\u00a01"),
              "ja": ("図1", "図2", "表1", "図1", "表1")}
REF_IDS = (*IDS, "fig-rason", "tbl-commerce")
MAP = {"fr": "carte.png", "en": "carte.png", "ja": "carte.ja.png"}


def out(root: Path, lang: str, ext: str) -> Path:
    return root / "build" / lang / f"{SLUG}.{ext}"


def alt_texts(lang: str) -> list[str]:
    """The map's and the chart's alt texts in `lang`, from the note or its catalog."""
    md = (DATA / "figures" / "source" / "fr" / f"{SLUG}.md").read_text(encoding="utf-8")
    french = [a.replace("'", "’") for a in re.findall(r'alt="([^"]+)"', md)]
    if lang == "fr":
        return french
    cat = catalog.load(DATA / "figures" / "source" / lang / f"{SLUG}.po", lang)
    return [cat.get(a).string for a in french]


def norm(text: str) -> str:
    return text.replace("\u202f", "\u00a0")


def spaces(text: str) -> str:
    """French typography puts no-break spaces in alt texts too: compare them as spaces."""
    return text.replace("\u202f", " ").replace("\u00a0", " ")


@pytest.mark.parametrize("lang", LANGS)
def test_html_shows_numbered_figures_and_linked_references(figures_built: Path, lang: str) -> None:
    root = lhtml.parse(str(out(figures_built, lang, "html"))).getroot()
    captions = [norm(c.text_content()) for c in root.xpath("//figcaption | //caption")]
    assert [c[: len(p)] for c, p in zip(captions, CAPTIONS[lang])] == list(CAPTIONS[lang]), captions
    assert [el.get("id") for el in root.xpath("//figure | //table[caption]")] == list(IDS)
    links = root.xpath("//a[contains(@class, 'frs-xref')]")
    assert [(a.get("href"), a.text_content()) for a in links] == \
        [(f"#{i}", r) for i, r in zip(REF_IDS, REFERENCES[lang])]
    imgs = root.xpath("//figure//img")
    assert [i.get("src")[:22] for i in imgs] == ["data:image/png;base64,", "data:image/svg+xml;bas"]
    assert [spaces(i.get("alt")) for i in imgs] == alt_texts(lang)
    shown = Image.open(io.BytesIO(__import__("base64").b64decode(imgs[0].get("src").split(",", 1)[1])))
    assert shown.tobytes() == Image.open(DATA / "figures" / "source" / "fr" / MAP[lang]).convert(shown.mode).tobytes()


@pytest.mark.parametrize("lang", LANGS)
def test_epub_carries_the_images_as_manifest_items_and_is_valid(figures_built: Path, lang: str) -> None:
    path = out(figures_built, lang, "epub")
    assert epubcheck_errors([out(figures_built, code, "epub") for code in LANGS])[path] == []
    with zipfile.ZipFile(path) as z:
        opf = etree.fromstring(z.read("EPUB/content.opf"))
        types = sorted(i.get("media-type") for i in opf.iter("{*}item") if i.get("media-type").startswith("image/"))
        assert types == ["image/png", "image/svg+xml"]
        xhtml = "".join(z.read(n).decode() for n in sorted(z.namelist()) if n.startswith("EPUB/text/"))
    for ref in REFERENCES[lang]:
        assert re.search(rf'class="frs-xref">{ref}</a>', xhtml), ref
    for alt in alt_texts(lang):
        assert f'alt="{alt}"' in spaces(xhtml)
    text = spaces(re.sub(r"<[^>]+>", "", xhtml))
    assert [spaces(c) in text for c in CAPTIONS[lang]] == [True] * 3


def test_html_editions_pass_the_nu_checker(figures_built: Path) -> None:
    from validators import vnu_errors

    assert vnu_errors([out(figures_built, lang, "html") for lang in LANGS]) == []


def page_images(pdf: Path) -> list[tuple[int, Image.Image]]:
    """(page number, picture) of every raster image drawn, as `pdfimages -list` sees them
    (WeasyPrint shares one resource dictionary between pages: listing resources says nothing)."""
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    found = []
    with pikepdf.open(pdf) as doc:
        for row in listing:
            cols = row.split()
            if cols[2] != "image":
                continue  # smask or stencil of an image listed before
            found.append((int(cols[0]), pikepdf.PdfImage(doc.get_object(int(cols[10]), int(cols[11]))).as_pil_image()))
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_prints_the_map_at_full_resolution_beside_its_reference(figures_built: Path, lang: str) -> None:
    pdf = out(figures_built, lang, "pdf")
    pages = [spaces(t) for t in pages_text(pdf, layout=False)]
    found = page_images(pdf)
    assert len(found) == 1, "one raster image (the map); the SVG chart is drawn as vectors"
    number, picture = found[0]
    source = Image.open(DATA / "figures" / "source" / "fr" / MAP[lang])
    assert picture.size == source.size == (1200, 900)
    assert picture.convert("RGB").tobytes() == source.convert("RGB").tobytes(), f"{lang} shows {MAP[lang]}"
    page = pages[number - 1]
    assert spaces(REFERENCES[lang][0]) in page and spaces(CAPTIONS[lang][0]).strip() in page, \
        "map, reference and caption together"


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_chart_keeps_its_caption_and_the_text_fills_the_page_before(figures_built: Path, lang: str) -> None:
    pages = [spaces(t) for t in pages_text(out(figures_built, lang, "pdf"), layout=False)]
    title = {"fr": "Échanges commerciaux annuels", "en": "Annual trade", "ja": "年間貿易額"}[lang]
    chart = next(i for i, p in enumerate(pages) if title in p)
    assert spaces(CAPTIONS[lang][1]).strip() in pages[chart]
    assert all(y in pages[chart] for y in ("2019", "2024", "48", "34")), "the SVG's labels print with it"
    ref = next(i for i, p in enumerate(pages) if spaces(REFERENCES[lang][1]) in p)
    assert ref <= chart <= ref + 1
    # The paragraph after the chart in the note was moved before it to fill the page (floats.py).
    after = {"fr": "La fermeture des frontières", "en": "The border closure", "ja": "この減少の大半"}[lang]
    assert after in pages[chart - 1] or 0 <= pages[chart].find(after) < pages[chart].find(title)


@pytest.mark.parametrize("lang", LANGS)
def test_long_table_repeats_its_header_and_keeps_its_caption(figures_built: Path, lang: str) -> None:
    pages = [spaces(t) for t in pages_text(out(figures_built, lang, "pdf"), layout=False)]
    header = {"fr": "Exportations", "en": "Exports", "ja": "輸出"}[lang]
    rows = [i for i, p in enumerate(pages) if re.search(r"\b2022-0[1-9]\b|\b202[1-4]-\d\d\b|202[1-4][–-]\d\d", p)]
    assert len(rows) >= 2, "the table runs over pages"
    assert all(header in pages[i] for i in rows), "the header row is repeated on every page"
    first = rows[0]
    assert spaces(CAPTIONS[lang][2]).strip() in pages[first], "the caption stands with the first rows"
    source = {"fr": "Source : données fictives", "en": "Source: fictitious data", "ja": "出典：説明のための"}[lang]
    assert source in pages[rows[-1]], "the source line follows the last row"


def struct_figures(pdf: Path) -> list[str]:
    """The /Alt of every /Figure element of the structure tree."""
    alts = []
    with pikepdf.open(pdf) as doc:
        todo = [doc.Root.StructTreeRoot]
        while todo:
            node = todo.pop()
            if isinstance(node, pikepdf.Dictionary):
                if node.get("/S") == "/Figure":
                    alts.append(str(node.get("/Alt", "")))
                kids = node.get("/K")
                if kids is not None:
                    todo.extend(reversed(list(kids)) if isinstance(kids, pikepdf.Array) else [kids])
    return alts


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_figures_are_tagged_with_their_alt_text(figures_built: Path, lang: str) -> None:
    assert [spaces(a) for a in struct_figures(out(figures_built, lang, "pdf"))] == alt_texts(lang)


def test_pdfimages_sees_print_resolution(figures_built: Path) -> None:
    listing = subprocess.run(["pdfimages", "-list", str(out(figures_built, "fr", "pdf"))],
                             capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    x_ppi = int(listing[0].split()[12])
    assert x_ppi >= 250, listing

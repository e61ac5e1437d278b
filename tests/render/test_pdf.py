"""The PDF editions, read back through their text and structure (real WeasyPrint output)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from pdftext import body_height, calls_and_markers, folio, norm, pages_text, words
from projects import ROOT, SLUG
from pypdf import PdfReader

SEED = ROOT.parent / "shared" / "seeds" / "frs-note-russie-coree-du-nord.txt"
LANGS = ("fr", "en", "ja")
LABELS = ["*", *map(str, range(1, 12))]
TOC_LINE = re.compile(r"^\s*(\S.*?)\s*\.{3,}\s*(\d+)\s*$")


def pdf(built: Path, lang: str) -> Path:
    return built / lang / f"{SLUG}.pdf"


def label(printed: str) -> str:
    """A label as printed, without the brackets some languages put around calls: (7) -> 7."""
    return printed.strip("()（）[]［］.")


def toc_entries(text: list[str]) -> list[tuple[str, int]]:
    page = next(p for p in text if re.search(r"Sommaire|Contents|目次", p))
    return [(m.group(1), int(m.group(2))) for m in map(TOC_LINE.match, page.splitlines()) if m]


@pytest.mark.parametrize("lang", LANGS)
def test_toc_numbers_are_the_pages_where_headings_are_printed(built: Path, lang: str) -> None:
    text = pages_text(pdf(built, lang))
    entries = toc_entries(text)
    assert len(entries) == 9
    toc_page = next(i for i, p in enumerate(text) if re.search(r"Sommaire|Contents|目次", p))
    for heading, number in entries:
        printed = [folio(p) for p in text[toc_page + 1:] if norm(heading) in norm(p)]
        assert printed, f"heading {heading!r} not found in the body"
        assert printed[0] == number, f"{heading!r}: Sommaire says {number}, printed on page {printed[0]}"


@pytest.mark.parametrize("lang", LANGS)
def test_toc_entries_link_to_their_sections(built: Path, lang: str) -> None:
    reader = PdfReader(pdf(built, lang))
    text = pages_text(pdf(built, lang))
    toc_page = next(i for i, p in enumerate(text) if re.search(r"Sommaire|Contents|目次", p))
    dests = {a.get_object()["/Dest"] for a in reader.pages[toc_page]["/Annots"]}
    assert len(dests) == 9
    named = reader.named_destinations
    for dest in dests:
        assert reader.get_destination_page_number(named[dest]) > toc_page


@pytest.mark.parametrize("lang", LANGS)
def test_every_note_is_printed_on_the_page_of_its_call(built: Path, lang: str) -> None:
    calls, markers = calls_and_markers(words(pdf(built, lang)))
    call_pages = {label(w.text): w.page for w in calls}
    first_body_page = min(call_pages.values())
    note_pages = {label(w.text): w.page for w in markers if w.page >= first_body_page}
    assert sorted(call_pages) == sorted(LABELS)
    assert call_pages == note_pages


def test_labels_are_the_same_in_every_language(built: Path) -> None:
    orders = []
    for lang in LANGS:
        calls, _ = calls_and_markers(words(pdf(built, lang)))
        orders.append(sorted(label(w.text) for w in calls))
    assert orders[0] == orders[1] == orders[2] == sorted(LABELS)


@pytest.mark.parametrize("lang", LANGS)
def test_front_matter_has_issn_and_legal_notice(built: Path, lang: str) -> None:
    text = pages_text(pdf(built, lang))
    cover, inside = text[0], text[1]
    author = "ヴァレリー・ニケ" if lang == "ja" else "Valérie Niquet"  # the Japanese cover writes the name in katakana
    assert author in cover or author in inside
    assert "www.frstrategie.org" in cover and "7220Z" in cover
    assert "2273-4644" in inside and "ISSN" in inside
    assert "L.335-2" in norm(inside) and "L.122-5" in norm(inside)  # norm: no spaces (L. 335-2 in English)
    assert ("© 2025 FRS" if lang == "en" else "© FRS 2025") in inside  # Chicago 1.21: symbol, year, owner
    assert "Bruno Racine" in inside


def test_french_dates_and_labels(built: Path) -> None:
    text = pages_text(pdf(built, "fr"))
    assert "7 janvier 2025" in text[0]
    assert "Directeur de la publication" in text[1]


def test_metadata_and_bookmarks(built: Path) -> None:
    for lang in LANGS:
        reader = PdfReader(pdf(built, lang))
        assert reader.trailer["/Root"]["/Lang"] == {"en": "en-US"}.get(lang, lang)  # US spelling, US hyphenation
        assert reader.metadata["/Author"] == "Valérie Niquet"
        assert reader.metadata["/Title"]
        flat = [o for item in reader.outline for o in (item if isinstance(item, list) else [item])]
        assert len(flat) == 9
    assert "Russie-Corée du Nord" in PdfReader(pdf(built, "fr")).metadata["/Title"]


def test_body_pages_are_numbered_from_one(built: Path) -> None:
    text = pages_text(pdf(built, "fr"))
    assert [folio(p) for p in text[:3]] == [None, None, None]  # cover, inside cover, Sommaire
    assert [folio(p) for p in text[3:]] == list(range(1, len(text) - 2))


def seed_parts() -> tuple[list[str], list[str]]:
    """Body paragraphs (and headings) and footnotes of the seed text, in order."""
    if not SEED.exists():
        pytest.fail(f"seed not found at {SEED} (shared/ must stand beside the repository)")
    text = SEED.read_text(encoding="utf-8")
    body = text.split("Une inquiétude immédiate pour le Japon\t5", 1)[1]
    paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
    notes = [p for p in paragraphs if re.match(r"^[¹²³⁴⁵⁶⁷⁸⁹⁰*]", p)]
    return [p for p in paragraphs if p not in notes], notes


def clean(seed_text: str) -> str:
    text = re.sub(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]+", "", seed_text)
    text = re.sub(r"^\* ", "", text).replace("Russie*.", "Russie.")
    text = re.sub(r"\[([^\]]*)\]\(#\)", r"\1", text).replace("\\$", "$")
    return norm(text).replace("*", "")


def test_french_text_matches_the_seed_paragraph_by_paragraph(built: Path) -> None:
    paragraphs, notes = seed_parts()
    ws = words(pdf(built, "fr"))
    body_h = body_height(ws)
    first_body = next(w.page for w in ws if w.text == "octobre" and w.h > 0.85 * body_h)
    body_words = [w for w in ws if w.page >= first_body]
    body = norm(" ".join(w.text for w in body_words if w.h > 0.9 * body_h).replace("\u2010 ", ""))
    small = norm(" ".join(w.text for w in body_words if 0.66 * body_h < w.h <= 0.82 * body_h)
                 .replace("\u2010 ", ""))
    assert len(paragraphs) == 28 and len(notes) == 12  # 20 paragraphs, 8 headings (the 9th is only in the Sommaire)
    missing = [p[:60] for p in paragraphs if clean(p) not in body]
    assert not missing, f"paragraphs of the seed missing from the PDF: {missing}"
    missing_notes = [n[:60] for n in notes if clean(n) not in small]
    assert not missing_notes, f"notes of the seed missing from the PDF: {missing_notes}"


@pytest.mark.parametrize("lang", ("fr", "en"))
def test_notes_issn_and_headings_are_never_hyphenated(built: Path, lang: str) -> None:
    ws = words(pdf(built, lang))
    body_h = body_height(ws)
    small = [w.text for w in ws if w.h <= 0.82 * body_h and w.page >= 4]
    assert small and not [t for t in small if t.endswith("\u2010")], "a footnote word was hyphenated"
    body = [w.text for w in ws if w.h > 0.9 * body_h]
    assert any(t.endswith("\u2010") for t in body), "running text is hyphenated (French, English)"
    assert "2273-4644" in pages_text(pdf(built, lang))[1]

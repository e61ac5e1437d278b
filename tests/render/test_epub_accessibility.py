"""The EPUB editions' accessibility: Ace by DAISY (on Debian's Chromium), the package metadata
of EPUB Accessibility 1.1, landmarks in the edition's language, identifiers and lineage."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from projects import SLUG
from validators import ace_reports

LANGS = ("fr", "en", "ja")
OPF = {"o": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
LANDMARKS = {"fr": ("Page de titre", "Sommaire"), "en": ("Title Page", "Contents"), "ja": ("扉", "目次")}


def violations(report: dict) -> list[str]:
    return [f"{a['earl:testSubject']['url']}: {b['earl:test']['dct:title']}"
            for a in report["assertions"] for b in a.get("assertions", [])]


@pytest.mark.parametrize("lang", LANGS)
def test_ace_reports_no_violation(built: Path, figures_built: Path, tmp_path: Path, lang: str) -> None:
    """Ace on the real note and the figures note in this language; the first language's test
    runs Ace on the six EPUBs with one Chromium (`ace_reports`), the others read their reports."""
    every = [epub for code in LANGS for epub in (built / code / f"{SLUG}.epub",
                                                 figures_built / "build" / code / "note-figures.epub")]
    reports = ace_reports(every, tmp_path)
    for epub in (built / lang / f"{SLUG}.epub", figures_built / "build" / lang / "note-figures.epub"):
        report = reports[epub]
        assert violations(report) == [], epub
        assert report["earl:result"]["earl:outcome"] == "pass"
        missing = set(report["a11y-metadata"]["missing"])
        assert not missing & {"schema:accessibilitySummary", "schema:accessMode", "schema:accessModeSufficient",
                              "schema:accessibilityFeature", "schema:accessibilityHazard", "dcterms:conformsTo"}


@pytest.mark.parametrize("lang", LANGS)
def test_summary_of_a_note_with_figures_and_tables_says_so(figures_built: Path, lang: str) -> None:
    opf = package(figures_built / "build", lang, "note-figures")[0]
    summary = opf.findtext(".//o:meta[@property='schema:accessibilitySummary']", namespaces=OPF)
    assert re.search({"fr": "tableaux.*figure", "en": "Tables.*figure", "ja": "表.*図"}[lang], summary), summary
    assert "alternativeText" in [m.text for m in opf.iterfind(".//o:meta[@property='schema:accessibilityFeature']", OPF)]


def package(built: Path, lang: str, slug: str = SLUG) -> tuple[etree._Element, etree._Element]:
    with zipfile.ZipFile(built / lang / f"{slug}.epub") as z:
        return etree.fromstring(z.read("EPUB/content.opf")), etree.fromstring(z.read("EPUB/nav.xhtml"))


@pytest.mark.parametrize("lang", LANGS)
def test_package_metadata(built: Path, lang: str) -> None:
    opf, nav = package(built, lang)
    props = {m.get("property"): m.text for m in opf.iterfind(".//o:meta", OPF) if m.get("property")}
    assert props["dcterms:conformsTo"] == "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"
    summary = props["schema:accessibilitySummary"]
    assert {"fr": "Publication conforme", "en": "This publication conforms", "ja": "本書は"}[lang] in summary
    assert ("urn:issn:2273-4644" in [i.text for i in opf.iterfind(".//dc:identifier", OPF)]) == (lang == "fr")
    contributors = [c.text for c in opf.iterfind(".//dc:contributor", OPF)]
    sources = [s.text for s in opf.iterfind(".//dc:source", OPF)]
    if lang == "fr":
        assert contributors == [] and sources == []
    else:
        assert contributors == []  # the sample catalogs name nobody (gettext's placeholder)
        french = package(built, "fr")[0].findtext(".//dc:identifier[@id='epub-id-1']", namespaces=OPF)
        assert sources == [french]
    # the FRS note has no table, figure or image: the summary and features promise none
    features = [m.text for m in opf.iterfind(".//o:meta[@property='schema:accessibilityFeature']", OPF)]
    assert "alternativeText" not in features and "readingOrder" in features
    assert not re.search(r"tableaux|tables|表|figure|図", summary), summary
    assert "。 " not in summary if lang == "ja" else summary.count(". ") >= 2
    labels = [a.text for a in nav.iter("{http://www.w3.org/1999/xhtml}a")
              if a.get("{http://www.idpf.org/2007/ops}type") in ("titlepage", "toc")]
    assert tuple(labels) == LANDMARKS[lang]

"""Citations and bibliographies through pandoc's citeproc (issue 20), on tests/data/mathcite
(a BibLaTeX file beside the note, the default note-class styles, two author notes between
three citations) built in fr, en and ja with a pseudo-translation (`mathcite`, conftest), and
on a real public bibliography: a JOSS paper's, from the timeseriesflattener sdist on PyPI
(tools/test-deps.sh puts it in .cache/bib)."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import html as lhtml
from projects import DATA, ROOT

from frspub.cli import main

SLUG = "maths-et-sources"
LANGS = ("fr", "en", "ja")
LABELS = ["1", "2", "3", "4", "5"]
REAL_BIB = ROOT / ".cache" / "bib" / "paper.bib"
SOURCE_MARKUP = ("[@", "@martin2020", "@kato2018", "?</strong>")


def html_doc(root: Path, lang: str, slug: str = SLUG) -> lhtml.HtmlElement:
    return lhtml.fromstring((root / "build" / lang / f"{slug}.html").read_bytes())


def epub_xhtml(root: Path, lang: str, slug: str = SLUG) -> str:
    with zipfile.ZipFile(root / "build" / lang / f"{slug}.epub") as z:
        return "".join(z.read(n).decode() for n in sorted(z.namelist()) if n.endswith(".xhtml"))


def pdf_text(root: Path, lang: str, slug: str = SLUG) -> str:
    return subprocess.run(["pdftotext", str(root / "build" / lang / f"{slug}.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout


def test_note_labels_are_the_same_in_every_language_and_format(mathcite: Path) -> None:
    for lang in LANGS:
        doc = html_doc(mathcite, lang)
        assert [a.text_content() for a in doc.xpath("//a[@role='doc-noteref']")] == LABELS, lang
        epub = epub_xhtml(mathcite, lang)
        assert re.findall(r'epub:type="noteref"[^>]*>(?:<sup>)?([^<]+)<', epub) == LABELS, lang


# Each call in the PDF text after its word: French before the punctuation, English after it
# (Chicago), Japanese in parentheses; citations (2, 4, 5) and the author's notes (1, 3) alike.
CALLED_AFTER = {"fermé": "1", "auteurs": "2", "Carnot": "3", "régionale": "4", "l’énergie": "5"}
PDF_CALL = {"fr": "{word}{label}[.,]", "en": "{word}[.,]{label}", "ja": r"{word}\({label}\)"}


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_calls_carry_the_same_labels(mathcite: Path, lang: str) -> None:
    text = " ".join(pdf_text(mathcite, lang).split())
    for word, label in CALLED_AFTER.items():
        assert re.search(PDF_CALL[lang].format(word=word, label=label), text), (lang, word, label)


@pytest.mark.parametrize("lang", LANGS)
def test_no_citation_is_printed_as_typed(mathcite: Path, lang: str) -> None:
    html = html_doc(mathcite, lang).text_content()
    for text in (html, epub_xhtml(mathcite, lang), pdf_text(mathcite, lang)):
        assert not [m for m in SOURCE_MARKUP if m in text], lang


# What each edition's style and locale write for the same references (CSL locales of pandoc).
EXPECTED = {
    "fr": {"heading": "Bibliographie", "note": "MARTIN, Paul, DURAND, Sophie, LEFÈVRE, Anne, et al.",
           "entry": "Paris : Presses de Sciences Po", "editor": "DUPONT, Marie (dir.)"},
    "en": {"heading": "Bibliography", "note": "Paul Martin et al., ", "entry": "Martin, Paul, Sophie Durand",
           "editor": "edited by Marie Dupont"},
    "ja": {"heading": "参考文献", "note": "(1)", "entry": "Martin, Paul, Durand, Sophie", "editor": "編"},
}


@pytest.mark.parametrize("lang", LANGS)
def test_citations_and_bibliography_in_the_edition_language(mathcite: Path, lang: str) -> None:
    want = EXPECTED[lang]
    doc = html_doc(mathcite, lang)
    note2 = " ".join(doc.xpath("string(//*[@id='fn-2'])").split())  # the first citation's note
    assert want["note"] in note2, note2
    heading = doc.xpath("//*[@id='bibliography']")[0]
    assert heading.text_content().strip() == want["heading"]
    entries = [" ".join(e.text_content().split())
               for e in doc.xpath("//*[@id='refs']/*[contains(@class, 'csl-entry')]")]
    assert len(entries) == 2
    assert any(want["entry"] in e for e in entries), entries
    assert any(want["editor"] in e for e in entries), entries
    toc = [" ".join(a.text_content().split()) for a in doc.xpath("//nav//a")]
    assert want["heading"] in toc
    for link in doc.xpath("//a[@role='doc-biblioref']"):  # each citation links to its entry
        assert doc.xpath(f"//*[@id='{link.get('href')[1:]}']"), link.get("href")
    assert "Sommaire" in pdf_text(mathcite, "fr")
    assert want["heading"] in pdf_text(mathcite, lang)


def test_the_bibliography_file_is_an_input_of_the_cache(mathcite: Path, tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(mathcite, root)
    assert main(["build", "-C", str(root), "-q", "--lang", "fr", "--format", "html"]) == 0
    html = root / "build" / "fr" / f"{SLUG}.html"
    before = html.read_bytes()
    bib = root / "source" / "fr" / "sources.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("Les routes de l'énergie", "Les voies de l'énergie"),
                   encoding="utf-8")
    assert main(["build", "-C", str(root), "-q", "--lang", "fr", "--format", "html"]) == 0
    assert html.read_bytes() != before
    assert "Les voies de l" in html.read_text(encoding="utf-8")


def test_a_missing_key_is_a_warning_at_its_line_and_an_error_under_strict(tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(DATA / "mathcite" / "source", root / "source")
    shutil.copytree(ROOT / "templates", root / "templates")
    md = root / "source" / "fr" / f"{SLUG}.md"
    text = md.read_text(encoding="utf-8").replace("[@martin2020, p. 80]", "[@martin2020, p. 80; @absent2024]")
    md.write_text(text, encoding="utf-8")
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "@absent2024" in ln)
    args = [sys.executable, "-m", "frspub", "build", "--lang", "fr", "--format", "html"]
    out = subprocess.run(args, capture_output=True, text=True, cwd=root)
    assert out.returncode == 0
    assert f"source/fr/{SLUG}.md:{line}: warning: citation [@absent2024]" in out.stderr
    html = (root / "build" / "fr" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert "absent2024" not in html
    strict = subprocess.run([*args, "--strict", "--force"], capture_output=True, text=True, cwd=root)
    assert strict.returncode == 1


def test_citations_without_any_bibliography_are_warned(tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(DATA / "mathcite" / "source", root / "source")
    shutil.copytree(ROOT / "templates", root / "templates")
    md = root / "source" / "fr" / f"{SLUG}.md"
    text = md.read_text(encoding="utf-8").replace("bibliography: sources.bib\n", "")
    md.write_text(text, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "frspub", "build", "--lang", "fr", "--format", "html"], capture_output=True, text=True,
                         cwd=root)
    lines = [i for i, ln in enumerate(text.splitlines(), 1) if "[@" in ln or "[voir @" in ln]
    warned = re.findall(rf"source/fr/{SLUG}\.md:(\d+): warning: citation \[@(\w+)\]: the note has no bibliography",
                        out.stderr)
    assert [int(n) for n, _ in warned] == lines
    assert [k for _, k in warned] == ["martin2020", "kato2018", "martin2020"]
    html = (root / "build" / "fr" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert "[@" not in html and "martin2020" not in html


@pytest.mark.skipif(not REAL_BIB.is_file(), reason="run tools/test-deps.sh (make test) first")
def test_a_real_public_bibliography(tmp_path: Path) -> None:
    """A JOSS paper's .bib (Zotero export: long author lists, DOIs, URLs, abstracts), cited
    from a note of ours: set by each language's default style and locale, entries with their DOI or URL."""
    root = tmp_path / "p"
    shutil.copytree(DATA / "mathcite" / "source", root / "source")
    shutil.copytree(ROOT / "templates", root / "templates")
    fr = root / "source" / "fr"
    shutil.copy(REAL_BIB, fr / "paper.bib")
    text = (fr / f"{SLUG}.md").read_text(encoding="utf-8").replace("bibliography: sources.bib",
                                                                  "bibliography: [sources.bib, paper.bib]")
    text = text.replace("[@martin2020, p. 80]", "[@rajkomar_scalable_2018; @chen_xgboost_2016]")
    (fr / f"{SLUG}.md").write_text(text, encoding="utf-8")
    for lang in ("en", "ja"):
        (root / "source" / lang).mkdir()
    assert main(["update", "-C", str(root), "-q"]) == 0
    assert main(["build", "-C", str(root), "-q", "--format", "html"]) == 0
    # Chicago and ISO 690 cut the 35 authors of rajkomar_scalable_2018 with "et al."; SIST 02
    # lists them all, numbered in citing order (martin2020, kato2018, then these two).
    marks = {"fr": ("RAJKOMAR, Alvin, OREN, Eyal, CHEN, Kai, et al.", "note"),
             "en": ("Alvin Rajkomar et al., “Scalable and Accurate Deep Learning", "note"),
             "ja": ("(3) Rajkomar, Alvin, Oren, Eyal, Chen, Kai, Dai, Andrew M.", "refs")}
    for lang, (mark, where) in marks.items():
        doc = html_doc(root, lang)
        note = " ".join(doc.xpath("string(//*[@id='fn-5'])").split())
        refs = " ".join(doc.xpath("string(//*[@id='refs'])").split())
        assert mark in (note if where == "note" else refs), (lang, note, refs[:300])
        if lang == "ja":
            assert note == "5 (3, 4)"
        entries = doc.xpath("//*[@id='refs']/*")
        assert len(entries) == 4
        assert "s41746-018-0029-1" in refs  # its DOI (Chicago, ISO 690) or URL (SIST 02)

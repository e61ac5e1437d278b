"""A note using every construct of pandoc's Markdown that frspub accepts (issue 15), built
in three languages with a pseudo-translation of its catalogs: every EPUB passes EPUBCheck,
every HTML the Nu checker, the note labels are the same everywhere, and each construct is
rendered as a publisher expects (the refusals are in test_hostile.py)."""
from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import html as lhtml
from projects import DATA, ROOT, pseudo_translate
from validators import epubcheck_errors, vnu_errors

from frspub.cli import main

SLUG = "toutes-constructions"
LANGS = ("fr", "en", "ja")


@pytest.fixture(scope="session")
def constructs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("constructs")
    shutil.copytree(DATA / "constructs" / "source", root / "source")
    shutil.copytree(ROOT / "templates", root / "templates")
    for lang in ("en", "ja"):
        (root / "source" / lang).mkdir()
    assert main(["update", "-C", str(root), "-q"]) == 0
    for lang in ("en", "ja"):
        pseudo_translate(root / "source" / lang / f"{SLUG}.po", lang)
    assert main(["build", "-C", str(root), "-q", "--strict"]) == 0
    return root / "build"


@pytest.mark.parametrize("lang", LANGS)
def test_epubcheck_reports_nothing(constructs: Path, lang: str) -> None:
    files = [constructs / code / f"{SLUG}.epub" for code in LANGS]
    assert epubcheck_errors(files)[constructs / lang / f"{SLUG}.epub"] == []


def test_nu_checker_finds_nothing(constructs: Path) -> None:
    assert vnu_errors([constructs / lang / f"{SLUG}.html" for lang in LANGS]) == []


def labels_in_html(path: Path) -> list[str]:
    doc = lhtml.fromstring(path.read_bytes())
    return [a.text_content() for a in doc.xpath("//a[@role='doc-noteref']")]


def test_inline_and_classic_notes_carry_the_same_labels_everywhere(constructs: Path) -> None:
    want = ["1", "2", "3", "4", "5", "6"]  # 5: the citation, a note in the default (note) styles
    for lang in LANGS:
        assert labels_in_html(constructs / lang / f"{SLUG}.html") == want, lang
        with zipfile.ZipFile(constructs / lang / f"{SLUG}.epub") as z:
            text = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))
        assert re.findall(r'epub:type="noteref"[^>]*>(?:<sup>)?([^<]+)<', text) == want, lang
        pdf = subprocess.run(["pdftotext", str(constructs / lang / f"{SLUG}.pdf"), "-"],
                             capture_output=True, text=True, check=True).stdout
        assert "Une note en ligne" in pdf


@pytest.mark.parametrize("lang", LANGS)
def test_each_construct_is_rendered(constructs: Path, lang: str) -> None:
    doc = lhtml.fromstring((constructs / lang / f"{SLUG}.html").read_bytes())
    body = doc.xpath("//main")[0] if doc.xpath("//main") else doc
    assert {h.tag for h in body.iter("h2", "h3", "h4", "h5", "h6")} >= {"h2", "h3", "h4", "h5", "h6"}
    assert body.xpath(".//dl/dt") and body.xpath(".//dl/dd")
    assert body.xpath(".//blockquote/blockquote")
    assert "  garde ses espaces" in body.xpath(".//pre")[0].text_content()
    assert [ol.get("type") for ol in body.xpath(".//ol[@type]")][:3] == ["i", "a", "1"]
    assert body.xpath(".//ol[@start='6']")
    assert body.xpath(".//del") and body.xpath(".//sub") and body.xpath(".//sup[not(ancestor::a)]")
    hrefs = {a.get("href") for a in body.iter("a")}
    assert {"https://www.frstrategie.org/notes/", "https://www.frstrategie.org/publications/suite.html"} <= hrefs
    text = body.text_content()
    assert "«" in text or "“" in text or "「" in text  # straight quotes became the language's
    assert "—" in text and "…" in text


def test_pdf_keeps_the_list_markers(constructs: Path) -> None:
    text = subprocess.run(["pdftotext", "-layout", str(constructs / "fr" / f"{SLUG}.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert re.search(r"^\s*ii\. deuxième point romain", text, re.M)
    assert re.search(r"^\s*b\. deuxième point lettré", text, re.M)
    assert re.search(r"^\s*6\. sixième point", text, re.M) and re.search(r"^\s*7\. septième point", text, re.M)

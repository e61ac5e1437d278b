"""Formulas (issue 20), on tests/data/mathcite (TeX inline, display and in a footnote) built in
fr, en and ja with a pseudo-translation (`mathcite`, conftest): MathML in HTML and EPUB (the
manifest says so; EPUBCheck and the Nu checker find nothing), vector drawings with their TeX
as alt text in the PDF's structure tree, translations that must keep the formulas, and a
formula that cannot be set refused at its own line."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pikepdf
import pytest
from lxml import html as lhtml
from projects import DATA, ROOT
from validators import epubcheck_errors

SLUG = "maths-et-sources"
LANGS = ("fr", "en", "ja")


def html_doc(root: Path, lang: str) -> lhtml.HtmlElement:
    return lhtml.fromstring((root / "build" / lang / f"{SLUG}.html").read_bytes())


def epub_text(root: Path, lang: str) -> dict[str, str]:
    with zipfile.ZipFile(root / "build" / lang / f"{SLUG}.epub") as z:
        return {n: z.read(n).decode() for n in z.namelist() if n.endswith((".xhtml", ".opf"))}


def pdf_text(root: Path, lang: str) -> str:
    return subprocess.run(["pdftotext", str(root / "build" / lang / f"{SLUG}.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout


# ---- math -------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_html_and_epub_carry_mathml(mathcite: Path, lang: str) -> None:
    doc = html_doc(mathcite, lang)
    maths = doc.xpath("//*[local-name()='math']")
    assert [m.get("display") for m in maths].count("block") == 1
    assert len(maths) == 6  # ΔU, the integral, n ≥ 2 in a heading and in the Sommaire, Q and W in note 1
    assert "\\Delta U = Q - W" in [m.xpath("string(.//*[local-name()='annotation'])") for m in maths]
    files = epub_text(mathcite, lang)
    opf = next(v for k, v in files.items() if k.endswith(".opf"))
    with_math = [k for k, v in files.items() if k.endswith(".xhtml") and "<math" in v]
    assert with_math
    for name in with_math:  # the manifest declares MathML on each file that holds some
        href = name.split("/", 1)[1]
        item = re.search(rf'<item [^>]*href="{re.escape(href)}"[^>]*>', opf).group(0)
        assert "mathml" in item, item


@pytest.mark.parametrize("lang", LANGS)
def test_epubcheck_reports_nothing(mathcite: Path, lang: str) -> None:
    files = [mathcite / "build" / code / f"{SLUG}.epub" for code in LANGS]
    assert epubcheck_errors(files)[mathcite / "build" / lang / f"{SLUG}.epub"] == []


def test_nu_checker_finds_nothing(mathcite: Path) -> None:
    from validators import vnu_errors

    assert vnu_errors([mathcite / "build" / lang / f"{SLUG}.html" for lang in LANGS]) == []


def _figures(pdf: pikepdf.Pdf) -> list[str]:
    alts: list[str] = []
    todo = [pdf.Root.StructTreeRoot]
    while todo:
        node = todo.pop()
        if isinstance(node, pikepdf.Dictionary):
            if node.get("/S") == "/Figure" and "/Alt" in node:
                alts.append(str(node.Alt))
            kids = node.get("/K")
            todo += list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
    return alts


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_draws_formulas_as_vectors_with_their_tex(mathcite: Path, lang: str) -> None:
    path = mathcite / "build" / lang / f"{SLUG}.pdf"
    with pikepdf.open(path) as pdf:
        alts = _figures(pdf)
        assert {"\\Delta U = Q - W", "\\int_0^1 x^2\\,dx = \\frac{1}{3}", "n \\geq 2", "Q", "W"} <= set(alts)
        images = [image for page in pdf.pages for image in page.get_images()]
        assert images == []  # no raster: ziamath's paths, drawn by WeasyPrint's SVG renderer
    text = pdf_text(mathcite, lang)
    assert "$" not in text and "\\frac" not in text and "\\Delta" not in text


def test_a_translation_must_keep_the_formulas(mathcite: Path, tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(mathcite / "source", root / "source")
    shutil.copytree(mathcite / "templates", root / "templates")
    po = root / "source" / "en" / f"{SLUG}.po"
    text = po.read_text(encoding="utf-8")
    assert "$\\\\Delta U = Q - W$" in text
    at = text.index("[EN] Le premier principe")  # the msgstr: change its formula
    po.write_text(text[:at] + text[at:].replace("\\\\Delta U", "\\\\Delta E", 1), encoding="utf-8")
    lines = po.read_text(encoding="utf-8").splitlines()
    changed = next(i for i, ln in enumerate(lines, 1) if "Delta E" in ln)
    line = max(i for i in range(1, changed + 1) if lines[i - 1].startswith("msgstr"))  # the msgstr's line
    out = subprocess.run([sys.executable, "-m", "frspub", "-C", str(root), "check", "--lang", "en"], capture_output=True, text=True)
    assert out.returncode == 1
    assert re.search(rf"{SLUG}\.po:{line}: error: formula of the msgid changed: .*missing: \$\\Delta U = Q - W\$",
                     out.stderr), out.stderr


def test_a_formula_that_cannot_be_set_is_an_error_at_its_line(tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(DATA / "mathcite" / "source", root / "source")
    shutil.copytree(ROOT / "templates", root / "templates")
    md = root / "source" / "fr" / f"{SLUG}.md"
    text = md.read_text(encoding="utf-8").replace("$$\\int_0^1", "$$\\undefinedmacro{x} \\int_0^1")
    md.write_text(text, encoding="utf-8")
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "undefinedmacro" in ln)
    out = subprocess.run([sys.executable, "-m", "frspub", "build", "--lang", "fr", "--format", "html"], capture_output=True, text=True,
                         cwd=root)
    assert out.returncode == 1
    errors = [ln for ln in out.stderr.splitlines() if ": error: " in ln]
    assert errors == [f"source/fr/{SLUG}.md:{line}: error: formula $\\undefinedmacro{{x}} \\int_0^1 x^2\\,dx = "
                      "\\frac{1}{3}$ cannot be set: pandoc's TeX math reader does not understand it (check the "
                      "TeX; only math commands, no macros)"], out.stderr
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize("lang", LANGS)
def test_ace_reports_no_violation(mathcite: Path, tmp_path: Path, lang: str) -> None:
    """Ace by DAISY on an EPUB with MathML and a bibliography (as on the real note's)."""
    from test_epub_accessibility import violations
    from validators import ace_reports

    every = [mathcite / "build" / code / f"{SLUG}.epub" for code in LANGS]  # one Chromium for the three
    report = ace_reports(every, tmp_path)[mathcite / "build" / lang / f"{SLUG}.epub"]
    assert violations(report) == []
    assert report["earl:result"]["earl:outcome"] == "pass"

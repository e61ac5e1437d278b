"""Right-to-left editions (render/rtl): the Arabic sample built as a new user would, and the
WeasyPrint 70 faults that make frspub refuse an RTL PDF, kept as evidence (should WeasyPrint
fix them, the evidence tests fail: then the refusal can be lifted)."""
from __future__ import annotations

import datetime as dt
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import html as lhtml
from projects import RTL_MARKER, SLUG

from frspub import diagnostics, locale
from frspub.render import fonts, rtl

NASKH = "file:///usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf"
SERIF = "file:///usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf"
ITALIC = "file:///usr/share/fonts/truetype/noto/NotoSerif-Italic.ttf"
# A4 with 24 mm margins, as print.css: the text block's right edge, in points.
RIGHT_EDGE = 595.276 - 24 / 25.4 * 72
PAGE = f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><style>
@font-face {{ font-family: N; src: url("{NASKH}"); }}
@font-face {{ font-family: S; src: url("{SERIF}"); }}
@font-face {{ font-family: S; font-style: italic; src: url("{ITALIC}"); }}
@page {{ size: A4; margin: 24mm; }} body {{ margin: 0; }}
html {{ font: 10.5pt/1.6 S, N; }} p {{ margin: 0 0 12pt; text-align: start; }} .j {{ text-align: justify; }}
</style></head><body>
<p>انظر Martin, <i>Les Routes</i>, p. 80 ثم</p>
<p>انظر Martin, Les Routes, p. 80 ثم</p>
<p class="j">{"هذا نص عربي طويل لاختبار التضبيط والتشكيل في الطباعة يستمر حتى يملأ عدة أسطر " * 6}</p>
</body></html>"""


@pytest.fixture(scope="module")
def weasy_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import weasyprint

    out = tmp_path_factory.mktemp("rtl-weasy") / "rtl.pdf"
    weasyprint.HTML(string=PAGE).write_pdf(out)
    return out


def test_weasyprint_70_reorders_latin_across_inline_elements(weasy_pdf: Path) -> None:
    text = subprocess.run(["pdftotext", str(weasy_pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Martin, Les Routes, p. 80" in text  # one text box: Pango's bidi is right
    # the same words with the title in <i>: the boxes are laid out from the right, one by one
    assert re.search(r"p\. 80 ,Les Routes ,Martin", text), text


def test_weasyprint_70_justified_rtl_lines_overflow_the_margin(weasy_pdf: Path) -> None:
    layout = subprocess.run(["pdftotext", "-bbox-layout", str(weasy_pdf), "-"],
                            capture_output=True, text=True, check=True).stdout
    rights = [float(x) for x in re.findall(r'<line xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"', layout)]
    start_aligned, justified = rights[:2], rights[2:-1]  # the paragraph's last line is not justified
    assert all(r <= RIGHT_EDGE + 0.5 for r in start_aligned), rights
    assert len(justified) >= 3 and max(justified) > RIGHT_EDGE + 3, (RIGHT_EDGE, rights)


def test_conventions_and_the_glyph_gate_know_arabic_persian_hebrew() -> None:
    assert [rtl.direction(lang) for lang in ("ar", "fa", "he", "fr", "ja")] == ["rtl"] * 3 + ["ltr"] * 2
    assert fonts.missing(set(RTL_MARKER + "پچژگ۱۲۳"), "fa") == []
    assert fonts.missing(set("שלום"), "he") == []
    assert fonts.missing(set("سلام"), "fr") == sorted(set("سلام"))  # the faces serve RTL editions only
    # CLDR's fa numbering system is arabext: Persian digits, which Babel leaves Latin in dates
    assert locale.long_date(dt.date(2025, 1, 7), "fa") == "۷ ژانویه ۲۰۲۵"
    assert locale.long_date(dt.date(2025, 1, 7), "ar") == "7 يناير 2025"  # CLDR ar: latn


def test_the_pdf_is_refused_in_one_line_and_the_rest_is_built(rtl_built: Path) -> None:
    assert (rtl_built / "rc").read_text() == "1"
    lines = [line for line in (rtl_built / "stderr").read_text(encoding="utf-8").splitlines() if ": error: " in line]
    assert len(lines) == 1, lines
    line = lines[0]
    # the build may have run in the other pytest worker's folder (projects.shared_build)
    assert re.match(rf"/\S+/source/ar/{SLUG}\.po:1: error: no PDF for the right-to-left ar", line), line
    assert "md:0" not in line and diagnostics.code_of(line.split(": error: ")[1]) == "FRS410"
    out = rtl_built / "build" / "ar"
    assert sorted(p.name for p in out.iterdir()) == [f"{SLUG}.epub", f"{SLUG}.html"]
    assert (rtl_built / "build" / "fr" / f"{SLUG}.html").exists()  # built before: not destroyed


def test_html_and_epub_are_right_to_left(rtl_built: Path) -> None:
    out = rtl_built / "build" / "ar"
    doc = lhtml.fromstring((out / f"{SLUG}.html").read_bytes())
    assert (doc.get("lang"), doc.get("dir")) == ("ar", "rtl")
    assert not doc.xpath("//a[contains(@href, '.pdf')]") and not doc.xpath("//meta[@name='citation_pdf_url']")
    assert RTL_MARKER.strip() in doc.xpath("string(//main)")
    for page in ("index.ar.html", f"review/ar/{SLUG}.html"):  # the site page, the review page
        assert lhtml.fromstring((rtl_built / "build" / page).read_bytes()).get("dir") == "rtl", page
    with zipfile.ZipFile(out / f"{SLUG}.epub") as z:
        opf = z.read("EPUB/content.opf").decode()
        pages = {n: z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml")}
    assert re.search(r'<spine[^>]*page-progression-direction="rtl"', opf)
    assert pages and all(re.search(r'<html[^>]*\bdir="rtl"', text) for text in pages.values())


def test_same_note_labels_as_the_french_edition(rtl_built: Path) -> None:
    def labels(path: Path) -> list[str]:
        return [a.text_content() for a in lhtml.fromstring(path.read_bytes()).xpath("//a[@role='doc-noteref']")]

    french = labels(rtl_built / "build" / "fr" / f"{SLUG}.html")
    assert french and labels(rtl_built / "build" / "ar" / f"{SLUG}.html") == french
    with zipfile.ZipFile(rtl_built / "build" / "ar" / f"{SLUG}.epub") as z:
        text = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))
    assert re.findall(r'epub:type="noteref"[^>]*>(?:<sup>)?([^<]+)<', text) == french


# EPUBCheck and the Nu checker read the Arabic EPUB and HTML in the Java processes of
# tests/render/test_epub.py and tests/web/test_html_validity.py (a JVM start costs seconds).

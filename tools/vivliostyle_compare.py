"""Helpers of tools/vivliostyle-compare.sh: frspub's print HTML for another typesetter, side-by-side
page images, and a measure of justified line ends.  Run with the project's .venv python, from the
project root:

    print-html SLUG LANG OUTDIR
        OUTDIR receives print.html (the print HTML WeasyPrint gets, as `frspub.render.printpage.printed`
        makes it), print.css (templates/print.css, unchanged), fonts.css (the @font-face rules frspub
        gives WeasyPrint: same families, unicode-ranges and CJK subsets) and fonts/ (the files they
        name, copied so that a local HTTP server can serve them).  One <link> to fonts.css is added
        before print.css, and one to each EXTRA stylesheet (--extra NAME, repeatable) after it.

    images LEFT.pdf RIGHT.pdf PAGE LEFT_LABEL RIGHT_LABEL PAGE_PNG DETAIL_PNG
        PAGE of each PDF at 100 dpi side by side (PAGE_PNG), and at 200 dpi the first lines of the
        body text and of footnote (*) side by side (DETAIL_PNG).  Needs pdftoppm and pdftotext.

    measure PRINT_HTML NAME=PDF...
        For each PDF: how many non-final lines of the body's paragraphs end flush (within 1 pt) at
        the right edge of the text block, from `pdftotext -bbox-layout`; and what pdftotext
        extracts for the first body line (Latin and Japanese side by side).
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from lxml import html as lhtml

XHTML = "{http://www.w3.org/1999/xhtml}"
BODY_EM = 10.0  # pt: Japanese body text size (print.css, html:lang(ja))
BLOCK_EMS = 46  # print.css: html:lang(ja) main { width: 46em }
TOLERANCE = 1.0  # pt
LINE_END_PUNCT = "、。，．）」』】〕〉》"


# ---- print-html --------------------------------------------------------------------------------

def print_html(slug: str, lang: str, out: Path, extra: list[str]) -> None:
    from frspub.build.worker import edition
    from frspub.locale import SOURCE_LANG
    from frspub.note import source
    from frspub.project import Project
    from frspub.render import figures, fonts, fragments, pdf, printpage

    project = Project(Path.cwd())
    note = source.read_note(project.source / SOURCE_LANG / f"{slug}.md")
    ed = edition(project, note, lang)
    figures.apply(ed, project.templates)
    frag = fragments.build(ed)
    page = printpage.printed(ed, frag, project.templates)
    pdf.check_glyphs(ed, page, project.templates)
    if page.text.count("<img"):
        print(f"warning: {slug} has images; their paths are not rewritten for {out}", file=sys.stderr)
    if out.exists():
        shutil.rmtree(out)
    (out / "fonts").mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="frspub-fonts-") as workdir:
        css = fonts.font_face_css(page.chars, ed.lang, Path(workdir))

        def local(match: re.Match) -> str:
            src = Path(match.group(1).removeprefix("file://"))
            shutil.copyfile(src, out / "fonts" / src.name)
            return f'url("fonts/{src.name}")'

        css = re.sub(r'url\("(file://[^"]+)"\)', local, css)
    (out / "fonts.css").write_text(css + "\n", encoding="utf-8")
    shutil.copyfile(project.templates / "print.css", out / "print.css")
    # frspub's own quarter-em (render.aki: widened glyphs, word joiners) out: Vivliostyle is
    # compared with its own text-autospace.
    unspaced = re.sub(r'<span class="aki">(.)</span>\u2060', r"\1", page.text)
    root = lhtml.document_fromstring(unspaced)
    link = root.find(".//head/link[@href='print.css']")
    link.addprevious(lhtml.Element("link", rel="stylesheet", href="fonts.css"))
    for name in reversed(extra):
        link.addnext(lhtml.Element("link", rel="stylesheet", href=name))
    (out / "print.html").write_text(lhtml.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>"),
                                    encoding="utf-8")


# ---- lines of a PDF page, from pdftotext -bbox-layout --------------------------------------------

@dataclass
class Line:
    page: int
    x0: float
    x1: float
    y: float  # vertical centre
    words: list[tuple[float, float, str]]

    @property
    def text(self) -> str:
        return "".join(w for _, _, w in self.words)


def words(pdf: Path) -> dict[int, list[tuple[float, float, float, float, str]]]:
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True,
                         capture_output=True).stdout
    root = ElementTree.fromstring(xml.replace(b"<!DOCTYPE", b"<!-- ").replace(b'dtd">', b'dtd" -->', 1))
    pages = {}
    for number, page in enumerate(root.iter(f"{XHTML}page"), start=1):
        pages[number] = [(float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")), float(w.get("yMax")),
                          w.text or "") for w in page.iter(f"{XHTML}word")]
    return pages


def lines(pdf: Path, gap: float = 4.0) -> list[Line]:
    """Visual lines: words grouped by their vertical centre (pdftotext's own lines split a line
    where a word in another font sits lower, as digits do next to kanji in Chromium's PDFs)."""
    out = []
    for number, ws in words(pdf).items():
        ws = sorted(ws, key=lambda w: (w[1] + w[3]) / 2)
        group: list = []
        for w in ws + [None]:
            centre = None if w is None else (w[1] + w[3]) / 2
            if group and (w is None or centre - (group[0][1] + group[0][3]) / 2 > gap):
                group.sort(key=lambda g: g[0])
                out.append(Line(number, group[0][0], max(g[2] for g in group),
                                sum((g[1] + g[3]) / 2 for g in group) / len(group),
                                [(g[0], g[2], g[4]) for g in group]))
                group = []
            if w is not None:
                group.append(w)
    return out


# ---- measure -----------------------------------------------------------------------------------

def paragraphs(print_html_path: Path) -> tuple[list[str], list[str]]:
    """The body's text blocks (p, li without p) as printed, without footnote bodies; the labels."""
    root = lhtml.document_fromstring(print_html_path.read_bytes())
    labels = [fn.get("data-label") for fn in root.xpath("//main//*[contains(@class, 'fn')][@data-label]")]
    texts = []
    for el in root.xpath("//main//p | //main//li[not(.//p)]"):
        if el.get("class") in ("note-author", "untranslated-notice") or el.xpath("ancestor::*[contains(@class,'fn')]"):
            continue
        el = lhtml.fromstring(lhtml.tostring(el))
        for fn in el.xpath(".//*[contains(@class, 'fn')]"):
            fn.drop_tree()
        text = re.sub(r"[\s\u2060]+", "", el.text_content())
        if text:
            texts.append(text)
    return texts, labels


def normal(text: str, labels: list[str]) -> str:
    text = re.sub(r"[\s\u2060]+", "", text)
    for label in labels:
        text = text.replace(f"({label})", "")
    return text


@dataclass
class Matched:
    line: Line
    final: bool


def match(pdf_lines: list[Line], paras: list[str], labels: list[str]) -> tuple[list[Matched], int]:
    """Walk the PDF's lines in order against the paragraphs' text: lines that continue the current
    paragraph are its lines; others (running heads, headings, footnotes, page numbers) are skipped."""
    found: list[Matched] = []
    i, pos, complete = 0, 0, 0
    for line in pdf_lines:
        t = normal(line.text, labels)
        if not t or i >= len(paras):
            continue
        if pos == 0:  # a paragraph's first line: not a page number ("2") that happens to begin it
            ahead = [j for j in range(i, min(i + 3, len(paras)))
                     if paras[j].startswith(t) and (len(t) >= 4 or t == paras[j])]
            if not ahead:
                continue
            i = ahead[0]
        elif not paras[i].startswith(t, pos):
            continue
        pos += len(t)
        final = pos == len(paras[i])
        found.append(Matched(line, final))
        if final:
            i, pos, complete = i + 1, 0, complete + 1
    return found, complete


def measure(print_html_path: Path, pdfs: list[tuple[str, Path]]) -> None:
    paras, labels = paragraphs(print_html_path)
    for name, pdf in pdfs:
        found, complete = match(lines(pdf), paras, labels)
        body = [m.line for m in found]
        # the text block's left edge: where most lines start (a line-initial bracket set half-width
        # starts its box 5 pt further left, and list items are indented)
        left = Counter(round(line.x0, 1) for line in body).most_common(1)[0][0]
        edge = left + BLOCK_EMS * BODY_EM
        nonfinal = [m.line for m in found if not m.final]
        flush = [ln for ln in nonfinal if abs(ln.x1 - edge) <= TOLERANCE]
        short = [ln for ln in nonfinal if ln.x1 < edge - TOLERANCE]
        over = [ln for ln in nonfinal if ln.x1 > edge + TOLERANCE]
        half = [ln for ln in over if ln.x1 - edge <= BODY_EM / 2 + TOLERANCE and ln.text[-1:] in LINE_END_PUNCT]
        print(f"{name}: {pdf}")
        print(f"  body paragraphs found whole: {complete} of {len(paras)}; body lines: {len(body)}, "
              f"non-final: {len(nonfinal)}; text block {left:.2f}..{edge:.2f} pt")
        print(f"  non-final lines flush at the right edge (within {TOLERANCE:g} pt): {len(flush)} of {len(nonfinal)}")
        if short:
            gaps = sorted(edge - ln.x1 for ln in short)
            print(f"  short of the edge: {len(short)} (by {gaps[0]:.1f} to {gaps[-1]:.1f} pt, "
                  f"median {gaps[len(gaps) // 2]:.1f} pt)")
        if over:
            print(f"  past the edge: {len(over)}, of which {len(half)} end with punctuation set half-width "
                  f"(its full-width advance box overhangs the edge by at most {BODY_EM / 2:g} pt, the ink does not)")
        for ln in short[:4]:
            print(f"    short {edge - ln.x1:5.1f} pt  p{ln.page}: …{ln.text[-14:]}")
        first = found[0].line if found else None
        if first is not None:
            raw = subprocess.run(["pdftotext", "-f", str(first.page), "-l", str(first.page), str(pdf), "-"],
                                 check=True, capture_output=True, text=True).stdout
            text_line = next((row for row in raw.splitlines() if "G7" in row or first.text[:6] in row), "")
            print(f"  pdftotext, first body line: {text_line!r}")
            print(f"  its words (pdftotext -bbox-layout): {' | '.join(w for _, _, w in first.words)}")


# ---- images ------------------------------------------------------------------------------------

def render(pdf: Path, page: int, dpi: int, workdir: Path, stem: str):
    from PIL import Image

    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-f", str(page), "-l", str(page), "-singlefile",
                    str(pdf), str(workdir / stem)], check=True, stderr=subprocess.DEVNULL)
    return Image.open(workdir / f"{stem}.png").convert("RGB")


def label_font(size: int):
    from PIL import ImageFont

    for path in ("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
                 "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"):
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default()


def side_by_side(left, right, left_label: str, right_label: str, size: int):
    from PIL import Image, ImageDraw

    pad, bar = size, size * 2
    width = left.width + right.width + 3 * pad
    height = max(left.height, right.height) + bar + pad
    sheet = Image.new("RGB", (width, height), (200, 200, 200))
    draw = ImageDraw.Draw(sheet)
    font = label_font(size)
    for x, img, label in ((pad, left, left_label), (2 * pad + left.width, right, right_label)):
        draw.text((x, size // 2), label, fill=(0, 0, 0), font=font)
        sheet.paste(img, (x, bar))
    return sheet


def body_crop(pdf: Path, page: int, dpi: int, img) -> list:
    """Crops at `dpi`: the first three lines of body text on `page`, and the first two lines of
    the footnote that holds ウェビナー (or else of the first footnote)."""
    scale = dpi / 72
    page_lines = [ln for ln in lines(pdf) if ln.page == page]
    wide = [ln for ln in page_lines if ln.x1 - ln.x0 > 300]
    first = next(i for i, ln in enumerate(page_lines) if ln in wide)
    body = page_lines[first:first + 3]
    note = next((i for i, ln in enumerate(page_lines) if "ウェビナー" in ln.text), None)
    crops = []
    for group, half in ((body, BODY_EM * 1.75 / 2), (page_lines[note:note + 2] if note is not None else [], 6.4)):
        if not group:
            continue
        x0, x1 = min(ln.x0 for ln in wide) - 8, max(ln.x1 for ln in wide) + 12
        y0, y1 = group[0].y - half - 2, group[-1].y + half + 2
        crops.append(img.crop(tuple(round(v * scale) for v in (x0, y0, x1, y1))))
    return crops


def stack(images, gap: int):
    from PIL import Image

    sheet = Image.new("RGB", (max(i.width for i in images), sum(i.height for i in images) + gap * (len(images) - 1)),
                      (255, 255, 255))
    y = 0
    for img in images:
        sheet.paste(img, (0, y))
        y += img.height + gap
    return sheet


def images(left: Path, right: Path, page: int, left_label: str, right_label: str, page_png: Path,
           detail_png: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="vivliostyle-compare-") as tmp:
        work = Path(tmp)
        l100, r100 = render(left, page, 100, work, "l100"), render(right, page, 100, work, "r100")
        side_by_side(l100, r100, left_label, right_label, 18).save(page_png)
        l200, r200 = render(left, page, 200, work, "l200"), render(right, page, 200, work, "r200")
        lc, rc = stack(body_crop(left, page, 200, l200), 24), stack(body_crop(right, page, 200, r200), 24)
        side_by_side(lc, rc, left_label, right_label, 26).save(detail_png)


def main(argv: list[str]) -> None:
    command, args = argv[0], argv[1:]
    if command == "print-html":
        extra = [args[i + 1] for i, a in enumerate(args) if a == "--extra"]
        positional = [a for i, a in enumerate(args) if a != "--extra" and (i == 0 or args[i - 1] != "--extra")]
        print_html(positional[0], positional[1], Path(positional[2]), extra)
    elif command == "images":
        images(Path(args[0]), Path(args[1]), int(args[2]), args[3], args[4], Path(args[5]), Path(args[6]))
    elif command == "measure":
        measure(Path(args[0]), [(a.split("=", 1)[0], Path(a.split("=", 1)[1])) for a in args[1:]])
    else:
        sys.exit(f"unknown command {command}: print-html, images or measure")


if __name__ == "__main__":
    main(sys.argv[1:])

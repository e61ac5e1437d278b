"""Reading generated PDFs the way a reader sees them (poppler's pdftotext).

`pages_text` gives each page's text (layout kept); `words` gives every word
with its page and box, so tests can tell body text, footnote calls (small,
glued to a body word) and footnote markers (small, starting a note line)
apart by their size.
"""
from __future__ import annotations

import re
import statistics
import subprocess
from dataclasses import dataclass
from pathlib import Path

from lxml import etree


@dataclass
class Word:
    page: int  # 1-based physical page
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def h(self) -> float:
        return self.y1 - self.y0


def pages_text(pdf: Path, layout: bool = True) -> list[str]:
    args = ["pdftotext", *(["-layout"] if layout else []), str(pdf), "-"]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return out.split("\f")[:-1]


def words(pdf: Path) -> list[Word]:
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True).stdout
    root = etree.fromstring(out, etree.XMLParser(recover=True))
    result = []
    for n, page in enumerate(root.iter("{*}page"), start=1):
        for w in page.iter("{*}word"):
            result.append(Word(n, float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")),
                               float(w.get("yMax")), w.text or ""))
    return result


def body_height(ws: list[Word]) -> float:
    return statistics.mode(round(w.h, 1) for w in ws)


def folio(page_text: str) -> int | None:
    """The page number printed at the foot of a page (last line made only of digits)."""
    lines = [l.strip() for l in page_text.splitlines() if l.strip()]
    return int(lines[-1]) if lines and lines[-1].isdigit() else None


def same_line(a: Word, b: Word) -> bool:
    """b sits on a's line (a superscript call is raised but stays within a's box)."""
    return a.page == b.page and b.y0 >= a.y0 - 2 and b.y1 <= a.y1 + 1


LABEL = re.compile(r"^[(（\[]?([*†‡§]+|\d{1,3})[)）\]]?\.?$")


def calls_and_markers(ws: list[Word]) -> tuple[list[Word], list[Word]]:
    """Footnote calls (small labels glued to the end of a body word) and note markers
    (small labels that begin a footnote line)."""
    body = body_height(ws)
    calls, markers = [], []
    for i, w in enumerate(ws):
        if w.h > 0.85 * body or not LABEL.match(w.text):
            continue
        prev = ws[i - 1] if i else None
        # glued to a larger word: body text, or a caption set smaller than the body
        glued = prev is not None and same_line(prev, w) and -1 < w.x0 - prev.x1 < 1.5 and prev.h > 1.15 * w.h
        starts_line = prev is None or prev.page != w.page or prev.x1 > w.x0 + 1 or abs(prev.y1 - w.y1) > 8
        if glued:
            calls.append(w)
        elif starts_line:
            markers.append(w)
    return calls, markers


def norm(text: str) -> str:
    """Text without spaces, hyphenation breaks or typographic variants, for comparisons."""
    text = text.replace("\u2010\n", "").replace("-\n", "-")
    text = re.sub(r"[’‘]", "'", text)
    text = re.sub(r"[\s\u00a0\u202f\u2009\u2060\u00ad]", "", text)
    return text.replace("…", "...")

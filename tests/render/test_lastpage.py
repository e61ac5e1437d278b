"""No edition ends on a page holding a handful of lines when the pages before can take them."""
from __future__ import annotations

import statistics
import subprocess
from pathlib import Path

from lxml import etree
from projects import SLUG

from frspub.render.lastpage import SHORT


def page_lines(pdf: Path, page: int) -> list[tuple[float, str]]:
    """(top, text) of the lines of `page`, without the running head and the page number."""
    out = subprocess.run(["pdftotext", "-bbox-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, check=True).stdout
    root = etree.fromstring(out, etree.XMLParser(recover=True))
    lines = [(float(line.get("yMin")), " ".join(w.text or "" for w in line.iter("{*}word")))
             for line in root.iter("{*}line")]
    return [(y, text) for y, text in lines if 60 < y < 770]  # head at ~50 pt, folio at ~790 pt


def all_lines(pdf: Path, page: int) -> list[tuple[float, str]]:
    """(top, text) of every line of `page`, top to bottom (running head and folio included)."""
    out = subprocess.run(["pdftotext", "-bbox-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, check=True).stdout
    root = etree.fromstring(out, etree.XMLParser(recover=True))
    return sorted((float(line.get("yMin")), " ".join(w.text or "" for w in line.iter("{*}word")))
                  for line in root.iter("{*}line"))


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def test_the_last_page_of_every_edition_is_not_a_leftover(built: Path) -> None:
    for lang in ("fr", "en", "ja"):
        pdf = built / lang / f"{SLUG}.pdf"
        assert len(page_lines(pdf, pages(pdf))) >= SHORT, lang


def test_a_note_whose_last_page_is_full_keeps_the_house_leading(built: Path) -> None:
    """The French last page was never short: its body keeps print.css's 10.5 pt × 1.45 leading."""
    pdf = built / "fr" / f"{SLUG}.pdf"
    tops = [y for y, text in page_lines(pdf, 5) if len(text) > 60][:12]
    pitch = statistics.median(b - a for a, b in zip(tops, tops[1:]))
    assert abs(pitch - 10.5 * 1.45) < 0.15, pitch


def test_the_remedy_sets_the_last_spread_only_in_the_one_layout(built: Path) -> None:
    """English: the first layout ended on a leftover; its last spread (pages 6–7) was made again
    inside that layout (render/weasylastpage) at 1.4 leading, one line long; the pages before
    keep the house leading, and the Sommaire still gives each heading's printed page."""
    pdf = built / "en" / f"{SLUG}.pdf"
    assert pages(pdf) == 7

    def pitch(page: int) -> float:
        tops = [y for y, text in page_lines(pdf, page) if len(text) > 60][:12]
        return statistics.median(b - a for a, b in zip(tops, tops[1:]))

    assert abs(pitch(4) - 10.5 * 1.45) < 0.15 and abs(pitch(5) - 10.5 * 1.45) < 0.15
    assert abs(pitch(6) - 10.5 * 1.4) < 0.15 and abs(pitch(7) - 10.5 * 1.4) < 0.15
    lines = {page: all_lines(pdf, page) for page in (4, 5, 6, 7)}
    folios = {page: max(lines[page])[0] for page in lines}  # the page number, lowest of all
    assert len(set(folios.values())) == 1 and all(lines[p][-1][1] == str(p - 3) for p in lines), folios
    assert max(y for y, _ in lines[7][:-1]) > max(y for y, _ in lines[5][:-1]) + 15  # its notes run long
    toc = subprocess.run(["pdftotext", "-f", "3", "-l", "3", "-layout", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    numbers = [int(line.rsplit(None, 1)[-1]) for line in toc.splitlines() if line.strip()[-1:].isdigit()]
    assert numbers == sorted(numbers) and numbers[-1] == 4 and 0 not in numbers, toc


def test_the_sommaire_gives_each_heading_its_printed_page(built: Path) -> None:
    """The remade pages move headings (Japanese: the remedy from the body's first page moved
    one up a page); the Sommaire's numbers follow (render/weasylastpage._look_again)."""
    for lang in ("en", "ja"):
        pdf = built / lang / f"{SLUG}.pdf"
        toc = subprocess.run(["pdftotext", "-f", "3", "-l", "3", "-layout", str(pdf), "-"], capture_output=True,
                             text=True, check=True).stdout
        entries = [line.strip().rstrip("0123456789").rstrip(". ").strip() for line in toc.splitlines()
                   if line.strip()[-1:].isdigit() and "." in line]
        numbers = [int(line.rsplit(None, 1)[-1]) for line in toc.splitlines()
                   if line.strip()[-1:].isdigit() and "." in line]
        assert len(entries) >= 5, toc
        texts = {page: subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                                      capture_output=True, text=True, check=True).stdout.replace("\n", "")
                 for page in range(4, pages(pdf) + 1)}
        for title, number in zip(entries, numbers):
            found = [page - 3 for page, text in texts.items() if title[:12] in text]
            assert found and found[0] == number, (lang, title, number, found)

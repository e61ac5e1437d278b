"""The Japanese text block is a whole number of characters wide (46), so lines end flush (JLReq 2.3.1)."""
from __future__ import annotations

import subprocess
from pathlib import Path

from lxml import etree
from projects import SLUG


def body_lines(pdf: Path) -> list[tuple[float, float, str, bool]]:
    """(xMin, xMax, text, last line of its paragraph) of the body pages' lines."""
    out = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True).stdout
    root = etree.fromstring(out, etree.XMLParser(recover=True))
    found = []
    for number, page in enumerate(root.iter("{*}page"), start=1):
        if number < 4:
            continue  # cover, inside cover, contents
        for flow in page.iter("{*}flow"):
            lines = list(flow.iter("{*}line"))
            for i, line in enumerate(lines):
                text = "".join(w.text or "" for w in line.iter("{*}word"))
                found.append((float(line.get("xMin")), float(line.get("xMax")), text, i == len(lines) - 1))
    return found


def test_pure_japanese_lines_reach_the_edge_of_a_46_character_block(built: Path) -> None:
    lines = body_lines(built / "ja" / f"{SLUG}.pdf")
    pure = [(x0, x1) for x0, x1, text, last in lines if not last and
            sum(1 for c in text if "\u3040" <= c <= "\u9fff") >= 30 and not any("a" <= c.lower() <= "z" for c in text)]
    left = min(x0 for x0, _ in pure)
    edge = left + 460  # 46 characters of 10 pt
    flush = [x1 for _, x1 in pure if abs(x1 - edge) <= 1.5]
    assert len(pure) > 50
    assert max(x1 for _, x1 in pure) <= edge + 0.5, "no line runs past the block"
    # lines shortened by kinsoku (a forbidden line start moved down) stay short: WeasyPrint has
    # no inter-character justification; every other line ends on the edge
    assert len(flush) >= 0.7 * len(pure), (len(flush), len(pure))


def test_numbers_stay_with_their_counters(built: Path) -> None:
    """JLReq 3.1.7: 「2024年8月18 / 日」 must not happen: no line ends with a digit whose counter
    starts the next line."""
    from frspub.render.kinsoku import COUNTERS, MULTIPLIERS, PREFIXES

    text = subprocess.run(["pdftotext", str(built / "ja" / f"{SLUG}.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    lines = "\f".join(text.split("\f")[3:]).splitlines()  # the body pages (not the Sommaire's page numbers)
    split = [(a, b) for a, b in zip(lines, lines[1:]) if a[-1:].isdigit() and any(b.startswith(c) for c in COUNTERS)]
    assert split == []
    # the reviewers' 「決議第 / 1718号」「3カ / 国」「300万 / 発」
    assert [(a, b) for a, b in zip(lines, lines[1:]) if a.endswith(PREFIXES) and b[:1].isdigit()
            or a.endswith("カ") and b.startswith("国") or a.endswith(tuple(MULTIPLIERS)) and b[:1] in COUNTERS] == []
    assert "2024年10月23日" in text.replace("\n", "")

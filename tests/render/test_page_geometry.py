"""Page geometry of the built PDFs, by positions (PyMuPDF): every heading has at least two lines
of its section under it on its page (or starts the next page), and the Japanese text block, the
running head and the footnote rule share one width (46 characters of 10 pt)."""
from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from projects import SLUG

ACCENT = 0x1F3A5F  # print.css --accent: the headings' colour
BODY_PAGES = 4  # cover, inside cover and Sommaire come first


def _spans(page) -> list[dict]:
    return [s for b in page.get_text("dict")["blocks"] for line in b.get("lines", []) for s in line["spans"]
            if s["text"].strip()]


@pytest.mark.parametrize("lang", ["fr", "en", "ja"])
def test_every_heading_keeps_two_lines_under_it(built: Path, lang: str) -> None:
    """The reviewers saw 「ロシア側に立つ…」 at the foot of page 5 with one line under it."""
    found = []
    with pymupdf.open(built / lang / f"{SLUG}.pdf") as doc:
        for number, page in enumerate(doc, start=1):
            if number < BODY_PAGES:
                continue
            spans = _spans(page)
            # body text: 10 pt (ja) or 10.5 pt; notes, running head and folio are smaller
            body = {round(s["bbox"][3]) for s in spans if 9.5 <= s["size"] <= 10.6 and s["color"] != ACCENT}
            for s in spans:
                if s["color"] == ACCENT and s["size"] >= 10.9:
                    found.append((number, s["text"], len({y for y in body if y > s["bbox"][3] + 1})))
    assert len(found) >= 9  # the note's title and its headings
    assert [f for f in found if f[2] < 2] == []


def test_japanese_text_block_running_head_and_footnote_rule_share_one_width(built: Path) -> None:
    """The 450 pt text block ended 9 pt short of the 459 pt running head and footnote rule."""
    rights, rules, heads = [], [], []
    with pymupdf.open(built / "ja" / f"{SLUG}.pdf") as doc:
        for page in list(doc)[BODY_PAGES - 1:]:
            spans = _spans(page)
            rights += [s["bbox"][2] for s in spans if s["size"] == pytest.approx(10, abs=0.1)]
            heads += [s["bbox"][2] for s in spans if s["bbox"][3] < 60]  # the running head, in the top margin
            rules += [(d["rect"].x0, d["rect"].x1) for d in page.get_drawings() if d["rect"].width > 400]
        left = min(s["bbox"][0] for s in _spans(doc[BODY_PAGES - 1]) if s["size"] == pytest.approx(10, abs=0.1))
    edge = left + 460  # 46 characters of 10 pt
    assert max(rights) == pytest.approx(edge, abs=0.5)  # the text block's flush lines
    assert sum(1 for x in rights if abs(x - edge) <= 1) >= 40
    assert len(heads) >= 3 and all(x == pytest.approx(edge, abs=0.5) for x in heads)
    assert len(rules) >= 3 and all(x0 == pytest.approx(left, abs=0.5) and x1 == pytest.approx(edge, abs=0.5)
                                   for x0, x1 in rules)

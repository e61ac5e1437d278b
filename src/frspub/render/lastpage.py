"""No last page holding a handful of lines when the pages before can absorb them.

Takes a laid-out WeasyPrint document, its print HTML and a function that lays
out HTML (`footnotes.settle`, which keeps every note on its call's page);
returns the document to print and its print HTML.  When the last page holds fewer than
`SHORT` lines of text, the note is laid out again with the remedies a
typesetter uses (`REMEDIES`).  A layout with fewer pages wins; if none has,
the original stays (nothing is squeezed for nothing).
"""
from __future__ import annotations

from typing import Any, Callable

SHORT = 8  # lines: under this, the last page looks like a leftover
# Appended to the print HTML's head; print.css's values are 26 mm and 2.5 mm.
# One remedy, so one layout more (footnote rounds included), and only for such notes: pages run
# one line long (the bottom margin gives up a line), paragraphs are a third closer, and the
# leading 3 % tighter.  (Running long alone, tried first, never saved a page of the FRS note.)
REMEDIES = (
    "@page body { margin-bottom: 19.5mm; } main p { margin-bottom: 1.6mm; } main { line-height: 1.4; }"
    " html:lang(ja) main { line-height: 1.7; }",
)


def lines_on(page: Any) -> int:
    """Lines of text (body and footnotes) that a laid-out page holds."""
    from weasyprint.formatting_structure.boxes import LineBox, MarginBox, TextBox

    count = 0
    stack = list(page._page_box.children)
    while stack:
        box = stack.pop()
        if isinstance(box, MarginBox):  # running head, page number
            continue
        if isinstance(box, LineBox):
            count += any(isinstance(b, TextBox) and b.text.strip() for b in box.descendants())
            continue
        stack.extend(getattr(box, "children", []) or [])
    return count


def short(document: Any) -> bool:
    """The last page of `document` is a leftover."""
    pages = document.pages
    return len(pages) >= 2 and lines_on(pages[-1]) < SHORT


def remedied(text: str, css: str = REMEDIES[0]) -> str:
    """The print HTML `text` with a remedy."""
    return text.replace("</head>", f"<style>{css}</style></head>", 1)


def absorb(document: Any, text: str, layout: Callable[[str], tuple[Any, str]]) -> tuple[Any, str]:
    """(document, print HTML) to print; `layout` returns both for a print HTML."""
    if not short(document):
        return document, text
    for css in REMEDIES:
        tighter, settled = layout(remedied(text, css))
        if len(tighter.pages) < len(document.pages):
            return tighter, settled
    return document, text

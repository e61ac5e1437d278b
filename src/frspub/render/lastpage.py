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
# The remedy (print.css's values are 26 mm, 2.5 mm and 1.45, Japanese 1.75): pages run one line
# long (the bottom margin gives up a line), paragraphs are a third closer, and the leading 3 %
# tighter.  (Running long alone, tried first, never saved a page of the FRS note.)
# `render/weasylastpage` applies it inside the layout to the last spreads; `REMEDIES` is the
# same as CSS, appended to the print HTML's head, for the layout of its own that a WeasyPrint
# the patch does not know takes.
BOTTOM = 19.5  # mm
PARAGRAPH = 1.6  # mm
LEADING = 1.4
LEADING_JA = 1.7
REMEDIES = (
    f"@page body {{ margin-bottom: {BOTTOM}mm; }} main p {{ margin-bottom: {PARAGRAPH}mm; }} main {{ line-height: "
    f"{LEADING}; }} html:lang(ja) main {{ line-height: {LEADING_JA}; }}",
)
TRIED = "frs_remedy"  # set by render/weasylastpage on the last page box of a layout that tried the remedy


def lines_on(page: Any) -> int:
    """Lines of text (body and footnotes) that a laid-out page holds."""
    return box_lines(page._page_box)


def box_lines(page_box: Any) -> int:
    """Lines of text (body and footnotes) of a WeasyPrint page box."""
    from weasyprint.formatting_structure.boxes import LineBox, MarginBox, TextBox

    count = 0
    stack = list(page_box.children)
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


def tried(document: Any) -> bool:
    """The layout of `document` tried the remedy itself (`render/weasylastpage`): a leftover
    it could not cure is no cause for another layout."""
    return bool(document.pages) and getattr(document.pages[-1]._page_box, TRIED, None) is not None


def leftover(document: Any) -> bool:
    """A leftover last page that a layout with the remedy might still cure."""
    return short(document) and not tried(document)


def remedied(text: str, css: str = REMEDIES[0]) -> str:
    """The print HTML `text` with a remedy."""
    return text.replace("</head>", f"<style>{css}</style></head>", 1)


def absorb(document: Any, text: str, layout: Callable[[str], tuple[Any, str]]) -> tuple[Any, str]:
    """(document, print HTML) to print; `layout` returns both for a print HTML."""
    if not leftover(document):
        return document, text
    for css in REMEDIES:
        tighter, settled = layout(remedied(text, css))
        if len(tighter.pages) < len(document.pages):
            return tighter, settled
    return document, text

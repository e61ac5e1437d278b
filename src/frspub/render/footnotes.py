"""Keep every footnote on the page of its call, in WeasyPrint layouts.

Takes the print HTML and returns a laid-out WeasyPrint `Document` in which
each note (``span.fn``) is printed on the page where its call is.  WeasyPrint
70 may defer notes to the next page to make room for an overflowing line
(when orphans/widows forbid breaking earlier), even with
``footnote-policy: line``.  This module checks the layout and, for the block
that straddles the faulty page's end, first relaxes orphans and widows (the
cause, and the least visible fix), then if need be forces a page break before
it; it lays out again after each step (a few rounds at most), so the rule
holds whatever the text.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lxml import html as lhtml

from frspub.errors import RenderError
from frspub.render import floats, weasypatch

BLOCK_ATTR = "data-frs-block"
BREAK_CLASS = "frs-page-break"
RELAX_CLASS = "frs-relax"
BLOCKS = "//main//p | //main//li | //main//h2 | //main//h3 | //main//blockquote | //main//tr | //main//dt | //main//dd"
MAX_ROUNDS = 12


@dataclass
class Misplaced:
    label: str
    call_page: int
    note_page: int


def number_blocks(text: str) -> str:
    """Give every body block a number so that layout boxes can be traced back to it."""
    root = lhtml.document_fromstring(text)
    for n, el in enumerate(root.xpath(BLOCKS)):
        el.set(BLOCK_ATTR, str(n))
    return lhtml.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>")


def mark(text: str, block: str, css_class: str) -> str:
    """Add `css_class` to a numbered block (a page break goes before the heading that leads to it)."""
    root = lhtml.document_fromstring(text)
    for el in root.xpath(f"//*[@{BLOCK_ATTR}='{block}']"):
        # A heading goes with the text it introduces, never alone at a page foot.
        while css_class == BREAK_CLASS and el.getprevious() is not None and \
                el.getprevious().tag in ("h2", "h3", "h4"):
            el = el.getprevious()
        el.set("class", f"{el.get('class', '')} {css_class}".strip())
    return lhtml.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>")


def misplaced(document: Any) -> list[Misplaced]:
    calls: dict[str, int] = {}
    notes: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for box in page._page_box.descendants():
            if type(box).__name__ == "FootnoteAreaBox":
                for child in box.children:
                    if child.element is not None and child.element.get("data-label") is not None:
                        notes.setdefault(child.element.get("data-label"), number)
                continue
            element = getattr(box, "element", None)
            tag = getattr(box, "element_tag", "") or ""
            if element is not None and tag.endswith("::footnote-call") and element.get("data-label"):
                calls.setdefault(element.get("data-label"), number)
    return [Misplaced(label, page, notes.get(label, 0)) for label, page in calls.items()
            if notes.get(label) != page]


def straddling_block(document: Any, page: int) -> str | None:
    """The last numbered block that starts on `page` (the one a break before would push on)."""
    last = None
    for box in document.pages[page - 1]._page_box.descendants():
        element = getattr(box, "element", None)
        if element is not None and element.get(BLOCK_ATTR) is not None and box.element_tag.find("::") < 0:
            last = element.get(BLOCK_ATTR)
    return last


def numbered(text: str) -> str:
    """`text` with its blocks and figures numbered, as `settle` lays it out."""
    return floats.number_figures(number_blocks(text))


def settled_well(document: Any, text: str) -> bool:
    """`document` (laid out from `text`) is what `settle` would keep: every note on its call's
    page and no figure to move."""
    return not misplaced(document) and _float_figures(document, text, set()) is None


def render(text: str, base_url: str, **options: Any) -> Any:
    """Lay out `text` (`options` go to WeasyPrint's render), moving blocks to later pages
    until every note sits on its call's page, and figures after the text that can fill a gap
    (`floats`)."""
    return settle(text, base_url, **options)[0]


def settle(text: str, base_url: str, tally: Any = None, **options: Any) -> tuple[Any, str]:
    """`render`, and the print HTML as the last layout had it (with the breaks and relaxed
    blocks of the rounds): laid out again, it gives the same pages.  `tally.add()` is called
    for each layout."""
    import weasyprint

    weasypatch.apply()
    text = numbered(text)
    relaxed: set[str] = set()
    settled: set[str] = set()  # figures that cannot move further
    for _ in range(MAX_ROUNDS):
        document = weasyprint.HTML(string=text, base_url=base_url).render(**options)
        if tally is not None:
            tally.add()
        wrong = misplaced(document)
        if not wrong:
            moved = _float_figures(document, text, settled)
            if moved is None:
                return document, text
            text = moved
            continue
        block = straddling_block(document, wrong[0].call_page)
        if block is None:
            break
        text = mark(text, block, BREAK_CLASS if block in relaxed else RELAX_CLASS)
        relaxed.add(block)
    if not wrong:
        return document, text  # the figures are where the last round left them: acceptable
    first = wrong[0]
    raise RenderError(f"footnote {first.label} is called on page {first.call_page} but printed on page "
                      f"{first.note_page}, and moving text did not fix it", "print layout", 0)


def _float_figures(document: Any, text: str, settled: set[str]) -> str | None:
    """The print HTML with one figure moved past the next paragraph, or None if none should move."""
    while (figure := floats.deferred(document, settled)) is not None:
        moved = floats.defer(text, figure)
        if moved is not None:
            return moved
        settled.add(figure)
    return None

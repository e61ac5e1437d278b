"""Figures in print: page floats by hand, and the resolution of printed images.

Takes a laid-out WeasyPrint `Document` of the print HTML; `deferred` tells
which figure was pushed to the top of a page while the page before ended with
a large gap (a figure never splits, print.css says `break-inside: avoid`),
and `defer` moves that figure after the paragraph that follows it, so that
the text fills the gap and the figure opens the next page: what a page float
(``float: top``, CSS Page Floats) would do, which WeasyPrint lacks
(Kozea/WeasyPrint#259).  `resolutions` gives each raster image's printed
resolution (pixels over printed inches), for the under-150-dpi warning.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

from lxml import html as lhtml

FLOAT_ATTR = "data-frs-float"
GAP = 0.2  # of the page's text height: a larger empty foot is a hole a reader sees
MOVABLE_PAST = ("p", "ul", "ol", "blockquote", "dl")  # never past a heading: a figure stays in its section
PX_PER_INCH = 96  # CSS pixels


@dataclass(frozen=True)
class Printed:
    figure: str  # the <figure> id
    pixels: int
    inches: float

    @property
    def dpi(self) -> float:
        return self.pixels / self.inches if self.inches else 0.0


def number_figures(text: str) -> str:
    root = lhtml.document_fromstring(text)
    for n, el in enumerate(root.iter("figure")):
        el.set(FLOAT_ATTR, str(n))
    return lhtml.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>")


def _in_flow(page: Any) -> Iterator[Any]:
    """The page box and the boxes of its flow: WeasyPrint's `Box.descendants`, leaving out the
    footnote area and the margin boxes, which are children of the page box only."""
    yield page
    for child in page.children:
        if type(child).__name__ not in ("FootnoteAreaBox", "MarginBox"):
            yield from child.descendants()


def _text_bottom(page: Any) -> float:
    """Where the text of the page ends (the lowest in-flow line or block)."""
    bottom = page.content_box_y()
    for box in _in_flow(page):
        if type(box).__name__ in ("LineBox", "ImageBox", "TableRowBox") or \
                getattr(box, "element_tag", "") == "figure":
            bottom = max(bottom, box.position_y + box.margin_height())
    return bottom


def _footnotes_height(page: Any) -> float:
    for child in page.children:
        if type(child).__name__ == "FootnoteAreaBox":
            return child.margin_height()
    return 0.0


def deferred(document: Any, done: set[str]) -> str | None:
    """A figure (its FLOAT_ATTR) that opens a page after a gap on the page before, not yet moved."""
    for number in range(1, len(document.pages)):
        page = document.pages[number]._page_box
        first = next((b for b in _in_flow(page) if getattr(b, "element", None) is not None
                      and b.element.get(FLOAT_ATTR) is not None), None)
        if first is None or first.element.get(FLOAT_ATTR) in done:
            continue
        if first.position_y - page.content_box_y() > 30:  # not at the top of its page
            continue
        before = document.pages[number - 1]._page_box
        room = before.content_box_y() + before.height - _footnotes_height(before) - _text_bottom(before)
        if room > GAP * before.height:
            return first.element.get(FLOAT_ATTR)
    return None


def defer(text: str, figure: str) -> str | None:
    """The print HTML with that figure moved after the next paragraph (None: nothing to move past)."""
    root = lhtml.document_fromstring(text)
    found = root.xpath(f"//*[@{FLOAT_ATTR}='{figure}']")
    if not found:
        return None
    el = found[0]
    following = el.getnext()
    if following is None or following.tag not in MOVABLE_PAST:
        return None
    el.getparent().remove(el)
    following.addnext(el)
    el.tail, following.tail = following.tail, el.tail
    return lhtml.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>")


def resolutions(document: Any) -> list[Printed]:
    """Each raster image of a figure as printed: its pixel width over its printed width."""
    found: list[Printed] = []
    for page in document.pages:
        _images(page._page_box, "", found)
    return found


def _images(box: Any, figure: str, found: list[Printed]) -> None:
    if getattr(box, "element_tag", "") == "figure" and box.element is not None:
        figure = box.element.get("id", "")
    image = getattr(box, "replacement", None)
    if figure and type(image).__name__ == "RasterImage" and box.width:
        found.append(Printed(figure, int(image.width), box.width / PX_PER_INCH))
    for child in getattr(box, "children", []) or []:
        _images(child, figure, found)

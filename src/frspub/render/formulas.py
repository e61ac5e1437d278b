"""Formulas in print: WeasyPrint cannot lay out MathML, so each ``<math>`` of the print HTML
becomes a vector drawing of the same MathML (`note.formulas.draw`, ziamath).

Takes the print body (lxml, pandoc's ``--mathml`` output with its notes inlined); replaces
each formula in place by an ``<img>`` of its SVG as a ``data:`` URI (WeasyPrint draws SVG as
vectors: no raster, no font), sized in em so that it follows the size of its text (a formula
in a footnote is set smaller), an inline one lowered by its depth so that its baseline is the
line's, a display one centred on a line of its own.  The alt text is the TeX source: the PDF
structure tree gives it as the `/Alt` of the formula's element (PDF/UA 7.7 asks formulas
for an alternate description), and the glyph check counts it like every alt text.
"""
from __future__ import annotations

import base64

from lxml import html as lhtml
from lxml.html import HtmlElement

from frspub.errors import RenderError
from frspub.note import formulas

DISPLAY_CLASS = "frs-math-display"
INLINE_CLASS = "frs-math"


def draw_all(body: HtmlElement, shown: str) -> None:
    """Replace every formula of `body` by its drawing (in place)."""
    for math in body.xpath(".//*[local-name()='math']"):
        tex = "".join(math.xpath(".//*[local-name()='annotation'][@encoding='application/x-tex']/text()"))
        source = lhtml.tostring(math, encoding="unicode", with_tail=False)
        drawing = formulas.draw(source)
        if drawing.problem:  # checked at reading: only a changed ziamath could get here
            raise RenderError(f"formula {tex[:60]!r} cannot be set in print ({drawing.problem})", shown, 0)
        math.getparent().replace(math, _image(drawing, tex.strip(), math.get("display") == "block", math.tail))


def _image(drawing: formulas.Drawing, tex: str, display: bool, tail: str | None) -> HtmlElement:
    uri = "data:image/svg+xml;base64," + base64.b64encode(drawing.svg.encode("utf-8")).decode("ascii")
    style = f"width: {drawing.width:.3f}em; height: {drawing.height:.3f}em"
    if not display:
        style += f"; vertical-align: -{drawing.depth:.3f}em"
    img = lhtml.Element("img", {"class": INLINE_CLASS, "src": uri, "alt": tex, "style": style})
    if display:
        wrapper = lhtml.Element("span", {"class": DISPLAY_CLASS})
        wrapper.append(img)
        img = wrapper
    img.tail = tail
    return img

"""Layout decisions as plain data: what one build decided, for the next build to apply.

Takes the numbered print HTML (`footnotes.number_blocks`) and the decisions of the last
build of the same edition; gives back the text stamped with *units* and the decisions
translated to this text.  A unit is a numbered body block (or a block outside `main`
holding Japanese–Western spaces), keyed by a hash of its HTML (numbering left out) and of
the elements around it (what sets its width): a block whose key is unchanged breaks into the
same lines, so what the last build decided for its lines holds again.  The record is a
mapping, name -> plain data (JSON), so that any stage can keep its own: `linerules`
(`render.linememo`, per unit), `lastpage` (per edition: the remedy, and the leftover it
cured).  Each is checked on the layout it is applied to (`render.replay`); nothing here
trusts the record.  (Japanese justification keeps none since round 4: `render.jafill`
decides it from the layout's own boxes.)
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from lxml import html as lhtml
from lxml.html import HtmlElement

from frspub.render import justify

UNIT_ATTR = "data-frs-unit"
# Numbering that shifts when another block changes: no part of a unit's key.
NUMBERING = re.compile(r' data-(?:frs-block|aki|frs-float|frs-unit)="[^"]*"')
OUTSIDE_BLOCKS = {"p", "div", "li", "td", "th", "dd", "dt", "figcaption", "caption", "h1", "h2", "h3", "h4",
                  "h5", "h6", "blockquote", "address", "section", "header", "footer"}



@dataclass
class Memory:
    """The decisions the last build made (`known`, read) and those of this build (`made`,
    written): name -> plain data.  The build keeps `made` for the next build of the edition."""
    known: dict[str, Any] = field(default_factory=dict)
    made: dict[str, Any] = field(default_factory=dict)


@dataclass
class Units:
    """The units of a print HTML: each unit's key, and where its numbered parts are."""
    text: str  # the print HTML with every unit's elements stamped (UNIT_ATTR)
    order: list[str]  # unit keys, in document order
    block: dict[str, str]  # unit -> its data-frs-block ("" outside main)


def _key(el: HtmlElement) -> str:
    around = []
    for parent in el.iterancestors():
        around.append(f"{parent.tag}|{parent.get('class', '')}|{parent.get('style', '')}|{parent.get('lang', '')}")
    if el.tag == "li" and el.getparent() is not None:
        around.append(str(el.getparent().index(el)))  # its marker's number
    own = NUMBERING.sub("", lhtml.tostring(el, encoding="unicode", with_tail=False))
    return hashlib.sha256("\n".join([*around, own]).encode("utf-8", "surrogatepass")).hexdigest()[:24]


def _unit_roots(root: HtmlElement) -> list[HtmlElement]:
    """Numbered blocks, and outside them the nearest block around each Japanese–Western space."""
    found = list(root.xpath("//*[@data-frs-block]"))
    seen = set(found)
    for span in root.xpath("//span[@data-aki]"):
        if any(a.get("data-frs-block") is not None for a in span.iterancestors()):
            continue
        outer = next((a for a in span.iterancestors() if a.tag in OUTSIDE_BLOCKS), None)
        if outer is not None and outer not in seen:
            seen.add(outer)
            found.append(outer)
    return found


def units(text: str) -> Units:
    """`text` (numbered blocks) with its units stamped: every element of a unit carries the
    unit's key (an inner numbered block is a unit of its own), so a layout's line tells its unit."""
    root = lhtml.document_fromstring(text)
    roots = _unit_roots(root)
    keys = {el: _key(el) for el in roots}
    for el in sorted(roots, key=lambda e: len(list(e.iterancestors()))):  # outer first: inner ones win
        for inner in el.iter():
            if isinstance(inner.tag, str):
                inner.set(UNIT_ATTR, keys[el])
    order, block = [], {}
    for el in roots:
        key = keys[el]
        if key in block:
            continue  # the same block twice (a repeated paragraph): one record serves both
        order.append(key)
        block[key] = el.get("data-frs-block") or ""
    stamped = lhtml.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>")
    return Units(stamped, order, block)


def unit_lines(document: Any) -> dict[str, list[str]]:
    """The text of each justified line of a laid-out document, by unit, in order."""
    found: dict[str, list[str]] = {}
    for line, block in justify.line_boxes(document):
        element = block.element
        unit = element.get(UNIT_ATTR) if element is not None else None
        if unit and block.style["text_align_all"] == "justify":
            found.setdefault(unit, []).append("".join(b.text for b in line.descendants()
                                                      if type(b).__name__ == "TextBox"))
    return found



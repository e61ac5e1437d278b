"""Layout decisions as plain data: what one build decided, for the next build to apply.

Takes the numbered print HTML (`footnotes.number_blocks`) and the decisions of the last
build of the same edition; gives back the text stamped with *units* and the decisions
translated to this text.  A unit is a numbered body block (or a block outside `main`
holding Japanese–Western spaces), keyed by a hash of its HTML (numbering left out) and of
the elements around it (what sets its width): a block whose key is unchanged breaks into the
same lines, so what the last build decided for its lines (justify's widened spaces, calls
and letter spacing) holds again.  The record is a mapping, name -> plain data (JSON), so
that any stage can keep its own: `justify` (per unit: its plan and the lines it was made
for), `lastpage` (per edition: the remedy, and the leftover it cured).  Each is checked on
the layout it is applied to (`render.replay`); nothing here trusts the record.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any, Iterator

from lxml import html as lhtml
from lxml.html import HtmlElement

UNIT_ATTR = "data-frs-unit"
# Numbering that shifts when another block changes: no part of a unit's key.
NUMBERING = re.compile(r' data-(?:frs-block|aki|frs-float|frs-unit)="[^"]*"')
OUTSIDE_BLOCKS = {"p", "div", "li", "td", "th", "dd", "dt", "figcaption", "caption", "h1", "h2", "h3", "h4",
                  "h5", "h6", "blockquote", "address", "section", "header", "footer"}

Plan = tuple[dict[str, int], dict[int, set[str]], dict[str, int], list]  # as `justify.widenings` gives it


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
    aki: dict[str, tuple[str, int]]  # data-aki -> (unit, index among the unit's spaces)
    spaces: dict[str, list[tuple[str, str]]]  # unit -> its spaces' (data-aki, character)
    block: dict[str, str]  # unit -> its data-frs-block ("" outside main)
    label: dict[str, str]  # note label -> the unit its call is in


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
    order, aki, spaces, block, label = [], {}, {}, {}, {}
    for el in roots:
        key = keys[el]
        if key in block:
            continue  # the same block twice (a repeated paragraph): one record serves both
        order.append(key)
        block[key] = el.get("data-frs-block") or ""
        own = [s for s in el.iter("span") if s.get("data-aki") and s.get(UNIT_ATTR) == key]
        spaces[key] = [(s.get("data-aki"), s.text_content()) for s in own]
        for i, span in enumerate(own):
            aki[span.get("data-aki")] = (key, i)
        for call in el.xpath(".//span[@data-label]"):
            if call.get(UNIT_ATTR) == key:
                label[call.get("data-label")] = key
    stamped = lhtml.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>")
    return Units(stamped, order, aki, spaces, block, label)


def split(plan: Plan, found: Units) -> dict[str, dict[str, Any]]:
    """`plan` (`justify.widenings`) cut into per-unit records (plain data), or {} for a part of
    it that no unit holds (then nothing is remembered)."""
    steps, chars, calls, pieces = plan
    records: dict[str, dict[str, Any]] = {}

    def of(unit: str) -> dict[str, Any]:
        return records.setdefault(unit, {"steps": [], "calls": [], "pieces": []})

    for aki_id, k in steps.items():
        if aki_id not in found.aki:
            return {}
        unit, index = found.aki[aki_id]
        of(unit)["steps"].append([index, k])
    for label, k in calls.items():
        if label not in found.label:
            return {}
        of(found.label[label])["calls"].append([label, k])
    by_block = {b: u for u, b in found.block.items() if b}
    for number, run, spacing in pieces:
        if number not in by_block:
            return {}
        of(by_block[number])["pieces"].append([run, spacing])
    for record in records.values():
        record["steps"].sort()
        record["calls"].sort()
    return records if join(records, found, list(records)) == _normal(plan) else {}


def join(records: dict[str, dict[str, Any]], found: Units, chosen: list[str]) -> Plan:
    """The plan of the `chosen` units' records, in this text's numbering."""
    steps: dict[str, int] = {}
    chars: dict[int, set[str]] = {}
    calls: dict[str, int] = {}
    pieces: list = []
    for unit in [u for u in found.order if u in chosen and u in records]:
        record = records[unit]
        spaces = found.spaces[unit]
        for index, k in record["steps"]:
            aki_id, char = spaces[index]
            steps[aki_id] = k
            if k > 0:
                chars.setdefault(k, set()).add(char)
        for label, k in record["calls"]:
            calls[label] = k
        pieces += [(found.block[unit], run, spacing) for run, spacing in record["pieces"]]
    return steps, chars, calls, pieces


def _normal(plan: Plan) -> Plan:
    steps, chars, calls, pieces = plan
    return steps, chars, calls, list(pieces)


def sound(records: Any, found: Units) -> dict[str, dict[str, Any]]:
    """The records (read from a file: anything) that fit a unit of this text, checked in shape."""
    if not isinstance(records, dict):
        return {}
    kept = {}
    for unit, record in records.items():
        if unit in found.spaces and _sound_record(record, len(found.spaces[unit]), bool(found.block[unit])):
            kept[unit] = record
    return kept


def _sound_record(record: Any, spaces: int, numbered: bool) -> bool:
    if not isinstance(record, dict) or not isinstance(record.get("lines"), list):
        return False
    steps, calls, pieces = record.get("steps"), record.get("calls"), record.get("pieces")
    return (isinstance(steps, list) and all(_pair(s, int) and 0 <= s[0] < spaces and s[1] >= 0 for s in steps)
            and isinstance(calls, list) and all(_pair(c, str) and c[1] > 0 for c in calls)
            and isinstance(pieces, list) and (numbered or not pieces)
            and all(isinstance(p, list) and len(p) == 2 and isinstance(p[0], str) and isinstance(p[1], float)
                    for p in pieces)
            and all(isinstance(line, str) for line in record["lines"]))


def _pair(value: Any, first: type) -> bool:
    return isinstance(value, list) and len(value) == 2 and isinstance(value[0], first) \
        and isinstance(value[1], int) and not isinstance(value[1], bool)


def unit_lines(document: Any) -> dict[str, list[str]]:
    """The text of each justified line of a laid-out document, by unit, in order."""
    found: dict[str, list[str]] = {}
    for line, block in _lines(document):
        element = block.element
        unit = element.get(UNIT_ATTR) if element is not None else None
        if unit and block.style["text_align_all"] == "justify":
            found.setdefault(unit, []).append("".join(b.text for b in line.descendants()
                                                      if type(b).__name__ == "TextBox"))
    return found


def _lines(document: Any) -> Iterator[tuple[Any, Any]]:
    def walk(box: Any) -> Iterator[tuple[Any, Any]]:
        for child in getattr(box, "children", []) or []:
            if type(child).__name__ == "LineBox":
                yield child, box
            else:
                yield from walk(child)

    for page in document.pages:
        yield from walk(page._page_box)

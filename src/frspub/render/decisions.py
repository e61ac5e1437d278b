"""Layout decisions as plain data: what one build decided, for the next build to apply.

Takes the numbered print HTML (`footnotes.number_blocks`) and the decisions of the last
build of the same edition; gives back the text stamped with *units* and the decisions
translated to this text.  A unit is a numbered body block (or a block outside `main`
holding Japanese–Western spaces), keyed by a hash of its HTML (numbering left out) and of
the elements around it (what sets its width): a block whose key is unchanged breaks into the
same lines, so what the last build decided for its lines (justify's widened spaces, letter
spacing and widowed characters bound) holds again.  The record is a mapping, name -> plain data (JSON), so
that any stage can keep its own: `justify` (per unit: its plan and the lines it was made
for), `lastpage` (per edition: the remedy, and the leftover it cured).  Each is checked on
the layout it is applied to (`render.replay`); nothing here trusts the record.
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

Plan = tuple[dict[str, int], dict[int, set[str]], list, dict]  # as `justify.widenings` gives it


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
    it that no unit holds (then nothing is remembered).  A spread or a widowed block is a body
    block (the unit it numbers) or a note (the unit its call is in, which holds its text)."""
    steps, chars, spreads, widowed = plan
    records: dict[str, dict[str, Any]] = {}

    def of(name: tuple[str, str]) -> dict[str, Any] | None:
        unit = _unit_of(name, found)
        return None if unit is None else records.setdefault(unit, _empty())

    for aki_id, k in steps.items():
        if aki_id not in found.aki:
            return {}
        unit, index = found.aki[aki_id]
        records.setdefault(unit, _empty())["steps"].append([index, k])
    for kind, key, text, spacing in spreads:
        record = of((kind, key))
        if record is None:
            return {}
        record["spreads"].append([kind, key if kind == "note" else "", text,
                                  [[offset, px] for offset, px in sorted(spacing.items())]])
    for (kind, key), pair in widowed.items():
        record = of((kind, key))
        if record is None:
            return {}
        record["widowed"].append([kind, key if kind == "note" else "", None if pair is None else list(pair)])
    for record in records.values():
        record["steps"].sort()
    return records if _normal(join(records, found, list(records))) == _normal(plan) else {}


def _empty() -> dict[str, Any]:
    return {"steps": [], "spreads": [], "widowed": []}


def _unit_of(name: tuple[str, str], found: Units) -> str | None:
    kind, key = name
    if kind == "note":
        return found.label.get(key)
    return next((u for u, b in found.block.items() if b and b == key), None)


def join(records: dict[str, dict[str, Any]], found: Units, chosen: list[str]) -> Plan:
    """The plan of the `chosen` units' records, in this text's numbering."""
    steps: dict[str, int] = {}
    chars: dict[int, set[str]] = {}
    spreads: list = []
    widowed: dict[tuple[str, str], Any] = {}
    for unit in [u for u in found.order if u in chosen and u in records]:
        record = records[unit]
        spaces = found.spaces[unit]
        for index, k in record["steps"]:
            aki_id, char = spaces[index]
            steps[aki_id] = k
            if k > 0:
                chars.setdefault(k, set()).add(char)
        for kind, key, text, spacing in record["spreads"]:
            spreads.append((kind, key or found.block[unit], text, {offset: px for offset, px in spacing}))
        for kind, key, pair in record["widowed"]:
            widowed[(kind, key or found.block[unit])] = None if pair is None else tuple(pair)
    return steps, chars, spreads, widowed


def _normal(plan: Plan) -> Plan:
    steps, chars, spreads, widowed = plan
    return steps, chars, sorted(spreads, key=_spread_key), widowed


def _spread_key(spread: tuple) -> tuple[str, str]:
    return spread[0], spread[1]


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
    steps, spreads, widowed = record.get("steps"), record.get("spreads"), record.get("widowed")
    return (isinstance(steps, list) and all(_pair(s, int) and 0 <= s[0] < spaces and s[1] >= 0 for s in steps)
            and isinstance(spreads, list) and all(_sound_spread(s, numbered) for s in spreads)
            and isinstance(widowed, list) and all(_sound_widowed(w, numbered) for w in widowed)
            and all(isinstance(line, str) for line in record["lines"]))


def _sound_name(kind: Any, key: Any, numbered: bool) -> bool:
    return (kind == "note" and isinstance(key, str) and key != "") or (kind == "block" and key == "" and numbered)


def _sound_spread(spread: Any, numbered: bool) -> bool:
    return (isinstance(spread, list) and len(spread) == 4 and _sound_name(spread[0], spread[1], numbered)
            and isinstance(spread[2], str) and isinstance(spread[3], list)
            and all(isinstance(p, list) and len(p) == 2 and isinstance(p[0], int) and not isinstance(p[0], bool)
                    and isinstance(p[1], float) for p in spread[3]))


def _sound_widowed(entry: Any, numbered: bool) -> bool:
    return (isinstance(entry, list) and len(entry) == 3 and _sound_name(entry[0], entry[1], numbered)
            and (entry[2] is None or (isinstance(entry[2], list) and len(entry[2]) == 2
                                      and isinstance(entry[2][0], int) and isinstance(entry[2][1], str))))


def _pair(value: Any, first: type) -> bool:
    return isinstance(value, list) and len(value) == 2 and isinstance(value[0], first) \
        and isinstance(value[1], int) and not isinstance(value[1], bool)


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



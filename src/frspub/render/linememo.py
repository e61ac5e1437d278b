"""`render.linerules`' decisions as plain data: its entry in a build's record (`render.decisions`).

The usual path applies the Western hyphen rules the layout could not keep in rounds: those
the first layout shows, then (`linerules.amended`) those the second one shows (with
`render/weasyhyphens`, usually none).  The entry keeps each round, its words by unit (the
unit whose body block they are in, so a renumbered block still finds them), and the text of every unit's justified lines in the layout that was
printed.  `render.replay` applies the rounds in the same order, so an unchanged edition is
laid out from the same HTML as before (byte for byte the same PDF), then checks that every
remembered unit kept its lines; the rules of an edited unit are decided from that layout
(`new_rules`) and cost one more.
"""
from __future__ import annotations

from typing import Any

from frspub.render import decisions, hyphenlimit, linerules

NAME = "linerules"


def split(rounds: list[linerules.Decisions], found: decisions.Units, final: Any) -> dict[str, Any] | None:
    """The entry for `rounds` (applied in order) and the printed layout `final`; None if a rule
    falls outside every unit (then nothing is remembered for this edition)."""
    units = {b: u for u, b in found.block.items() if b}
    out = []
    for rules in rounds:
        words = []
        for word in rules.words:
            if word.block not in units:
                return None
            words.append([units[word.block], word.word, word.nth])
        out.append({"words": words})
    return {"rounds": out, "lines": decisions.unit_lines(final)}


def join(entry: Any, found: decisions.Units) -> list[linerules.Decisions] | None:
    """The rounds of a remembered entry in this text's numbering, the rules of units no longer
    in this text (edited ones: `new_rules` decides theirs) left out; None if it is damaged."""
    if not isinstance(entry, dict) or not isinstance(entry.get("rounds"), list) or not _lines_sound(entry):
        return None
    rounds = []
    for rules in entry["rounds"]:
        if not isinstance(rules, dict) or not isinstance(rules.get("words"), list):
            return None
        words = []
        for item in rules["words"]:
            if not _triple(item, str, int):
                return None
            if found.block.get(item[0]):
                words.append(hyphenlimit.Word(found.block[item[0]], item[1], item[2]))
        rounds.append(linerules.Decisions(words))
    return rounds


def new_rules(document: Any, entry: dict[str, Any], rounds: list[linerules.Decisions],
              found: decisions.Units) -> linerules.Decisions | None:
    """None if a remembered unit lost its lines (the record does not hold); else the rules the
    units the entry does not know (edited ones) break in `document`, as the usual path decides
    them from a first layout (the remembered units' own were settled by the build that made them)."""
    lines = decisions.unit_lines(document)
    known = entry["lines"]
    if any(lines.get(unit) != known[unit] for unit in known if unit in found.block):
        return None
    units = {b: u for u, b in found.block.items() if b}

    def new(block: str) -> bool:
        return block in units and units[block] not in known

    more = linerules.decide(document, False)
    return linerules.Decisions([w for w in more.words if new(w.block)])


def extended(rounds: list[linerules.Decisions], more: linerules.Decisions) -> list[linerules.Decisions]:
    """`rounds` with `more` in the first (it applies to units no other rule touches)."""
    first = rounds[0] if rounds else linerules.Decisions()
    return [linerules.Decisions(first.words + more.words), *rounds[1:]]


def _lines_sound(entry: dict[str, Any]) -> bool:
    lines = entry.get("lines")
    return isinstance(lines, dict) and all(
        isinstance(v, list) and all(isinstance(t, str) for t in v) for v in lines.values())


def _triple(item: Any, second: type, third: type) -> bool:
    return (isinstance(item, list) and len(item) == 3 and isinstance(item[0], str) and isinstance(item[1], second)
            and isinstance(item[2], third) and not isinstance(item[2], bool))

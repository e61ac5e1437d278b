"""`render.linerules`' decisions as plain data: its entry in a build's record (`render.decisions`).

The usual path applies the Western line rules in rounds: those the first layout shows, then
(`linerules.amended`) those the second one shows.  The entry keeps each round, its words and
letter-spaced runs by unit (the unit whose body block they are in, so a renumbered block
still finds them), and the text of every unit's justified lines in the layout that was
printed.  `render.replay` applies the rounds in the same order, so an unchanged edition is
laid out from the same HTML as before (byte for byte the same PDF), then checks that every
remembered unit kept its lines and that no other unit breaks a rule (`stands`).
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
        words, spreads = [], []
        for word in rules.words:
            if word.block not in units:
                return None
            words.append([units[word.block], word.word, word.nth])
        for block, run, spacing in rules.spreads:
            if block not in units:
                return None
            spreads.append([units[block], run, float(spacing)])
        out.append({"words": words, "spreads": spreads})
    return {"rounds": out, "lines": decisions.unit_lines(final)}


def join(entry: Any, found: decisions.Units) -> list[linerules.Decisions] | None:
    """The rounds of a remembered entry in this text's numbering; None if it is damaged or one
    of its units is not in this text (an edited paragraph: the usual path decides)."""
    if not isinstance(entry, dict) or not isinstance(entry.get("rounds"), list) or not _lines_sound(entry):
        return None
    rounds = []
    for rules in entry["rounds"]:
        if not isinstance(rules, dict) or not isinstance(rules.get("words"), list) \
                or not isinstance(rules.get("spreads"), list):
            return None
        words, spreads = [], []
        for item in rules["words"]:
            if not _triple(item, str, int) or not found.block.get(item[0]):
                return None
            words.append(hyphenlimit.Word(found.block[item[0]], item[1], item[2]))
        for item in rules["spreads"]:
            if not _triple(item, str, float) or not found.block.get(item[0]):
                return None
            spreads.append((found.block[item[0]], item[1], item[2]))
        rounds.append(linerules.Decisions(words, spreads))
    return rounds


def stands(document: Any, entry: dict[str, Any], rounds: list[linerules.Decisions],
           found: decisions.Units) -> bool:
    """The remembered units kept their lines, and no unit the entry does not know (an edited
    one) has a word to keep whole or a loose line to space (the usual path would change it)."""
    lines = decisions.unit_lines(document)
    known = entry["lines"]
    if any(lines.get(unit) != known[unit] for unit in known if unit in found.block):
        return False
    units = {b: u for u, b in found.block.items() if b}
    done = linerules.Decisions(spreads=[s for rules in rounds for s in rules.spreads])
    more = linerules.decide(document, False, done)
    blocks = [w.block for w in more.words] + [b for b, _, _ in more.spreads]
    return all(units.get(block) in known for block in blocks if block in units)


def _lines_sound(entry: dict[str, Any]) -> bool:
    lines = entry.get("lines")
    return isinstance(lines, dict) and all(
        isinstance(v, list) and all(isinstance(t, str) for t in v) for v in lines.values())


def _triple(item: Any, second: type, third: type) -> bool:
    return (isinstance(item, list) and len(item) == 3 and isinstance(item[0], str) and isinstance(item[1], second)
            and isinstance(item[2], third) and not isinstance(item[2], bool))

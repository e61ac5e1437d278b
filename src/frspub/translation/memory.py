"""A translation memory across the catalogue.

Takes the project and a language; `Memory` holds every translated, non-fuzzy
entry of that language's note catalogs (French segment, translation, note).
`prefill` fills each empty entry of a catalog being updated with the closest
translation the memory has for the same kind of field (same msgctxt) — an
exact match or one at least `THRESHOLD` % similar — always as fuzzy, never
as translated, with a translator comment naming the note it came from and the
similarity, so that the translator reviews it (the review page shows it).

Similarity is rapidfuzz's normalised Indel ratio over the French text with
footnote placeholders made alike (``[^3]`` and ``[^7]`` count as equal; they
are renumbered in the suggestion).  90 % lets through a changed date, name or
figure in a sentence of policy prose, and keeps out two sentences that merely
share their words; boilerplate (legal notice, bios, recurring citations)
matches at 100 %.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog

from frspub.translation import catalog

THRESHOLD = 90.0
PLACEHOLDER = re.compile(r"\[\^([^\]\s]+)\]")
COMMENT = "frspub memory:"


def _normal(text: str) -> str:
    return " ".join(PLACEHOLDER.sub("[^]", text).split())


@dataclass(frozen=True)
class Hit:
    msgid: str
    msgstr: str
    slug: str
    score: float


class Memory:
    def __init__(self) -> None:
        self.units: dict[str | None, dict[str, tuple[str, str, str]]] = {}  # context -> normal -> unit

    @classmethod
    def of_project(cls, root: Path, lang: str) -> "Memory":
        memory = cls()
        for po in sorted((root / "source" / lang).glob("*.po")):
            try:
                cat = catalog.load(po, lang)
            except Exception:  # noqa: BLE001 - a broken catalog is `check`'s to report, not a memory's
                continue
            for msg in catalog.messages(cat):
                if msg.string and not msg.fuzzy and isinstance(msg.string, str):
                    memory.add(msg.id, msg.string, msg.context, po.stem)
        return memory

    def add(self, msgid: str, msgstr: str, context: str | None, slug: str) -> None:
        self.units.setdefault(context, {}).setdefault(_normal(msgid), (msgid, msgstr, slug))

    def lookup(self, msgid: str, context: str | None, exclude: str) -> Hit | None:
        from rapidfuzz import fuzz, process

        pool = {k: v for k, v in self.units.get(context, {}).items() if v[2] != exclude}
        key = _normal(msgid)
        if key in pool:
            source, target, slug = pool[key]
            return Hit(source, target, slug, 100.0)
        found = process.extractOne(key, list(pool), scorer=fuzz.ratio, score_cutoff=THRESHOLD)
        if found is None:
            return None
        source, target, slug = pool[found[0]]
        return Hit(source, target, slug, float(found[1]))


def relabel(msgstr: str, old_msgid: str, new_msgid: str) -> str | None:
    """The suggestion with the new segment's footnote labels (in order), or None if they differ in number."""
    old, new = PLACEHOLDER.findall(old_msgid), PLACEHOLDER.findall(new_msgid)
    if len(old) != len(new):
        return None
    mapping = dict(zip(old, new))
    return PLACEHOLDER.sub(lambda m: f"[^{mapping.get(m.group(1), m.group(1))}]", msgstr)


def prefill(cat: Catalog, memory: Memory, slug: str) -> int:
    """Fill the empty entries of `cat` from the memory, as fuzzy; returns how many."""
    count = 0
    for msg in cat:
        if not msg.id or msg.string or msg.fuzzy or not isinstance(msg.id, str):
            continue
        hit = memory.lookup(msg.id, msg.context, exclude=slug)
        text = relabel(hit.msgstr, hit.msgid, msg.id) if hit else None
        if hit is None or text is None:
            continue
        msg.string = text
        msg.flags.add("fuzzy")
        msg.user_comments = [c for c in msg.user_comments if not c.startswith(COMMENT)]
        msg.user_comments.append(f"{COMMENT} {hit.slug} ({int(hit.score)} % similar)")  # 100 only if exact
        count += 1
    return count

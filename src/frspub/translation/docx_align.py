"""`frspub import --lang L FILE.docx`: a translator's Word file aligned to the segments.

Takes a project, Word files (`docx_read`) and their language; writes into each
note's catalog the translations it can place, each **fuzzy** with the comment
``# frspub: from FILE.docx`` (an editor confirms it on the review page);
returns the catalogs written.

Alignment, body first: the French segments and the Word paragraphs are two
sequences; a dynamic programme (Gale and Church's, over lengths) pairs them
one to one, or finds a paragraph split in two, two merged into one, one
missing or added.  Structure decides first (a heading only pairs with a
heading, a list item with a list item, a styled segment with its style, a
paragraph with the footnotes it calls, by their numbers), then position and
length, and words that a translation keeps (numbers, names written with a
capital) confirm a pair.  Footnotes are aligned by their number, paragraph by
paragraph, the metadata fields by their style.  Each pair that is not one to
one, or whose footnotes, kind or kept words disagree, is reported with both
places (the note's line, the Word paragraph) and left untouched.  Footnote
calls are rebuilt from their numbers, as the XLIFF import does.  Nothing is
written when the file is not a translation of the note (its subject names
another note, or most segments find no paragraph), nor when a placed
translation fails the checks of `frspub check`.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from frspub.errors import Problem, TranslationError, display_path
from frspub.translation import catalog, segments
from frspub.translation.docx_export import style_name
from frspub.translation.docx_read import Unit, read, subject

COMMENT = "frspub: from"
NUMBERS = re.compile(r"\d+")  # numbers survive a translation…
NAMES = re.compile(r"\b[A-ZÀ-Ý][\w-]{2,}")  # …and most capitalised names
LIMIT = 3.0  # a one-to-one pair costing more is reported, not written


@dataclass
class Pair:
    entries: list[catalog.Entry]
    units: list[Unit]
    cost: float = 0.0


def kind_of(entry: catalog.Entry) -> str:
    name = style_name(entry)[len("frspub "):]
    return {"paragraph": "paragraph", "heading": "heading", "list item": "list-item"}.get(name, name)


def _no_calls(text: str) -> str:
    return re.sub(r"\[\^[^\]]*\]", " ", text)


def _length(text: str) -> int:
    return max(1, len(re.sub(r"\[\^[^\]]*\]|\W", "", text)))


class Aligner:
    def __init__(self, french: list[catalog.Entry], units: list[Unit]):
        self.french, self.units = french, units
        total_f = sum(_length(e.msgid) for e in french) or 1
        self.ratio = (sum(_length(u.text) for u in units) or 1) / total_f

    def pair_cost(self, entries: list[catalog.Entry], units: list[Unit]) -> float:
        if {kind_of(e) for e in entries} != {u.kind for u in units} or len({u.kind for u in units}) != 1:
            return 50.0
        if sum(len(segments.placeholders(e.msgid)) for e in entries) != sum(len(u.calls) for u in units):
            return 40.0  # a footnote call missing or added
        f_text = " ".join(e.msgid for e in entries)
        t_text = " ".join(u.text for u in units)
        return self.text_cost(f_text, t_text) + (1.5 if len(entries) + len(units) > 2 else 0.0)

    def text_cost(self, f_text: str, t_text: str) -> float:
        """Length against the file's own ratio; numbers (weighty) and names (light) the translation lost."""
        cost = 2.0 * abs(math.log(_length(t_text) / (_length(f_text) * self.ratio)))
        for pattern, weight in ((NUMBERS, 2.5), (NAMES, 1.0)):
            kept = set(pattern.findall(_no_calls(f_text)))
            if kept:
                cost += weight * len(kept - set(pattern.findall(_no_calls(t_text)))) / len(kept)
        return cost

    def align(self) -> list[Pair]:
        n, m = len(self.french), len(self.units)
        best = [[math.inf] * (m + 1) for _ in range(n + 1)]
        back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
        best[0][0] = 0.0
        moves = ((1, 1), (1, 2), (2, 1), (1, 0), (0, 1))
        for i in range(n + 1):
            for j in range(m + 1):
                if best[i][j] == math.inf:
                    continue
                for di, dj in moves:
                    if i + di > n or j + dj > m:
                        continue
                    if di and dj:
                        step = self.pair_cost(self.french[i:i + di], self.units[j:j + dj])
                    else:
                        step = 8.0
                    if best[i][j] + step < best[i + di][j + dj]:
                        best[i + di][j + dj] = best[i][j] + step
                        back[i + di][j + dj] = (di, dj)
        pairs: list[Pair] = []
        i, j = n, m
        while (i, j) != (0, 0):
            di, dj = back[i][j]  # type: ignore[misc]
            cost = self.pair_cost(self.french[i - di:i], self.units[j - dj:j]) if di and dj else 8.0
            pairs.append(Pair(self.french[i - di:i], self.units[j - dj:j], cost))
            i, j = i - di, j - dj
        return pairs[::-1]


def align_note(ents: list[catalog.Entry], units: list[Unit]) -> tuple[list[Pair], dict[int, str]]:
    """Body by the dynamic programme; each footnote by the call of a paired paragraph, then
    paragraph by paragraph; fields by style.  Returns the pairs and Word number -> French label."""
    body_f = [e for e in ents if e.segment.note is None and not e.segment.context]
    body_t = [u for u in units if u.note is None and not u.kind.startswith("meta ")]
    notes_f = {label: [e for e in ents if e.segment.note == label] for label in dict.fromkeys(
        e.segment.note for e in ents if e.segment.note is not None)}
    notes_t = {k: [u for u in units if u.note == k] for k in dict.fromkeys(u.note for u in units if u.note)}
    aligner = Aligner(body_f, body_t)
    pairs = aligner.align()
    numbers: dict[int, str] = {}
    for pair in pairs:
        if len(pair.entries) == 1 and len(pair.units) == 1 and pair.cost <= LIMIT:
            numbers.update(_match_calls(pair, notes_f, notes_t, aligner))
    _fill_gaps(numbers, list(notes_f), sorted(notes_t))
    for label, f in notes_f.items():
        k = next((k for k, lbl in numbers.items() if lbl == label), None)
        pairs += _by_position(f, notes_t.get(k, []) if k is not None else [], aligner)
    for context in dict.fromkeys(e.segment.context for e in ents if e.segment.context):
        f = [e for e in ents if e.segment.context == context]
        pairs += _by_position(f, [u for u in units if u.kind == f"meta {context}"], aligner)
    return pairs, numbers


def _fill_gaps(numbers: dict[int, str], labels: list[str], words: list[int]) -> None:
    """Footnotes whose calling paragraph did not pair (split, merged) keep their number when the
    notes around them agree: French notes i..j between two placed ones whose Word numbers are as
    far apart are the Word notes in between."""
    index = {label: i for i, label in enumerate(labels)}
    known = sorted((index[lbl], k) for k, lbl in numbers.items() if lbl in index)
    bounds = [(-1, 0), *known, (len(labels), (words[-1] if words else 0) + 1)]
    for (i, k), (j, m) in zip(bounds, bounds[1:]):
        if j - i == m - k and j - i > 1:
            for step in range(1, j - i):
                if k + step in words:
                    numbers[k + step] = labels[i + step]


def _match_calls(pair: Pair, notes_f: dict[str, list[catalog.Entry]], notes_t: dict[int, list[Unit]],
                 aligner: "Aligner") -> dict[int, str]:
    """The French label of each footnote called in a paired paragraph: in order, unless another
    order of the notes matches their texts better (a translator moved a call)."""
    import itertools

    labels = segments.placeholders(pair.entries[0].msgid)
    numbers = list(pair.units[0].calls)

    def cost(order: tuple[int, ...]) -> float:
        return sum(aligner.text_cost(" ".join(e.msgid for e in notes_f.get(lbl, [])),
                                     " ".join(u.text for u in notes_t.get(k, [])) or "-")
                   for lbl, k in zip(labels, order))

    orders = itertools.permutations(numbers) if len(numbers) <= 5 else [tuple(numbers)]
    best = min(orders, key=lambda order: (cost(order), order != tuple(numbers)))
    return dict(zip(best, labels))


def _by_position(f: list[catalog.Entry], t: list[Unit], aligner: Aligner) -> list[Pair]:
    if len(f) == len(t):
        return [Pair([e], [u], aligner.pair_cost([e], [u])) for e, u in zip(f, t)]
    return [Pair(f, t, math.inf)]


def _rebuild_calls(text: str, calls: dict[int, str]) -> str:
    return segments.PLACEHOLDER_PO.sub(lambda m: f"[^{calls.get(int(m.group(1)), m.group(1))}]"
                                       if m.group(1).isdigit() else m.group(0), text)


@dataclass
class Placed:
    entry: catalog.Entry
    text: str
    unit: Unit


def place(note: Any, root: Path, path: Path, units: list[Unit]) -> tuple[list[Placed], list[Problem]]:
    """The translations that can be placed, and the reports for those that cannot."""
    ents = catalog.entries(note, root)
    pairs, numbers = align_note(ents, units)
    shown, md = display_path(path), display_path(note.path)
    placed, problems = [], []
    near = 0  # the Word paragraph where a segment without a paragraph would have been
    for pair in pairs:
        if pair.units and pair.units[0].note is None:
            near = pair.units[-1].place
        if len(pair.entries) == 1 and len(pair.units) == 1 and pair.cost <= LIMIT:
            placed.append(Placed(pair.entries[0], _rebuild_calls(pair.units[0].text, numbers), pair.units[0]))
            continue
        body = all(e.segment.note is None for e in pair.entries)
        line, unit = (_place(pair.units), _unit(pair.units)) if pair.units else \
            ((near + 1, "paragraph") if body else (0, ""))
        for e in pair.entries:
            problems.append(Problem(shown, line, _mismatch(pair, e, md), "warning", unit))
    found = len(placed)
    if found * 2 < len(ents):
        raise TranslationError(f"the Word file is not a translation of {md}: only {found} of its {len(ents)} "
                               "segments find a paragraph (nothing written)", path, 0)
    return placed, problems


def _place(units: list[Unit]) -> int:
    return units[0].place if units else 0


def _unit(units: list[Unit]) -> str:
    if not units:
        return ""
    return "paragraph" if units[0].note is None else "footnote"


def _mismatch(pair: Pair, entry: catalog.Entry, md: str) -> str:
    where = f"{md}:{entry.segment.line}"
    if not pair.units:
        what = "no paragraph of the Word file matches this segment (missing, or merged into another)"
    elif len(pair.entries) > 1:
        what = f"{len(pair.entries)} segments were merged into one paragraph"
    elif len(pair.units) > 1:
        what = f"the segment was split into {len(pair.units)} paragraphs"
    elif pair.units[0].note is not None and pair.cost == math.inf:
        what = f"footnote {pair.units[0].note} has another number of paragraphs"
    else:
        what = "the paragraph's kind, footnotes or kept words (numbers, names) differ from the segment"
    if not pair.units and entry.segment.note is not None:
        what = (f"footnote {entry.segment.note} of the French has no footnote in the Word file (missing, or its "
                "call's paragraph did not match)")
    return f"structure does not match: {what} (French: {where}); left untouched"


def import_files(project: Any, paths: list[Path], lang: str) -> list[Path]:
    """Merge each Word file into its note's catalog; raise with every error, writing nothing, if any."""
    from frspub.log import log
    from frspub.note import source
    from frspub.translation.checks import segment_problems

    staged, errors, warnings = [], [], []
    for path in paths:
        note_path = _note_of(project, path, lang)
        note = source.read_note(note_path)
        units = read(path)
        placed, problems = place(note, project.root, path, units)
        warnings += problems
        po = project.po(lang, note.slug)
        cat = catalog.load(po, lang)
        parsed = segments.from_markdown([p.text for p in placed])
        for p, blocks in zip(placed, parsed):
            errs, warns = segment_problems(p.entry.segment, p.entry.msgid, p.text, blocks)
            line, unit = p.unit.place, "paragraph" if p.unit.note is None else "footnote"
            errors += [Problem(display_path(path), line, e, "error", unit) for e in errs]
            warnings += [Problem(display_path(path), line, w, "warning", unit) for w in warns]
            _write(cat, p, path.name)
        staged.append((po, cat))
    if errors:
        raise TranslationError(errors)
    for w in warnings:
        log.warning("%s", w)
    return [po for po, cat in staged if catalog.save(cat, po)]


def _write(cat: Any, placed: Placed, name: str) -> None:
    msg = cat.get(placed.entry.msgid, placed.entry.segment.context)
    if msg is None:
        return
    msg.string = placed.text
    msg.flags.add("fuzzy")
    msg.previous_id = [placed.entry.msgid]  # the French it was translated from
    msg.user_comments = [c for c in msg.user_comments if not c.startswith(COMMENT)] + [f"{COMMENT} {name}"]


def _note_of(project: Any, path: Path, lang: str) -> Path:
    """The note a Word file translates: its subject property, else its name."""
    said = subject(path)
    m = re.match(r"^frspub:([a-z0-9-]+):fr>([\w-]+)$", said)
    if said and not m:
        raise TranslationError(f"the Word file is not a translation of a note (its subject is {said!r})", path, 0)
    slug = m.group(1) if m else path.stem
    if m and m.group(2) != lang:
        raise TranslationError(f"the Word file was exported for {m.group(2)}, not {lang} (--lang)", path, 0)
    note = project.source / "fr" / f"{slug}.md"
    if not note.exists() or not project.po(lang, slug).exists():
        raise TranslationError(f"the Word file names note {slug!r}, which has no {lang} catalog in this project "
                               "(run `frspub update` first)", path, 0)
    return note

"""`frspub check` — every translation checked against its French segment.

Takes a note and its catalogs; returns, per entry, the verdict of the rules in
`checks` (`Checked`, which the review pages show) and, per file, `path:line:`
problems: PO syntax and header, placeholders, markup, links, numbers, fuzzy
entries that lost their previous msgid, completeness under ``--min-complete``.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from frspub.errors import Problem, TranslationError, display_path
from frspub.note import source
from frspub.note.source import Note
from frspub.project import Project
from frspub.translation import credits, segments
from frspub.translation.catalog import (
    Entry,
    entries,
    header_problems,
    lineno,
    load,
    messages,
    template,
)
from frspub.translation.checks import segment_problems
from frspub.translation.progress import status


@dataclass
class Checked:
    """One template entry with its catalog message and the check's verdict (for review pages)."""
    entry: Entry
    message: Message | None
    errors: list[str]
    warnings: list[str]

    @property
    def state(self) -> str:
        m = self.message
        if m is None or (not m.string and not m.fuzzy):
            return "missing"
        if self.errors:
            return "error"
        return "fuzzy" if m.fuzzy else "translated"


def check_catalog(note: Note, cat: Catalog, root: Path, ents: list[Entry] | None = None) -> list[Checked]:
    """Every entry of the note (`ents` if already cut) checked against `cat` (one pandoc
    run for all msgstrs)."""
    ents = entries(note, root) if ents is None else ents
    msgs = [cat.get(e.msgid, e.segment.context) for e in ents]
    strings = [m.string if m is not None and m.string else "" for m in msgs]
    parsed = segments.from_markdown([s for s in strings if s])
    it = iter(parsed)
    out = []
    for e, m, s in zip(ents, msgs, strings):
        if not s:
            state = "missing from the catalog (run `frspub update`)" if m is None else "untranslated"
            out.append(Checked(e, m, [], [f"{state}: {e.segment.kind} shown in French"]))
            continue
        errors, warnings = segment_problems(e.segment, e.msgid, s, next(it))
        if m is not None and m.fuzzy:  # checked all the same: the translator will confirm it
            warnings = [f"fuzzy: {e.segment.kind} shown in French", *warnings]
        out.append(Checked(e, m, errors, warnings))
    return out


def check_file(note: Note, lang: str, po: Path, root: Path, min_complete: float | None,
               ents: list[Entry] | None = None) -> list[Problem]:
    """All problems of one PO file, as `path:line:` problems (errors and warnings); `ents`
    are the note's entries when the caller checks several languages."""
    shown = display_path(po)
    if not po.exists():
        return [Problem(shown, 0, f"no catalog for {lang}: run `frspub update`")]
    try:
        cat = load(po)  # no locale given: the Language header itself is checked
    except TranslationError as exc:
        return exc.problems
    problems = header_problems(cat, po, lang)
    if (credit := credits.placeholder_problem(note.meta, lang, cat, po)) is not None:
        problems.append(credit)
    ents = entries(note, root) if ents is None else ents
    for c in check_catalog(note, cat, root, ents):
        line = lineno(c.message) if c.message is not None else 0
        problems += [Problem(shown, line, e) for e in c.errors]
        problems += [Problem(shown, line, w, "warning") for w in c.warnings]
    problems += lost_previous(cat, shown)
    if min_complete is not None:
        st = status(cat, note.slug, lang, template(note, root, ents))
        if st.percent < min_complete:
            problems.append(Problem(shown, 1, f"{st.percent:.1f} % translated, under --min-complete "
                                    f"{min_complete:g} % ({st.fuzzy} fuzzy, {st.untranslated} untranslated)"))
    return problems


def lost_previous(cat: Catalog, shown: str) -> list[Problem]:
    """Fuzzy entries without their previous msgid (``#| msgid``): a plain `msgmerge --update`
    drops them, and the translator no longer sees what changed in the French."""
    return [Problem(shown, lineno(m), "fuzzy entry without its previous msgid (#| msgid): the change in the "
                    "French cannot be shown; merge with `frspub update` (or `msgmerge --previous`), not "
                    "a plain `msgmerge --update`", "warning")
            for m in messages(cat) if m.fuzzy and not m.previous_id]


def check_project(project: Project, langs: list[str], min_complete: float | None) -> list[Problem]:
    problems: list[Problem] = []
    for path in project.notes():
        note = source.read_note(path)
        ents = entries(note, project.root)  # the same for every language: cut once
        for lang in langs:
            problems += check_file(note, lang, project.po(lang, note.slug), project.root, min_complete, ents)
    return problems

"""Apply a PO catalog to the French note to get an edition's tree.

Takes the French `source.Note` and, for another language, its Babel catalog;
returns an `Edition` (a translated copy of the note plus its language).
All translated segments are parsed by pandoc in one batch.  Missing or fuzzy
translations keep the French text and log a warning with the PO line; a
translation that breaks a rule (footnote placeholder, markup, link) is an
error (`TranslationError`), all of a file's errors reported together.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from frspub.errors import Problem, TranslationError, display_path
from frspub.locale import SOURCE_LANG
from frspub.log import warn
from frspub.note import ast
from frspub.note.source import Note
from frspub.translation import callplace, citecalls, segments, typography
from frspub.translation.checks import segment_problems
from frspub.translation.edition import Edition

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

    from frspub.translation.catalog import Entry


def french_edition(note: Note) -> Edition:
    copy = note.copy()
    callplace.apply(copy, "fr")
    typography.apply_note(copy, "fr")
    return Edition(copy, "fr", note)


def cut(note: Note, root: Path) -> tuple[Note, list[Entry]]:
    """A copy of `note` to translate, and its entries: each segment with its msgid (one pandoc run)."""
    from frspub.translation import catalog as catalogs

    copy = note.copy()
    return copy, catalogs.entries(copy, root)


def translate(note: Note, lang: str, cat: Catalog | None, po_path: Path, root: Path,
              done: tuple[Note, list[Entry]] | None = None) -> Edition:
    """The `lang` edition of `note` (French text where the catalog has no usable entry); `done`:
    its `cut`, already made."""
    # Babel's catalogs: a translation's, not the French edition's
    from frspub.translation import catalog as catalogs
    from frspub.translation import credits

    copy, entries = done if done is not None else cut(note, root)
    shown = display_path(po_path)
    todo, fallbacks = [], 0
    french: list[segments.Segment] = []  # shown in French
    for entry in entries:
        msg = cat.get(entry.msgid, entry.segment.context) if cat is not None else None
        if msg is None or not msg.string or msg.fuzzy:
            fallbacks += 1
            french.append(entry.segment)
            state = "missing from the catalog (run `frspub update`)" if msg is None else \
                "fuzzy" if msg.fuzzy else "untranslated"
            line = catalogs.lineno(msg) if msg is not None else 1
            warn(shown, line, f"{state}: {entry.segment.kind} shown in French: {_excerpt(entry.msgid)}")
            continue
        todo.append((entry, msg))
    parsed = segments.from_markdown([m.string for _, m in todo])
    problems: list[Problem] = []
    for (entry, msg), blocks in zip(todo, parsed):
        errors, warnings = segment_problems(entry.segment, entry.msgid, msg.string, blocks)
        line = catalogs.lineno(msg)
        problems += [Problem(shown, line, e) for e in errors]
        for w in warnings:
            warn(shown, line, w)
        if not errors:
            entry.segment.inlines = citecalls.rewrap(entry.segment.inlines, blocks[0]["c"])
    if problems:
        raise TranslationError(problems)
    saved = [ast.copied(seg.inlines) for seg in french]
    callplace.apply(copy, lang)
    typography.apply_note(copy, lang)
    for seg, inlines in zip(french, saved):  # French passages keep French typography
        holder = ast.Plain(inlines)
        typography.apply([holder], SOURCE_LANG)
        seg.inlines = [_in_french(holder["c"])]
    return Edition(copy, lang, note, po_path, fallbacks, translators=credits.translator(note.meta, lang, cat))


def _in_french(inlines: list) -> dict:
    """A passage shown in French inside another edition, marked so (lang="fr" in HTML and EPUB,
    /Lang in the PDF structure tree): screen readers switch voice, hyphenation follows French."""
    return ast.Span(inlines, classes=["frs-untranslated"], attrs=[["lang", "fr"]])


def _excerpt(text: str, size: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"

"""`frspub update` — the note's template merged into every catalog.

Takes a French `Note` (or the templates folder) and the languages; writes
``source/<slug>.pot`` and merges it into ``source/<lang>/<slug>.po``, filling
empty entries from the translation memory of each language (`memory.prefill`,
always as fuzzy); returns the files written.  A catalog whose content did not
change is not rewritten.
"""
from __future__ import annotations

from pathlib import Path

from frspub.locale import template_po
from frspub.note.source import Note
from frspub.translation.catalog import (
    load_or_new,
    merge,
    save,
    template,
    template_strings,
)
from frspub.translation.memory import Memory, prefill


def update(note: Note, root: Path, langs: list[str], memories: dict[str, Memory] | None = None) -> list[Path]:
    """Regenerate the template and merge it into each language's catalog, filling empty entries
    from the translation memory of that language (`memories`: lang -> `memory.Memory`); returns
    the files written."""
    tmpl = template(note, root)
    written = []
    pot = root / "source" / f"{note.slug}.pot"
    if save(tmpl, pot):
        written.append(pot)
    for lang in langs:
        path = root / "source" / lang / f"{note.slug}.po"
        cat = load_or_new(path, lang, note.slug)
        merge(cat, tmpl)
        if memories and lang in memories:
            prefill(cat, memories[lang], note.slug)
        if save(cat, path):
            written.append(path)
    return written


def update_templates(templates: Path, langs: list[str]) -> list[Path]:
    """Regenerate templates/locale/templates.pot and merge it into each language's catalog."""
    tmpl = template_strings(templates)
    written = []
    pot = templates / "locale" / "templates.pot"
    if save(tmpl, pot, markdown=False):
        written.append(pot)
    for lang in langs:
        path = template_po(templates, lang)
        cat = load_or_new(path, lang, "templates")
        merge(cat, tmpl)
        if save(cat, path, markdown=False):
            written.append(path)
    return written

"""How far each catalog is translated (`frspub status`).

Takes catalogs (and the note's template, so that entries a catalog lacks count
as untranslated); returns `Status` counts: translated, fuzzy, untranslated,
obsolete, percent.
"""
from __future__ import annotations

from dataclasses import dataclass

from babel.messages.catalog import Catalog

from frspub.note import source
from frspub.project import Project
from frspub.translation import queries
from frspub.translation.catalog import load_or_new, messages, template


@dataclass
class Status:
    note: str
    lang: str
    translated: int
    fuzzy: int
    untranslated: int
    obsolete: int
    queries: int = 0  # open queries to the author (`queries`)

    @property
    def percent(self) -> float:
        total = self.translated + self.fuzzy + self.untranslated
        return round(100.0 * self.translated / total, 1) if total else 100.0

    def as_dict(self) -> dict[str, object]:
        return {"note": self.note, "lang": self.lang, "translated": self.translated, "fuzzy": self.fuzzy,
                "untranslated": self.untranslated, "obsolete": self.obsolete, "percent": self.percent,
                "queries": self.queries}


def status(cat: Catalog, note: str, lang: str, tmpl: Catalog | None = None) -> Status:
    """Counts of a catalog; with `tmpl`, template entries absent from the PO count as untranslated."""
    msgs = messages(cat)
    translated = sum(1 for m in msgs if m.string and not m.fuzzy)
    fuzzy = sum(1 for m in msgs if m.fuzzy)
    untranslated = sum(1 for m in msgs if not m.string and not m.fuzzy)
    if tmpl is not None:
        untranslated += sum(1 for m in messages(tmpl) if cat.get(m.id, m.context) is None)
    return Status(note, lang, translated, fuzzy, untranslated, len(cat.obsolete), queries.count_open(cat))


def project_status(project: Project) -> list[Status]:
    """Status of every note × translation language (a missing PO counts as all untranslated)."""
    rows = []
    for path in project.notes():
        note = source.read_note(path)
        tmpl = template(note, project.root)
        for lang in project.languages()[1:]:
            po = project.po(lang, note.slug)
            cat = load_or_new(po, lang, note.slug)
            rows.append(status(cat, note.slug, lang, tmpl))
    return rows

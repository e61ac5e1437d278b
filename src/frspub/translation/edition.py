"""An edition: the translated tree of a note in one language (what `translate` makes).

Takes nothing; gives `Edition` (plain data: the translated `Note`, its language, the French
note it was made from, the catalog it came from, the passages left in French, the images
shown, whom it credits), its French `version` and its `summary`.  Apart from `translate`, which
imports Babel, the note reader and the catalogs: the PDF's own process (`build.pdfside`)
unpickles an edition with this module and `note.model` only, not with what made it.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from frspub.note import ast
from frspub.note.model import Note


@dataclass
class Edition:
    note: Note  # the translated tree (same labels as the French)
    lang: str
    french: Note
    po_path: Path | None = None
    fallbacks: int = 0  # segments shown in French
    images: dict[str, tuple[str, int]] = field(default_factory=dict)  # figure id -> (file shown, note line)
    translators: str = ""  # whom the edition credits (`credits.translator`), "" for nobody

    @property
    def version(self) -> str:
        """A short content hash of the French note this edition was made from."""
        return french_version(self.french)

    @property
    def slug(self) -> str:
        return self.note.slug


def french_version(note: Note) -> str:
    return hashlib.sha256(note.text.encode("utf-8")).hexdigest()[:8]


def summary(ed: Edition, limit: int = 300) -> str:
    """The first paragraph of the text, cut at a word under `limit` characters (meta description)."""
    para = next((b for b in ed.note.blocks if b["t"] == "Para"), None)
    text = " ".join(ast.stringify(para).split()) if para else ""
    if not text:  # no paragraph (a note of lists, or of headings and tables): its first words
        text = next((t for b in ed.note.blocks if (t := " ".join(ast.stringify(b).split()))), "")
    text = text or ast.stringify(ed.note.fields.get("title", [])).strip()
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + "…"
    return text

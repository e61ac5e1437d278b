"""A translation's catalogs read, and its msgstr lines parsed, while its French note is read.

Takes the templates folder, the edition's PO file and its language.  `Ahead.read` runs in a
thread that `build.worker` starts before `note.source.read_note`, whose pandoc run leaves the
edition's process waiting: it checks the labels' catalog (`labels.translations` keeps it),
loads the note's catalog, and parses every line that catalog translates into `segments`' memo
(`segments.parse_ahead`: a lone line parses the same in any batch), so that `translate` takes
them from there instead of running pandoc once the note's segments are cut (0.05-0.07 s of a
translated edition's way to its print page).  Nothing here decides anything: `catalog()` gives
the catalog or raises what loading it raised, where `worker.edition` used to load it, so the
problems come in the same order as before (the note's, the labels', the catalog's); a line that
fails to parse here is parsed again where it is used, and fails there as before.
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from frspub.errors import FrspubError, TranslationError

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog


class Ahead(threading.Thread):
    """Started at once; `catalog()` waits for it."""

    def __init__(self, templates: Path, po: Path, lang: str) -> None:
        super().__init__(daemon=True, name="frspub-ahead")
        self.templates, self.po, self.lang = templates, po, lang
        self.cat: Catalog | None = None
        self.error: Exception | None = None
        self.start()

    def run(self) -> None:
        try:
            self.read()
        except Exception as exc:  # noqa: BLE001 - a fault of its own, raised by `catalog()`
            self.error = exc

    def read(self) -> None:
        """The labels checked, the catalog loaded, its lines parsed."""
        from frspub.translation import catalog, labels, segments

        try:
            labels.translations(self.templates, self.lang)
        except TranslationError:
            return  # raised again where the edition asks for its labels, before its catalog
        try:
            self.cat = catalog.load(self.po) if self.po.exists() else None
        except Exception as exc:  # noqa: BLE001 - raised by `catalog()`, in the edition's order
            self.error = exc
            return
        if self.cat is None or catalog.header_problems(self.cat, self.po, self.lang):
            return
        try:
            segments.parse_ahead(translated(self.cat))
        except (FrspubError, OSError):
            pass  # parsed where the edition uses them, failing there as before

    def catalog(self) -> Catalog | None:
        """The note's catalog (None: there is no PO file), once read."""
        self.join()
        if self.error is not None:
            raise self.error
        return self.cat


def translated(cat: Catalog) -> list[str]:
    """The msgstrs `translate` may parse: those of the entries it would not show in French."""
    return [msg.string for msg in cat if msg.id and isinstance(msg.string, str) and msg.string and not msg.fuzzy]

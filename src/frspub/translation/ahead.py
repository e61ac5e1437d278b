"""A translated edition made with its catalogs read while its msgids are written.

Takes the project, the French `Note` and a language other than French; returns its `Edition`
(`edition`, which `build.worker` calls).  Writing the note's segments as msgids is one pandoc run
(0.06-0.1 s of the edition's process waiting, `translate.cut`); meanwhile a thread (`Ahead`)
checks the labels' catalog (`labels.translations` keeps it), loads the note's catalog (msgfmt and
Babel) and parses every line that catalog translates into `segments`' memo in a second pandoc
process (`segments.parse_ahead`: a lone line parses the same in any batch), so that `translate`
takes them from there.  Before, the three came one after the other, and the process waited on
pandoc twice in a row.  Nothing here decides anything: the problems come in the order they came
when the catalogs were read first (the labels', the catalog's, then the msgids'), and a line that
fails to parse ahead is parsed again where it is used, failing there as before.
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from frspub import conventions
from frspub.errors import FrspubError, TranslationError, display_path
from frspub.log import log

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

    from frspub.note.model import Note
    from frspub.project import Project
    from frspub.translation.edition import Edition


def edition(project: Project, note: Note, lang: str) -> Edition:
    """`note`'s `lang` edition (not French)."""
    from frspub.translation import translate

    po = project.po(lang, note.slug)
    ahead = Ahead(project.templates, po, lang)
    try:
        cut = translate.cut(note, project.root)
    except FrspubError:
        catalog(project.templates, po, lang, ahead)  # its problems first, as when it was read first
        raise
    finally:
        ahead.join()  # (no thread left running: a fork may follow)
    return translate.translate(note, lang, catalog(project.templates, po, lang, ahead), po, project.root, cut)


def catalog(templates: Path, po: Path, lang: str, ahead: Ahead) -> Catalog | None:
    """The checked catalog `ahead` read (None: there is none, the edition is in French)."""
    from frspub.translation import catalog, labels

    labels.translations(templates, lang)  # a language without checked labels stops here
    cat = ahead.catalog()  # (no locale given: the header is checked)
    if cat is not None and (wrong := catalog.header_problems(cat, po, lang)):
        raise TranslationError(wrong)
    if cat is None:
        log.warning("%s:0: warning: no catalog for %s: run `frspub update`; the edition is in French",
                    display_path(po), lang)
    elif (unknown := conventions.warning(lang)) is not None:  # never another language's rules in silence
        log.warning("%s:%d: warning: %s", display_path(po), catalog.header_line(po, "Language"), unknown)
    return cat


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

"""What a save changed, as the preview server's builds need it.

Takes a `Project` and the paths the watcher reported; gives the languages to rebuild, the
notes whose own files changed (`build.kept` computes only their outputs' keys again), and
whether the watcher reports a change to a given project file at all.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from frspub.build.kept import under_watched
from frspub.locale import SOURCE_LANG
from frspub.project import Project


def languages(project: Project, changed: Iterable[Path]) -> list[str]:
    """All for the French source or a template, else the catalogs' languages."""
    known = project.languages()
    langs: set[str] = set()
    for path in changed:
        path = Path(path).resolve()
        if path.is_relative_to(project.templates.resolve()):
            return known
        if not path.is_relative_to(project.source.resolve()):
            continue
        parts = path.relative_to(project.source.resolve()).parts
        if len(parts) > 1 and parts[0] == SOURCE_LANG:
            return known
        if len(parts) > 1 and parts[0] in known:
            langs.add(parts[0])
    return [lang for lang in known if lang in langs]


def notes(project: Project, changed: Iterable[Path]) -> set[str] | None:
    """The notes whose own files `changed` (a French source, a catalog), or None when a file
    all notes may read changed (templates/, an image, a bibliography, a new folder)."""
    source = project.source.resolve()
    known = project.languages()
    slugs: set[str] = set()
    for path in changed:
        path = Path(path).resolve()
        if path.is_relative_to(source):
            parts = path.relative_to(source).parts
            if len(parts) == 1 and path.suffix == ".pot":
                continue  # a template for translators: no output reads it
            if len(parts) == 2 and parts[0] in known and path.suffix == (".md" if parts[0] == SOURCE_LANG else ".po"):
                slugs.add(path.stem)
                continue
        return None
    return slugs


def reported(project: Project, rel: str) -> bool:
    """Whether the watcher (`serve.Rebuilder.watch`: source/ and templates/, watchfiles'
    default filter) reports a change to the project's file `rel`."""
    from watchfiles import Change, DefaultFilter

    return under_watched(rel) and DefaultFilter()(Change.modified, str(project.root / rel))

"""What build/ holds, as the site lists it: per note, its metadata and the editions present.

Takes a `Project`, its `Manifest` and the slugs of the notes; returns `model`,
plain data (JSON-able: it is hashed into the site's key) built from the
manifest, reading a file only when the manifest does not describe it (an
output built elsewhere, e.g. by another CI shard) and a note only when the
manifest has no record of it.  A note whose source no longer reads keeps its
last good record, so a failed build never takes its editions off the site.
`infos` turns the model into `site.NoteInfo`s.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Callable

from frspub.build.cache import Hasher, Manifest
from frspub.errors import FrspubError, Problem, display_path
from frspub.locale import SOURCE_LANG
from frspub.log import warn
from frspub.project import FORMATS, Project

# `site` and `source` (0.14 s of imports: Jinja2, Babel, pandoc's reader) are imported where a
# file or note must be read: a no-op build finds everything in the manifest.


def model(project: Project, manifest: Manifest, slugs: set[str], hasher: Hasher,
          problems: list[Problem]) -> list[dict[str, Any]]:
    return listed(project, slugs, lambda lang, slug, fmt: file_entry(project, manifest, lang, slug, fmt, hasher),
                  lambda slug: manifest.notes.get(slug) or read_meta(project, manifest, slug, problems))


def listed(project: Project, slugs: set[str], entry: Callable[[str, str, str], dict[str, Any] | None],
           meta: Callable[[str], dict[str, Any] | None]) -> list[dict[str, Any]]:
    """The site's notes: each slug with an output, its record (`meta`) and its files by
    language (`entry` of each language and format, None for none)."""
    notes = []
    for slug in sorted(slugs):
        files = {}
        for lang in project.languages():
            found = [f for f in (entry(lang, slug, fmt) for fmt in FORMATS) if f]
            if found:
                files[lang] = found
        if not files:
            continue
        record = meta(slug)
        if record is not None:
            notes.append({"slug": slug, **record, "files": files})
    return notes


def file_entry(project: Project, manifest: Manifest, lang: str, slug: str, fmt: str,
               hasher: Hasher) -> dict[str, Any] | None:
    path = project.output(lang, slug, fmt)
    if not path.is_file():
        return None
    rel = path.relative_to(project.build_dir).as_posix()
    record = manifest.outputs.get(rel)
    if not record or record.get("hash") != hasher(path):
        record = describe(path, fmt, hasher)
        if record is None:  # a 0-byte or damaged file is never listed: the next build remakes it
            manifest.outputs.pop(rel, None)
            warn(display_path(path), 0, f"not a readable {fmt.upper()} file: left off the site "
                 "(`frspub build` makes it again)")
            return None
        manifest.outputs[rel] = record
    return shown(fmt, rel, record)


def shown(fmt: str, rel: str, record: dict[str, Any]) -> dict[str, Any]:
    """What the site lists of an output, from its manifest record."""
    return {"fmt": fmt, "href": rel, "size": record["size"], "pages": record.get("pages"),
            "title": record.get("title", ""), "lineage": record.get("lineage")}


def describe(path: Path, fmt: str, hasher: Hasher) -> dict[str, Any] | None:
    """The record of an output built elsewhere (another CI shard) or whose record was lost; None
    if the file is no sound file of its format.  An empty key makes the next build remake it; a
    translated HTML edition says its own lineage, so the site still credits its translators."""
    from frspub.web import site

    lineage = None
    if fmt == "pdf":
        pages, title = site.read_pdf(path)
        if not pages:
            return None
    elif fmt == "html":
        pages, title = None, site.html_title(path)
        if not title:
            return None
        lineage = site.html_lineage(path)
    elif site.is_epub(path):
        pages, title = None, ""
    else:
        return None
    record = {"key": "", "hash": hasher(path), "size": path.stat().st_size, "title": title, "pages": pages,
              "warnings": []}
    if lineage:
        record["lineage"] = lineage
    return record


def read_meta(project: Project, manifest: Manifest, slug: str, problems: list[Problem]) -> dict[str, Any] | None:
    from frspub.note import source
    from frspub.web import site

    try:
        note = source.read_note(project.source / SOURCE_LANG / f"{slug}.md")
    except FrspubError as exc:
        problems += exc.problems
        return None
    manifest.notes[slug] = site.note_record(note)
    return manifest.notes[slug]


def guess(project: Project, manifest: Manifest, slugs: set[str], staged: dict[str, dict[str, Any]],
          note: tuple[str, dict[str, Any]] | None) -> list[dict[str, Any]]:
    """What `model` will probably give once an edition under way is published: the manifest's
    records, with `staged` (rel -> size, title, pages, lineage of a file made but not yet in
    place) and `note` (slug, record) over them.  Reads no file and warns nothing: a guess for
    `site.prerender`, which a wrong one only costs time."""
    def entry(lang: str, slug: str, fmt: str) -> dict[str, Any] | None:
        rel = project.output(lang, slug, fmt).relative_to(project.build_dir).as_posix()
        record = {**manifest.outputs.get(rel, {}), **staged.get(rel, {})}
        return shown(fmt, rel, record) if "size" in record else None

    return listed(project, slugs, entry,
                  lambda slug: note[1] if note is not None and note[0] == slug else manifest.notes.get(slug))


def infos(notes: list[dict[str, Any]]) -> list[Any]:
    from frspub.web import site

    out = []
    for note in notes:
        files = {lang: [site.File(f["fmt"], f["href"], f["size"], f["pages"], f["title"], f.get("lineage"))
                        for f in found]
                 for lang, found in note["files"].items()}
        out.append(site.NoteInfo(note["slug"], note["author"], dt.date.fromisoformat(note["date"]),
                                 site.titles(note["title"], files), files, note.get("site_url", "")))
    return out

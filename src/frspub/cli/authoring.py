"""The author's command: ``frspub new SLUG [--from FILE]``.

Takes the command line; writes the new note (`note.skeleton`, and
`note.convert` for a document), then an empty catalog per language, filled
with the body's segments by `translation.update` (the note is read as a draft:
its marked fields are left out until the author fills them).
"""
from __future__ import annotations

import argparse

from frspub import log as logs
from frspub.cli.options import languages, project_of
from frspub.errors import FrspubError


def cmd_new(args: argparse.Namespace) -> int:
    from frspub.note import skeleton, source, unfilled

    project = project_of(args)
    skeleton.check_slug(args.slug)
    converted = None
    if args.source is not None:
        from frspub.note import convert

        converted = convert.convert(args.source.resolve(), args.slug)
        for w in converted.warnings:
            logs.log.warning("%s", w)
    written = skeleton.write_note(project.root, args.slug, converted)
    for path in written:
        logs.log.info("wrote %s", path.relative_to(project.root))
    note_path = written[-1]
    langs = [lang for lang in languages(project, None) if lang != "fr"]
    try:
        note = source.read_note(note_path, draft=True)
    except FrspubError as exc:  # the converted body breaks a rule: the author fixes it first
        for p in exc.problems:
            logs.log.error("%s", p)
        _empty_catalogs(project, args.slug, langs)
        logs.log.error("fix the note, then run `frspub update` to fill its catalogs")
        return 1
    from frspub.translation import update

    for path in update.update(note, project.root, langs):
        logs.log.info("wrote %s", path.relative_to(project.root))
    to_fill = unfilled.problems(note_path.read_text(encoding="utf-8"), str(note_path.relative_to(project.root)))
    if to_fill:
        logs.log.info("%d place%s to fill (marked %s; `frspub check` lists them), then `frspub update`",
                      len(to_fill), "s" * (len(to_fill) != 1), unfilled.MARK)
    return 0


def _empty_catalogs(project: object, slug: str, langs: list[str]) -> None:
    from frspub.translation import catalog

    for lang in langs:
        po = project.po(lang, slug)  # type: ignore[attr-defined]
        if not po.exists():
            catalog.save(catalog.new_catalog(lang, slug), po)

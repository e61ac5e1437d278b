"""Commands for translators and editors: ``update``, ``status``, ``check``,
``review``, ``export`` and ``import``.

Heavy modules are imported by the command that needs them, so that
``frspub status`` does not load pandoc's wrappers or the renderers.
"""
from __future__ import annotations

import argparse
import json

from frspub import log as logs
from frspub.cli.options import languages, project_of


def cmd_update(args: argparse.Namespace) -> int:
    from frspub.note import source
    from frspub.translation import update
    from frspub.translation.memory import Memory

    project = project_of(args)
    langs = [lang for lang in languages(project, args.lang) if lang != "fr"]
    memories = {lang: Memory.of_project(project.root, lang) for lang in langs}  # before any catalog changes
    for path in project.notes():
        note = source.read_note(path, draft=True)  # a new note's marked fields wait, its body is cut
        written = update.update(note, project.root, langs, memories)
        for w in written:
            logs.log.info("updated %s", w.relative_to(project.root))
        if not written:
            logs.log.info("%s: catalogs already up to date", note.slug)
    for w in update.update_templates(project.templates, langs):
        logs.log.info("updated %s", w.relative_to(project.root))
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from frspub.translation import progress

    project = project_of(args)
    rows = [s.as_dict() for s in progress.project_status(project)]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    print(f"{'note':40} {'lang':4} {'transl.':>7} {'fuzzy':>5} {'untr.':>5} {'obs.':>4} {'%':>6} {'AQ':>3}")
    for r in rows:
        print(f"{r['note']:40} {r['lang']:4} {r['translated']:7} {r['fuzzy']:5} {r['untranslated']:5} "
              f"{r['obsolete']:4} {r['percent']:6.1f} {r['queries']:3}")
    return 0


def cmd_queries(args: argparse.Namespace) -> int:
    """The queries to the author, per note: the French segment and its line, then each question."""
    from frspub.translation import catalog, queries

    project = project_of(args)
    langs = [lang for lang in languages(project, args.lang) if lang != "fr"]
    found = []
    for path in project.notes():
        for lang in langs:
            po = project.po(lang, path.stem)
            if po.exists():
                found += [q for q in queries.of_catalog(catalog.load(po, lang), po, lang) if args.all or q.open]
    if args.json:
        print(json.dumps([q.as_dict() for q in found], ensure_ascii=False, indent=2))
        return 0
    for q in found:
        state = "" if q.open else " (closed: the French changed or left the note)"
        print(f"{q.source}:{q.source_line}: {q.lang} query{state} ({q.po}:{q.po_line})")
        print(f"    French: {q.french if len(q.french) <= 160 else q.french[:159] + '…'}")
        print(f"    AQ: {q.text}")
    logs.log.info("%d open quer%s to the author", sum(q.open for q in found),
                  "y" if sum(q.open for q in found) == 1 else "ies")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from frspub.translation import audit, labels

    project = project_of(args)
    langs = [lang for lang in languages(project, args.lang) if lang != "fr"]
    problems = audit.check_project(project, langs, args.min_complete)
    for lang in langs:  # the template labels obey the same rules as the notes' catalogs
        problems += labels.problems(project.templates, lang)
    errors = [p for p in problems if p.severity == "error"]
    for p in errors:  # what must be fixed first, then what should be
        logs.log.error("%s", p)
    for p in problems:
        if p.severity != "error":
            logs.log.warning("%s", p)
    if errors:
        logs.log.error("%d error%s in the catalogs", len(errors), "s" * (len(errors) != 1))
        return 1
    if problems:  # fuzzy and untranslated entries count: "OK" means publishable as it is
        logs.log.info("catalogs: %d warning%s, no error (%s)", len(problems), "s" * (len(problems) != 1),
                      ", ".join(langs))
        return 0
    logs.log.info("catalogs OK (%s)", ", ".join(langs))
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    from frspub.web import review

    project = project_of(args)
    for lang in languages(project, args.lang):
        for out in review.write_reviews(project, lang):
            logs.log.info("review: %s", out.relative_to(project.root))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from frspub import output
    from frspub.locale import template_po
    from frspub.note import source
    from frspub.translation import tmx, xliff

    project = project_of(args)
    langs = [lang for lang in languages(project, args.lang) if lang != "fr"]
    if args.docx:
        return export_docx(args, project, langs)
    if args.tmx:
        out = (args.output or project.build_dir / "tmx") / "frspub.tmx"
        out.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(out, tmx.export(project, langs))
        logs.log.info("wrote %s", out)
        return 0
    for lang in langs:
        folder = (args.output or project.build_dir / "xliff") / lang
        folder.mkdir(parents=True, exist_ok=True)
        for path in (p for p in project.notes() if not args.notes or p.stem in args.notes):
            out = folder / f"{path.stem}.xlf"
            output.write_bytes(out, xliff.export(project, lang, source.read_note(path)))
            logs.log.info("wrote %s", out)
        if template_po(project.templates, lang).exists():  # the labels: Sommaire, Télécharger le PDF…
            out = folder / "templates.xlf"
            output.write_bytes(out, xliff.export_labels(project, lang))
            logs.log.info("wrote %s", out)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from frspub.translation import xliff

    project = project_of(args)
    words = [f.resolve() for f in args.files if f.suffix.lower() == ".docx"]
    if words:
        from frspub.translation import docx_align

        if len(words) != len(args.files) or not args.lang:
            from frspub.errors import ConfigError

            raise ConfigError("import Word files on their own, with --lang (frspub import --lang en FILE.docx)",
                              words[0], 0)
        written = docx_align.import_files(project, words, languages(project, [args.lang])[-1])
    else:
        written = xliff.import_files(project, [f.resolve() for f in args.files])
    for path in written:
        logs.log.info("updated %s", path.relative_to(project.root))
    if not written:
        logs.log.info("catalogs already hold these translations")
    return 0


def export_docx(args: argparse.Namespace, project: object, langs: list[str]) -> int:
    from frspub.note import source
    from frspub.translation import docx_export

    wanted = set(args.notes or [])
    paths = [p for p in project.notes() if not wanted or p.stem in wanted]  # type: ignore[attr-defined]
    unknown = wanted - {p.stem for p in paths}
    if unknown:
        from frspub.errors import ConfigError

        raise ConfigError(f"no note named {', '.join(sorted(unknown))} in source/fr", "source/fr", 0)
    for lang in langs:
        folder = (args.output or project.build_dir / "docx") / lang  # type: ignore[attr-defined]
        for path in paths:
            out = folder / f"{path.stem}.docx"
            docx_export.export(project, lang, source.read_note(path), out)
            logs.log.info("wrote %s", out)
    return 0

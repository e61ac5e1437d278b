"""Stage 6: the build, calling the stages in order and logging each step.

Takes a `Project`, languages and formats; writes ``build/<lang>/<slug>.<ext>``
for every note.  An edition that fails does not stop the others; all the
problems are raised together at the end (and no good output is replaced by a
bad one: every write is atomic).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from frspub import catalog, source, translate
from frspub.errors import FrspubError, Problem
from frspub.locale import SOURCE_LANG, native_name
from frspub.log import log
from frspub.project import FORMATS, Project
from frspub.render import fragments
from frspub.render.context import Alternate, Links
from frspub.site import page_name as site_page

if TYPE_CHECKING:  # WeasyPrint is imported only when a PDF is made
    from frspub.render.pdf import Printed


@dataclass
class Report:
    outputs: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def build(project: Project, langs: list[str] | None = None, formats: tuple[str, ...] = FORMATS,
          site: bool = True) -> Report:
    langs = langs or project.languages()
    report = Report()
    paths = project.notes()
    if not paths:
        log.warning("%s:0: warning: no note (*.md) to build", project.source / SOURCE_LANG)
    notes = []
    for path in paths:
        try:
            note = source.read_note(path)
        except FrspubError as exc:
            report.problems += exc.problems
            continue
        notes.append(note)
        log.info("read %s (%d footnotes)", note.display, len(note.notes))
        for lang in langs:
            try:
                report.outputs += build_edition(project, note, lang, langs, formats)
            except FrspubError as exc:
                report.problems += exc.problems
    if site:
        report.outputs += write_site(project, notes, report)
    if report.problems:
        raise FrspubError(report.problems)
    return report


def write_site(project: Project, notes: list[source.Note], report: Report) -> list[Path]:
    """build/index*.html, listing what is in build/ (written even when an edition failed)."""
    from frspub import site

    try:
        return site.write_site(project, notes)
    except FrspubError as exc:
        report.problems += exc.problems
        return []


def edition(project: Project, note: source.Note, lang: str) -> translate.Edition:
    if lang == SOURCE_LANG:
        return translate.french_edition(note)
    po = project.po(lang, note.slug)
    cat = catalog.load(po, lang) if po.exists() else None
    if cat is None:
        log.warning("%s:0: warning: no catalog for %s: run `frspub update`; the edition is in French", po, lang)
    return translate.translate(note, lang, cat, po, project.root)


def build_edition(project: Project, note: source.Note, lang: str, langs: list[str],
                  formats: tuple[str, ...]) -> list[Path]:
    ed = edition(project, note, lang)
    frag = fragments.build(ed)
    from frspub.render import pdf

    page = pdf.printed(ed, frag, project.templates)
    pdf.check_glyphs(ed, page, project.templates)  # no missing glyph in any format
    written = []
    for fmt in formats:
        out = project.output(lang, note.slug, fmt)
        start = time.perf_counter()
        render_one(project, ed, frag, page, fmt, out, langs)
        log.info("%s %s: %s (%.1f s)", lang, fmt, out.relative_to(project.root), time.perf_counter() - start)
        written.append(out)
    return written


def links(ed: translate.Edition, langs: list[str]) -> Links:
    slug = ed.slug
    return Links(pdf=f"{slug}.pdf", epub=f"{slug}.epub", html=f"{slug}.html",
                 alternates=[Alternate(lang, native_name(lang), f"../{lang}/{slug}.html")
                             for lang in langs if lang != ed.lang],
                 site=f"../{site_page(ed.lang)}")


def render_one(project: Project, ed: translate.Edition, frag: fragments.Fragments, page: Printed,
               fmt: str, out: Path, langs: list[str]) -> None:
    if fmt == "pdf":
        from frspub.render import pdf

        pdf.write(ed, page, project.templates, out)
    elif fmt == "html":
        from frspub.render import html

        html.write(ed, frag, project.templates, out, links(ed, langs))
    elif fmt == "epub":
        from frspub.render import epub

        epub.write(ed, project.templates, out)

"""One edition, built where a worker process (or the main one) runs it.

Takes an `EditionJob`: plain data (the project folder, a note's slug, a
language, the formats to make and the staging path of each); reads the note,
translates it, checks every printed glyph, renders each format into its
staging file, and returns an `EditionResult`: the staged files with their hash
and what the site shows of them, the problems, the edition's log lines (kept
together, printed by the caller in a fixed order), seconds and peak memory.
Nothing is published here: `build` renames the staged files into place when
the whole edition succeeded.  The PDF, HTML and EPUB of one edition share the
translated tree, its HTML fragments and its print HTML (the glyph check), so
an edition is the unit of work.
"""
from __future__ import annotations

import logging
import os
import resource
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from frspub.build.capture import capture, current, in_thread
from frspub.errors import FrspubError, Problem, display_path
from frspub.locale import SOURCE_LANG
from frspub.log import log
from frspub.render import gcpause

if TYPE_CHECKING:
    from frspub.note import source
    from frspub.render.context import Links
    from frspub.translation.edition import Edition

Hand = Callable[[Any, Any, "EditionResult"], None]  # (edition, print page, result so far): `build.handover`


@dataclass(frozen=True)
class EditionJob:
    root: str
    slug: str
    lang: str
    formats: tuple[str, ...]
    stages: tuple[str, ...]  # staging file of each format (same order)
    langs: tuple[str, ...]  # every language of the project (the HTML language switcher)
    layout: str = ""  # the PDF's layout decisions of the last build (`build.layoutcache`)
    basis: str = ""  # what they must have been made on
    units: str = ""  # pandoc's answers per unit the last build of this edition used (`note.unitstore`)


@dataclass
class Staged:
    fmt: str
    path: str
    hash: str
    size: int
    title: str = ""
    pages: int | None = None


@dataclass
class EditionResult:
    job: EditionJob
    staged: list[Staged] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    logs: list[tuple[int, str]] = field(default_factory=list)
    note: dict[str, Any] | None = None  # what the site lists of the note
    inputs: list[str] = field(default_factory=list)  # files found while building (images), root-relative
    lineage: dict[str, Any] | None = None  # a translation: translators, French version, passages in French
    seconds: float = 0.0
    peak_mb: float = 0.0
    decisions: dict[str, Any] | None = None  # the PDF's layout decisions, for the next build
    units: tuple[str, str] | None = None  # pandoc's answers per unit, for the next build (`note.unitstore`)

    @property
    def warnings(self) -> list[str]:
        return [msg for level, msg in self.logs if level == logging.WARNING]


def init_process(parent: int | None) -> None:
    """First thing in a pool worker: die with the process that started it, even by SIGKILL (a
    cancelled CI job, the OOM killer), and drop the build/ lock descriptor inherited by fork, so
    that a killed build leaves no worker and no lock behind.  A forkserver's worker dies with the
    forkserver, which ends when the build does."""
    from frspub.build import lock
    from frspub.note import pandoc

    pandoc.die_with_parent()
    if parent is not None and os.getppid() != parent:  # the build died before prctl took effect
        os._exit(1)
    lock.release_inherited()


def run(job: EditionJob, spare: bool = False, meanwhile: Callable[[EditionResult], None] | None = None,
        hand: Hand | None = None) -> EditionResult:
    """Build one edition's formats into their staging files (removed again on failure);
    `spare`: a core is free, the PDF is made in a process of its own (`build.pdfside`), and
    `meanwhile` is called with the other formats staged while this process waits for it;
    `hand`: called with the edition, its print page and the result so far once the glyphs
    are checked, before any format is written (`build.handover`)."""
    return enclosed(job, lambda result: build_edition(job, result, spare, meanwhile, hand))


def enclosed(job: EditionJob, work: Callable[[EditionResult], None], earlier: list[tuple[int, str]] | None = None,
             result: EditionResult | None = None) -> EditionResult:
    """`work(result)` as an edition's job: its log lines kept (after `earlier`, lines said for it
    elsewhere), its problems in the result, its staging files removed unless all were made, its
    seconds and peak memory measured."""
    start = time.perf_counter()
    result = result if result is not None else EditionResult(job)
    with capture() as records, gcpause.paused():  # an edition's objects live until it is written
        records += earlier or []
        try:
            work(result)
        except FrspubError as exc:
            result.problems += exc.problems
        finally:
            forget_caches()
            if result.problems or len(result.staged) != len(job.formats):
                discard(job)
                result.staged = []
    result.logs = records
    result.seconds = time.perf_counter() - start
    result.peak_mb = max(result.peak_mb, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return result


def forget_caches() -> None:
    """The build cache folders named for this job are not those of what this process does next
    (the preview server's other commands, a test's next project)."""
    from frspub.note import pandocmemo, unitstore
    from frspub.render import fontcache

    pandocmemo.keep_in(None)
    unitstore.recall(None)
    fontcache.keep_in(None)


def discard(job: EditionJob) -> None:
    for stage in job.stages:
        path = Path(stage)
        path.unlink(missing_ok=True)
        # And a stage's own atomic write under way (`output.atomic_path`) when the process was
        # ended: a thread's `finally` (the EPUB's, beside the PDF) does not run at its exit.
        for partial in path.parent.glob(f".{path.name}.*.tmp"):
            partial.unlink(missing_ok=True)


def build_edition(job: EditionJob, result: EditionResult, spare: bool = False,
                  meanwhile: Callable[[EditionResult], None] | None = None, hand: Hand | None = None) -> None:
    from frspub.build import pdfside
    from frspub.translation import translate  # noqa: F401 - unpickles the edition into their classes

    beside = spare and "pdf" in job.formats and len(job.formats) > 1 and pdfside.allowed()
    if not (beside and pdfside.SPARE):  # before a fork of its own: the PDF's process needs it too
        from frspub.render import pdf  # noqa: F401 - (a spare imported it: here only after the hand-over)
    side = pdfside.Side(job, pdf_beside) if beside else None
    try:
        _build_edition(job, result, side, meanwhile, hand)
    finally:
        if side is not None:  # an edition that failed before handing it over, or before its answer
            side.stop()


def _build_edition(job: EditionJob, result: EditionResult, side: Any,
                   meanwhile: Callable[[EditionResult], None] | None = None, hand: Hand | None = None) -> None:
    from frspub.note import source
    from frspub.project import Project
    from frspub.render import citations, figures, fragments, printpage
    from frspub.translation import segments, typography  # noqa: F401 - segments: its memo known to `unitstore`
    from frspub.web import site

    # WeasyPrint takes 0.4 s to import: done on the side while pandoc reads and translates.
    importing = in_thread(_load_weasyprint) if "pdf" in job.formats and side is None else None
    project = Project(Path(job.root))
    from frspub.note import pandoc, pandocmemo, unitstore

    pandocmemo.keep_in(project.build_dir / pandocmemo.FOLDER)  # the French note read once, not per build
    unitstore.recall(Path(job.units) if job.units else None, pandoc.identity() if job.units else "")
    note = source.read_note(project.source / SOURCE_LANG / f"{job.slug}.md")
    result.note = site.note_record(note)
    ed = edition(project, note, job.lang)
    if ed.lang != SOURCE_LANG:
        result.lineage = {"translators": ed.translators, "version": ed.version, "fallbacks": ed.fallbacks,
                          "french_date": ed.french.date.isoformat(),
                          "french_title": typography.french_title(ed.french)}
    used = figures.apply(ed, project.templates)
    used.inputs += citations.apply(ed, project.templates)  # after figures: @fig: is no citation
    result.inputs = sorted({p.relative_to(project.root.resolve()).as_posix() for p in used.inputs})
    for kind, number, path in used.shown:
        log.info("%s %s %d: %s", job.lang, kind, number, display_path(path))
    frag = fragments.build(ed)
    if "pdf" in job.formats:  # cut-down fonts made once for every edition and build that needs them
        from frspub.render import fontcache

        fontcache.keep_in(project.build_dir / fontcache.FOLDER)
    page = printpage.printed(ed, frag, project.templates)
    if side is not None and side.send(ed, page):
        from frspub.render import (
            pdf,  # (after the hand-over: nothing before it needs the PDF's writer)
        )

        pdf.check_glyphs(ed, page, project.templates)  # while the PDF is laid out (a fault ends it: `build_edition`)
        return _beside(project, job, result, ed, frag, side, meanwhile)
    from frspub.render import pdf

    pdf.check_glyphs(ed, page, project.templates)  # no missing glyph in any format
    if hand is not None:
        hand(ed, page, result)
    result.units = unitstore.keep()
    render_formats(project, job, result, ed, frag, page, importing)


def _load_weasyprint() -> None:
    from frspub.render import weasyload

    weasyload.load()


def render_formats(project: Any, job: EditionJob, result: EditionResult, ed: Edition, frag: Any,
                   page: Any, importing: Any = None) -> None:
    """The job's formats from the checked edition, staged and logged in the job's order."""
    seconds: dict[str, float] = {}
    said: dict[str, str] = {}
    memory = remembered(job)

    def make(fmt: str) -> None:
        began = time.perf_counter()
        said[fmt] = render_one(project, ed, frag, page, fmt, Path(job.stages[job.formats.index(fmt)]),
                               links(ed, list(job.langs)), memory)
        seconds[fmt] = time.perf_counter() - began

    # The EPUB is mostly a pandoc process: it runs beside WeasyPrint's layout.
    side = in_thread(make, "epub") if "epub" in job.formats and "pdf" in job.formats else None
    for fmt in job.formats:
        if not (side and fmt == "epub"):
            make(fmt)
    for thread in (side, importing):
        if thread is not None:
            thread.result()
    _staged(project, job, result, {f: staged(f, Path(s)) for f, s in zip(job.formats, job.stages)}, seconds, said)
    result.decisions = memory.made if memory is not None else None


def _staged(project: Any, job: EditionJob, result: EditionResult, made: dict[str, Staged], seconds: dict[str, float],
            said: dict[str, str]) -> None:  # each format's log line and staged file, in the job's order
    for fmt in job.formats:
        shown = project.output(job.lang, job.slug, fmt).relative_to(project.root)
        log.info("%s %s: %s (%.1f s%s)", job.lang, fmt, shown, seconds[fmt], said[fmt])
        result.staged.append(made[fmt])


def _beside(project: Any, job: EditionJob, result: EditionResult, ed: Any, frag: Any, side: Any,
            meanwhile: Callable[[EditionResult], None] | None) -> None:
    """The PDF is being made in `side`: write the other formats here (and call `meanwhile` with
    them), then take its answer, its log lines placed where the PDF's own would have come (the
    order of the in-process build)."""
    seconds: dict[str, float] = {}
    said: dict[str, str] = {}
    records = current()
    mark = len(records) if records is not None else 0
    for fmt in job.formats:
        if fmt != "pdf":
            began = time.perf_counter()
            said[fmt] = render_one(project, ed, frag, None, fmt, Path(job.stages[job.formats.index(fmt)]),
                                   links(ed, list(job.langs)))
            seconds[fmt] = time.perf_counter() - began
    made = {f: staged(f, Path(s)) for f, s in zip(job.formats, job.stages) if f != "pdf"}
    if meanwhile is not None:
        meanwhile(replace(result, staged=list(made.values())))
    from frspub.note import unitstore

    result.units = unitstore.keep()  # (while the PDF is laid out)
    import pikepdf  # noqa: F401 - `finish` and `staged` use it: imported while the PDF is laid out

    from frspub.render import archival, pdf  # noqa: F401 - archival: `pdf.finish` imports it late

    answer = side.result()
    if records is not None:
        records[mark:mark] = [line for line in answer["logs"] if line not in records]
    else:
        for level, message in answer["logs"]:
            log.log(level, "%s", message)
    if answer["problems"]:
        raise FrspubError(answer["problems"])
    began = time.perf_counter()
    pdf.finish(ed, answer["drawn"], project.templates, Path(job.stages[job.formats.index("pdf")]))
    said["pdf"], seconds["pdf"] = f", {answer['drawn'].tally}", answer["seconds"] + time.perf_counter() - began
    made["pdf"] = staged("pdf", Path(job.stages[job.formats.index("pdf")]))  # (the PDF's process needs no site)
    _staged(project, job, result, made, seconds, said)
    result.decisions = answer["decisions"]
    result.peak_mb = answer["peak_mb"]  # the PDF's process: the edition's largest (`run` takes the max)


def pdf_beside(job: EditionJob, ed: Any, page: Any) -> dict[str, Any]:
    """In `pdfside`'s process: the PDF laid out and drawn (`render.pdf.draw`), and what `_beside`
    needs to finish it (`render.pdf.finish`, in the edition's process)."""
    from frspub.note import pandocmemo
    from frspub.project import Project
    from frspub.render import fontcache

    project = Project(Path(job.root))
    pandocmemo.keep_in(project.build_dir / pandocmemo.FOLDER)  # as in the edition's process
    fontcache.keep_in(project.build_dir / fontcache.FOLDER)
    memory, stage = remembered(job), Path(job.stages[job.formats.index("pdf")])
    answer: dict[str, Any] = {"drawn": None, "decisions": None, "problems": []}
    began = time.perf_counter()
    with capture() as records:
        try:
            from frspub.render import pdf

            answer["drawn"] = pdf.draw(ed, page, project.templates, stage, memory)
            answer["decisions"] = memory.made if memory is not None else None
        except FrspubError as exc:
            answer["problems"] = exc.problems
    answer |= {"seconds": time.perf_counter() - began, "logs": list(records),
               "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    return answer


def remembered(job: EditionJob) -> Any:
    """The last build's layout decisions for this edition's PDF (a `decisions.Memory`), or None."""
    if "pdf" not in job.formats or not job.layout:
        return None
    from frspub.build import layoutcache
    from frspub.render import decisions

    return decisions.Memory(layoutcache.load(job.layout, job.basis))


def staged(fmt: str, path: Path) -> Staged:
    from frspub.build import cache
    from frspub.web import site

    info = Staged(fmt, str(path), cache.file_digest(path), path.stat().st_size)
    if fmt == "pdf":
        info.pages, info.title = site.read_pdf(path)
    elif fmt == "html":
        info.title = site.html_title(path)
    return info


def edition(project: Any, note: source.Note, lang: str) -> Edition:
    from frspub.translation import translate

    if lang == SOURCE_LANG:
        return translate.french_edition(note)
    from frspub.translation import (
        ahead,  # Babel's catalogs, which the French edition never reads
    )

    return ahead.edition(project, note, lang)  # (read while its msgids are written)


def links(ed: Edition, langs: list[str]) -> Links:
    from frspub.locale import native_name
    from frspub.render import rtl
    from frspub.render.context import Alternate, Links
    from frspub.web.site import page_name

    slug = ed.slug
    # A right-to-left edition has no PDF (render/rtl: WeasyPrint 70 cannot set it): no link to one.
    return Links(pdf="" if rtl.is_rtl(ed.lang) else f"{slug}.pdf", epub=f"{slug}.epub", html=f"{slug}.html",
                 alternates=[Alternate(lang, native_name(lang), f"../{lang}/{slug}.html")
                             for lang in langs if lang != ed.lang],
                 site=f"../{page_name(ed.lang)}")


def render_one(project: Any, ed: Edition, frag: Any, page: Any, fmt: str, out: Path,
               links: Links, memory: Any = None) -> str:
    """Write one format; returns what the log line adds (a PDF: its WeasyPrint layouts)."""
    if fmt == "pdf":
        from frspub.render import pdf

        return f", {pdf.write(ed, page, project.templates, out, memory)}"
    if fmt == "html":
        from frspub.render import html

        html.write(ed, frag, project.templates, out, links)
    elif fmt == "epub":
        from frspub.render import epub

        epub.write(ed, project.templates, out)
    return ""

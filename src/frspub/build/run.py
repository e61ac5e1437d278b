"""The build — the one place that decides what is stale.

Takes a `Project`, languages, formats and options; makes a plan of edition
jobs (note × language, each with the formats whose key changed: see
`cache.Keys` for what an output depends on), runs them in parallel
(`jobs`, `worker`), publishes each edition only when all its formats
succeeded (and, under ``strict``, gave no warning), removes the outputs of
deleted notes, then rewrites the site pages if what they list changed.
Returns a `Report` (outputs written, removed, up to date); raises
`FrspubError` with every problem at the end.  A failed edition leaves its
previous outputs, the site and the manifest as they were.
"""
from __future__ import annotations

import hashlib
import os
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from frspub import conventions
from frspub.build import cache, jobs, layoutcache, publish, published, spare
from frspub.build.capture import in_thread
from frspub.build.kept import Kept
from frspub.build.worker import EditionJob, EditionResult, edition  # noqa: F401 (edition: kept for its callers)
from frspub.errors import FrspubError, Problem, display_path
from frspub.locale import SOURCE_LANG
from frspub.log import log
from frspub.note import pandocmemo, unitstore
from frspub.project import FORMATS, Project
from frspub.render import fontcache
from frspub.web import feeds


@dataclass
class Report:
    outputs: list[Path] = field(default_factory=list)  # written: editions, then site pages
    removed: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    fresh: int = 0  # outputs already up to date
    editions: int = 0  # edition jobs run
    peak_mb: float = 0.0  # peak memory of a worker
    seconds: float = 0.0

    def summary(self) -> str:
        if not self.outputs and not self.removed and not self.problems:
            return f"nothing to do: {self.fresh} outputs up to date ({self.seconds:.2f} s)"
        parts = [f"{len(self.outputs)} output{'s' * (len(self.outputs) != 1)} written"]
        if self.removed:
            parts.append(f"{len(self.removed)} removed")
        parts.append(f"{self.fresh} up to date")
        peak = f", peak {self.peak_mb:.0f} MB per worker" if self.editions else ""
        return f"{', '.join(parts)} ({self.editions} editions{peak}, {self.seconds:.1f} s)"


class BuildError(FrspubError):
    """Some edition or the site failed; `report` says what was written all the same."""

    def __init__(self, report: Report) -> None:
        super().__init__(report.problems)
        self.report = report


@dataclass
class Options:
    langs: list[str] | None = None
    formats: tuple[str, ...] = FORMATS
    site: bool = True
    workers: int | None = None  # None: one per core
    force: bool = False
    shard: tuple[int, int] | None = None  # (K, N): the K-th of N shares of the notes
    strict: bool = False  # a warned edition is not published
    site_only: bool = False
    cancel: threading.Event | None = None  # set: the editions under way stop (`cancel.Cancelled`)
    announce: Callable[[list[Path]], None] | None = None  # told each edition's and the site's outputs once written
    kept: Kept | None = None  # what a long-lived process's builds keep for the next (`build.kept`)
    changed: set[str] | None = None  # with `kept`: the notes whose files changed since its last build


def build(project: Project, langs: list[str] | None = None, formats: tuple[str, ...] = FORMATS,
          site: bool = True, **options: object) -> Report:
    opts = Options(langs, formats, site, **options)  # type: ignore[arg-type]
    start = time.perf_counter()
    report = Report()
    if opts.site:
        feeds.env_base_url()  # a bad $FRSPUB_BASE_URL stops the build before it writes anything
    with publish.lock(project):
        publish.clean_stale(project)
        fontcache.prune(project.build_dir)
        pandocmemo.prune(project.build_dir)
        manifest = cache.Manifest.load(project.build_dir)
        known = opts.kept.files if opts.kept is not None else None
        keys = cache.Keys(project, cache.Hasher(manifest.memo, known))
        outputs = cache.Hasher(known=known)  # output files: hashed once per build
        if opts.kept is not None:
            opts.kept.begin(keys, opts.changed)
        slugs = {p.stem for p in project.notes()}
        if not slugs:
            log.warning("%s:0: warning: no note (*.md) to build", project.source / SOURCE_LANG)
        report.removed = publish.remove_deleted(project, manifest, slugs)
        if report.removed:
            layoutcache.remove(project.build_dir, slugs)
        ahead: dict[str, str] = {}  # site pages rendered while a PDF is made (`foresee_site`)
        if not opts.site_only:
            run_plan(project, manifest, keys, outputs, opts, report, ahead if opts.site and opts.shard is None else None)
        if opts.site and opts.shard is None:
            before = len(report.outputs)
            write_site(project, manifest, keys, outputs, slugs, opts.force, report, ahead)
            if opts.announce is not None:
                opts.announce(report.outputs[before:])
        manifest.save(project.build_dir)
    report.seconds = time.perf_counter() - start
    report.problems = list(dict.fromkeys(report.problems))  # a note's own problem comes from each language
    if report.problems:
        raise BuildError(report)
    log.info("%s", report.summary())
    return report


def in_shard(slug: str, shard: tuple[int, int] | None) -> bool:
    """Whether `slug` is in the K-th of N shares: by a hash of the slug, so that adding a
    note never moves the others (each CI job keeps its cache)."""
    if shard is None:
        return True
    k, n = shard
    return int(hashlib.sha256(slug.encode()).hexdigest()[:8], 16) % n == k - 1


def plan(project: Project, manifest: cache.Manifest, keys: cache.Keys, outputs: cache.Hasher,
         opts: Options, report: Report) -> tuple[list[EditionJob], list[dict[str, str]]]:
    """The edition jobs to run (each with its stale formats) and each job's output keys."""
    langs = opts.langs or project.languages()
    todo: list[EditionJob] = []
    job_keys: list[dict[str, str]] = []
    for path in project.notes():
        if not in_shard(path.stem, opts.shard):
            continue
        for lang in langs:
            stale, replay = {}, {}
            for fmt in formats_for(project, path.stem, lang, opts.formats, report):
                out = project.output(lang, path.stem, fmt)
                rel = out.relative_to(project.build_dir).as_posix()
                record = manifest.outputs.get(rel, {})
                key = opts.kept.key(path.stem, rel, record) if opts.kept is not None else None
                if key is None:
                    key = keys.output(path.stem, lang, fmt, record.get("inputs", ()))
                    if opts.kept is not None:
                        opts.kept.keys[rel] = key
                if opts.force or not manifest.fresh(rel, key, out, outputs):
                    stale[fmt] = key
                else:
                    report.fresh += 1
                    replay.update(dict.fromkeys(manifest.outputs[rel].get("warnings", [])))
            if stale:
                formats = tuple(stale)
                stages = tuple(str(publish.stage_path(project.output(lang, path.stem, f))) for f in formats)
                layout = layoutcache.path(project.build_dir, lang, path.stem) if "pdf" in formats else ""
                todo.append(EditionJob(str(project.root), path.stem, lang, formats, stages,
                                       tuple(project.labelled_languages()), str(layout),
                                       keys.layout_basis(lang) if layout else "", str(keys.units(path.stem, lang))))
                job_keys.append(stale)
            else:
                for message in replay:  # an up-to-date edition still says what it lacks (--strict counts it)
                    log.warning("%s", message)
    return todo, job_keys


def formats_for(project: Project, slug: str, lang: str, formats: tuple[str, ...], report: Report) -> tuple[str, ...]:
    """The formats an edition can have: a right-to-left one has no PDF (render/rtl says why, in
    one error line at its catalog; its HTML and EPUB are built and published)."""
    from frspub.render import rtl

    if "pdf" not in formats or not rtl.is_rtl(lang):
        return formats
    report.problems.append(rtl.pdf_refusal(project.po(lang, slug), lang))
    return tuple(f for f in formats if f != "pdf")


def run_plan(project: Project, manifest: cache.Manifest, keys: cache.Keys, outputs: cache.Hasher,
             opts: Options, report: Report, ahead: dict[str, str] | None = None) -> None:
    todo, job_keys = plan(project, manifest, keys, outputs, opts, report)
    workers = opts.workers or jobs.default_workers()
    beside = bool(todo) and opts.cancel is None and workers > len(todo) and len(todo[0].formats) > 1  # `build.pdfside`
    if not (beside and "pdf" in todo[0].formats):
        spare.dismiss()  # at once: a spare PDF process (`build.spare`) would only take CPU
    if not todo:
        return
    for job in todo:
        project.output(job.lang, job.slug, job.formats[0]).parent.mkdir(parents=True, exist_ok=True)
    clear_caches(project.templates)
    if "pdf" in todo[0].formats and (workers == 1 or len(todo) == 1) and not beside:
        # WeasyPrint imported in a thread while the note is read (beside: the PDF's own process
        # imports it, and a thread would stop the fork); a Japanese edition's faces' fontTools too.
        from frspub.render import weasyload

        weasyload.preload(conventions.of(todo[0].lang).aki, project.templates)
    keys_of = {(job.slug, job.lang): k for job, k in zip(todo, job_keys)}
    # The preview's lone edition: its HTML published, the site pages guessed in a thread while
    # its PDF is made in a process of its own (a save coming right after that PDF waited for
    # the pages to be rendered: 0.1-0.3 s).  Joined before anything else is published.
    guess = foresee_site(project, manifest, ahead) if ahead is not None and opts.cancel is not None \
        and len(todo) == 1 and len(todo[0].formats) > 1 and "html" in todo[0].formats else None
    guessing: list[threading.Thread] = []

    def publish_result(result: EditionResult) -> None:
        for thread in guessing:
            thread.join()
        report.editions += 1
        if opts.strict and result.warnings and not result.problems:
            result.problems.append(withheld(project, result))
        if result.problems:
            report.problems += result.problems
            publish.discard_result(result)
            return
        job = result.job
        final = {fmt: keys.output(job.slug, job.lang, fmt, result.inputs) if result.inputs else key
                 for fmt, key in keys_of[job.slug, job.lang].items()}  # keyed on the images it found
        written = publish.commit(project, manifest, result, final)
        if opts.kept is not None:
            opts.kept.keys.update({p.relative_to(project.build_dir).as_posix(): final[p.suffix[1:]] for p in written})
        report.outputs += written
        if result.decisions is not None:
            layoutcache.save(job.layout, job.basis, result.decisions)
        unitstore.save(result.units)
        if opts.announce is not None:  # the preview reloads this edition's pages now, not after the site
            opts.announce(written)
        manifest.save(project.build_dir)  # an interrupted build keeps what it finished
        if guess is not None and job.formats == ("html",) and not guessing:
            guessing.append(in_thread(lowly, guess, result))  # (a failed guess: the pages are rendered as usual)

    meanwhile = foresee_site(project, manifest, ahead) if ahead is not None and beside else None
    try:
        report.peak_mb = jobs.run(todo, workers, publish_result, opts.cancel, meanwhile)
    finally:  # a cancelled build's guess ends before the next build clears the templates' caches
        for thread in guessing:
            thread.join()


def lowly(fn: Callable[..., None], *args: object) -> None:
    """`fn(*args)` in this thread at nice 10 (Linux: the thread alone): the PDF's process
    beside keeps its core on a loaded machine."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
    except (OSError, AttributeError):
        pass
    fn(*args)


def foresee_site(project: Project, manifest: cache.Manifest, ahead: dict[str, str]) -> Callable[[EditionResult], None]:
    """While a lone edition's PDF is laid out on the other core, render the site pages as they
    will probably be: the edition's other formats as staged, its PDF as last published (a
    msgstr seldom moves its size to another shown kilobyte).  `write_site` uses a page only for
    the very context it was rendered for."""
    def guess(partial: EditionResult) -> None:
        from frspub.web import site

        job = partial.job
        staged = {project.output(job.lang, job.slug, s.fmt).relative_to(project.build_dir).as_posix():
                  {"size": s.size, "title": s.title, "pages": s.pages, "lineage": partial.lineage}
                  for s in partial.staged}
        note = (job.slug, partial.note) if partial.note is not None else None
        model = published.guess(project, manifest, {p.stem for p in project.notes()}, staged, note)
        site.prerender(project, published.infos(model), ahead)
        # The feed's and sitemap's escaping imports urllib.request (30 ms): now, not after the PDF.
        from xml.sax import saxutils  # noqa: F401

    return guess


def withheld(project: Project, result: EditionResult) -> Problem:
    job = result.job
    where = project.po(job.lang, job.slug) if job.lang != SOURCE_LANG else project.source / SOURCE_LANG / f"{job.slug}.md"
    count = len(result.warnings)
    return Problem(display_path(where), 0, f"{job.lang} edition of {job.slug} not published: {count} "
                   f"warning{'s' * (count != 1)} and --strict is set (the previous outputs are kept)")


_TEMPLATES_SEEN: dict[str, list[tuple[str, int, int]]] = {}


def clear_caches(templates: Path | None = None) -> None:
    """Forget what this process cached of templates/ (the preview server builds many times),
    unless no file there changed since (size and date of each): a save of a catalog then
    keeps the compiled templates (0.25 s)."""
    if templates is not None:
        try:
            seen = sorted((str(p), p.stat().st_size, p.stat().st_mtime_ns)
                          for p in templates.rglob("*") if p.is_file())
        except OSError:
            seen = []
        if seen and _TEMPLATES_SEEN.get(str(templates)) == seen:
            return
        _TEMPLATES_SEEN[str(templates)] = seen
    from frspub.translation import labels

    labels.translations.cache_clear()
    templating = sys.modules.get("frspub.render.templating")
    if templating is not None:
        templating.environment.cache_clear()


def write_site(project: Project, manifest: cache.Manifest, keys: cache.Keys, outputs: cache.Hasher,
               slugs: set[str], force: bool, report: Report, ahead: dict[str, str] | None = None) -> None:
    """build/index*.html, rewritten only when what they list (or their templates) changed."""
    model = published.model(project, manifest, slugs, outputs, report.problems)
    key = keys.site(model)
    pages = [project.build_dir / name for name in manifest.pages]
    if not force and manifest.site == key and pages and all(p.is_file() for p in pages):
        return
    from frspub.web import site

    try:
        written = site.write_pages(project, published.infos(model), ahead)
    except FrspubError as exc:
        report.problems += exc.problems
        return
    report.outputs += written
    manifest.site = key
    manifest.pages = [p.relative_to(project.build_dir).as_posix() for p in written]


"""Warming a long-lived process up for the editions it will build: the preview server's.

Takes a `Project`, the formats and the languages; builds the first note's editions of those
formats into a temporary folder and throws them away: no output, manifest or layout record
in build/ changes (the layout record is only read, as a save's build reads it; the build
cache may gain pandoc's answers and font subsets, as from any build).  What a process keeps
from one build to the next is then ready before the first save instead of being paid by it
(measured on the real note, in CPU seconds: the HTML edition 0.69 cold, 0.17 warm; the PDF
5.5 cold, 4.8 warm): imports, compiled templates, checked labels, pandoc's answers, each
font's coverage, WeasyPrint's C bindings.  `ENV` names the project for the fork server
(`preload`), which is started before any save.  Problems are not reported here: the save's
own build reports them.
"""
from __future__ import annotations

import _thread
import os
import tempfile
import threading
from pathlib import Path

from frspub.build import cache, layoutcache, worker
from frspub.locale import SOURCE_LANG
from frspub.project import Project

ENV = "FRSPUB_WARM_PROJECT"
PARENT = "FRSPUB_WARM_PARENT"  # the server's process id: the fork server may outlive it


def name_project(root: Path) -> None:
    """Let the fork server that this process starts next warm up for `root`."""
    os.environ[ENV] = str(root)
    os.environ[PARENT] = str(os.getpid())


def editions(project: Project, formats: tuple[str, ...], langs: list[str] | None = None) -> int:
    """Build the first note's editions in `formats` for `langs` (default: every language) and
    discard them; returns how many were built (0: no note, or a project that cannot be read)."""
    notes = sorted(project.notes())
    if not notes:
        return 0
    built = 0
    basis = _basis(project) if "pdf" in formats else None
    with tempfile.TemporaryDirectory(prefix="frspub-warm-") as tmp:
        for lang in langs or project.languages():
            stages = tuple(str(Path(tmp) / f"{lang}.{fmt}") for fmt in formats)
            layout = str(layoutcache.path(project.build_dir, lang, notes[0].stem)) if basis else ""
            job = worker.EditionJob(str(project.root), notes[0].stem, lang, formats, stages,
                                    tuple(project.labelled_languages()), layout,
                                    basis.layout_basis(lang) if basis else "")
            result = worker.run(job)
            built += not result.problems
    return built


def _basis(project: Project) -> cache.Keys:
    return cache.Keys(project, cache.Hasher(cache.Manifest.load(project.build_dir).memo))


def translation_first(project: Project) -> list[str]:
    """The languages in the order a preview most likely needs them: translations first (a
    save is most often a translator's), the source language last."""
    langs = project.languages()
    return [lang for lang in langs if lang != SOURCE_LANG] + [lang for lang in langs if lang == SOURCE_LANG]


def from_environment() -> None:
    """In the fork server: warm up for the project `ENV` names, in the first translation, if
    set.  Given up when the server that started it is gone, or on Ctrl-C (the terminal
    sends it to the fork server too): the temporary files are removed, nothing is printed."""
    root, parent = os.environ.get(ENV), os.environ.get(PARENT, "")
    if not root or not parent.isdigit() or os.getppid() != int(parent):
        return
    done = threading.Event()

    def orphaned() -> None:
        while not done.wait(0.2):
            if os.getppid() != int(parent):
                _thread.interrupt_main()  # KeyboardInterrupt in the warm-up, caught below
                return

    watchdog = threading.Thread(target=orphaned, daemon=True)
    watchdog.start()
    try:
        try:
            project = Project(Path(root))
            # The HTML edition, not the PDF: its print HTML and glyph check warm the templates,
            # catalogs and fonts' coverage in 0.7 s of CPU; a whole PDF (5 s) delayed the
            # first save's PDF, which waits for the fork server, on a loaded machine.
            editions(project, ("html",), translation_first(project)[:1])
            from frspub.render import weasysheet

            weasysheet.sheet(project.templates)  # every PDF forked from here finds print.css parsed
        finally:
            done.set()
            watchdog.join()  # the fork server forks its editions with no other thread
    except KeyboardInterrupt:  # also one the watchdog raised just as the warm-up ended
        pass

"""The PDF's process forked at the start of `frspub build`, before frspub's own imports.

A build of one edition with a core to spare makes its PDF in a process of its own
(`build.pdfside`), which spends 0.5-0.7 s importing WeasyPrint and frspub's PDF writer before
it can lay out.  Forked when the edition's process has read its note, that process was the
build's bottleneck (the print HTML was ready before it was).  `fork` makes it at the very
start of the command instead, while this process imports frspub (0.25 s) and reads the note:
the process waits in `pdfside.child`, registered in `pdfside.SPARE`, and a `pdfside.Side`
adopts it (forked only when a source may have changed since the last build: `worth`).  A
build that turns out to need no such process (nothing stale, several editions, no PDF) ends
it at once with `dismiss` (SIGKILL: it has written nothing), and the command dismisses it on
every way out (an error, Ctrl-C, `--strict`).  It dies with this
process (`note.pandoc.die_with_parent`), holds no build lock and starts no thread.  Only a
process without threads forks (the preview server never comes here).
"""
from __future__ import annotations

import os
from pathlib import Path

from frspub.build import pdfside
from frspub.build.cache import MANIFEST
from frspub.project import Project


def worth(project: Project, formats: tuple[str, ...], workers: int | None, force: bool) -> bool:
    """A build could hand its PDF to a spare: it makes PDFs among other formats, on two cores or
    more, and something may be stale.  A guess that only decides whether to fork (the build cache
    alone judges staleness, and a `Side` forks its own process when no spare waits): no file of
    source/ or templates/ is newer than the manifest, and the build is most likely a no-op,
    which would pay a spare's imports (0.15 s of CPU) for nothing."""
    if "pdf" not in formats or len(formats) < 2:
        return False
    if workers is None:
        try:
            workers = len(os.sched_getaffinity(0))  # `jobs.default_workers`, without importing it
        except AttributeError:  # pragma: no cover - not Linux
            workers = os.cpu_count() or 1
    return workers > 1 and (force or edited_since_built(project))


def edited_since_built(project: Project) -> bool:
    """A file of source/ or templates/ changed after the last build saved its manifest."""
    try:
        built = (project.build_dir / MANIFEST).stat().st_mtime_ns
    except OSError:
        return True  # never built (or build/ unreadable: the build says why)
    try:
        return any(path.stat().st_mtime_ns > built
                   for folder in (project.source, project.templates) for path in folder.rglob("*"))
    except OSError:  # a file gone or unreadable meanwhile: the build reports it, if it matters
        return True


def fork(templates: Path | None = None) -> None:
    """Fork the waiting PDF process (once; never in a process with threads); `templates`: the
    project's, whose print.css that process parses while it waits (`render.weasysheet`)."""
    if pdfside.SPARE or not pdfside.allowed():
        return
    here, there = pdfside.Channel.pair()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the caller's code
        here.close()
        pdfside.child(there, parent, lambda: _imports(templates))
    there.close()
    pdfside.SPARE.append((pid, here))


def dismiss() -> None:
    """End the spare if no `Side` adopted it (no wait: it has written nothing)."""
    while pdfside.SPARE:
        pdfside.end(*pdfside.SPARE.pop())


def _imports(templates: Path | None = None) -> None:
    """What the PDF's process needs besides WeasyPrint and the PDF's writer: the
    edition's classes (unpickled there: `translation.edition`, not `translate`, which imports
    the note's reader and the catalogs) and `worker.pdf_beside`'s own (the last layout's
    decisions).  Nothing that makes HTML: the edition's process made the print page."""
    from frspub.build import layoutcache, worker  # noqa: F401
    from frspub.render import decisions  # noqa: F401
    from frspub.translation import edition  # noqa: F401

    if templates is not None:  # what of the PDF does not depend on the edition (render.weasysheet)
        from frspub.render import weasysheet

        weasysheet.prepare(templates)

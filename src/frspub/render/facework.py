"""A Japanese PDF's font files made on both cores (issue 22: JA/FR PDF time).

Before its first layout, `render.pdf.write` makes every face file its ``@font-face`` rules
name: the CJK faces cut down to the edition's characters (`fonts.subset`: HarfBuzz, then
fontTools for the variation sequences) and their twins, widened for span.aki and for the
justify steps, narrowed for span.halt (`aki.advanced`: fontTools).  For the sample's Japanese
note that is 40-odd files and 0.3 s of one core, while the other idles.

Each file is named by what it holds and written atomically (`fontcache`), and each maker
first looks for its file made (`fontcache.reuse`).  So `start` forks a child that makes the
same files as the usual pass (`files`), from the last, while this process's pass makes them
from the first and finds made those the child made before it got there: the two meet where
their speeds put them, with no share to tune and no waiting.  The CSS and every file are
those the pass makes alone, byte for byte (tests/render/test_facework.py; the sample and the
real-world corpus compared with the code before it).  At the end of its pass this process
tells the child to stop (`Helper.stop`: it ends after the file it is making, which this pass
has found or made already) and reaps it after the layout (`Helper.reap`).

The child makes files only: it returns nothing, logs nothing (a failure ends it, and the
pass, which makes whatever is missing, reports it as before), dies with this process
(PR_SET_PDEATHSIG) and ends with ``os._exit``.  No fork where another thread runs (it could
hold a lock the child needs; Pango's short font threads are waited for, as by
`render.weasypaint`), where nothing is missing (a warm cache), or off Linux.
"""
from __future__ import annotations

import functools
import gc
import os
import select
import signal
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from frspub.errors import RenderError
from frspub.render import aki, fonts, jafill, weasyload, yakumono

if TYPE_CHECKING:
    from frspub.render.printed import Printed


# A thread that only imported WeasyPrint ends at once (`weasyload.join_loaders`): waited for that
# long (None: as long as it takes, for tests).
LOADER_PATIENCE: float | None = 0.05  # s


class Job:
    """One file of the pass: where it goes, and how it is made (a call that makes it, or finds it)."""

    def __init__(self, path: Callable[[], Path | None], make: Callable[[], Any]) -> None:
        self.path, self.make = path, make


def files(page: Printed, lang: str, workdir: Path) -> list[Job]:
    """The files `pdf.write`'s pass makes, in its order: the CJK cuts (`fonts.font_face_css`),
    the aki twins, the justify steps' (`jafill.step_faces`) and the half-width ones."""
    needed = functools.cache(lambda: fonts.cjk_chars(page.chars, lang))
    serif_cjk, sans_cjk = fonts.cjk_faces(lang)
    cuts = list({(f.file, f.index): f for f in serif_cjk + sans_cjk}.values())  # an italic twin is its upright's file
    jobs = [Job(functools.partial(_cut_path, face, needed, workdir), functools.partial(_cut, face, needed, workdir))
            for face in cuts]
    twins = aki.twins(set(page.aki)) + [t for step in jafill.step_twins(set(page.aki)) for t in step] \
        + yakumono.twins(set(page.halt))
    seen: set[Path] = set()
    for twin in twins:
        if (path := twin.path(workdir)) not in seen:  # (an italic twin again: found made)
            seen.add(path)
            jobs.append(Job(functools.partial(twin.path, workdir), functools.partial(twin.make, workdir)))
    return jobs


def _cut_path(face: fonts.Face, needed: Callable[[], set[str]], workdir: Path) -> Path | None:
    chars = needed()  # (none in a French edition: no cut, nothing to fork for)
    return fonts.cut_path(face, chars, workdir) if chars else None


def _cut(face: fonts.Face, needed: Callable[[], set[str]], workdir: Path) -> Path | None:
    chars = needed()
    return fonts.subset(face, chars, workdir) if chars else None


class Helper:
    """The forked child, seen from this process."""

    def __init__(self, pid: int, stop_fd: int) -> None:
        self.pid, self.stop_fd = pid, stop_fd

    def stop(self) -> None:
        """Tell the child to make no further file (it ends after the one it is making)."""
        if self.stop_fd >= 0:
            os.close(self.stop_fd)  # the child sees its end of the pipe readable (end of file)
            self.stop_fd = -1

    def reap(self) -> None:
        """Wait for the child's end (told to stop first, if not yet)."""
        self.stop()
        if self.pid:
            try:
                os.waitpid(self.pid, 0)
            except ChildProcessError:
                pass
            self.pid = 0


def start(jobs: list[Job]) -> Helper | None:
    """Fork the child that makes `jobs` from the last; None (this process makes every file, as
    without it) when no file is missing or a fork is not safe here."""
    if not any(_missing(job) for job in reversed(jobs)) or not forkable():  # (the child's first first)
        return None
    read, write = os.pipe()
    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError:  # (no process to be had: this process makes every file)
        os.close(read), os.close(write)
        return None
    if pid == 0:
        os.close(write)
        _child(jobs, read, parent)
    os.close(read)
    return Helper(pid, write)


def _missing(job: Job) -> bool:
    try:
        path = job.path()
        return path is not None and not path.exists()
    except (OSError, RenderError):  # (a font not installed: the pass says so)
        return False


def forkable() -> bool:
    """Linux (the child's death with this process), and no thread but this one and Pango's."""
    from frspub.note.pandoc import PRCTL
    from frspub.render.weasypaint import _single_threaded, cpu_to_spare

    if not hasattr(os, "fork") or PRCTL is None or not cpu_to_spare():  # (busy: it takes a CPU)
        return False
    others = [t for t in threading.enumerate() if t is not threading.current_thread()]
    if not all(weasyload.is_loader(t) for t in others):  # (the preview server's: refused at once, no wait)
        return False
    weasyload.join_loaders(LOADER_PATIENCE)  # (a PDF-only build's import thread, just ending)
    return _single_threaded()


def _child(jobs: list[Job], stop: int, parent: int) -> None:
    """Make `jobs` from the last until told to stop, then end (never returns)."""
    try:
        from frspub.note.pandoc import die_with_parent

        die_with_parent()
        if os.getppid() != parent:  # the parent died before the line above
            os._exit(0)
        for sig in (signal.SIGINT, signal.SIGTERM):  # no handler of the parent's runs here
            signal.signal(sig, signal.SIG_DFL)
        gc.disable()  # a few files, then the end: a collection would only walk the parent's heap
        for job in reversed(jobs):
            if select.select([stop], [], [], 0)[0]:
                break
            job.make()
    except BaseException:  # noqa: BLE001, S110 - the pass makes what is missing and reports it
        pass
    finally:
        os._exit(0)

"""Edition jobs that can be cancelled: the preview server's builds.

Takes the jobs of a plan, a number of workers, the result callback and a
`threading.Event`.  Each job is split (`split`): its HTML is made in this process (a
fraction of a second, the page open in the browser) while its PDF and EPUB are made in a
process of their own, started at once, forked from a server process that has already
imported and warmed up WeasyPrint (`preload`, `warm`): it waits for the edition the HTML
job reads and translates, then lays it out while the HTML is written (`handover`).  The
callback gets every HTML first, then the other parts, each list in plan order.  When the
event is set (the server stops,
or a newer save makes the build stale), the processes under way are terminated
(each removes its temporary files on SIGTERM), their staging files are discarded
and `Cancelled` is raised: within `POLL` seconds (or the end of the HTML under way),
whatever WeasyPrint was doing, instead of after the whole PDF.
"""
from __future__ import annotations

import dataclasses
import gc
import os
import signal
import sys
import threading
from pathlib import Path
from typing import Any, Callable

from frspub.build import handover, warm, worker
from frspub.build.capture import in_thread
from frspub.build.worker import EditionJob, EditionResult
from frspub.errors import Problem

POLL = 0.1  # seconds between two looks at the event while editions are under way
PRELOAD = ["frspub.build.preload"]
# Seconds an ended edition gets to remove its temporary files.  A process whose SIGTERM exit
# hung (the EPUB's thread and the main one waiting on each other's lock: a test hung on it)
# is then killed; the next build removes what it left in build/ (`publish.clean_stale`).
GRACE = 0.5
# How much lower a PDF and EPUB process that reads its edition itself runs than the server
# (CFS weights: nice 5 is a third of nice 0), so that HTML made meanwhile keeps its core.
NICE = 5


class Cancelled(Exception):
    """The build was cancelled; what it had published stays published."""


def context() -> Any:
    """The fork server's context (started on first use, with WeasyPrint warm in it)."""
    import multiprocessing

    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    return ctx


def start(project_root: Path | None = None) -> None:
    """Start the fork server and wait until it has warmed up (the preview server does this at
    once, so that its first save neither waits for it nor is cancelled late); with
    `project_root`, warmed up by making that project's first PDF once (`warm`)."""
    if project_root is not None:
        warm.name_project(project_root)  # read by the fork server as it starts
    process = context().Process(target=_nothing, daemon=True)
    process.start()
    process.join()


def _nothing() -> None:
    pass


def split(jobs: list[EditionJob]) -> tuple[list[EditionJob], list[EditionJob]]:
    """(the HTML part of each job, the other formats of each job), each in plan order."""
    here, there = [], []
    for job in jobs:
        for part, fmts in ((here, [f for f in job.formats if f == "html"]),
                           (there, [f for f in job.formats if f != "html"])):
            if fmts:
                stages = tuple(job.stages[job.formats.index(f)] for f in fmts)
                part.append(dataclasses.replace(job, formats=tuple(fmts), stages=stages,
                                                layout=job.layout if "pdf" in fmts else "",
                                                basis=job.basis if "pdf" in fmts else ""))
    return here, there


def run(jobs: list[EditionJob], workers: int, finish: Callable[[EditionResult], None],
        cancel: threading.Event) -> None:
    here, there = split(jobs)
    running: dict[Any, tuple[int, Any]] = {}
    if cancel.is_set():  # stale before it began: no process started
        raise Cancelled()
    twins = {(job.slug, job.lang): index for index, job in enumerate(there)}
    # The editions whose HTML is still to be made here: their PDF process waits for it.
    waiting = {twins[job.slug, job.lang] for job in here if (job.slug, job.lang) in twins}
    todo = list(enumerate(there))
    todo.reverse()
    try:
        # The PDF and EPUB processes start at once and wait while this process reads, translates
        # and checks the edition for its HTML, then take that edition (`handover`) and lay it
        # out while the HTML is written: the HTML keeps its core (a PDF process reading the note
        # beside it doubled the HTML's time on a loaded machine, 0.75-0.87 s -> 1.6-1.9 s, the
        # 30-note catalogue, load 6) and the PDF starts without reading the note again.
        # (Started from a thread: the fork server's fork, 0.02-0.03 s, is not the HTML's.)
        launching = in_thread(_launch, _prepare(todo, running, workers), waiting)
        try:
            _html(here, twins, dict(running), finish, cancel)
        finally:
            launching.result()
        _wait(todo, running, workers, there, finish, cancel)
    except BaseException:
        _stop(running, there)
        raise


def _html(here: list[EditionJob], twins: dict[tuple[str, str], int], running: dict[Any, tuple[int, Any]],
          finish: Callable[[EditionResult], None], cancel: threading.Event) -> None:
    """Each HTML, its edition handed to the process waiting for it, if one is."""
    for job in here:
        if cancel.is_set():
            raise Cancelled()
        index = twins.get((job.slug, job.lang))
        conn = next((c for c, (i, _) in running.items() if i == index), None)
        hand = handover.Hand(conn) if conn is not None else None
        try:
            result = worker.run(job, hand=hand)
        finally:
            if hand is not None:
                hand.close()  # not handed over (a problem): that process builds the edition itself
        finish(result)


def _start(todo: list[tuple[int, EditionJob]], running: dict[Any, tuple[int, Any]], workers: int,
           waiting: set[int] | frozenset[int] = frozenset()) -> None:
    _launch(_prepare(todo, running, workers), waiting)


def _prepare(todo: list[tuple[int, EditionJob]], running: dict[Any, tuple[int, Any]],
             workers: int) -> list[tuple[int, Any, Any, Any]]:
    """The processes for the next jobs, with their pipes, registered in `running`, not started."""
    ctx = context()
    made = []
    while todo and len(running) < max(1, workers):
        index, job = todo.pop()
        here, there = ctx.Pipe()
        process = ctx.Process(target=_child, args=(job, there), daemon=True)
        running[here] = (index, process)
        made.append((index, here, there, process))
    return made


def _launch(made: list[tuple[int, Any, Any, Any]], waiting: set[int] | frozenset[int]) -> None:
    """Start them; one whose HTML is `waiting` waits for its edition, the others are told at
    once to build theirs."""
    for index, here, there, process in made:
        process.start()
        there.close()
        if index not in waiting:
            handover.Hand(here).close()


def _wait(todo: list[tuple[int, EditionJob]], running: dict[Any, tuple[int, Any]], workers: int,
          jobs: list[EditionJob], finish: Callable[[EditionResult], None], cancel: threading.Event) -> None:
    from multiprocessing.connection import wait

    ready: dict[int, EditionResult] = {}
    next_index = 0
    while todo or running:
        if cancel.is_set():
            raise Cancelled()
        _start(todo, running, workers)
        for conn in wait(list(running), timeout=POLL):
            index, process = running.pop(conn)
            ready[index] = _receive(conn, jobs[index])
            process.join()
        while next_index in ready:
            finish(ready.pop(next_index))
            next_index += 1


def _receive(conn: Any, job: EditionJob) -> EditionResult:
    try:
        return conn.recv()
    except (EOFError, OSError):  # the process died without a word (killed, out of memory)
        result = EditionResult(job)
        result.problems.append(Problem(f"source/{job.lang}", 0, f"the process building the {job.lang} edition "
                                       f"of {job.slug} ended without a result"))
        return result
    finally:
        conn.close()


def _stop(running: dict[Any, tuple[int, Any]], jobs: list[EditionJob]) -> None:
    for _, process in running.values():
        if process.pid is not None:  # (not if starting it failed)
            process.terminate()
    for conn, (index, process) in running.items():
        if process.pid is None:
            conn.close()
            continue
        process.join(GRACE)
        if process.exitcode is None:  # its exit deadlocked between its threads (seen once): end it
            process.kill()
            process.join()
        conn.close()
        worker.discard(jobs[index])


def _child(job: EditionJob, conn: Any) -> None:
    # SIGTERM becomes SystemExit: `finally` blocks remove the staging and font folders.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    # One edition, then the process ends: a collection would walk the fork server's warm heap
    # and the edition's live objects (0.1 s before the first layout), freeing nothing needed.
    gc.disable()
    handed = handover.receive(conn)
    if handed is not None:
        result = handover.make(job, handed)
    else:
        os.nice(NICE)  # reading the note beside an HTML made in the server: the HTML first
        result = worker.run(job)
    conn.send(result)
    conn.close()

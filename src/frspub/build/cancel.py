"""Edition jobs that can be cancelled: the preview server's builds.

Takes the jobs of a plan, a number of workers, the result callback and a
`threading.Event`; runs each job in a process of its own, forked from a server
process that has already imported and warmed up WeasyPrint (`preload`), and calls
the callback in plan order, as `jobs.run` does.  When the event is set (the
server stops, or a newer save makes the build stale), the processes under way
are terminated (each removes its temporary files on SIGTERM), their staging
files are discarded and `Cancelled` is raised: within `POLL` seconds, whatever
WeasyPrint was doing, instead of after the whole PDF.
"""
from __future__ import annotations

import signal
import sys
import threading
from typing import Any, Callable

from frspub.build import worker
from frspub.build.worker import EditionJob, EditionResult
from frspub.errors import Problem

POLL = 0.1  # seconds between two looks at the event while editions are under way
PRELOAD = ["frspub.build.preload"]


class Cancelled(Exception):
    """The build was cancelled; what it had published stays published."""


def context() -> Any:
    """The fork server's context (started on first use, with WeasyPrint warm in it)."""
    import multiprocessing

    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    return ctx


def start() -> None:
    """Start the fork server and wait until it has warmed up (the preview server does this at
    once, so that its first save neither waits for it nor is cancelled late)."""
    process = context().Process(target=_nothing, daemon=True)
    process.start()
    process.join()


def _nothing() -> None:
    pass


def run(jobs: list[EditionJob], workers: int, finish: Callable[[EditionResult], None],
        cancel: threading.Event) -> None:
    from multiprocessing.connection import wait

    ctx = context()
    todo = list(enumerate(jobs))
    todo.reverse()
    running: dict[Any, tuple[int, Any]] = {}
    ready: dict[int, EditionResult] = {}
    next_index = 0
    try:
        while todo or running:
            if cancel.is_set():
                raise Cancelled()
            while todo and len(running) < max(1, workers):
                index, job = todo.pop()
                here, there = ctx.Pipe(duplex=False)
                process = ctx.Process(target=_child, args=(job, there), daemon=True)
                process.start()
                there.close()
                running[here] = (index, process)
            for conn in wait(list(running), timeout=POLL):
                index, process = running.pop(conn)
                ready[index] = _receive(conn, jobs[index])
                process.join()
            while next_index in ready:
                finish(ready.pop(next_index))
                next_index += 1
    except BaseException:
        _stop(running, jobs)
        raise


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
        process.terminate()
    for conn, (index, process) in running.items():
        process.join()
        conn.close()
        worker.discard(jobs[index])


def _child(job: EditionJob, conn: Any) -> None:
    # SIGTERM becomes SystemExit: `finally` blocks remove the staging and font folders.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    conn.send(worker.run(job))
    conn.close()

"""Running edition jobs, one per worker process, and showing their progress.

Takes the `EditionJob`s of a build plan, a number of workers and a callback;
runs `worker.run` for each (in this process when there is one worker or one
job, else in a `ProcessPoolExecutor`: workers get plain data and return plain
data, they share nothing) and calls the callback with each `EditionResult` in
the order of the plan, whatever order they finish in, so that logs and
publication are deterministic.  On a terminal a `rich` progress display shows
editions done / to do, the ones under way and the elapsed time; elsewhere
(CI, a pipe) one plain line per edition, no control characters.
"""
from __future__ import annotations

import logging
import os
import sys
import threading
from typing import TYPE_CHECKING, Any, Callable

from frspub.build import worker
from frspub.build.worker import EditionJob, EditionResult
from frspub.log import log

if TYPE_CHECKING:
    from concurrent.futures import Future


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


class Plain:
    """One line per edition built (its own lines come before it)."""

    def __init__(self, total: int) -> None:
        self.total, self.done = total, 0

    def __enter__(self) -> "Plain":
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def running(self, jobs: list[EditionJob]) -> None:
        pass

    def finished(self, result: EditionResult) -> None:
        self.done += 1
        job = result.job
        if self.total > 1 and not result.problems:  # a failure says so in its own error lines
            log.info("[%d/%d] %s %s (%.1f s)", self.done, self.total, job.lang, job.slug, result.seconds)


class Live(Plain):
    """A rich progress bar on the terminal; log lines scroll above it."""

    def __init__(self, total: int, console: Any = None) -> None:
        super().__init__(total)
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self.progress = Progress(TextColumn("editions"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                                 TextColumn("{task.description}"), console=console or Console(file=sys.stderr),
                                 transient=True)
        self.task = self.progress.add_task("", total=total)
        self.streams: list[tuple[logging.StreamHandler, object]] = []

    def __enter__(self) -> "Live":
        before = sys.stderr
        self.progress.start()
        # The frspub handler holds the stream it was given: point it at a writer that prints
        # each line above the bar, whole (rich would wrap `path:line: warning: …` at the
        # terminal's width; a diagnostic is one line, for the eye and for a terminal's links).
        for handler in log.handlers:
            if isinstance(handler, logging.StreamHandler) and handler.stream is before:
                handler.setStream(Lines(self.progress.console))
                self.streams.append((handler, before))
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()
        for handler, stream in self.streams:
            handler.setStream(stream)

    def running(self, jobs: list[EditionJob]) -> None:
        self.progress.update(self.task, description=", ".join(f"{j.lang}/{j.slug}" for j in jobs))

    def finished(self, result: EditionResult) -> None:
        self.done += 1
        self.progress.update(self.task, completed=self.done)


class Lines:
    """A text stream that prints each complete line through a rich console, unwrapped."""

    def __init__(self, console: Any) -> None:
        self.console, self.pending = console, ""

    def write(self, text: str) -> int:
        self.pending += text
        *lines, self.pending = self.pending.split("\n")
        for line in lines:
            self.console.print(line, soft_wrap=True, markup=False, highlight=False, emoji=False)
        return len(text)

    def flush(self) -> None:
        pass


def display(total: int) -> Plain:
    quiet = log.getEffectiveLevel() > logging.INFO or not any(
        h.level <= logging.INFO for h in log.handlers if isinstance(h, logging.StreamHandler))
    if not quiet and total > 1 and sys.stderr.isatty():
        return Live(total)
    return Plain(total)


def run(jobs: list[EditionJob], workers: int, on_result: Callable[[EditionResult], None],
        cancel: threading.Event | None = None, meanwhile: Callable[[EditionResult], None] | None = None) -> float:
    """Run `jobs` on `workers` processes, calling `on_result` in plan order; returns the peak
    memory (MB) of a worker.  With `cancel`, every job runs in a process of its own that
    setting the event stops (`build.cancel`: the preview server's builds).  `meanwhile`: see
    `worker.run` (a lone edition with a core to spare)."""
    peak = 0.0
    # fork is cheapest and shares the imports made so far; a process with threads (the
    # preview server) forks from a clean server process instead.  Decided before the
    # progress display starts its own thread.
    method = "fork" if threading.active_count() == 1 else "forkserver"
    said: set[str] = set()  # a warning about the note itself comes from each of its editions
    total = len(jobs)
    if cancel is not None:  # the preview's runner reports each edition's HTML and the rest apart
        from frspub.build import cancel as cancellable

        total = sum(len(part) for part in cancellable.split(jobs))
    with display(total) as shown:
        def finish(result: EditionResult) -> None:
            nonlocal peak
            peak = max(peak, result.peak_mb)
            emit(result, said)
            on_result(result)
            shown.finished(result)

        if cancel is not None:
            cancellable.run(jobs, workers, finish, cancel)
        elif workers <= 1 or len(jobs) <= 1:
            for job in jobs:
                shown.running([job])
                finish(worker.run(job, workers > len(jobs), meanwhile))  # a free core makes the PDF beside
        else:
            _pool(jobs, workers, method, shown, finish)
    return peak


def _pool(jobs: list[EditionJob], workers: int, method: str, shown: Plain,
          finish: Callable[[EditionResult], None]) -> None:
    import multiprocessing  # imported here: a build with one job never needs them
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    todo = list(enumerate(jobs))
    todo.reverse()
    pending: dict[Future[EditionResult], int] = {}
    ready: dict[int, EditionResult] = {}
    next_index = 0
    parent = os.getpid() if method == "fork" else None  # a forkserver's workers are its children
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=multiprocessing.get_context(method),
                             initializer=worker.init_process, initargs=(parent,)) as pool:
        try:
            while todo or pending:
                while todo and len(pending) < workers:  # only as many in flight as workers: "current" is true
                    index, job = todo.pop()
                    pending[pool.submit(worker.run, job)] = index
                shown.running([jobs[i] for i in sorted(pending.values())])
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    ready[pending.pop(future)] = future.result()
                while next_index in ready:
                    finish(ready.pop(next_index))
                    next_index += 1
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            for job in jobs:
                worker.discard(job)
            raise


def emit(result: EditionResult, said: set[str] | None = None) -> None:
    """The edition's log lines, together, through the frspub logger (so --strict counts them);
    a warning already printed in this build (the same line from another language's job) is
    printed once."""
    for level, message in result.logs:
        if level >= logging.WARNING and said is not None:
            if message in said:
                continue
            said.add(message)
        log.log(level, "%s", message)

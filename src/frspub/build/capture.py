"""An edition's log lines, kept apart from the rest of the process's.

Takes nothing: `capture` routes the frspub log records of the current thread (and of the
threads `in_thread` starts for the same job) into a list, each distinct line once, while
the records of other threads (the preview server's) go to the usual handlers.  Used by
`worker` for an edition's own process and by `handover` for the preview's PDF process.
"""
from __future__ import annotations

import contextlib
import logging
import threading
from typing import Any, Iterator

from frspub.log import log


class Capture(logging.Handler):
    """Keeps the frspub log records of the job's threads, each distinct line once (the PDF, HTML
    and EPUB of an edition read the same inputs and would repeat the same warning); others (the
    preview server's) go to the usual handlers."""

    def __init__(self, others: list[logging.Handler]) -> None:
        super().__init__(level=logging.INFO)
        self.threads = {threading.get_ident()}
        self.others = others
        self.records: list[tuple[int, str]] = []

    def handle(self, record: logging.LogRecord) -> bool:
        if record.thread in self.threads:
            line = (record.levelno, record.getMessage())
            if record.levelno >= logging.INFO and line not in self.records:
                self.records.append(line)
        else:
            for handler in self.others:
                if record.levelno >= handler.level:
                    handler.handle(record)
        return True


@contextlib.contextmanager
def capture() -> Iterator[list[tuple[int, str]]]:
    saved, level = list(log.handlers), log.level
    handler = Capture(saved)
    log.handlers[:] = [handler]
    log.setLevel(logging.DEBUG)  # a fresh worker process (forkserver) has no level set
    try:
        yield handler.records
    finally:
        log.handlers[:] = saved
        log.setLevel(level)


def current() -> list[tuple[int, str]] | None:
    """The records the job under way in this process keeps (None outside `capture`)."""
    return next((h.records for h in log.handlers if isinstance(h, Capture)), None)


class in_thread(threading.Thread):
    """Call `fn(*args)` in a thread; `result()` joins it and re-raises what it raised."""

    def __init__(self, fn: Any, *args: Any) -> None:
        super().__init__(daemon=True)
        self.fn, self.args, self.error = fn, args, None
        self.start()

    def run(self) -> None:
        for handler in log.handlers:  # this thread's lines belong to the job
            if isinstance(handler, Capture):
                handler.threads.add(threading.get_ident())
        try:
            self.fn(*self.args)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller by result()
            self.error = exc

    def result(self) -> None:
        self.join()
        if self.error is not None:
            raise self.error

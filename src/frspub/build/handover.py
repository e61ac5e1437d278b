"""The preview's PDF and EPUB made from the edition its HTML job has just made.

Takes the connection to a process of `cancel` waiting to make an edition's PDF and EPUB.
In the preview server, `Hand` is given to `worker.run` for the edition's HTML: once the
edition is read, translated and its glyphs checked, it sends the edition, its print page
and the result so far (what the site lists of the note, the files found, the lineage, the
log lines of reading and translating), pickled; or, when the HTML job ended before that
(a problem, an edition that cannot be pickled), an empty message.  In the waiting
process, `receive` takes that message and `make` writes the PDF and EPUB from the edition:
the result is the one `worker.run` gives for the same job (the same files, log lines and
layout decisions; `tests/build/test_handover.py` compares the bytes), without reading
and translating the note a second time, and without competing with the HTML for a core
while it is made.  An empty message: the process builds the edition itself.
"""
from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

from frspub.build import worker
from frspub.build.capture import current
from frspub.build.worker import EditionJob, EditionResult


class Hand:
    """In the server: what the HTML job hands over to its edition's PDF process (once)."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self.done = False

    def __call__(self, ed: Any, page: Any, result: EditionResult) -> None:
        records = list(current() or [])
        partial = EditionResult(result.job, logs=records, note=result.note, inputs=list(result.inputs),
                                lineage=result.lineage)
        try:
            data = pickle.dumps((ed, page, partial), protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            return  # `close` tells the process to build the edition itself
        self._send(data)

    def close(self) -> None:
        """Tell the process to build the edition itself, unless it has received it."""
        if not self.done:
            self._send(b"")

    def _send(self, data: bytes) -> None:
        self.done = True
        try:
            self.conn.send_bytes(data)
        except OSError:  # the process is gone: its result says so (`cancel._receive`)
            pass


def receive(conn: Any) -> tuple[Any, Any, EditionResult] | None:
    """In the PDF process: the handed edition, or None (build it yourself)."""
    data = conn.recv_bytes()
    return pickle.loads(data) if data else None


def make(job: EditionJob, handed: tuple[Any, Any, EditionResult]) -> EditionResult:
    """The job's formats (PDF, EPUB) from the handed edition, as `worker.run` makes them."""
    ed, page, partial = handed

    def render(result: EditionResult) -> None:
        from frspub.note import pandocmemo
        from frspub.project import Project
        from frspub.render import fontcache

        project = Project(Path(job.root))
        pandocmemo.keep_in(project.build_dir / pandocmemo.FOLDER)
        if "pdf" in job.formats:  # as in the edition's own process
            fontcache.keep_in(project.build_dir / fontcache.FOLDER)
        worker.render_formats(project, job, result, ed, None, page)

    # The reading's lines first, as in the edition's own process.
    return worker.enclosed(job, render, partial.logs, EditionResult(job, note=partial.note, inputs=partial.inputs,
                                                                    lineage=partial.lineage))

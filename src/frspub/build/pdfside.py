"""An edition's PDF made in a process of its own, beside the rest of the edition.

When a build has fewer editions than workers (one msgstr changed: one edition, and two
cores), `worker.build_edition` forks a `Side` before it reads the note: the forked process
imports and warms up WeasyPrint (0.5-0.8 s) while this one reads and translates; it then
receives the edition and its print HTML (pickled), lays out and writes the PDF into its
staging file (`worker.pdf_beside`), and sends back plain data (the log tail, seconds, layout
decisions, log lines, problems, the staged file).  Meanwhile this process writes the HTML and
the EPUB (which otherwise competed with the layout for one core: the GIL) and renders the
site pages ahead (`build.run.foresee_site`).  The PDF is the same function of the same inputs
as when made in-process (`tests/build/test_pdfside.py` compares the bytes); the build cache
stays the one judge of staleness.  Only a process with no other thread forks (a fork would
copy a held import lock); the preview server's cancellable builds never come here.
"""
from __future__ import annotations

import gc
import os
import pickle
import threading
import traceback
from typing import Any, Callable

Make = Callable[[Any, Any, Any], dict[str, Any]]  # (job, edition, print page) -> the answer, in the child


def allowed() -> bool:
    """A fork is safe: Linux-like, and this process runs no other thread."""
    return hasattr(os, "fork") and threading.active_count() == 1


class Side:
    """The forked PDF process, seen from the edition's process."""

    def __init__(self, job: Any, make: Make) -> None:
        from multiprocessing import Pipe

        self.job = job
        self.here, there = Pipe()
        gc.freeze()  # the child's collections skip the inherited heap (half its GC time) and copy fewer pages
        self.pid = os.fork()
        if self.pid == 0:  # the child: never returns into the caller's code
            self.here.close()
            _child(job, make, there)
        gc.unfreeze()
        there.close()

    def send(self, ed: Any, page: Any) -> bool:
        """Hand over the edition; False (and the child gone) if it cannot be pickled."""
        try:
            data = pickle.dumps((ed, page), protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            self.stop()
            return False
        self.here.send_bytes(data)
        return True

    def result(self) -> dict[str, Any]:
        """What the child made: {said, seconds, decisions, logs, problems} or raises what it raised."""
        try:
            answer = self.here.recv()
        except (EOFError, OSError):
            answer = {"crash": "the PDF process ended without a result"}
        finally:
            self._reap()
        if "crash" in answer:
            raise RuntimeError(answer["crash"])
        return answer

    def stop(self) -> None:
        """Let the child go without a PDF (the parent failed before handing it the edition)."""
        if not self.pid:
            return
        try:
            self.here.send_bytes(b"")
        except OSError:
            pass
        self._reap()

    def _reap(self) -> None:
        self.here.close()
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass
        self.pid = 0


def _child(job: Any, make: Make, conn: Any) -> None:
    """Warm up, wait for the edition, make the PDF, answer, exit (no atexit, no parent's finally)."""
    code = 0
    gc.disable()  # one PDF, then the process ends: a collection would only walk live objects (render/gcpause)
    try:
        from frspub.build import lock
        from frspub.note import pandoc

        pandoc.die_with_parent()  # killed with the build, even by SIGKILL
        lock.release_inherited()
        _warm_up()
        data = conn.recv_bytes()
        if data:
            conn.send(make(job, *pickle.loads(data)))
    except BaseException:  # noqa: BLE001 - handed to the parent, which raises it
        code = 1
        try:
            conn.send({"crash": traceback.format_exc()})
        except BaseException:  # noqa: BLE001 - the parent is gone
            pass
    finally:
        os._exit(code)


def _warm_up() -> None:
    """What the preview's fork server does once (`build.preload`): imports, a one-line PDF."""
    import pikepdf  # noqa: F401 - the glyph gate's and archival's, imported while the edition is made

    from frspub.render import pdf, weasyload, weasypatch  # noqa: F401

    weasyprint = weasyload.load()
    weasypatch.apply()
    try:
        weasyprint.HTML(string="<p>frspub</p>").write_pdf()
    except Exception:  # noqa: BLE001 - a warm-up only: the edition reports what is wrong
        pass

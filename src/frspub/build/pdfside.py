"""An edition's PDF made in a process of its own, beside the rest of the edition.

When a build has fewer editions than workers (one msgstr changed: one edition, and two
cores), `worker.build_edition` forks a `Side` before it reads the note: the forked process
imports WeasyPrint (0.5-0.6 s) while this one reads and translates; it then
receives the edition and its print HTML (pickled), lays out and draws the PDF
(`worker.pdf_beside`), and sends back plain data (WeasyPrint's PDF, the log tail, seconds,
layout decisions, log lines, problems); the edition's process finishes the PDF (glyph gate,
archival: pikepdf) into its staging file.  Meanwhile this process writes the HTML and
the EPUB (which otherwise competed with the layout for one core: the GIL) and renders the
site pages ahead (`build.run.foresee_site`).  The PDF is the same function of the same inputs
as when made in-process (`tests/build/test_pdfside.py` compares the bytes); the build cache
stays the one judge of staleness.  Only a process with no other thread forks (a fork would
copy a held import lock); the preview server's cancellable builds never come here.

`frspub build` forks that process earlier still, before frspub's own imports
(`build.spare`): a `Side` then adopts the waiting process (`SPARE`) instead of forking one.
"""
from __future__ import annotations

import fcntl
import gc
import os
import pickle
import select
import signal
import struct
import threading
import traceback
from typing import Any, Callable

Make = Callable[[Any, Any, Any], dict[str, Any]]  # (job, edition, print page) -> the answer, in the child
_SIZE = struct.Struct("!Q")
PIPE_SIZE = 1 << 20  # Linux's default /proc/sys/fs/pipe-max-size


class Channel:
    """Length-prefixed messages over two pipes (one each way): what `multiprocessing.Pipe` gives,
    without importing multiprocessing (30 ms) before the spare's fork (`build.spare`)."""

    def __init__(self, read: int, write: int) -> None:
        self.read, self.write = read, write

    @classmethod
    def pair(cls) -> tuple["Channel", "Channel"]:
        """(this end, the other end) of a new channel, to be split by a fork."""
        a_read, b_write = os.pipe()
        b_read, a_write = os.pipe()
        try:  # the edition and its print HTML (0.2-1 MB) handed over without waiting for the child to read
            fcntl.fcntl(a_write, fcntl.F_SETPIPE_SZ, PIPE_SIZE)
        except (OSError, AttributeError):  # not Linux, or a lower limit: the write waits for the reader
            pass
        return cls(a_read, a_write), cls(b_read, b_write)

    def send_bytes(self, data: bytes) -> None:
        view = memoryview(_SIZE.pack(len(data)) + data)
        while view:
            view = view[os.write(self.write, view):]

    def recv_bytes(self) -> bytes:
        size = _SIZE.unpack(self._exactly(_SIZE.size))[0]
        return self._exactly(size)

    def send(self, obj: Any) -> None:
        self.send_bytes(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))

    def recv(self) -> Any:
        return pickle.loads(self.recv_bytes())

    def close(self) -> None:
        for fd in (self.read, self.write):
            if fd >= 0:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self.read = self.write = -1

    def _exactly(self, size: int) -> bytes:
        chunks, left = [], size
        while left:
            chunk = os.read(self.read, min(left, 1 << 20))
            if not chunk:
                raise EOFError("the other end closed")
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)


# The process `build.spare` forked at the start of the command and left waiting: (pid, channel).
SPARE: list[tuple[int, Channel]] = []


def allowed() -> bool:
    """A fork is safe: Linux-like, and this process runs no other thread."""
    return hasattr(os, "fork") and threading.active_count() == 1


class Side:
    """The forked PDF process, seen from the edition's process."""

    def __init__(self, job: Any, make: Make) -> None:
        self.job, self.make = job, make
        self.adopted = bool(SPARE)
        if SPARE:  # forked at the command's start, WeasyPrint imported or on its way
            self.pid, self.here = SPARE.pop()
            return
        self.here, there = Channel.pair()
        gc.freeze()  # the child's collections skip the inherited heap (half its GC time) and copy fewer pages
        self.pid = os.fork()
        if self.pid == 0:  # the child: never returns into the caller's code
            self.here.close()
            child(there)
        gc.unfreeze()
        there.close()

    def send(self, ed: Any, page: Any) -> bool:
        """Hand over the edition; False (and the child gone) if it cannot be pickled."""
        try:  # `make` goes by name (a module-level function): the spare was forked before it was imported
            data = pickle.dumps((self.make, self.job, ed, page), protocol=pickle.HIGHEST_PROTOCOL)
            self.here.send_bytes(data)
        except (pickle.PicklingError, TypeError, AttributeError, OSError):  # OSError: the child is gone
            self.stop()
            return False
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
        """End the child without waiting for it (the parent failed before its answer: an error,
        Ctrl-C): it writes nothing but its staging file, which the caller then discards."""
        if self.pid:
            end(self.pid, self.here)
            self.pid = 0

    def _reap(self) -> None:
        self.here.close()
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass
        self.pid = 0


def end(pid: int, conn: Channel) -> None:
    """Kill a PDF process that has not answered and reap it: no process left behind."""
    conn.close()
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass


def child(conn: Channel, parent: int = 0, imports: Callable[[], None] | None = None) -> None:
    """Warm up, wait for the edition, make the PDF, answer, exit (no atexit, no parent's finally).
    `parent`: the pid that forked this one (a spare checks it is still there); `imports`: what
    the edition's process would have imported before a fork of its own (the spare's)."""
    code = 0
    gc.disable()  # one PDF, then the process ends: a collection would only walk live objects (render/gcpause)
    try:
        from frspub.build import lock
        from frspub.note import pandoc

        pandoc.die_with_parent()  # killed with the build, even by SIGKILL
        if parent and os.getppid() != parent:  # the build died before prctl took effect
            os._exit(1)
        lock.release_inherited()
        _warm_up(imports, lambda: not select.select([conn.read], [], [], 0)[0])  # idle: no edition yet
        data = conn.recv_bytes()
        if data:
            make, job, ed, page = pickle.loads(data)
            conn.send(make(job, ed, page))
    except BaseException:  # noqa: BLE001 - handed to the parent, which raises it
        code = 1
        try:
            conn.send({"crash": traceback.format_exc()})
        except BaseException:  # noqa: BLE001 - the parent is gone
            pass
    finally:
        os._exit(code)


def _warm_up(imports: Callable[[], None] | None, idle: Callable[[], bool] = lambda: True) -> None:
    """Imports only.  The one-line PDF the preview's fork server makes once (`build.preload`)
    does not pay here: measured on the French note, it cost this process 0.06-0.07 s of CPU and
    took 0.00-0.02 s off the real PDF's (its first use of WeasyPrint's C types and fontconfig is
    mostly its own work), and when the edition was already waiting it delayed the layout."""
    from frspub.render import weasyload

    weasyload.load()  # first: the longest, and needed by nothing else here
    # (not pikepdf, 0.1 s: the edition's process finishes the PDF, `worker._beside`)
    from frspub.render import pdf, weasypatch  # noqa: F401

    weasypatch.apply()
    if imports is not None:
        imports()
    # Last, and only while no edition waits (a French one needs none of it): what a Japanese
    # edition's faces import at their first use, in short steps (`aki.warm`).
    from frspub.render import aki

    aki.warm(idle)

"""WeasyPrint imported without its library search's subprocesses: 0.3-0.4 s of every cold PDF.

WeasyPrint 70 loads pango, harfbuzz, fontconfig… (``text/ffi.py: _dlopen``) by trying a list
of names per library, Windows and macOS ones first.  For each name cffi first tries
``dlopen(name)``, then asks ``ctypes.util.find_library(name)``, which on Linux runs
``ldconfig -p`` and, for a name it does not know, ``gcc`` and ``ld`` (Kozea/WeasyPrint#1125):
14 misses and 7 hits, measured 0.30-0.40 s of the 0.7 s import, on the critical path of every
process that makes a PDF (`build.pdfside`'s, a pool worker, the preview's fork server).

Each list holds the library's Linux soname (``libpango-1.0.so.0``…), which ``dlopen`` loads
directly; ``find_library``'s hits return that very soname, which cffi then ``dlopen``s.  So,
while this module imports WeasyPrint, ``find_library`` answers None in the importing thread:
every library is the soname ``dlopen`` finds, the same file as before (`tests/render/
test_weasyload.py` compares the mapped files).  Only for WeasyPrint's own ``text/ffi.py`` of
70.0 (SHA-256 below: its lists) and when each required soname loads; else, and anywhere but
Linux, WeasyPrint is imported as usual (it then reports a missing library itself).

Then its C declarations too come prebuilt (`render.weasyffi`: cffi's type tables instead of
pycparser's parse, ~0.1 s), when the cache has them or can take them; and fontTools'
subsetter and instancer are imported at their first use (`render.weasylazy`, ~0.1 s).
"""
from __future__ import annotations

import contextlib
import hashlib
import importlib
import importlib.util
import os
import sys
import threading
import time
import weakref
from pathlib import Path
from types import ModuleType
from typing import Iterator

from frspub.render import weasyffi, weasylazy

FFI_SHA256 = "530e83118f7841d2791678ece23d5e43a7a24150ee1ea64bb4ba70c70b3eb5da"  # weasyprint/text/ffi.py, 70.0
# The libraries WeasyPrint 70 cannot do without, by the Linux name its lists give (the optional
# harfbuzz-subset and -vector are tried the same way, by their sonames, and may be absent).
SONAMES = ("libgobject-2.0.so.0", "libpango-1.0.so.0", "libharfbuzz.so.0", "libfontconfig.so.1",
           "libpangoft2-1.0.so.0")
_lock = threading.Lock()
_preloads: list[threading.Thread] = []
_loaders: weakref.WeakSet[threading.Thread] = weakref.WeakSet()  # threads that called `load`


def preload(fonttools: bool = False, templates: Path | None = None) -> None:
    """Start importing WeasyPrint in a thread, while this one reads and translates the note;
    then, with `templates`, make the PDF's font configuration and parse its print.css as the
    spare PDF process does (`weasysheet.prepare`: 0.01 s and 0.03 s otherwise paid in
    `pdf.write`); with `fonttools`, import what a Japanese edition's faces import at their first
    use (`aki.warm`, 0.1 s).  `load` waits for the thread's end: the process is then
    single-threaded again, as `render.facework`'s fork wants it."""
    thread = threading.Thread(target=_preload, args=(fonttools, templates), daemon=True, name="frspub-preload")
    _preloads.append(thread)
    thread.start()


def _preload(fonttools: bool, templates: Path | None) -> None:
    load()
    if templates is not None:
        from frspub.render import weasysheet

        weasysheet.prepare(templates)
    if fonttools:
        from frspub.render import aki

        aki.warm()


def load() -> ModuleType:
    """`weasyprint`, imported (once per process) without the library search's subprocesses
    when that gives the same libraries; else imported as usual."""
    _loaders.add(threading.current_thread())
    for thread in [t for t in _preloads if t is not threading.current_thread()]:
        thread.join()
        with contextlib.suppress(ValueError):  # (another thread's load joined it too: build.worker's import)
            _preloads.remove(thread)
    with _lock:  # one import at a time: the search is answered for the importing thread only
        if "weasyprint" not in sys.modules:
            weasylazy.install()  # fontTools' subsetter and instancer at their first use
        if "weasyprint" not in sys.modules and shortcut_applies():
            ffi = weasyffi.prebuilt("weasyprint", FFI_SHA256, lambda: weasyffi.weasyprint_declarations(_ffi_py()))
            given = weasyffi.given_to_weasyprint(ffi) if ffi is not None else contextlib.nullcontext()
            with _no_search(), given:
                return importlib.import_module("weasyprint")
    return importlib.import_module("weasyprint")


def is_loader(thread: threading.Thread) -> bool:
    """`thread` called `load` (its work may be only that)."""
    return thread in _loaders


def join_loaders(patience: float | None) -> None:
    """Wait, at most `patience` s each, for the other threads that called `load` to end: those
    that only import WeasyPrint (`build.worker`'s, beside `pdf.write`'s own call) end as soon
    as it is imported, and a fork (`render.facework`) wants no other thread."""
    for thread in [t for t in list(_loaders) if t is not threading.current_thread()]:
        thread.join(patience)
        # Joined, its OS thread may still be exiting (listed in /proc, where the fork's check
        # looks): a few microseconds more.
        while not thread.is_alive() and thread.native_id and os.path.exists(f"/proc/self/task/{thread.native_id}"):
            time.sleep(0.0002)


def shortcut_applies() -> bool:
    """Linux, WeasyPrint's library lists are those of 70.0, and each required soname loads."""
    if not sys.platform.startswith("linux"):
        return False
    ffi = _ffi_py()
    try:
        if ffi is None or hashlib.sha256(ffi.read_bytes()).hexdigest() != FFI_SHA256:
            return False
    except OSError:
        return False
    import ctypes

    try:
        for name in SONAMES:  # loaded here as WeasyPrint would load them: they stay loaded
            ctypes.CDLL(name)
    except OSError:
        return False
    return True


def _ffi_py() -> Path | None:
    spec = importlib.util.find_spec("weasyprint")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / "text" / "ffi.py"


@contextlib.contextmanager
def _no_search() -> Iterator[None]:
    """`ctypes.util.find_library` answers None in this thread (other threads get the real one)."""
    import ctypes.util

    real = ctypes.util.find_library
    me = threading.get_ident()

    def find_library(name: str) -> str | None:
        return None if threading.get_ident() == me else real(name)

    ctypes.util.find_library = find_library
    try:
        yield
    finally:
        ctypes.util.find_library = real

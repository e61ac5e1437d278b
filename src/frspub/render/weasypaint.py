"""WeasyPrint 70 draws a PDF's pages in two processes at once, into the very same bytes: a
version-pinned patch of ``pdf/__init__.py:generate_pdf``, installed by `weasypatch.apply`.

Why: after the layout, the PDF's process alone is the build's critical path, and drawing the
pages (``Page.paint``: each page's operators into its pydyf stream) is most of
``Document.write_pdf`` (fr: 0.30 of 0.40 s) while the other core idles.  Here a child, forked
as ``generate_pdf`` starts, draws the last pages (split by their text boxes) while this process
draws the first ones; the child hands back plain data and this process merges it as a
sequential drawing would have left it.

What drawing a page leaves, and how each is merged (`Painter.merge`):

- the page's operators: joined by the child as pydyf's ``Stream.data`` joins them, and set as
  the stream's one item (its bytes are then the same); and the stream serialised (zlib) by the
  child, given as it is to pydyf's writing (`paintapart.settle`; this process's own pages too,
  while it waits);
- its marked content (``stream._tags``, keyed by the layout's boxes): the child names a box by
  ``id()``, the same object in both processes (forked), found again among the page's boxes;
- fonts (``document.fonts``, WeasyPrint's ``pdf.fonts.Font`` per Pango font key): the glyphs
  each used, their widths and Unicode text, in first-seen order.  A glyph's width is computed
  from the font size it is first drawn at, and later kerning reads it: the child's drawing is
  exact only if each width it computed equals the one this process recorded first (else the
  merge is refused).  A font first drawn by the child is made here again, as WeasyPrint makes
  it, from the Pango font of the text box where the child met it first; its attributes are
  compared with the child's;
- resources and images: opacity states (``a0.5``-like names) and raster images (named by their
  ``id``, found again among the page's replaced boxes), in first-seen order.

Anything else the child's pages drew (a transparency group, a pattern, a gradient: names made
from a count; an unknown glyph; a font met outside a line of text; a log record; an error), and
a document with forms, is not merged: this process draws those pages itself, after its own, as
WeasyPrint does; so too when the child is later than this process would be drawing its pages.
The child dies with this process (``PR_SET_PDEATHSIG``), writes no file and ends with
``os._exit``; it is forked only in a process with no other thread (Pango's font threads are
waited for) and two CPUs or more, and (`MODES`) only when a CPU is idle.  `install` refuses (and
says why at debug level) for any WeasyPrint but 70.0 or a ``generate_pdf`` whose source is not
the one pinned.
"""
from __future__ import annotations

import hashlib
import inspect
import os
import threading
import time
from typing import Any, Callable

from frspub.log import log
from frspub.render import paintapart, weasypin

VERSION = "70.0"
SOURCE_SHA256 = "626343ef25c396e8521948cadbe2b7544331c161040da80ed4e338fadac3efa9"  # pdf/__init__.py:generate_pdf
# Three lines of generate_pdf edited in place (the same line count): the painter handed in, a
# page drawn by it, and the child's pages merged before the outlines.
EDITS = (
    ("def generate_pdf(document, target, zoom, **options):\n",
     "def generate_pdf(document, target, zoom, _frspub_painter, **options):\n"),
    ("        page.paint(stream, scale)\n",
     "        _frspub_painter.paint(page_number, page, stream, scale)\n"),
    ("    add_outlines(pdf, document.make_bookmark_tree(scale, transform_pages=True))\n",
     "    _frspub_painter.merge(page_streams, resources, images); "
     "add_outlines(pdf, document.make_bookmark_tree(scale, transform_pages=True))\n"),
)
MODES = ("auto", "always", "never")  # auto: only when a CPU is idle as the pages are drawn
# FRSPUB_PAINT=never draws as WeasyPrint does (to compare), =always whenever the process may fork.
_state: dict[str, Any] = {"mode": os.environ.get("FRSPUB_PAINT", "auto") if os.environ.get("FRSPUB_PAINT") in MODES
                          else "auto"}
last: dict[str, Any] = {}  # what the last write did: "apart" (pages drawn by the child), "refused"


def refusal() -> str | None:
    """Why the patch cannot apply to this WeasyPrint, or None."""
    import weasyprint
    import weasyprint.pdf as wpdf

    if weasyprint.__version__ != VERSION:
        return f"written for WeasyPrint {VERSION}, not {weasyprint.__version__}"
    source = inspect.getsource(_original(wpdf))
    if hashlib.sha256(source.encode()).hexdigest() != SOURCE_SHA256 or \
            any(source.count(line) != 1 for line, _ in EDITS):
        return "WeasyPrint's generate_pdf is not the one the patch was written for"
    return None


def install() -> bool:
    """Draw pages apart from now on (once); False, and WeasyPrint's own left, if not pinned."""
    if (known := weasypin.decided(_state, refusal, "pages drawn in two processes")) is not None:
        return known
    import weasyprint.document as document
    import weasyprint.pdf as wpdf

    function = _original(wpdf)
    source = inspect.getsource(function)
    for line, edit in EDITS:
        source = source.replace(line, edit)
    _state["edited"] = weasypin.recompiled(function, source, wpdf)
    _state["original"], _state["installed"] = function, True
    document.generate_pdf = generate_pdf
    return True


def _original(wpdf: Any) -> Callable[..., Any]:
    return _state.get("original", wpdf.generate_pdf)


def use(mode: str) -> str:
    """Draw apart when a CPU is idle ("auto"), whenever the process may fork ("always": the
    tests), or never; returns the previous mode."""
    assert mode in MODES, mode
    before, _state["mode"] = _state["mode"], mode
    return str(before)


def generate_pdf(document: Any, target: Any, zoom: float, **options: Any) -> Any:
    """WeasyPrint's generate_pdf, its pages drawn by two processes when `Painter` forks."""
    painter = paintapart.Painter.start(document, _alone(document))
    edited = _state["edited"]
    if painter.child:
        painter.run_child(lambda: edited(document, target, zoom, painter, **options))
    try:
        return edited(document, target, zoom, painter, **options)
    finally:
        painter.end()
        last.clear()
        last.update(apart=painter.apart, refused=painter.refused)
        log.debug("pages drawn by a second process: %d of %d%s", painter.apart, len(document.pages),
                  f" ({painter.refused})" if painter.refused else "")


def cpu_to_spare() -> bool:
    """Whether a child forked now would find a CPU of its own (`MODES`: auto asks the machine;
    always and never answer for tests); `render.facework` asks too."""
    if _state["mode"] != "auto":
        return _state["mode"] == "always"
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    return _runnable() < cpus  # (this process counted)


def _runnable() -> int:
    """Processes running or waiting for a CPU now, system-wide (``/proc/loadavg``'s 4th field)."""
    try:
        with open("/proc/loadavg", encoding="ascii") as loadavg:
            return int(loadavg.read().split()[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        return 1 << 10  # unknown: as if busy


def _alone(document: Any) -> str | None:
    """Why this process draws every page itself, or None."""
    if _state["mode"] == "never":
        return "disabled"
    if len(document.pages) < 2:
        return "one page"
    if not hasattr(os, "sched_getaffinity") or not os.path.isdir("/proc/self/task"):
        return "not Linux"
    if len(os.sched_getaffinity(0)) < 2:
        return "one CPU"
    if not cpu_to_spare():
        return "no idle CPU"  # the child would take a CPU from another process, or wait for one
    if not _single_threaded():  # a fork would copy a lock another thread holds
        return "other threads"
    if any(any(page.forms.values()) for page in document.pages):  # drawn into the stream, before the page
        return "forms"
    return None


# Pango 1.50 matches and sorts fonts in threads of its own ("[pango] FcFontSetSort", truncated to
# 15 characters): each ends after one fontconfig query, and one begun by the last page's new font
# may still be running when the drawing starts (on a loaded machine, often).  GLib names a thread
# from inside it, once it first runs: until then it bears this one's name.  A thread of that name
# born earlier than UNNAMED_AGE is not Pango's (pytest's workers run one, execnet's, from their
# start): refused at once; a younger one is waited for, up to UNNAMED_PATIENCE.
PANGO_THREAD = "[pango] Fc"
UNNAMED_AGE, UNNAMED_PATIENCE = 1.0, 2.0  # s


def _single_threaded() -> bool:
    """Whether this thread is the process's only one, once Pango's font threads have ended (they
    are waited for: their work is finite); a Python thread, a native thread of another name or
    an old one unnamed, answers False at once, and a young one still unnamed after
    `UNNAMED_PATIENCE`."""
    if threading.active_count() > 1:
        return False
    me = str(threading.get_native_id())
    inherited = _thread_name(me)
    since = time.monotonic()
    while True:
        named = {task: _thread_name(task) for task in os.listdir("/proc/self/task") if task != me}
        if not named:
            return True
        unnamed = [task for task, name in named.items() if name == inherited]
        if not all(name.startswith(PANGO_THREAD) or name == inherited for name in named.values()) \
                or any(_age(task) > UNNAMED_AGE for task in unnamed) \
                or unnamed and time.monotonic() - since > UNNAMED_PATIENCE:
            return False
        time.sleep(0.001)


def _thread_name(task: str) -> str:
    try:
        with open(f"/proc/self/task/{task}/comm", encoding="utf-8", errors="replace") as comm:
            return comm.read().strip()
    except OSError:  # (it has just ended)
        return PANGO_THREAD


def _age(task: str) -> float:
    """Seconds since the thread `task` started (0 if it has just ended)."""
    try:
        with open(f"/proc/self/task/{task}/stat", "rb") as stat, open("/proc/uptime", "rb") as uptime:
            started = int(stat.read().rsplit(b")", 1)[1].split()[19])  # field 22, starttime (clock ticks)
            now = float(uptime.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 0.0
    return now - started / os.sysconf("SC_CLK_TCK")

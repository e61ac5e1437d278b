"""The two processes of `render.weasypaint`: the child that draws the last pages, and the merge
of what it drew into this process's document, as a sequential drawing would have left it.

`Painter.start` weighs the pages (their text boxes), picks the first page the child draws,
and forks.  Both processes then run the same (edited) ``generate_pdf``: each draws its own
pages (`paint`); at `merge` the child sends its answer and ends, and this process, once its
own pages are drawn, takes the answer or draws the child's pages itself.
"""
from __future__ import annotations

import fcntl
import logging
import math
import os
import pickle
import select
import signal
import time
from typing import Any, Callable

from frspub.note.pandoc import (
    die_with_parent,  # (its prctl looked up at import: the child imports nothing)
)

# A page's weight, about its drawing's time in 0.1 ms (fitted on the sample's fr, en and ja
# pages, drawn alone): 0.1 ms a text box, 0.005 ms a character, 5 ms the page itself; and what
# the child pays before its first page is drawn (the fork, its fonts made again, its first
# writes to memory shared with this process: 20-40 ms).
PAGE_WEIGHT, CHARS_A_BOX, CHILD_WEIGHT = 50, 20, 250
# How long the parent waits for the child's pages: None, as long as it would itself take to draw
# them (then it draws them); a number of seconds, or math.inf, set by the tests, whose outcome
# must not depend on the machine's load.
PATIENCE: float | None = None
PIPE_SIZE = 1 << 20  # the child's answer written at once, without waiting for this process


class Refused(Exception):
    """The child's pages cannot be merged exactly: this process draws them."""


class Painter:
    """Who draws which page, and the child's answer merged."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.split: int | None = None  # the first page the child draws; None: every page here
        self.child, self.pid, self.read, self.write = False, 0, -1, -1
        self.named: dict[int, Any] = {}  # the child's pages' boxes by id, as it names them
        self.refused: str | None = None
        self.apart = 0  # pages drawn by the child and merged
        self.painting, self.page, self.scale = False, 0, 1.0
        self.weights: list[int] = []
        self.drawn = 0.0  # seconds this process took to draw its own pages
        self.logged: list[str] = []
        self.firsts: dict[Any, tuple[int, int, str, str]] = {}  # font key -> where the child met it

    @classmethod
    def start(cls, document: Any, why: str | None) -> "Painter":
        painter = cls(document)
        if why is not None:
            painter.refused = why
            return painter
        painter.weights = [_weight(page._page_box) for page in document.pages]
        painter.split = split_at(painter.weights)
        if painter.split is None:
            painter.refused = "too little to share"
        else:
            painter._fork()
        return painter

    def _fork(self) -> None:
        read, write = os.pipe()
        try:
            fcntl.fcntl(write, fcntl.F_SETPIPE_SZ, PIPE_SIZE)
        except OSError:  # a lower limit: the child waits for this process to read
            pass
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            self.child, self.write = True, write
            self._become_child(parent)
            return
        os.close(write)
        self.pid, self.read = pid, read

    def _become_child(self, parent: int) -> None:
        die_with_parent()
        if os.getppid() != parent:  # the parent died before the line above
            os._exit(0)
        for sig in (signal.SIGINT, signal.SIGTERM):  # no handler of the parent's runs here
            signal.signal(sig, signal.SIG_DFL)
        logging.Logger.callHandlers = log_catcher(self)  # type: ignore[method-assign]
        import weasyprint.draw.text as text
        import weasyprint.pdf.fonts as pdf_fonts

        text.draw_first_line = self._tracking(text.draw_first_line)
        pdf_fonts.get_hb_object_data = _no_font_file(pdf_fonts.get_hb_object_data)

    def _tracking(self, draw: Callable[..., Any]) -> Callable[..., Any]:
        """`draw` (draw_first_line), noting where each font is first met (`rebuilt`)."""
        def tracking(stream: Any, textbox: Any, text_overflow: str, block_ellipsis: str, matrix: Any) -> Any:
            fonts = stream._fonts
            before = len(fonts)
            try:
                return draw(stream, textbox, text_overflow, block_ellipsis, matrix)
            finally:
                if len(fonts) != before:
                    for key in list(fonts)[before:]:
                        self.firsts[key] = (self.page, id(textbox), text_overflow, block_ellipsis)
        return tracking

    def paint(self, number: int, page: Any, stream: Any, scale: float) -> None:
        """Draw page `number` if it is this process's."""
        self.scale = scale
        if self.split is None or (number >= self.split) == self.child:
            self.painting, self.page = self.child, number
            start = time.perf_counter()
            page.paint(stream, scale)
            self.painting, self.drawn = False, self.drawn + time.perf_counter() - start

    def run_child(self, work: Callable[[], Any]) -> None:
        """The child's whole life: `work` (generate_pdf) draws its pages, and `merge` sends
        them and ends it; whatever else happens is sent as a refusal.  Never returns."""
        try:
            work()
            self._send({"refused": "the drawing ended before its merge"})
        except BaseException as exc:  # noqa: BLE001 - told to the parent, which draws the pages
            try:
                self._send({"refused": f"{type(exc).__name__}: {exc}"})
            except BaseException:  # noqa: BLE001, S110 - the parent is gone
                pass
        finally:
            os._exit(0)

    def _send(self, answer: dict[str, Any]) -> None:
        view = memoryview(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
        while view:
            view = view[os.write(self.write, view):]
        os.close(self.write)

    def merge(self, streams: list[Any], resources: Any, images: dict[str, Any]) -> None:
        """In the child: send what it drew, and end.  Here: merge it, or draw its pages."""
        if self.child:
            self._send(_answer(self, streams, resources, images))
            os._exit(0)
        if self.split is None:
            return
        # While the child may still be drawing: its pages' boxes found, and this process's
        # pages serialised (their zlib compression, otherwise done by the PDF's writing).
        for page in self.document.pages[self.split:]:
            self.named.update((id(box), box) for box in _boxes(page._page_box))
        for stream in streams[:self.split]:
            settle(stream, stream.data)
        try:
            apply = _plan(self, self._receive(), streams, resources, images)
        except Refused as why:
            self.refused = str(why)
            for number in range(self.split, len(streams)):
                self.document.pages[number].paint(streams[number], self.scale)
            return
        apply()
        self.apart = len(streams) - self.split

    def _receive(self) -> dict[str, Any]:
        assert self.split is not None
        # Waiting longer than this process would take to draw the child's pages gains nothing
        # (the child had no CPU: the machine is busy); then they are drawn here.
        late = PATIENCE if PATIENCE is not None else \
            self.drawn * (sum(self.weights[self.split:]) + CHILD_WEIGHT) / sum(self.weights[:self.split])
        if not select.select([self.read], [], [], None if late == math.inf else late)[0]:
            self.end()
            raise Refused(f"the child had not drawn its pages after {late:.3f} s")
        chunks = []
        while chunk := os.read(self.read, 1 << 20):
            chunks.append(chunk)
        self.end()
        if not chunks:
            raise Refused("the child ended without an answer")
        answer = pickle.loads(b"".join(chunks))  # noqa: S301 - our own child's, over our own pipe
        if answer.get("refused"):
            raise Refused(answer["refused"])
        return answer

    def end(self) -> None:
        """The child ended (killed if still drawing: this process left on an error) and reaped."""
        if self.read >= 0:
            os.close(self.read)
            self.read = -1
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(self.pid, 0)
            self.pid = 0


def _no_font_file(read: Callable[..., Any]) -> Callable[..., Any]:
    """The child's ``get_hb_object_data`` in ``pdf/fonts.py``, where ``Font.__init__`` copies
    the whole font file (a CJK face: 16 MB and more, 0.02-0.04 s a page of Japanese) for the
    subsetting, which the child never does: not copied there."""
    def data(hb_object: Any, ot_color: str | None = None, glyph: int | None = None) -> Any:
        return b"" if ot_color is None else read(hb_object, ot_color, glyph)
    return data


def split_at(weights: list[int]) -> int | None:
    """The first page of the child's share: the one that ends both shares soonest; None when
    no share ends sooner than this process drawing every page."""
    total, done, best, longest = sum(weights), 0, None, float(sum(weights))
    for number, weight in enumerate(weights[:-1], start=1):
        done += weight
        if max(done, total - done + CHILD_WEIGHT) < longest:
            best, longest = number, max(done, total - done + CHILD_WEIGHT)
    return best


def _boxes(page_box: Any) -> list[Any]:
    """A page's boxes (any order: ``descendants()``'s generators cost four times more)."""
    found, todo = [], [page_box]
    while todo:
        box = todo.pop()
        found.append(box)
        todo.extend(getattr(box, "children", ()))
    return found


def _weight(page_box: Any) -> int:
    from weasyprint.formatting_structure.boxes import TextBox

    texts = [box.text for box in _boxes(page_box) if isinstance(box, TextBox)]
    return PAGE_WEIGHT + len(texts) + sum(map(len, texts)) // CHARS_A_BOX


def _answer(painter: Painter, streams: list[Any], resources: Any, images: dict[str, Any]) -> dict[str, Any]:
    """The child's pages and what drawing them added, as plain data (or why it cannot be merged)."""
    import pydyf

    from frspub.render import paintfonts

    assert painter.split is not None
    why = _unmergeable(painter, streams, resources, images)
    if why:
        return {"refused": why}
    to_bytes = pydyf._to_bytes  # (pydyf's Stream.data joins its items with it)
    pages = {}
    for number in range(painter.split, len(streams)):
        stream = streams[number]
        marks = None if stream._tags is None else [(id(box), type(box).__name__, mark["tag"], mark["mcid"])
                                                   for box, mark in stream._tags.items()]
        pages[number] = (b"\n".join([to_bytes(item) for item in stream.stream]), stream.data, marks)
    return {"pages": pages, "fonts": paintfonts.described(painter.document.fonts, painter.firsts),
            "alphas": [(key, dict(value)) for key, value in resources["ExtGState"].items()],
            "xobjects": list(resources["XObject"]),
            "images": [(name, id(data["image"]), data["interpolate"], sorted(data["dpi_ratios"]))
                       for name, data in images.items()]}


def _unmergeable(painter: Painter, streams: list[Any], resources: Any, images: dict[str, Any]) -> str | None:
    if painter.logged:
        return f"logged while drawing: {painter.logged[0]}"
    if resources["Pattern"] or resources["Shading"]:
        return "a pattern or a gradient"
    if any(value is not None or key not in images for key, value in resources["XObject"].items()):
        return "a transparency group"
    for key, value in resources["ExtGState"].items():
        if key[:1] not in ("a", "A") or set(value) - {"ca", "CA"}:
            return f"a graphics state {key}"
    if any(font.missing for font in painter.document.fonts.values()):
        return "a glyph no font has"
    if any(streams[number].extra for number in range(painter.split or 0, len(streams))):
        return "a page stream with entries"
    return None


def _plan(painter: Painter, answer: dict[str, Any], streams: list[Any], resources: Any,
          images: dict[str, Any]) -> Callable[[], None]:
    """What the merge will do, once everything in it is found exact (else `Refused`)."""
    from frspub.render import paintfonts

    named = painter.named
    pages = {number: (content, data, _marks(marks, named))
             for number, (content, data, marks) in answer["pages"].items()}
    fonts = paintfonts.planned(painter.document, answer["fonts"], named, Refused)
    alphas = [(key, value) for key, value in answer["alphas"] if key not in resources["ExtGState"]]
    pictures = {id(box.replacement): box.replacement for box in named.values() if hasattr(box, "replacement")}
    added = _images(answer["images"], images, pictures)

    def apply() -> None:
        import pydyf

        for number, (content, data, marks) in pages.items():
            streams[number].stream = [content]
            settle(streams[number], data)
            if marks is not None:
                streams[number]._tags.update(marks)
        fonts()
        for key, value in alphas:
            resources["ExtGState"][key] = pydyf.Dictionary(value)
        for key in answer["xobjects"]:
            resources["XObject"].setdefault(key, None)
        for name, data in added:
            if name in images:
                images[name]["dpi_ratios"].update(data["dpi_ratios"])
            else:
                images[name] = data
    return apply


def settle(stream: Any, data: bytes) -> None:
    """`stream`'s serialisation (pydyf's ``Stream.data``) made now, given whenever asked while
    its entries and compression stay those it was made with (else made again)."""
    stream._frspub_settled = ((dict(stream.extra), stream.compress), data)
    stream.__class__ = _settled(type(stream))


def _settled(base: type) -> type:
    if base.__name__.startswith("Settled"):
        return base
    if base not in _SETTLED:
        def data(self: Any) -> bytes:
            made, settled = self._frspub_settled
            return settled if made == (dict(self.extra), self.compress) else base.data.fget(self)  # type: ignore[attr-defined]
        _SETTLED[base] = type(f"Settled{base.__name__}", (base,), {"data": property(data)})
    return _SETTLED[base]


_SETTLED: dict[type, type] = {}


def _marks(marks: list[tuple[int, str, str, int]] | None, named: dict[int, Any]) -> list[tuple[Any, dict]] | None:
    if marks is None:
        return None
    found = []
    for ident, kind, tag, mcid in marks:
        box = named.get(ident)
        if box is None or type(box).__name__ != kind:
            raise Refused(f"a marked {kind} not among the page's boxes")
        found.append((box, {"tag": tag, "mcid": mcid}))
    return found


def _images(drawn: list[tuple[str, int, bool, list[float]]], images: dict[str, Any],
            pictures: dict[int, Any]) -> list[tuple[str, dict[str, Any]]]:
    added = []
    for name, ident, interpolate, ratios in drawn:
        if name not in images and ident not in pictures:
            raise Refused(f"an image {name} not among the pages' replaced boxes")
        image = images[name]["image"] if name in images else pictures[ident]
        added.append((name, {"image": image, "interpolate": interpolate, "dpi_ratios": set(ratios),
                             "x_object": None}))
    return added


def log_catcher(painter: Painter) -> Callable[..., None]:
    """The child's ``Logger.callHandlers``: a record emitted while it draws refuses the merge
    (this process then draws those pages, and logs it); any other is this process's to log."""
    def call_handlers(self: logging.Logger, record: logging.LogRecord) -> None:
        if painter.painting:
            painter.logged.append(record.getMessage())
    return call_handlers

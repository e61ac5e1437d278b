"""The image files that a note's figures show.

Takes an image reference as written in a note (a path relative to the note)
and the project folder; returns a checked `Picture`: the file, its bytes, its
media type (found from the content, not the name), its size in pixels and the
resolution it declares.  Refused with a `ValueError` whose message is meant
for the author: a URL or absolute path, a path that leaves the project
(symbolic links included), a missing, unreadable, oversized or corrupt file,
a type other than PNG, JPEG or SVG, and an SVG that is not self-contained
(see `svg`: an allow-list of what a static drawing needs), since an edition must show what is
in the repository and nothing else.  `variant` finds a language's own
version of an image (``carte.ja.png`` beside ``carte.png``).
"""
from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from lxml import etree

from frspub.note import svg

MAX_BYTES = 20 * 1024 * 1024  # an EPUB reader or a mail gateway chokes on more
MAX_PIXELS = 60_000_000  # Pillow's decompression-bomb limit is 89 M: refuse well before
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
KINDS = {"image/png": ".png", "image/jpeg": ".jpg", "image/svg+xml": ".svg"}


@dataclass(frozen=True)
class Picture:
    path: Path
    data: bytes
    mime: str
    width: int  # pixels (an SVG: 0, it scales)
    height: int
    dpi: float | None  # what the file declares, if anything

    @property
    def raster(self) -> bool:
        return self.mime != "image/svg+xml"

    def data_uri(self) -> str:
        return f"data:{self.mime};base64,{base64.b64encode(self.data).decode('ascii')}"


def resolve(ref: str, note_path: Path, root: Path) -> Path:
    """The file `ref` names, relative to the note; it must stay inside `root`."""
    if not ref or SCHEME.match(ref) or ref.startswith(("/", "\\", "//")):
        raise ValueError(f"image {ref[:80]!r}: give a path relative to the note (no URL, no absolute path); "
                         "copy the file into the project")
    if "\\" in ref or "\0" in ref:
        raise ValueError(f"image {ref[:80]!r}: write the path with / separators")
    path = (note_path.parent / PurePosixPath(ref)).resolve()
    if not path.is_relative_to(root.resolve()):
        raise ValueError(f"image {ref[:80]!r} is outside the project folder: only files of the project "
                         "are published")
    return path


def variant(path: Path, lang: str) -> Path:
    """A language's own version of an image: ``carte.ja.png`` for ``carte.png``."""
    return path.with_name(f"{path.stem}.{lang}{path.suffix}")


def load(path: Path, ref: str) -> Picture:
    """Read and check one image file (`ref`: the name the note gives it, for messages)."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ValueError(f"image {ref!r} weighs {size / 2**20:.1f} MiB, over {MAX_BYTES // 2**20} MiB: "
                             "reduce it")
        data = path.read_bytes()
    except FileNotFoundError:
        raise ValueError(f"image {ref!r} not found (looked for {path.name} beside the note)") from None
    except IsADirectoryError:
        raise ValueError(f"image {ref!r} is a folder, not a file") from None
    except OSError as exc:
        raise ValueError(f"image {ref!r} cannot be read: {exc.strerror}") from None
    if data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff"):
        return _raster(path, data, ref)
    if _looks_like_svg(data):
        return _svg(path, data, ref)
    raise ValueError(f"image {ref!r} is not a PNG, JPEG or SVG file (only these print and display "
                     "everywhere): convert it")


def _raster(path: Path, data: bytes, ref: str) -> Picture:
    import io

    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as im:
            width, height = im.size
            if width * height > MAX_PIXELS:
                raise ValueError(f"image {ref!r} has {width}×{height} pixels, more than any page needs: "
                                 "reduce it")
            dpi = im.info.get("dpi")
            im.load()  # decodes the whole image: a truncated or corrupt file fails here
            mime = Image.MIME[im.format]
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ValueError(f"image {ref!r} is damaged or unreadable ({exc})") from None
    declared = float(dpi[0]) if dpi and dpi[0] and float(dpi[0]) > 1 else None
    return Picture(path, data, mime, width, height, declared)


def _looks_like_svg(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith((b"<?xml", b"<svg", b"<!--", b"<!DOCTYPE svg")) and b"<svg" in data[:65536]


def _svg(path: Path, data: bytes, ref: str) -> Picture:
    try:
        root = svg.parse(data)
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"image {ref!r}: not well-formed SVG ({exc.msg})") from None
    problem = svg.problem(root)
    if problem:
        raise ValueError(f"image {ref!r}: {problem}; an edition's SVG must be a self-contained, inert drawing")
    return Picture(path, data, "image/svg+xml", 0, 0, None)

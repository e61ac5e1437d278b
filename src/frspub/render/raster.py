"""A raster figure at the resolution it prints at, before any renderer decodes it.

Takes a checked `images.Picture` and the share of the text width it is
printed at (its ``width="70%"``); returns it unchanged, or, when it holds more
than twice the pixels print needs (over 600 dpi on the widest page frspub
sets: A4), a copy downscaled to `DPI` at that size.  WeasyPrint decodes every
image whole and keeps it while it lays the note out: a 59-megapixel PNG
(under the 60-megapixel limit of `images`) took a worker to 618 MB, over the
400 MB target; at 300 dpi it needs at most 2480 × 3508 pixels.  The copy is
made once per edition, for the three formats (a screen shows no more than
paper does), with Lanczos filtering; JPEG stays JPEG (decoded at a reduced
scale straight from the file), PNG stays PNG.  An image of reasonable size is
passed through byte for byte.
"""
from __future__ import annotations

import io
import math
from dataclasses import replace
from typing import Any

from frspub.note.images import Picture

DPI = 300
PAGE_INCHES = (210 / 25.4, 297 / 25.4)  # A4: no printed figure is larger
SLACK = 2  # downscale only past twice what print needs: smaller files pass through untouched


def target_size(width: int, height: int, share: float) -> tuple[int, int] | None:
    """The pixel size to print at `DPI` with `share` of the page width, or None to keep the image."""
    most_w = PAGE_INCHES[0] * max(0.05, min(share, 1.0)) * DPI
    most_h = PAGE_INCHES[1] * DPI
    factor = max(width / most_w, height / most_h)
    if factor <= SLACK:
        return None
    return max(1, math.floor(width / factor)), max(1, math.floor(height / factor))


def share(width_attr: str | None) -> float:
    """The share of the text width a ``width`` attribute asks for (``70%`` → 0.7; anything else: 1)."""
    value = (width_attr or "").strip()
    try:
        return float(value[:-1]) / 100 if value.endswith("%") else 1.0
    except ValueError:
        return 1.0


def fit(picture: Picture, width_share: float) -> Picture:
    """`picture`, downscaled to print resolution when it is far larger."""
    if not picture.raster:
        return picture
    size = target_size(picture.width, picture.height, width_share)
    if size is None:
        return picture
    from PIL import Image

    with Image.open(io.BytesIO(picture.data)) as src:
        fmt, icc = src.format, src.info.get("icc_profile")
        if fmt == "JPEG":
            src.draft("RGB" if src.mode not in ("L", "CMYK") else src.mode, size)  # decodes at 1/2, 1/4 or 1/8
        im = _filterable(src)
        factor = int(min(im.width / size[0], im.height / size[1]))
        if factor >= 2:  # a box reduction first, and the full-size pixels freed before resampling:
            im = im.reduce(factor)  # Pillow resamples RGBA through a premultiplied copy of its input
            src.close()
        small = im.resize(size, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    extra = {"icc_profile": icc} if icc else {}
    if fmt == "JPEG":
        small.save(out, "JPEG", quality=92, dpi=(DPI, DPI), **extra)
    else:
        small.save(out, "PNG", dpi=(DPI, DPI), **extra)
    return replace(picture, data=out.getvalue(), width=size[0], height=size[1], dpi=float(DPI))



def _filterable(im: Any) -> Any:
    """`im` in a mode the resampling filters work on (not palette or 16-bit)."""
    if im.mode in ("L", "LA", "RGB", "RGBA", "CMYK"):
        return im
    return im.convert("RGBA" if im.mode == "PA" or "transparency" in im.info else "RGB")

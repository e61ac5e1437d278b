"""A WeasyPrint `FontConfiguration` that knows no font but the ones frspub gives it.

WeasyPrint 70's ``FontConfiguration()`` loads fontconfig's default configuration and every font
installed on the machine (333 here); ``@font-face`` rules then add frspub's own faces
(`render.fonts`).  frspub prints with its own faces only (`render.glyphgate` refuses a PDF
that uses any other), yet the machine's fonts still shaped its Japanese PDFs:

- Pango measures a language's line metrics on that language's sample text, and the cut-down
  CJK faces (`fonts.subset`: only the edition's characters) lack most of it, so those metrics
  came from whichever CJK fonts the machine had installed.  Lines of the Japanese PDF moved by
  0.04 pt, the cover's by 1.3 pt, from one set of installed fonts to another: the same note,
  the same frspub, another PDF.
- Every new font description (family, size, weight: 39 in the Japanese note) sorted all the
  machine's fonts (fontconfig's ``FcFontSetSort``) to find the fallbacks of characters the first
  face lacks: 0.2 s of the Japanese PDF's CPU.

`configuration` makes WeasyPrint's `FontConfiguration` and gives its Pango font map an empty
fontconfig configuration instead (``FcConfigCreate``: no configuration file, no font folder, one
rule): the ``@font-face`` rules fill it as before.  The French and English PDFs are the same
bytes as with the machine's fonts; the Japanese one now depends on frspub's fonts alone.
Where fontconfig's library cannot be opened by name, WeasyPrint's own configuration is kept.

Code (``code``, ``pre``, ``kbd``, ``samp``, ``tt``) is set in ``monospace`` by WeasyPrint's
user-agent sheet: the machine's configuration gave that name to DejaVu Sans Mono (Debian), a
face no stack named.  The empty configuration gets that alias (`RULES`), and `mono_css`
registers the face, for a page with code.
"""
from __future__ import annotations

import ctypes
from pathlib import Path
from typing import Any

from frspub.log import log
from frspub.render.fonts import Face, face_rule

LIBRARY = "libfontconfig.so.1"  # the one WeasyPrint 70 opens on Linux (`text/ffi.py`)
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
MONO = [Face("DejaVu Sans Mono", "DejaVu Sans Mono", DEJAVU / f"DejaVuSansMono{suffix}.ttf", w, s, "fonts-dejavu-core")
        for suffix, w, s in (("", "normal", "normal"), ("-Bold", "bold", "normal"),
                             ("-Oblique", "normal", "italic"), ("-BoldOblique", "bold", "italic"))]
# Debian's own alias (60-latin.conf), the one rule the empty configuration is given.
RULES = (b'<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig><alias>'
         b"<family>monospace</family><prefer><family>DejaVu Sans Mono</family></prefer></alias></fontconfig>")
MONO_ELEMENTS = ("<code", "<pre", "<kbd", "<samp", "<tt", "<listing", "<plaintext", "<xmp")


def configuration() -> Any:
    """A `FontConfiguration` whose fonts are only those its ``@font-face`` rules add."""
    from weasyprint.text.ffi import ffi, fontconfig, pangoft2
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    empty = _empty()
    if empty is None:
        return fonts
    config = ffi.cast("FcConfig *", empty)
    fontconfig.FcConfigParseAndLoadFromMemory(config, RULES, True)
    # Pango takes a reference (and drops the default configuration's): ours is then Pango's alone.
    pangoft2.pango_fc_font_map_set_config(ffi.cast("PangoFcFontMap *", fonts.font_map), config)
    fontconfig.FcConfigDestroy(config)
    fonts._config = config  # where `add_font_face` registers each face
    return fonts


def _empty() -> int | None:
    """A new fontconfig configuration with nothing in it (its address), or None."""
    try:
        library = ctypes.CDLL(LIBRARY)
    except OSError as exc:
        log.debug("the machine's fonts stay in the PDF's font configuration (%s)", exc)
        return None
    create = library.FcConfigCreate
    create.restype = ctypes.c_void_p
    return create() or None


def mono_css(html: str) -> str:
    """@font-face rules of the monospace faces (a line each, after a newline), if `html` (a
    print page) has code to set; else nothing."""
    if not any(tag in html for tag in MONO_ELEMENTS):
        return ""
    return "".join("\n" + face_rule(face, face.file, None) for face in MONO)

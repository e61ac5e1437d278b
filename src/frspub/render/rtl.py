"""Right-to-left editions (Arabic, Persian, Hebrew): direction, faces, and what is refused.

Takes a language tag; returns
- `direction(lang)`: ``rtl`` or ``ltr`` (from `frspub.conventions`), which the HTML page,
  the site and review pages (``<html dir>``), the EPUB (`xhtml_dir` on every content file,
  `epub_metadata`: the spine's ``page-progression-direction``) and the CSS
  (``html[dir="rtl"]`` blocks at the end of screen.css, epub.css, site.css, review.css) follow;
- the faces: the HTML and EPUB editions embed no font and ask the reader's system for
  Noto Naskh Arabic / Noto Serif Hebrew (screen.css, epub.css); the glyph gate checks the
  text against the same faces (`fonts.stacks`);
- `pdf_refusal(po, lang)`: the one error line that refuses the PDF of an RTL edition.

Why the PDF is refused (measured with WeasyPrint 70.0 on standalone pages, README
"Right-to-left"; `tests/render/test_rtl.py` keeps the evidence, so that a WeasyPrint that
fixes it makes that test fail and the refusal can be lifted):
- bidi across inline elements: in ``انظر Martin, <i>Les Routes</i>, p. 80`` the Latin run
  is laid out box by box from the right, and reads "p. 80 ,Les Routes ,Martin" (the same
  text without the ``<i>`` is right). A note's citations, titles in italics and note calls
  are such runs: the text would be printed in the wrong order (WeasyPrint issue #106,
  "Bidi is a much harder goal", open);
- justified right-to-left lines overflow the right margin by 5 to 7 pt, and the space
  next to an inline element is lost in them ("التضبيطوالتشكيل"; issue #2372).
Shaping (Noto Naskh Arabic), the mirrored pages (running head and folio on ``:left``/
``:right``), the Sommaire's leaders, lists, tables and the note area are right: only
the two faults above stop the PDF, and both would print wrong text, not just ugly text.
"""
from __future__ import annotations

import re
from pathlib import Path

from frspub import conventions
from frspub.errors import Problem, display_path

# What WeasyPrint 70 cannot set right-to-left, named in the refusal.
PDF_LIMITS = ("Latin words, numbers and note calls across inline elements (italics, links) "
              "come out in the wrong order, and justified lines overflow the margin")


def direction(lang: str) -> str:
    return conventions.of(lang).direction


def is_rtl(lang: str) -> bool:
    return direction(lang) == "rtl"


def epub_metadata(lang: str) -> dict[str, dict]:
    """pandoc metadata that makes the EPUB right-to-left: ``page-progression-direction`` on the
    OPF spine (pandoc's EPUB template has no ``dir``: `xhtml_dir` adds it)."""
    if not is_rtl(lang):
        return {}
    return {"page-progression-direction": {"t": "MetaInlines", "c": [{"t": "Str", "c": "rtl"}]}}


def xhtml_dir(xhtml: bytes) -> bytes:
    """An EPUB content file with ``dir="rtl"`` on its root element."""
    return re.sub(rb"<html\b(?![^>]*\bdir=)", b'<html dir="rtl"', xhtml, count=1)


def pdf_refusal(po: Path, lang: str) -> Problem:
    """The one line that refuses the PDF of a right-to-left edition (its HTML and EPUB are built)."""
    return Problem(display_path(po), 1,
                   f"no PDF for the right-to-left {lang} edition: WeasyPrint 70 cannot set it properly "
                   f"({PDF_LIMITS}); its HTML and EPUB editions are built "
                   f"(`frspub build --lang {lang} --format html --format epub` builds only those, without this error)")

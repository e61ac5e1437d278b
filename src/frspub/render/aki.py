"""Japanese print: a quarter-em space (四分アキ) between Japanese and Western text.

Takes the body of a Japanese print page (lxml) and returns it with the
character before every boundary between Japanese letters (kana, kanji) and
Western letters or digits wrapped in ``span.aki``; `font_face_css(chars,
workdir)` gives the faces that ``span.aki`` is set in: the print faces cut down
to those characters, each glyph a quarter of an em wider (JLReq 3.2.3, JIS X
4051 §4.8).

Why a wider glyph and not a margin or a space: PDF text extractors (poppler,
PDFium, pdf.js; hence copy-paste and search in every viewer) infer a space
from any gap over about a tenth of an em between two glyphs, so a margin of a
quarter em gives "FRS が 2024 年" in the copied text.  A glyph whose advance
holds the gap leaves no gap to infer: the text copies as "FRSが2024年".  The
space sits after the character, never before, so no line begins with one;
`render.justify` takes it off a line's last character (JLReq 3.2.3: no space
at the line head or end).  (A word joiner after the space, to forbid the break,
made chains like "FRSが2024年10月25日に" unbreakable: lines fell short by
several ems.)  Never across a footnote, whose text is not continuous with the
paragraph around it; not in code.
"""
from __future__ import annotations

import bisect
import dataclasses
import functools
import io
import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from lxml import html
from lxml.html import HtmlElement

from frspub.render import fontcache, fonts

# JAPANESE, WESTERN and BOUNDARY (`re.Pattern`s, read as `aki.JAPANESE`) are compiled at their first use, by
# `__getattr__`: every edition's print page and PDF writer import this module, and the two took
# 0.004 s of CPU to compile in each process, for Japanese editions only.
_PATTERNS = {"JAPANESE": r"[\u3041-\u309f\u30a1-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]",
             "WESTERN": r"[0-9A-Za-z\u00c0-\u024f]"}
# The last character before a boundary between the two (`_mark`), found in a run's whole text.
_PATTERNS["BOUNDARY"] = "{0}(?={1})|{1}(?={0})".format(_PATTERNS["JAPANESE"], _PATTERNS["WESTERN"])
# Elements whose text is not continuous with the text around them.
SEPARATE = {"p", "li", "figcaption", "caption", "td", "dd", "blockquote", "div", "section", "aside"}
SKIP = {"code", "pre", "script", "style", "sup", "sub"}
# print.css picks the sans pair where the text is set in sans (headings, bold, cover).
AKI_FAMILIES = (("FRS Serif Aki", fonts.SERIF), ("FRS Serif CJK Aki", fonts.SERIF_CJK),
                ("FRS Sans Aki", fonts.SANS), ("FRS Sans CJK Aki", fonts.SANS_CJK))


def space(body: HtmlElement) -> set[str]:
    """Mark every boundary of `body`; returns the characters that carry a space."""
    marked: set[str] = set()
    for run in text_runs(body):
        marked |= _mark(run)
    for n, span in enumerate(body.iter("span")):
        if span.get("class") == "aki":
            span.set("data-aki", str(n))  # render.justify finds its layout boxes by it
    return marked


def __getattr__(name: str) -> re.Pattern[str]:
    if name not in _PATTERNS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    compiled = globals()[name] = re.compile(_PATTERNS[name])  # asked once: a module attribute from now on
    return compiled


def _pattern(name: str) -> re.Pattern[str]:
    return globals().get(name) or __getattr__(name)


def text_runs(el: HtmlElement) -> list[list[tuple[HtmlElement, str]]]:
    """The text slots (element, "text" | "tail") of `el`, in runs of continuous inline text."""
    runs: list[list[tuple[HtmlElement, str]]] = [[]]

    def walk(e: HtmlElement) -> None:
        if e.text:
            runs[-1].append((e, "text"))
        for child in e:
            if not isinstance(child.tag, str):
                pass
            elif _separate(child):
                runs.append([])
                if child.tag not in SKIP:
                    runs.extend(text_runs(child))
                runs.append([])
            else:
                walk(child)
            if child.tail:
                runs[-1].append((child, "tail"))

    walk(el)
    return [r for r in runs if r]


def _separate(el: HtmlElement) -> bool:
    classes = (el.get("class") or "").split()
    return el.tag in SEPARATE or el.tag in SKIP or "fn" in classes or "aki" in classes


def _mark(run: list[tuple[HtmlElement, str]]) -> set[str]:
    """Wrap the last character before each boundary of `run` (right to left, so that the
    offsets still to come stay valid)."""
    where = found(run, _pattern("BOUNDARY"))
    chars = {(getattr(*run[s]) or "")[i] for s, i in where}
    for s, i in reversed(where):
        wrap(*run[s], i)
    return chars


def found(run: list[tuple[HtmlElement, str]], pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    """(slot index, offset) of each match of `pattern`, one character long, in the text of `run`
    read as one string (one regular expression pass, not a test per character and slot)."""
    texts = [getattr(el, attr) or "" for el, attr in run]
    starts = list(itertools.accumulate(map(len, texts), initial=0))
    where = []
    for m in pattern.finditer("".join(texts)):
        s = bisect.bisect_right(starts, m.start()) - 1  # (an empty slot shares its start with the next)
        where.append((s, m.start() - starts[s]))
    return where


def wrap(el: HtmlElement, attr: str, i: int, css_class: str = "aki") -> None:
    """Character `i` of `el`'s text or tail in a span of `css_class`."""
    text = getattr(el, attr)
    span = html.Element("span", {"class": css_class})
    span.text = text[i]
    span.tail = text[i + 1:]
    setattr(el, attr, text[:i] or None)
    if attr == "text":
        el.insert(0, span)
    else:
        parent = el.getparent()
        parent.insert(parent.index(el) + 1, span)


@dataclass(frozen=True)
class Twin:
    """A face made wider (narrower: render.yakumono) for one ``@font-face`` rule: `family`'s
    `face`, cut down to `chars`, each glyph `wider(unitsPerEm)` units wider, as `tag`."""

    family: str
    face: fonts.Face
    chars: frozenset[str]
    tag: str
    wider: Callable[[int], int]

    def make(self, workdir: Path) -> Path:
        """Its file (made once: `fontcache`)."""
        return advanced(self.face, set(self.chars), workdir, self.tag, self.wider)

    def path(self, workdir: Path) -> Path:
        """Where `make` puts its file (where the kept folder can take it)."""
        return _beside(fonts.cut_path(self.face, set(self.chars), workdir / "aki-src"), self.tag)


def twins(chars: set[str], families: tuple = AKI_FAMILIES, extra: int = 0, quarter: bool = True) -> list[Twin]:
    """The widened twins of `font_face_css`, in its order (none when no character carries a space)."""
    if not chars:
        return []
    wider = functools.partial(_wider, extra=extra, quarter=quarter)
    return [Twin(family, face, frozenset(chars), f"aki{extra}{'q' if quarter else ''}", wider)
            for family, faces in families for face in faces]


def rules(made: list[Twin], workdir: Path) -> str:
    """The @font-face rules of `made`, each twin's file made (or found made)."""
    return "\n".join(fonts.face_rule(dataclasses.replace(twin.face, family=twin.family), twin.make(workdir), None)
                     for twin in made)


def font_face_css(chars: set[str], workdir: Path, families: tuple = AKI_FAMILIES, extra: int = 0,
                  quarter: bool = True) -> str:
    """@font-face rules of the widened faces (none when no character carries a space);
    `extra`: that many `STEP`s of an em wider still (render.justify); `quarter`: the quarter em."""
    return rules(twins(chars, families, extra, quarter), workdir)


STEP = 40  # render.justify widens a space further in fortieths of an em


def _wider(em: int, extra: int, quarter: bool) -> int:
    return (em // 4 if quarter else 0) + round(em * extra / STEP)


def advanced(face: fonts.Face, chars: set[str], workdir: Path, tag: str, wider: Callable[[int], int]) -> Path:
    """`face` cut down to `chars`, every glyph's advance `wider(unitsPerEm)` units wider (narrower
    if negative: render.yakumono's half-width punctuation), its outlines unmoved."""
    from fontTools.ttLib import TTFont

    cut = fonts.subset(face, chars, workdir / "aki-src")
    out = _beside(cut, tag)
    if fontcache.reuse(out):
        return out
    # no head.modified = now (reproducible PDFs); no bounding boxes to recompute (outlines unchanged)
    font = TTFont(str(cut), recalcTimestamp=False, recalcBBoxes=False, lazy=True)
    delta = wider(font["head"].unitsPerEm)
    hmtx = font["hmtx"].metrics
    for name, (advance, lsb) in list(hmtx.items()):
        hmtx[name] = (advance + delta, lsb)
    if "CFF " in font:
        _cff_widths(font, delta)
    buf = io.BytesIO()
    font.save(buf)
    return fontcache.write(out, buf.getvalue(), workdir)


# The table modules `TTFont.save` looks up for the faces `advanced` saves (CFF and TrueType ones).
SAVED_TABLES = ("CFF ", "CPAL", "GDEF", "GPOS", "GSUB", "OS/2", "cmap", "cvt ", "fpgm", "fvar", "gasp", "glyf",
                "head", "hhea", "hmtx", "loca", "maxp", "name", "post", "prep")


def warm(idle: Callable[[], bool] = lambda: True) -> None:
    """Import, while `idle()` says the process has nothing better to do, what the first
    `advanced` of a process imports: fontTools' CFF and glyph-name modules and the table modules
    (0.1 s, else paid on the critical path of a Japanese PDF, by each of its two processes:
    `render.facework`).  Each step is short (the longest, otTables, 0.03 s)."""
    import importlib

    steps = ["fontTools.ttLib.tables.otData", "fontTools.ttLib.tables.otTables", "fontTools.cffLib", "fontTools.agl"]
    for name in steps:
        if not idle():
            return
        importlib.import_module(name)
    from fontTools.ttLib import getTableClass

    for tag in SAVED_TABLES:
        if not idle():
            return
        getTableClass(tag)


def _beside(cut: Path, tag: str) -> Path:
    return cut.parent / f"{tag}-{cut.name}"  # kept beside its cut (`fontcache`)


def _cff_widths(font, wider: int) -> None:
    """Every CFF glyph `wider` units wider, as in hmtx: PDF/A (ISO 19005-2, 6.2.11.5) wants the
    font program's widths to match the PDF's /W, which WeasyPrint takes from hmtx.  A charstring's
    width is its Private dict's nominalWidthX plus its own operand, or defaultWidthX without one:
    moving both moves every glyph without decoding a charstring (redrawing them cost 0.16 s)."""
    top = font["CFF "].cff.topDictIndex[0]
    for private in [fd.Private for fd in top.FDArray] if hasattr(top, "FDArray") else [top.Private]:
        private.defaultWidthX = getattr(private, "defaultWidthX", 0) + wider
        private.nominalWidthX = getattr(private, "nominalWidthX", 0) + wider

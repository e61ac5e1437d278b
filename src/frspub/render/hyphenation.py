"""Hyphenation in print: the right patterns, and names kept whole.

Takes the print HTML body of an edition (lxml) and its language; `print_lang`
gives the language tag the PDF is set in — ``en-US`` for the English edition,
whose spelling is American (a bare ``en`` selects British patterns in Pyphen:
"assist-ance", "Art-icles"; US patterns give "as-sis-tance", "Ar-ti-cles");
`protect_names` wraps every capitalised word of running text (proper names,
place names: "Pyongyang" was split "Py-ongyang") in a ``span.nohyphen`` that
print.css never hyphenates.  Japanese is not hyphenated; `japanese_spacing` keeps
numbers with their counters (`render.kinsoku`).
"""
from __future__ import annotations

import functools
import re

from lxml.html import HtmlElement

from frspub import conventions
from frspub.render import kinsoku

NAME = re.compile(r"(?<![\w’'\-])([A-ZÀ-ÖØ-Þ][\w’'\-]*[a-zà-ÿ][\w’'\-]*)")


def print_lang(lang: str) -> str:
    """The tag the PDF is set in: the one whose Pyphen patterns WeasyPrint takes (conventions)."""
    conv = conventions.of(lang)
    return conv.hyphenation or conv.html_lang


def protect_names(body: HtmlElement, lang: str) -> None:
    conv = conventions.of(lang)
    if conv.aki:
        japanese_spacing(body)
        return
    if conv.line_break == "klreq":
        korean_words(body)
        return
    if conv.typography == "de" or conv.cjk:
        return  # German capitalises every noun (Duden allows hyphenating names); Chinese is not hyphenated
    kinsoku.wrap_runs(body, NAME, _split, lambda cls: "nohyphen" in cls)


def _split(text: str) -> list:
    """[leading text, span, span…] where each span holds a name and the text after it as tail."""
    from lxml import html

    pieces = NAME.split(text)
    out: list = [pieces[0]]
    for i in range(1, len(pieces), 2):
        span = html.Element("span", {"class": "nohyphen"})
        span.text = pieces[i]
        span.tail = pieces[i + 1] if i + 1 < len(pieces) else ""
        out.append(span)
    return out


def japanese_spacing(body: HtmlElement) -> None:
    """A number and its counter, unit or prefix (18日, 3,000人, 第1718号) in one unbreakable span
    (render.kinsoku has the lists). (The quarter-em space between Japanese and Western text,
    JLReq 3.2.3, is render.aki's.)"""
    kinsoku.bind(body)


# --- Korean: lines break between words, never inside one (KLREQ 3.1.3, CSS word-break: keep-all,
# which WeasyPrint 70 does not know: Pango breaks between any two Hangul syllables) -------------
@functools.cache
def _hangul_word() -> re.Pattern[str]:
    # Compiled for a Korean edition only (every edition's print page imports this module).
    return re.compile(r"[^\s]*[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f][^\s]*")


def korean_words(body: HtmlElement) -> None:
    """Each space-free run holding Hangul in an unbreakable span (``span.ko-w``, nowrap)."""
    hangul_word = _hangul_word()
    kinsoku.wrap_runs(body, hangul_word, lambda text: _wrapped(text, hangul_word, "ko-w"),
                      lambda cls: cls in ("ko-w", "fn"))


def _wrapped(text: str, pattern: "re.Pattern[str]", cls: str) -> list:
    """[leading text, span, span…]: each match of `pattern` in a span of class `cls`, the text
    after it as its tail."""
    from lxml import html

    out: list = [text[:0]]
    pos = 0
    for m in pattern.finditer(text):
        if isinstance(out[-1], str):
            out[-1] += text[pos:m.start()]
        else:
            out[-1].tail += text[pos:m.start()]
        span = html.Element("span", {"class": cls})
        span.text = m.group(0)
        span.tail = ""
        out.append(span)
        pos = m.end()
    if isinstance(out[-1], str):
        out[-1] += text[pos:]
    else:
        out[-1].tail += text[pos:]
    return out

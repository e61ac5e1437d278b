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

import re

from lxml.html import HtmlElement

from frspub.render import kinsoku

PRINT_LANG = {"en": "en-US"}
NAME = re.compile(r"(?<![\w’'\-])([A-ZÀ-ÖØ-Þ][\w’'\-]*[a-zà-ÿ][\w’'\-]*)")
SKIP = {"script", "style", "code", "pre"}


def print_lang(lang: str) -> str:
    return PRINT_LANG.get(lang, lang)


def protect_names(body: HtmlElement, lang: str) -> None:
    if lang == "ja":
        japanese_spacing(body)
        return
    for el in list(body.iter()):
        if not isinstance(el.tag, str) or el.tag in SKIP or "nohyphen" in (el.get("class") or ""):
            continue
        if el.text and NAME.search(el.text):
            spans = _split(el.text)
            el.text = spans[0]
            for i, span in enumerate(spans[1:]):
                el.insert(i, span)
        for child in list(el):
            if child.tail and NAME.search(child.tail):
                parts = _split(child.tail)
                child.tail = parts[0]
                index = el.index(child)
                for offset, span in enumerate(parts[1:], start=1):
                    el.insert(index + offset, span)


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

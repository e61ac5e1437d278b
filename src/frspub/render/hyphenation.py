"""Hyphenation in print: the right patterns, and names kept whole.

Takes the print HTML body of an edition (lxml) and its language; `print_lang`
gives the language tag the PDF is set in — ``en-US`` for the English edition,
whose spelling is American (a bare ``en`` selects British patterns in Pyphen:
"assist-ance", "Art-icles"; US patterns give "as-sis-tance", "Ar-ti-cles");
`protect_names` wraps every capitalised word of running text (proper names,
place names: "Pyongyang" was split "Py-ongyang") in a ``span.nohyphen`` that
print.css never hyphenates.  Japanese is not hyphenated; `japanese_spacing` gives
keeps numbers with their counters.
"""
from __future__ import annotations

import re

from lxml.html import HtmlElement

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


# --- Japanese: numbers that never leave their counter (「2024年8月18 / 日」, JLReq 3.1.7) --------
CJK_CHAR = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff5e"
COUNTERS = "年月日時分秒人件回万億円歳倍発基隻機両枚台"
RUN = re.compile(rf"[0-9A-Za-z][0-9A-Za-z.,%/\-–]*(?:[{COUNTERS}])?")


def japanese_spacing(body: HtmlElement) -> None:
    """A number and its counter (18日, 3,000人) in one unbreakable span. (The quarter-em space
    between Japanese and Western text, JLReq 3.2.3, is render.aki's.)"""
    for el in list(body.iter()):
        if not isinstance(el.tag, str) or el.tag in SKIP or el.get("class") in ("ja-w", "fn"):
            continue
        if el.text and RUN.search(el.text):
            pieces = _western(el.text)
            el.text = pieces[0]
            for i, span in enumerate(pieces[1:]):
                el.insert(i, span)
        for child in list(el):
            if child.tail and RUN.search(child.tail):
                pieces = _western(child.tail)
                child.tail = pieces[0]
                index = el.index(child)
                for offset, span in enumerate(pieces[1:], start=1):
                    el.insert(index + offset, span)


def _western(text: str) -> list:
    from lxml import html

    out: list = [""]
    pos = 0
    for m in RUN.finditer(text):
        word = m.group(0)
        counter = word[-1] in COUNTERS
        if not counter:
            continue
        if isinstance(out[-1], str):
            out[-1] += text[pos:m.start()]
        else:
            out[-1].tail = (out[-1].tail or "") + text[pos:m.start()]
        span = html.Element("span", {"class": "ja-w"})
        span.text = word
        span.tail = ""
        out.append(span)
        pos = m.end()
    if isinstance(out[-1], str):
        out[-1] += text[pos:]
    else:
        out[-1].tail = (out[-1].tail or "") + text[pos:]
    return out

"""Rules a translated segment must obey, shared by `frspub check` and the build.

Takes a French segment, its msgid, the msgstr and the msgstr parsed by pandoc;
returns (errors, warnings) as messages.  Translations come from outside: they
must never inject markup or unsafe links into the HTML or EPUB editions.
"""
from __future__ import annotations

import functools
import re
from collections import Counter
from typing import Any

from frspub.note import ast, figures
from frspub.note.safety import SAFE_SCHEMES, SCHEME
from frspub.translation.segments import Segment, placeholders


# The patterns below are compiled at first use (a translated segment or a label catalog): the
# French edition's process imports this module and never uses them (0.004 s of CPU).
@functools.cache
def raw_html() -> re.Pattern[str]:
    return re.compile(r"<(/?[A-Za-z][A-Za-z0-9-]*)(\s[^<>]*)?/?>|<!--|&#?\w+;")


@functools.cache
def _number() -> re.Pattern[str]:
    return re.compile(r"\d{1,3}(?:[ \u00a0\u202f\u2009.,]\d{3})+(?!\d)|\d+")


def segment_problems(seg: Segment, msgid: str, msgstr: str, blocks: list[Any]) -> tuple[list[str], list[str]]:
    errors = placeholder_errors(msgid, msgstr)
    added = _markup(msgstr) - _markup(msgid)
    if added:
        errors.append(f"raw HTML is not allowed in a translation: {next(iter(added))!r} (a translation may "
                      "keep the msgid's own markup, not add any)")
    if len(blocks) != 1 or blocks[0]["t"] not in ("Para", "Plain"):
        errors.append("a translation must be one paragraph of inline text (no blank line, list or heading markup)")
    else:
        errors += link_errors(seg.inlines, blocks[0]["c"])
        french, translated = list(ast.nodes(seg.inlines)), list(ast.nodes(blocks[0]["c"]))  # (walked once each)
        errors += reference_errors(french, translated) + kept_errors(french, translated)
    return errors, number_warnings(msgid, msgstr)


def _markup(text: str) -> Counter[str]:
    """The tags and entities of a segment, outside its code spans (where `<hr />` is text)."""
    text = re.sub(r"(`+)(?:(?!\1).)+\1", " ", text)
    return Counter(m.group(0) for m in raw_html().finditer(text))


def placeholder_errors(msgid: str, msgstr: str) -> list[str]:
    want, got = Counter(placeholders(msgid)), Counter(placeholders(msgstr))
    errors = []
    for label in want:
        if got[label] == 0:
            errors.append(f"footnote placeholder [^{label}] of the msgid is missing from the msgstr")
        elif got[label] > 1:
            errors.append(f"footnote placeholder [^{label}] appears {got[label]} times in the msgstr")
    for label in got:
        if label not in want:
            errors.append(f"footnote placeholder [^{label}] is not in the msgid")
    return errors


def links(inlines: list[Any]) -> list[str]:
    found: list[str] = []

    def visit(nodes: list[Any]) -> list[Any]:
        for n in nodes:
            if n["t"] in ("Link", "Image"):
                found.append(n["c"][2][0])
        return nodes

    ast.walk_inline_lists([ast.Plain(inlines)], visit)
    return found


def link_errors(french: list[Any], translated: list[Any]) -> list[str]:
    errors = []
    targets = links(translated)
    for target in targets:
        m = SCHEME.match(target)
        if m and m.group(1).lower() not in SAFE_SCHEMES:
            errors.append(f"link scheme {m.group(1)!r} is not allowed (only http, https, mailto): {target}")
    if sorted(targets) != sorted(links(french)):
        changed = sorted(set(targets) ^ set(links(french))) or targets
        errors.append(f"link target changed: {', '.join(changed)}")
    return errors


def reference_errors(french: list[Any], translated: list[Any]) -> list[str]:
    """Images stay the author's (a sentence's own image may stay in its translation); figure and
    table references (`@fig:x`) are kept, moved at will.  `french`, `translated`: every node of
    the msgid's and the msgstr's inlines (`ast.nodes`)."""
    errors = []
    kept = Counter(n["c"][2][0] for n in french if n["t"] == "Image")
    if Counter(n["c"][2][0] for n in translated if n["t"] == "Image") - kept:  # the msgid's own may stay
        errors.append("an image cannot be added by a translation (a language's own image is a file "
                      "beside the French one, e.g. carte.ja.png)")
    want = Counter(filter(None, map(figures.is_ref, french)))
    got = Counter(filter(None, map(figures.is_ref, translated)))
    if want != got:
        errors.append(f"figure and table references of the msgid must be kept as they are: "
                      f"{', '.join('@' + r for r in sorted(want)) or 'none'} (found "
                      f"{', '.join('@' + r for r in sorted(got)) or 'none'})")
    return errors


def kept_errors(french: list[Any], translated: list[Any]) -> list[str]:
    """Formulas are never translated and citations keep their keys: both are kept as in the
    msgid (moved at will; a citation's prefix and locator, ``[voir @x, p. 3]``, may change).
    `french`, `translated`: every node of both (`ast.nodes`)."""
    errors = []
    want, got = _kept(french), _kept(translated)
    for kind, what in (("formula", "formulas"), ("citation", "citations")):
        if want[kind] != got[kind]:
            lost = sorted((want[kind] - got[kind]).elements())
            added = sorted((got[kind] - want[kind]).elements())
            errors.append(f"{kind} of the msgid changed: {what} must be kept as they are "
                          f"(missing: {', '.join(lost) or 'none'}; not in the msgid: {', '.join(added) or 'none'})")
    return errors


def _kept(nodes: list[Any]) -> dict[str, Counter[str]]:
    found: dict[str, Counter[str]] = {"formula": Counter(), "citation": Counter()}
    for node in nodes:
        if node["t"] == "Math":
            found["formula"]["$" + node["c"][1] + "$"] += 1
        elif node["t"] == "Cite" and not figures.is_ref(node):
            found["citation"]["; ".join("@" + c["citationId"] for c in node["c"][0])] += 1
    return found


# Scale words of each language of frspub.conventions, so that "9 millions", "9 million",
# "9 Millionen", "9 млн", "900万" and "900만" are one number (CLDR's compact decimal forms:
# ru тыс./млн/млрд, de Mio./Mrd., zh 万/亿, zh-Hant 萬/億, ko 천/만/억).
SCALES = {"million": 10**6, "millions": 10**6, "milliard": 10**9, "milliards": 10**9, "billion": 10**9,
          "billions": 10**9, "万": 10**4, "萬": 10**4, "億": 10**8, "亿": 10**8, "千": 10**3,
          "Million": 10**6, "Millionen": 10**6, "Mio.": 10**6, "Milliarde": 10**9, "Milliarden": 10**9,
          "Mrd.": 10**9, "тыс.": 10**3, "тысяч": 10**3, "тысячи": 10**3, "тысяча": 10**3, "млн": 10**6,
          "миллион": 10**6, "миллиона": 10**6, "миллионов": 10**6, "млрд": 10**9, "миллиард": 10**9,
          "миллиарда": 10**9, "миллиардов": 10**9, "천": 10**3, "만": 10**4, "억": 10**8}
_WORDS = "|".join(re.escape(w) for w in sorted(SCALES, key=len, reverse=True))


@functools.cache
def _scaled() -> re.Pattern[str]:
    # A number before its scale word may be grouped ("1 500 millions") or decimal ("1,5 Mrd.").
    return re.compile(rf"(\d{{1,3}}(?:[ \u00a0\u202f.]\d{{3}})+|\d+(?:[.,]\d+)?)\s*({_WORDS})(?![A-Za-zА-яё])")


# Chinese numerals (GB/T 15835-2011 allows them in running text): 三千, 一万五千, 两百.
HAN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
HAN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}


@functools.cache
def _han_number() -> re.Pattern[str]:
    return re.compile("[〇零一二两兩三四五六七八九十百千万萬亿億]{2,}")


def han_number(text: str) -> int | None:
    """三千 → 3000, 一万五千 → 15000 (None for a run that is not a number, such as 万万)."""
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in HAN_DIGITS:
            if digit is not None:
                return None
            digit = HAN_DIGITS[ch]
        elif HAN_UNITS[ch] >= 10**4:
            section = (section + (digit or 0)) * HAN_UNITS[ch]
            if section == 0:
                return None
            total, section, digit = total + section, 0, None
        else:
            section += (1 if digit is None else digit) * HAN_UNITS[ch]
            digit = None
    return total + section + (digit or 0)


def numbers(text: str) -> Counter[str]:
    """Numbers of a text, written without separators (3 000, 3,000, 3.000 and 3000 are one number;
    so are 三千 and, with scale words, 1 500 millions and 15亿)."""
    text = re.sub(r"\[\^[^\]]*\]", " ", text)
    found: Counter[str] = Counter()

    def scaled(m: re.Match[str]) -> str:
        digits = re.sub(r"[\s\u00a0\u202f]|\.(?=\d{3}(?!\d))", "", m.group(1))
        value = float(digits.replace(",", ".")) * SCALES[m.group(2)]
        found[str(round(value))] += 1
        return " "

    def han(m: re.Match[str]) -> str:
        value = han_number(m.group(0))
        if value is None:
            return m.group(0)
        found[str(value)] += 1
        return " "

    text = _han_number().sub(han, _scaled().sub(scaled, text))
    found.update(re.sub(r"[\s\u00a0\u202f\u2009.,]", "", n) for n in _number().findall(text))
    return found


def number_warnings(msgid: str, msgstr: str) -> list[str]:
    missing = numbers(msgid) - numbers(msgstr)
    return [f"number {n} of the French is missing from the translation" for n in sorted(missing)]

"""Japanese print: a number never leaves its counter, unit or prefix at a line end (分離禁止,
JLReq 3.1.7; JIS X 4051 §6.1.5).

Takes the body of a Japanese print page (lxml) and wraps every number that carries a
counter, a unit, a multiplier (万 億 兆) or a prefix (第 約 計) in ``span.ja-w``, which
print.css sets ``white-space: nowrap``: 「300万発」「3カ国」「決議第1718号」「900万ドル」
「2024年」「10月」「23日」 each stay on one line.  A date breaks between its parts (「2024年 /
10月」 is allowed): binding the whole date made runs several ems long that left lines short.

The lists are here, in one place, and the tests read them (`COUNTERS`, `PREFIXES`,
`MULTIPLIERS`): counters of JLReq's examples and of the notes' own text (years, people,
missiles, countries, money, distances...).  A Latin word or a bare number needs nothing:
the line breaker never splits a run of digits.
"""
from __future__ import annotations

import functools
import re
from typing import Callable

from lxml import html
from lxml.html import HtmlElement

# Counters and units that follow a number, longest first (回目 before 回).
COUNTERS: tuple[str, ...] = tuple(sorted({
    # time
    "年", "月", "日", "時", "分", "秒", "週", "世紀", "年代", "年間", "日間", "時間", "週間", "カ月", "か月",
    "ヶ月", "ヵ月", "ケ月", "箇月",
    # people, things, events
    "人", "名", "件", "回", "度", "個", "本", "枚", "台", "機", "基", "隻", "両", "発", "頭", "点", "部", "冊",
    "社", "歳", "倍", "割", "号", "条", "項", "章", "節", "位", "番", "次", "期", "回目", "人目", "番目", "師団",
    "カ国", "か国", "ヶ国", "ヵ国", "ケ国", "箇国", "カ所", "か所", "ヶ所", "箇所",
    # money and measures
    # (a long unit word keeps its first part: 「7000キロ / メートル」 may break, as a word may;
    # binding 「7000キロメートル」 whole left the line before it short by several ems)
    "円", "ドル", "ユーロ", "ウォン", "ルーブル", "元", "ポンド", "キロ", "メートル", "トン", "グラム",
    "マイル", "海里", "ノット", "%", "％",
}, key=lambda c: (-len(c), c)))
MULTIPLIERS = "万億兆"
PREFIXES: tuple[str, ...] = ("第", "約", "計")

DIGITS = "0-9０-９"
_NUMBER = rf"[{DIGITS}][{DIGITS},.，．]*"
_AMOUNT = rf"{_NUMBER}(?:[{MULTIPLIERS}](?:{_NUMBER})?)*"  # 3000万, 1億2000万, 300万
# 数十発, 数千人: a counted vague number (only with a counter, below)
_VAGUE = rf"数[十百千{MULTIPLIERS}]+"
SKIP = {"script", "style", "code", "pre"}
CLASS = "ja-w"


@functools.cache
def _bound() -> re.Pattern[str]:
    """Compiled for a Japanese edition only: every edition's print page imports this module
    (`render.hyphenation`), and the pattern took 0.004 s to compile."""
    return re.compile(
        rf"(?P<prefix>{'|'.join(PREFIXES)})?"
        rf"(?P<number>{_AMOUNT}(?:[-–〜～]{_AMOUNT})?|{_VAGUE})"
        rf"(?P<counter>{'|'.join(re.escape(c) for c in COUNTERS)})?")


def _binds(m: re.Match) -> bool:
    """A bare run of digits (2024, 3.5) needs no span; a vague number only with its counter."""
    number = m.group("number")
    if number.startswith("数"):
        return bool(m.group("counter"))
    return bool(m.group("prefix") or m.group("counter") or any(c in MULTIPLIERS for c in number))


def bind(body: HtmlElement) -> None:
    """Wrap every bound run of `body`'s text (not in code, not twice) in ``span.ja-w``."""
    wrap_runs(body, _bound(), _spans, lambda cls: CLASS in cls.split())


def wrap_runs(body: HtmlElement, found: re.Pattern[str], split: Callable[[str], list],
              skip: Callable[[str], bool]) -> None:
    """Each text and tail of `body` that `found` matches replaced by the pieces `split` makes of
    it ([text before, span, span…], each span carrying the text after it as its tail); not in
    code, nor in an element whose class `skip` names.  (The Japanese counters here, names kept
    whole and Korean words in `render.hyphenation`.)"""
    for el in list(body.iter()):
        if not isinstance(el.tag, str) or el.tag in SKIP or skip(el.get("class") or ""):
            continue
        if el.text and found.search(el.text):
            pieces = split(el.text)
            el.text = pieces[0]
            for i, span in enumerate(pieces[1:]):
                el.insert(i, span)
        for child in list(el):
            if child.tail and found.search(child.tail):
                pieces = split(child.tail)
                child.tail = pieces[0]
                index = el.index(child)
                for offset, span in enumerate(pieces[1:], start=1):
                    el.insert(index + offset, span)


def _spans(text: str) -> list:
    """[text before the first run, span, span…], each span holding a run and, as its tail, the
    text up to the next one."""
    out: list = [""]
    pos = 0
    for m in _bound().finditer(text):
        if not _binds(m):
            continue
        _append(out, text[pos:m.start()])
        span = html.Element("span", {"class": CLASS})
        span.text = m.group(0)
        span.tail = ""
        out.append(span)
        pos = m.end()
    _append(out, text[pos:])
    return out


def _append(out: list, text: str) -> None:
    if isinstance(out[-1], str):
        out[-1] += text
    else:
        out[-1].tail = (out[-1].tail or "") + text

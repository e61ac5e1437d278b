"""No hyphen ladders and no word split across a page turn, in print (WeasyPrint 70 lacks
`hyphenate-limit-lines` and `hyphenate-limit-last`).

Takes a laid-out WeasyPrint document; `forbidden` reads its body lines and returns the words
whose hyphenation must go: the third (and any further) of consecutive lines ending in a
hyphen of one block, and the word split at the last body line of a page (a page turn; the
notes are never hyphenated, print.css).  `applied` wraps each such word of the print HTML in a
``span.nohyphen`` (print.css never hyphenates it), so the next layout carries it whole to
the next line.  The decisions come from one layout and are applied in the next
(`render.layouts`); lines after a changed one may break anew, so the caller checks again.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator

from lxml import html as lhtml

from frspub.render.footnotes import BLOCK_ATTR

HYPHEN = "\u2010"  # WeasyPrint's hyphenate-character: the automatic hyphens, not "run-up"
MAX_RUN = 2  # hyphenated lines in a row (Chicago 7.41: no more than three; the house says two)
WORD_CHARS = r"\w’'"


@dataclass(frozen=True)
class Word:
    """The `nth` (from 0) whole-word occurrence of `word` in the text of body block `block`."""
    block: str
    word: str
    nth: int


@dataclass
class Line:
    page: int
    text: str
    block: str | None
    last_on_page: bool = False

    @property
    def hyphenated(self) -> bool:
        return self.text.rstrip().endswith(HYPHEN)


def body_lines(document: Any) -> list[Line]:
    """The lines of the body flow, page after page (not the notes, not the running heads)."""
    out: list[Line] = []
    for number, page in enumerate(document.pages, start=1):
        found = [Line(number, text, block) for text, block in _walk(page._page_box)]
        if found:
            found[-1].last_on_page = True
        out += found
    return out


def _walk(box: Any, block: str | None = None) -> Iterator[tuple[str, str | None]]:
    for child in getattr(box, "children", []) or []:
        kind = type(child).__name__
        if kind in ("FootnoteAreaBox", "MarginBox"):
            continue
        if kind == "LineBox":
            yield "".join(b.text for b in child.descendants() if type(b).__name__ == "TextBox"), block
            continue
        element = getattr(child, "element", None)
        number = element.get(BLOCK_ATTR) if element is not None and "::" not in (child.element_tag or "") else None
        yield from _walk(child, number or block)


def violations(document: Any) -> list[Line]:
    """Hyphenated lines that break the rules: third of a run, or last of a page."""
    return [line for line, _ in _offences(body_lines(document))]


def _offences(lines: list[Line]) -> Iterator[tuple[Line, int]]:
    run = 0
    for i, line in enumerate(lines):
        previous = lines[i - 1] if i else None
        same = previous is not None and previous.block == line.block and previous.hyphenated
        run = run + 1 if line.hyphenated and same else int(line.hyphenated)
        if line.hyphenated and (run > MAX_RUN or line.last_on_page):
            yield line, i


def forbidden(document: Any) -> list[Word]:
    """The words whose hyphenation the next layout must forbid."""
    lines = body_lines(document)
    words = []
    for line, i in _offences(lines):
        if line.block is None or i + 1 >= len(lines) or lines[i + 1].block != line.block:
            continue  # a block outside the body (colophon), or no continuation to join
        word = _word(lines, i)
        if word is not None:
            words.append(word)
    return words


def _word(lines: list[Line], i: int) -> Word | None:
    """The word split at the end of line `i`, and which of its block's occurrences it is."""
    head = re.search(rf"[{WORD_CHARS}]+$", lines[i].text.rstrip()[:-1])
    tail = re.match(rf"[{WORD_CHARS}]+", lines[i + 1].text.lstrip())
    if head is None or tail is None:
        return None
    word = head.group(0) + tail.group(0)
    before = _joined([line for line in lines[:i] if line.block == lines[i].block])
    before += " " + lines[i].text.rstrip()[:head.start()]
    return Word(lines[i].block or "", word, len(_pattern(word).findall(before)))


def _joined(lines: list[Line]) -> str:
    """A block's text from its lines, hyphens of split words removed."""
    text = ""
    for line in lines:
        text = text[:-1] + line.text.strip() if text.endswith(HYPHEN) else f"{text} {line.text.strip()}"
    return text


def _pattern(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![{WORD_CHARS}\-]){re.escape(word)}(?![{WORD_CHARS}])")


def applied(words: list[Word], text: str) -> str:
    """The print HTML `text` with each of `words` in a ``span.nohyphen``."""
    if not words:
        return text
    root = lhtml.document_fromstring(text)
    for word in words:
        found = root.xpath(f"//*[@{BLOCK_ATTR}='{word.block}']")
        if len(found) == 1:
            _wrap(found[0], word)
    return lhtml.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>")


def _slots(el: Any) -> Iterator[tuple[Any, str]]:
    """(element, "text" or "tail") in reading order, the notes' text left out (it is printed
    in the note area, not in the block's lines)."""
    yield el, "text"
    for child in el:
        if isinstance(child.tag, str) and "fn" not in (child.get("class") or "").split():
            yield from _slots(child)
        yield child, "tail"


def _wrap(block: Any, word: Word) -> bool:
    pattern, seen = _pattern(word.word), 0
    for el, attr in list(_slots(block)):
        value = getattr(el, attr) or ""
        for m in pattern.finditer(value):
            if seen == word.nth:
                span = lhtml.Element("span", {"class": "nohyphen"})
                span.text, span.tail = m.group(0), value[m.end():]
                setattr(el, attr, value[:m.start()] or None)
                if attr == "text":
                    el.insert(0, span)
                else:
                    el.getparent().insert(el.getparent().index(el) + 1, span)
                return True
            seen += 1
    return False

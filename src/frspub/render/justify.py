"""Japanese line adjustment: justified lines end flush (JLReq 3.8.2).

Takes a laid-out WeasyPrint document of a Japanese edition and its print HTML
(whose spaces `render.aki` marked); `refit` returns the document laid out
once more with its short justified lines filled, or the same document.
WeasyPrint justifies by stretching U+0020 spaces only, and Japanese has none:
a line holding Western text or digits (whose widths are not whole ems), or
shortened by kinsoku, stops short of the edge.  Following JLReq's order, each
non-final line of a justified block gets, until it is full:
1. its Japanese–Western spaces widened, in fortieths of an em (`aki.STEP`), up
   to half an em each: the characters are set in twins widened that much
   further (glyph advances, so extraction still sees no space);
2. its note call widened (a wider closing parenthesis), unless 。、 or a closing bracket
   follows it (JLReq 3.1.4: no gap there);
3. letter spacing along its longest run of plain text, under the tenth of an
   em from which extractors infer a space, with a px of slack.
The twins reach their spans through user-origin rules, hence `!important`.
The result stands only if every line holds the same text as before (so the
pages and the notes' pages are the same); else it is tried without letter
spacing, then the first layout stays.
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Callable, Iterator

from lxml import html as lhtml

from frspub.render import aki, fonts, footnotes, yakumono

MAX_STEPS = aki.STEP // 4  # a quarter em more: spaces of at most half an em (JLReq 3.8.2)
CALL_MAX_STEPS = aki.STEP // 2  # half the call's em: about a third of the text's
MIN_SHORTFALL = 0.3  # CSS px: less is invisible
# Letter spacing, a gap (not a glyph advance): kept under the tenth of an em from which text
# extractors infer a space (measured with poppler and pypdf).
CHAR_MAX = 0.08  # em
# px left unfilled: cutting a text node in two shifts its width by up to half a px (shaping
# and rounding per run), which must never push a character off the line.
SLACK = 1.0
RUN_SLACK = 0.05  # px more per run when several share a line's letter spacing
SHARE_SLACK = 0.1  # px the widened spaces leave unfilled (see `_share`)
MIN_PIECE = 6  # characters: a shorter run would crowd the space into a few gaps
LAST_ROOM = 0.45  # em: less free room at a line end than half a Latin letter pulls nothing up


def refit(document: Any, text: str, render: Callable[[str, str], Any], workdir: Path) -> Any:
    """`document`, or its text laid out again (`render(html, css)`) with short lines filled.
    The lines must keep their text: if spans set apart for spacing moved a line break, the
    layout without inter-character spacing is tried, then the first one stays."""
    plan = widenings(document)
    if not any(plan):
        return document
    lines = line_texts(document)
    for wide in (True, False):
        if not wide and not plan[3]:
            break
        again = render(*applied(plan, text, workdir, wide))
        if line_texts(again) == lines and not footnotes.misplaced(again):
            return again
    return document


def applied(plan: tuple, text: str, workdir: Path, wide: bool) -> tuple[str, str]:
    """(print HTML, CSS) carrying `plan`: spaces widened or dropped, calls widened, and (if
    `wide`) characters of space-less lines widened."""
    steps, chars, calls, pieces = plan
    root = lhtml.document_fromstring(text)
    for span in root.xpath("//span[@data-aki]"):
        k = steps.get(span.get("data-aki"))
        if k is not None:
            span.set("class", f"aki w{k}")
    css = [_faces(k, used, workdir) for k, used in sorted(chars.items())]
    css.append("html .aki.w0 { font-family: inherit !important; }")  # no space at a line end
    for span in root.xpath("//span[@data-label]"):
        k = calls.get(span.get("data-label"))
        if k:
            span.set("class", f"{span.get('class', '')} c{k}".strip())
    css += [_call_faces(k, workdir) for k in sorted(set(calls.values()))]
    if wide:
        for block, run, spacing in pieces:
            _spread(root, block, run, spacing)
    return lhtml.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>"), "\n".join(css)


def line_texts(document: Any) -> list[str]:
    return [_text(line) for line, _ in _lines(document)]


def block_lines(document: Any) -> dict[tuple[str, str], list[str]]:
    """The lines of each justified block, by block (its number, or its note's label), whatever
    page they fall on: two layouts that differ only in leading and page length, as
    `render.lastpage`'s remedy makes them, have the same."""
    found: dict[tuple[str, str], list[str]] = {}
    others: dict[int, tuple[str, str]] = {}
    for line, block in _lines(document):
        if block.style["text_align_all"] != "justify":
            continue
        element = block.element
        if element is not None and element.get("data-frs-block") is not None:
            key = ("block", element.get("data-frs-block"))
        elif element is not None and element.get("data-label") is not None:
            key = ("note", element.get("data-label"))
        else:  # cover, colophon: on pages of their own, in the same order
            key = others.setdefault(_key(block), ("other", str(len(others))))
        found.setdefault(key, []).append(_text(line))
    return found


def _text(line: Any) -> str:
    return "".join(b.text for b in line.descendants() if type(b).__name__ == "TextBox")


def _regular(faces: list[fonts.Face]) -> list[fonts.Face]:
    return [f for f in faces if f.weight == "normal" and f.style == "normal"]


def _faces(k: int, used: set[str], workdir: Path) -> str:
    # Regular faces only (`widenings` widens nothing bold or italic): each face is a font to make.
    families = ((f"FRS Serif Aki Step{k}", _regular(fonts.SERIF)),
                (f"FRS Serif CJK Aki Step{k}", _regular(fonts.SERIF_CJK)))
    return (aki.font_face_css(used, workdir, families, k) +
            f'\nhtml .aki.w{k} {{ font-family: "FRS Serif Aki Step{k}", "FRS Serif CJK Aki Step{k}" !important; }}')


def _call_faces(k: int, workdir: Path) -> str:
    return (aki.font_face_css({")"}, workdir, ((f"FRS Call Step{k}", _regular(fonts.SANS)),), k, quarter=False) +
            f'\nhtml .fn.c{k}::footnote-call {{ font-family: "FRS Call Step{k}", "FRS Sans", "FRS Sans CJK" !important; }}')


def widenings(document: Any) -> tuple[dict[str, int], dict[int, set[str]], dict[str, int], list]:
    """{data-aki: further STEPs} for the spaces of short lines (0: no space at all, at a line
    end), {STEPs: characters}, and {note label: STEPs} for the note calls that take what the
    spaces could not (a call's closing parenthesis is widened: "(3)" is not a whole em wide),
    and (block number, text, letter spacing) for lines left short: inter-character spacing,
    along the longest run of plain text of the line (JLReq 3.8.2, last step)."""
    lines = list(_lines(document))
    last = {_key(block): line for line, block in lines}  # a block's final line is left ragged
    steps: dict[str, int] = {}
    chars: dict[int, set[str]] = {}
    calls: dict[str, int] = {}
    pieces: list[tuple[str, str, float]] = []
    for line, block in lines:
        if last[_key(block)] is line or block.style["text_align_all"] != "justify":
            continue
        texts = [b for b in line.descendants() if type(b).__name__ == "TextBox"]
        if not texts:
            continue
        short = block.content_box_x() + block.width - max(b.position_x + b.width for b in texts)
        spaces = [b for b in texts if b.element is not None and b.element.get("data-aki")
                  and b.style["font_family"][0] == "FRS Serif Aki"]
        if spaces and spaces[-1] is [b for b in texts if b.text.strip()][-1]:
            # a space at the line end is dropped (JLReq 3.2.3), unless the room it leaves
            # could pull the next line's first character up
            end = spaces.pop()
            if short + end.style["font_size"] / 4 < LAST_ROOM * end.style["font_size"]:
                steps[end.element.get("data-aki")] = 0
                short += end.style["font_size"] / 4
        if short < MIN_SHORTFALL:
            continue
        regular = [b for b in spaces if b.style["font_style"] == "normal" and b.style["font_weight"] == 400]
        short -= _share(short, regular, MAX_STEPS, steps, chars)
        notes = [b for b in texts if (b.element_tag or "").endswith("::footnote-call")]
        notes = [b for b in notes if not _before_punctuation(b, texts)]
        if notes and short >= MIN_SHORTFALL:
            box = notes[-1]
            k = min(CALL_MAX_STEPS, math.floor(short / (box.style["font_size"] / aki.STEP)))
            if k > 0:
                calls[box.element.get("data-label")] = k
                short -= k * box.style["font_size"] / aki.STEP
        if short >= SLACK + MIN_SHORTFALL and block.element is not None and block.element.get("data-frs-block"):
            pieces += [(block.element.get("data-frs-block"), *piece) for piece in _pieces(texts, short)]
    return steps, chars, calls, pieces


def _spaced_to_end(box: Any, texts: list) -> bool:
    """`box`'s last letter may be spaced too: it does not end the line and the text after it is no
    smaller (a note call: the gap, counted in the call's smaller ems, would pass the tenth of an em
    from which extractors infer a space)."""
    later = texts[texts.index(box) + 1:]
    return bool(later) and later[0].style["font_size"] >= box.style["font_size"]


def _before_punctuation(call: Any, texts: list) -> bool:
    """The note call is followed by 。、 or a closing bracket: widened, it would open a gap
    before the mark (「確認した(*) 。」), which JLReq sets close (3.1.4)."""
    after = "".join(b.text for b in texts[texts.index(call) + 1:])[:1]
    return bool(after) and (after in yakumono.CLOSING or after in yakumono.STOPS)


def _pieces(texts: list, short: float) -> list[tuple[str, float]]:
    """Runs of the line's plain text (each but its last character) and the letter spacing that
    spreads `short` along them: the longest run alone if it can take it, else every run of two
    characters or more (a line left short by a number bound to its counter, render.kinsoku, is
    several ems short); none if that would exceed `CHAR_MAX` em."""
    plain = [b for b in texts if b.style["font_family"][0] == "FRS Serif" and b.style["font_style"] == "normal"
             and b.style["font_weight"] == 400 and not any(c.isspace() for c in b.text)
             and (b.element is None or not b.element.get("data-aki"))]
    if not plain:
        return []
    most = CHAR_MAX * plain[0].style["font_size"]
    # The runs' last characters stay out, so that the line breaks in plain text as before.
    runs = sorted((b.text[:-1] for b in plain), key=len, reverse=True)
    # Pango spaces a run's letters but not after its last one (measured: n letters widen by n - 1
    # spacings, the run's box by n... so a run of n characters out of its box takes n)
    spacing = (short - SLACK) / max(1, len(runs[0]))
    if len(runs[0]) >= MIN_PIECE and 0 < spacing <= most:
        return [(runs[0], spacing)]
    # every run whole but the line's last (a break opportunity is between runs, not after a letter
    # inside one: a run's last letter spaced moves no break)
    runs = [b.text if _spaced_to_end(b, texts) else b.text[:-1] for b in plain]
    runs = [r for r in runs if len(r) >= 2 and runs.count(r) == 1]
    # a little more slack per cut text node (see SLACK; Japanese runs have no kerning to lose)
    spacing = (short - SLACK - RUN_SLACK * len(runs)) / sum(len(r) for r in runs) if runs else 0
    return [(r, spacing) for r in runs] if 0 < spacing <= most else []


def _spread(root: Any, block: str, run: str, spacing: float) -> bool:
    """Wrap `run` (found once in the text of numbered block `block`) in a span that letter-spaces
    it by `spacing` px; False if it is not found exactly once."""
    found = root.xpath(f"//*[@data-frs-block='{block}']")
    if len(found) != 1:
        return False
    slots = [(el, attr) for el in found[0].iter() if isinstance(el.tag, str) for attr in ("text", "tail")
             if (el is not found[0] or attr == "text") and run in (getattr(el, attr) or "")]
    if len(slots) != 1 or (getattr(*slots[0]) or "").count(run) != 1:
        return False
    el, attr = slots[0]
    value = getattr(el, attr)
    start = value.index(run)
    span = lhtml.Element("span", {"class": "ic", "style": f"letter-spacing: {spacing:.3f}px"})
    span.text = run
    span.tail = value[start + len(run):]
    setattr(el, attr, value[:start] or None)
    if attr == "text":
        el.insert(0, span)
    else:
        el.getparent().insert(el.getparent().index(el) + 1, span)
    return True


def _share(short: float, spaces: list, most: int, steps: dict[str, int], chars: dict[int, set[str]]) -> float:
    """Give `spaces` whole STEPs (at most `most` each) adding up to `short` or less, the remainder
    one each to the first: within a step of the edge.  Returns the width given."""
    if not spaces:
        return 0.0
    unit = spaces[0].style["font_size"] / aki.STEP
    # A hair under the shortfall: Pango rounds each glyph's position (to 1/1024 px), and a line
    # filled to within 0.01 px broke one character earlier in the next layout.
    total = math.floor((short - SHARE_SLACK) / unit)
    given = 0.0
    for i, box in enumerate(spaces):
        k = min(most, total // len(spaces) + (i < total % len(spaces)))
        if k > 0:
            steps[box.element.get("data-aki")] = k
            chars.setdefault(k, set()).add(box.text)
            given += k * box.style["font_size"] / aki.STEP
    return given


def _key(block: Any) -> int:
    """The same for every page's fragment of a block."""
    return id(block.element if block.element is not None else block)


def _lines(document: Any) -> Iterator[tuple[Any, Any]]:
    """(line box, the block box holding it) of every page, in order."""
    def walk(box: Any) -> Iterator[tuple[Any, Any]]:
        for child in getattr(box, "children", []) or []:
            if type(child).__name__ == "LineBox":
                yield child, box
            else:
                yield from walk(child)

    for page in document.pages:
        yield from walk(page._page_box)

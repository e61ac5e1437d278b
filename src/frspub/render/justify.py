"""Japanese line adjustment: justified lines end flush (JLReq 3.8.4; 3.8.3 in the 1st edition).

Takes a laid-out WeasyPrint document of a Japanese edition (whose spaces `render.aki`
marked); `widenings` decides, from its boxes, how each short justified line is filled, and
`render.jafill` sets that in the same boxes (no layout of its own).
WeasyPrint justifies by stretching U+0020 spaces only, and Japanese has none:
a line holding Western text or digits (whose widths are not whole ems), or
shortened by kinsoku, stops short of the edge.  JLReq's order of expansion
("Procedures for Inter-Character Space Expansion", after JIS X 4051) is:
a. Western word spaces, up to half an em (WeasyPrint's own justification);
b. the spaces between Japanese and Western characters, up to half an em;
c. then the positions between characters (Appendix E, Table 6), all alike.
So each non-final line of a justified block (body paragraphs and notes) gets,
past what its Western word spaces take (at most `SPACE_MAX` em more each):
1. its Japanese–Western spaces widened, in fortieths of an em (`aki.STEP`), to
   at most 3/8 em in all (a quarter em and `MAX_STEPS`): under JLReq's half em,
   so that a line of dates (「2024年6月」) does not open rivers around its digits;
   the characters are set in twins widened that much further (glyph advances,
   so extraction still sees no space);
2. what is left spread evenly over every position of the line between two kana
   or kanji (`render.interchar`), as letter spacing under the tenth of an em from
   which extractors infer a space.  Nothing widens next to a note call or
   punctuation: no gap opens between 「した(3)」 and its 。.
A block whose last line would hold one character sends the character before it down
(`widowed`, JLReq 3.5.4).  The spread amounts here keep the slack the print-HTML route
needed (`SLACK`); `render.jafill` measures each line again and fills it exactly.
"""
from __future__ import annotations

import math
from typing import Any, Iterator

from frspub.render import aki, fonts, interchar

MAX_STEPS = aki.STEP // 8  # an eighth em more: spaces of at most 3/8 em (JLReq: at most half an em)
MIN_SHORTFALL = 0.3  # CSS px: less is invisible
# Letter spacing, a gap (not a glyph advance): kept under the tenth of an em from which text
# extractors infer a space (measured with poppler and pypdf).
CHAR_MAX = 0.08  # em
# px left unfilled: cutting a text node in two shifts its width by up to half a px (shaping
# and rounding per run), which must never push a character off the line.
SLACK = 1.0
SPACE_MAX = 0.25  # em a Western word space may widen (about a quarter em itself: half an em in all)
SHARE_SLACK = 0.1  # px the widened spaces leave unfilled (see `_share`)
LAST_ROOM = 0.45  # em: less free room at a line end than half a Latin letter pulls nothing up

Spread = tuple[str, str, str, dict[int, float]]  # block kind, its id, its characters, {offset: px}


def line_texts(document: Any) -> list[str]:
    return [_text(line) for line, _ in line_boxes(document)]


def _text(line: Any) -> str:
    return "".join(b.text for b in line.descendants() if type(b).__name__ == "TextBox")


def regular_faces(faces: list[fonts.Face]) -> list[fonts.Face]:
    return [f for f in faces if f.weight == "normal" and f.style == "normal"]


def widenings(document: Any) -> tuple[dict[str, int], dict[int, set[str]], list[Spread], dict]:
    """{data-aki: further STEPs} for the spaces of short lines (0: no space at all, at a line
    end), {STEPs: characters}, the letter spacing of lines still short, by block (a body
    paragraph or a note): JLReq's order, steps b and c; and the blocks whose one-character last
    line takes the character before it (`widowed`)."""
    steps: dict[str, int] = {}
    chars: dict[int, set[str]] = {}
    spreads: dict[tuple[str, str], Any] = {}
    bound: dict[tuple[str, str], tuple[int, str]] = {}  # widowed blocks whose word spaces fill the line
    read: dict[int, str] = {}  # the characters of each block so far, by `block_key`
    lines = list(line_boxes(document))
    last = {block_key(block): line for line, block in lines}  # a block's final line is left ragged
    widows = widowed(lines, last)
    for line, block in lines:
        start = len(read.get(block_key(block), ""))
        read[block_key(block)] = read.get(block_key(block), "") + interchar.line_chars(line)
        if last[block_key(block)] is line or block.style["text_align_all"] != "justify":
            continue
        em = block.style["font_size"]
        gives = id(line) in widows  # its last character goes down: it lacks one em more
        if gives:  # only if the letter spacing can take all of it (else the line would overflow)
            room = len(interchar.positions(read[block_key(block)], start, len(read[block_key(block)]) - 1))
            texts = [b for b in line.descendants() if type(b).__name__ == "TextBox"]
            gives = room * CHAR_MAX * em >= _short(line, block) + _excess(texts, 0.0) + em
        name = block_name(block)
        if id(line) in widows and not gives and name is not None:
            # its word spaces take the em (and letter spacing what they cannot): the character
            # goes down bound to the last line's, WeasyPrint's own justification fills the line
            where = interchar.positions(read[block_key(block)], start, len(read[block_key(block)]) - 1)
            rest = _beyond_spaces(line, block)
            if rest is not None and (rest <= 0 or (where and rest / len(where) <= CHAR_MAX * em)):
                bound[name] = (len(read[block_key(block)]) - 1, read[block_key(block)][-1])
                if rest > 0:
                    spreads.setdefault(name, [None, {}, False])[1].update({i: rest / len(where) for i in where})
                continue
        short = _widen_spaces(line, block, steps, chars, em if gives else 0.0)
        if short is None or short < SLACK + MIN_SHORTFALL or name is None:
            continue
        where = interchar.positions(read[block_key(block)], start, len(read[block_key(block)]) - gives)
        # A line left short by a number bound to its counter (render.kinsoku, 「ほかの / 47カ国」)
        # may lack more than CHAR_MAX per position: it takes CHAR_MAX, ending near the edge
        # (a line that sends its last character down must take all it lacks).
        if where and (short - SLACK) / len(where) <= CHAR_MAX * em or where and not gives:
            entry = spreads.setdefault(name, [None, {}, False])
            entry[1].update({i: min(CHAR_MAX * em, (short - SLACK) / len(where)) for i in where})
            entry[2] = entry[2] or gives
    for line, block in lines:  # the characters each spread must find in the HTML: all the block's
        name = block_name(block)
        if name in spreads:
            spreads[name][0] = read[block_key(block)]
    return (steps, chars, [(*name, text, spacing) for name, (text, spacing, _) in spreads.items()],
            {name: None for name, (_, _, gives) in spreads.items() if gives} | bound)


def _beyond_spaces(line: Any, block: Any) -> float | None:
    """What (px) the line lacks, once its last character has gone down, beyond what its Western
    word spaces take at `SPACE_MAX` em more each; None without such spaces (note 3 「…Policy
    Institute〕研究員）、同上に引」 / 「用。」: seven word spaces, too few kana and kanji to take it all
    as letter spacing)."""
    texts = [b for b in line.descendants() if type(b).__name__ == "TextBox"]
    spaces = sum(b.text.count(" ") for b in texts if "::" not in (b.element_tag or ""))
    em = block.style["font_size"]
    if not spaces:
        return None
    return _short(line, block) + _excess(texts, 0.0) + em - spaces * SPACE_MAX * em


# Characters that may not begin a line (JLReq 3.1.7, strict): never sent down to one.
NO_START = set("ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿーゝゞヽヾ々〻")


def widowed(lines: list[tuple[Any, Any]], last: dict[int, Any]) -> set[int]:
    """The lines (ids) whose block's last line holds one character and punctuation (「用。」) and
    whose own last character, a kana or kanji after another, can go down to it (JLReq 3.5.4:
    the remedy for a short last line)."""
    found = set()
    for (prev, block), (line, other) in zip(lines, lines[1:]):
        if last[block_key(block)] is not line or block_key(other) != block_key(block) or block_name(block) is None:
            continue
        letters = [c for c in interchar.line_chars(line) if aki.JAPANESE.match(c) or aki.WESTERN.match(c)]
        texts = [b for b in prev.descendants() if type(b).__name__ == "TextBox"]
        tail = _text(prev)
        if (len(letters) == 1 and texts and texts[-1].text.endswith(tail[-1:]) and len(tail) >= 2
                and aki.JAPANESE.match(tail[-1]) and aki.JAPANESE.match(tail[-2]) and tail[-1] not in NO_START
                and not (texts[-1].element is not None and texts[-1].element.get("data-aki"))
                and "::" not in (texts[-1].element_tag or "")):
            found.add(id(prev))
    return found


def _short(line: Any, block: Any) -> float:
    """How far (px) the line's text ends short of its block's right edge."""
    texts = [b for b in line.descendants() if type(b).__name__ == "TextBox"]
    return block.content_box_x() + block.width - max((b.position_x + b.width for b in texts), default=0.0)


def _excess(texts: list, most: float = SPACE_MAX) -> float:
    """What WeasyPrint's own justification gave the line's Western word spaces beyond `most` em
    each (JLReq's step a): the next steps take it back from them."""
    return sum(b.text.count(" ") * max(0.0, b.justification_spacing - most * b.style["font_size"])
               for b in texts if getattr(b, "justification_spacing", 0))


def block_name(block: Any) -> tuple[str, str] | None:
    """("block", number) of a body paragraph, ("note", label) of a note; None for the others."""
    element = block.element
    if element is None:
        return None
    if element.get("data-frs-block") is not None:
        return "block", element.get("data-frs-block")
    if element.get("data-label") is not None and "fn" in (element.get("class") or "").split():
        return "note", element.get("data-label")
    return None


def _widen_spaces(line: Any, block: Any, steps: dict[str, int], chars: dict[int, set[str]],
                  more: float = 0.0) -> float | None:
    """Widen the Japanese–Western spaces of `line`, lacking `more` px more than it does, into
    `steps` and `chars`; what it still lacks (px), None if nothing."""
    texts = [b for b in line.descendants() if type(b).__name__ == "TextBox"]
    if not texts:
        return None
    # A line whose last character must go down (`more`) takes back all its word spaces' stretch:
    # left to them, up to a quarter em each kept that character on the line (note 3's 「引」).
    short = _short(line, block) + more + _excess(texts, 0.0 if more else SPACE_MAX)
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
        return None
    regular = [b for b in spaces if b.style["font_style"] == "normal" and b.style["font_weight"] == 400]
    return short - _share(short, regular, MAX_STEPS, steps, chars)


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


def block_key(block: Any) -> int:
    """The same for every page's fragment of a block."""
    return id(block.element if block.element is not None else block)


def line_boxes(document: Any) -> Iterator[tuple[Any, Any]]:
    """(line box, the block box holding it) of every page, in order."""
    def walk(box: Any) -> Iterator[tuple[Any, Any]]:
        for child in getattr(box, "children", []) or []:
            if type(child).__name__ == "LineBox":
                yield child, box
            else:
                yield from walk(child)

    for page in document.pages:
        yield from walk(page._page_box)

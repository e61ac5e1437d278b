"""Japanese lines end flush in their laid-out boxes (JLReq 3.8.4): no layout of its own.

Takes a laid-out WeasyPrint document of a Japanese edition; `fill` re-sets, in place, the text
boxes of each short justified line (`render.justify` decides which spaces widen, from the same
boxes) and moves the boxes after them right by what they grew, so that the line's last glyph
ends on its block's right edge.  JLReq's order (see `render.justify`):
a. Western word spaces keep at most `justify.SPACE_MAX` em more (the rest is taken back);
b. the Japanese–Western spaces (`render.aki`) are re-set in the twin face widened by the
   steps `justify.widenings` chose (glyph advances: extractors see no gap);
c. what is left goes between two kana or kanji of the line, as letter spacing of at most
   `justify.CHAR_MAX` em: each run of such characters becomes a text box of its own with that
   `letter_spacing` (Pango spaces a layout's inner characters only, so nothing opens next to
   punctuation or a note call), and a run ending a box takes its gap at its end;
d. the word spaces take what the letter spacing could not (a line of Western words).
The widths are measured as `draw/text.py` draws them (`looseness.drawn_end`), so the last
glyph ends within a hundredth of a px of the edge.  Lines keep their text: pages and notes
stay where the layout put them.  (Until issue 22's round 4 the widths went into the print HTML
as spans and classes, which cost a second layout of the edition.)
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from frspub.render import aki, fonts, interchar, jameasure, justify

ROUNDS = 8  # measuring rounds per line: the drawn end moves a little with the TJ truncation
TOLERANCE = 0.02  # px: a line ends this close to its edge
CUTS = 8  # gaps tried for the fine one, from the line's end
FINE_MAX = 0.084  # em: the fine gap with what it takes more (under the tenth extractors see as a space)
STEP_FAMILIES = ("FRS Serif Aki Step{k}", "FRS Serif CJK Aki Step{k}")


def step_faces(chars: set[str], workdir: Path) -> str:
    """@font-face rules of every further-widened twin (`justify.MAX_STEPS` of them, regular
    faces only), registered before the first layout: a box re-set after it finds its face."""
    return "\n".join(aki.rules(step, workdir) for step in step_twins(chars))


def step_twins(chars: set[str]) -> list[list[aki.Twin]]:
    """`step_faces`'s twins, one list per step, in its order (`render.facework` makes them too)."""
    serif, cjk = justify.regular_faces(fonts.SERIF), justify.regular_faces(fonts.SERIF_CJK)
    return [aki.twins(chars, ((STEP_FAMILIES[0].format(k=k), serif), (STEP_FAMILIES[1].format(k=k), cjk)), k)
            for k in range(1, justify.MAX_STEPS + 1)]


def fill(document: Any) -> int:
    """Justify `document`'s short Japanese lines in their boxes; returns how many were re-set."""
    plan = justify.widenings(document)
    if not any(plan):
        return 0
    with jameasure.measuring():
        return _fill(document, plan)


def _fill(document: Any, plan: Any) -> int:
    steps, widowed = plan[0], plan[3]
    lines = list(justify.line_boxes(document))
    last = {justify.block_key(block): line for line, block in lines}
    moved = _widows(lines, last, set(widowed))
    done = 0
    for line, block in lines:
        if block.style["text_align_all"] != "justify" or last[justify.block_key(block)] is line:
            continue
        done += _fill_line(line, block, steps, moved)
    return done


def _widows(lines: list[tuple[Any, Any]], last: dict[int, Any], names: set) -> dict[int, str]:
    """JLReq 3.5.4: the one-character last line of each block of `names` takes the character
    before it (`justify.widowed`), both text boxes of one element; the last line's boxes are
    re-set at once, {id(text box): its text} of the lines above (their fill takes the rest)."""
    moved: dict[int, str] = {}
    for (prev, block), (line, other) in zip(lines, lines[1:]):
        if justify.block_name(block) not in names or last[justify.block_key(block)] is not line \
                or justify.block_key(other) != justify.block_key(block):
            continue
        above = [t for t in _texts(prev, []) if t.new.strip()]
        below = [t for t in _texts(line, []) if t.new and "::" not in (t.box.element_tag or "")]
        if not above or not below or above[-1].box.element is not below[0].box.element \
                or len(above[-1].new) < 2 or above[-1].style["font_family"] != below[0].style["font_family"]:
            continue
        char = above[-1].new[-1]
        moved[id(above[-1].box)] = above[-1].new[:-1]
        below[0].new = char + below[0].new
        _place(line, 0.0, {id(below[0].box): below[0]}, 0.0, 0.0)
    return moved


class _Box:
    """A text box of a line and what it becomes: its face, its word spaces' justification, the
    characters after which a gap opens."""

    def __init__(self, box: Any, parents: list[Any], new: str | None = None) -> None:
        self.box, self.parents = box, parents
        self.new = box.text if new is None else new  # its text, less a character sent down
        self.style = box.style
        self.justification = self.original = getattr(box, "justification_spacing", 0) or 0
        self.spaces = box.text.count(" ") + box.text.count("\u00a0")
        self.gaps: set[int] = set()
        self._spaced: dict[float, Any] = {}  # gap -> the letter-spaced style
        self._widths: dict[tuple[str, int, float, bool], float] = {}  # measured once: each is a Pango layout
        self._grown: dict[tuple[float, float, Any], float] = {}
        # (index, px): the gap after that character widened by px more, as a box boundary (not
        # a TJ offset, which draw/text.py rounds to a thousandth of an em per glyph)
        self.fine: tuple[int, float] | None = None

    def measure(self, text: str, style: Any, justification: float, drawn: bool = False) -> float:
        """The width of a piece (`drawn`: where its last glyph ends)."""
        key = (text, id(style), justification, drawn)
        if key not in self._widths:
            self._widths[key] = jameasure.measured(text, style, justification, drawn)
        return self._widths[key]

    def pieces(self, gap: float) -> list[tuple[str, Any, float]]:
        """(text, style, trailing gap px) of the boxes this one becomes."""
        text, out, start = self.new, [], 0
        i = 0
        while i < len(text):
            if i in self.gaps:
                end = i
                while end + 1 in self.gaps:
                    end += 1
                # characters i..end+1 spaced among themselves; the last one's gap is its box's
                stop = min(end + 2, len(text))
                if start < i:
                    out.append((text[start:i], self.style, 0.0))
                if gap not in self._spaced:
                    self._spaced[gap] = jameasure.shared(("spaced", id(self.style), gap), self.style,
                                                lambda: _letter_spaced(self.style, gap))
                trail = gap if end + 1 >= len(text) else 0.0
                m = self.fine[0] if self.fine else -1
                if i <= m <= end:  # the fine gap: the run cut there, a box boundary of its own
                    out.append((text[i:m + 1], self._spaced[gap], gap + self.fine[1]))
                    if m + 1 < stop:
                        out.append((text[m + 1:stop], self._spaced[gap], trail))
                else:
                    out.append((text[i:stop], self._spaced[gap], trail))
                start = i = stop
            else:
                i += 1
        if start < len(text):
            out.append((text[start:], self.style, 0.0))
        return out

    def grown(self, gap: float, justification: float) -> float:
        """How much wider (px) this box gets."""
        if not self.gaps and justification == self.original and self.style is self.box.style \
                and self.new == self.box.text:
            return 0.0
        key = (gap, justification, self.fine)
        if key not in self._grown:
            now = sum(self.measure(t, s, justification) + trail for t, s, trail in self.pieces(gap))
            self._grown[key] = now - self.measure(self.box.text, self.box.style, self.original)
        return self._grown[key]


def _letter_spaced(style: Any, gap: float) -> Any:
    spaced = style.copy()
    spaced["letter_spacing"] = gap
    return spaced


def _texts(box: Any, parents: list[Any], moved: dict[int, str] | None = None) -> list[_Box]:
    found = []
    for child in getattr(box, "children", []) or []:
        if type(child).__name__ == "TextBox":
            found.append(_Box(child, [*parents, box], (moved or {}).get(id(child))))
        else:
            found.extend(_texts(child, [*parents, box], moved))
    return found


def _fill_line(line: Any, block: Any, steps: dict[str, int], moved: dict[int, str]) -> int:
    texts = [t for t in _texts(line, [], moved) if t.box.text]
    visible = [t for t in texts if t.new.strip()]
    if not visible:
        return 0
    em = block.style["font_size"]
    target = block.content_box_x() + block.width
    stepped = _restyle(texts, steps)
    if not stepped and not moved.keys() & {id(t.box) for t in texts} \
            and target - _end(texts, visible[-1], 0.0, None) < 0.1:
        return 0
    named = justify.block_name(block) is not None
    positions = _positions(texts) if named else 0
    for t in texts:
        t._grown.clear()  # measured before the gaps were marked
    spaced = [t for t in texts if t.spaces and t.justification > 0 and "::" not in (t.box.element_tag or "")]
    for t in spaced:  # step a: what WeasyPrint gave beyond SPACE_MAX goes to the later steps
        t.justification = min(t.justification, justify.SPACE_MAX * t.style["font_size"])
    gap, extra = _solve(lambda g, e: target - _end(texts, visible[-1], g, e), positions,
                        justify.CHAR_MAX * em, sum(t.spaces for t in spaced),
                        min((t.justification for t in spaced), default=0.0), positions * em / 1000)
    if gap is None:
        return 0  # only past the edge (never: a line would overflow its block)
    if positions and gap < justify.CHAR_MAX * em:  # a line the letters cannot fill stays short
        _finish(texts, lambda: target - _end(texts, visible[-1], gap, extra), max(0.0, FINE_MAX * em - gap))
    _apply(line, texts, gap, extra)
    return 1


def _finish(texts: list[_Box], miss: Callable[[], float], most: float) -> None:
    """What the even gaps leave (under a thousandth of an em per letter) goes into one gap
    between letters near the line's end, which stays under `most` px more: one whose cut leaves
    the shaping alone (a kerned pair, チン in プーチン, would lose 0.05 em)."""
    base = miss()
    if abs(base) < TOLERANCE:
        return
    candidates = [(t, m) for t in texts for m in sorted(t.gaps)][::-1][:CUTS]
    for box, m in candidates:
        box.fine = (m, 0.0)
        if abs(miss() - base) < TOLERANCE:
            break
        box.fine = None
    else:
        return
    tried = [(base, 0.0)]
    for _ in range(3):
        box.fine = (m, min(max(0.0, box.fine[1] + tried[-1][0]), most))
        tried.append((miss(), box.fine[1]))
        if abs(tried[-1][0]) < TOLERANCE:
            break
    fits = [t for t in tried if t[0] >= -0.1] or tried[:1]
    box.fine = (m, min(fits, key=lambda t: abs(t[0]))[1])


def _solve(miss: Callable[[float, float], float], positions: int, cap: float, spaces: int,
           given: float, near: float) -> tuple[float | None, float]:
    """(gap between letters, px more per word space) that bring the line's end closest to its
    edge, never past it by more than 0.1 px: the letters first, up to `cap`, then the spaces
    (`given`: the least a space has, which it may give back).  The drawn end moves by steps
    (a thousandth of an em per glyph, truncated), so a gap that overshoots is bisected, and
    one short by less than `near` (that step for every gap) is left to `_finish`."""
    tried: list[tuple[float, float, float]] = []  # (miss, gap, extra)
    gap, extra, low, high = 0.0, 0.0, 0.0, cap
    for _ in range(ROUNDS):
        m = miss(gap, extra)
        tried.append((m, gap, extra))
        if abs(m) < TOLERANCE or 0 <= m < near and not extra:
            break
        if positions and not extra and (m > 0 and gap < cap or m < 0 < gap):
            low, high = (gap, high) if m > 0 else (low, gap)
            guess = gap + m / positions
            gap = guess if low < guess < high else (low + high) / 2
        elif spaces and (m > 0 or extra > 0 or given > 0):
            extra = max(extra + m / spaces, -given)
        else:
            break
    fits = [t for t in tried if t[0] >= -0.1]
    if not fits:
        return None, 0.0
    _, gap, extra = min(fits, key=lambda t: abs(t[0]))
    return gap, extra


def _restyle(texts: list[_Box], steps: dict[str, int]) -> bool:
    """Step b: the line's Japanese–Western spaces in their widened twins, or (0) in the face of
    the text around them (no space at a line end)."""
    changed = False
    for t in texts:
        element = t.box.element
        k = steps.get(element.get("data-aki")) if element is not None and element.get("data-aki") else None
        if k is None or len(t.parents) < 2:
            continue
        style = t.box.style.copy()
        if k == 0:
            style["font_family"] = t.parents[-2].style["font_family"]
        else:
            style["font_family"] = tuple(name.format(k=k) for name in STEP_FAMILIES)
        t.style, changed = style, True
    return changed


def _positions(texts: list[_Box]) -> int:
    """Mark the gaps between two kana or kanji of the line (never after its last character,
    never next to a call or punctuation: `interchar.positions`); returns how many."""
    chars: list[tuple[str, _Box | None, int]] = []
    for t in texts:
        tag = t.box.element_tag or ""
        if tag.endswith("::footnote-call"):
            chars.append((interchar.CALL, None, 0))
        elif "::" not in tag:
            # `interchar.kept`'s test, per character (it joined a string for each one)
            chars.extend((c, t, i) for i, c in enumerate(t.new) if not c.isspace() and c not in interchar.IGNORED)
    line = "".join(c for c, _, _ in chars)
    where = interchar.positions(line, 0, len(line))
    for i in where:
        _, t, index = chars[i]
        t.gaps.add(index)
    return len(where)


def _end(texts: list[_Box], final: _Box, gap: float, extra: float | None) -> float:
    """Where the line's last glyph ends (px) with `gap` between its letters and `extra` px more
    for each word space."""
    shift = 0.0
    for t in texts:
        if t is final:
            break
        shift += t.grown(gap, t.justification + (extra or 0.0) if t.spaces else t.justification)
    justification = final.justification + ((extra or 0.0) if final.spaces else 0.0)
    pieces = final.pieces(gap)
    before = sum(final.measure(text, style, justification) + trail for text, style, trail in pieces[:-1])
    text, style, _ = pieces[-1]
    return final.box.position_x + shift + before + final.measure(text, style, justification, True)


def _apply(line: Any, texts: list[_Box], gap: float, extra: float) -> None:
    """Replace each changed box by its pieces, moving every later box of the line right by what
    the earlier ones grew (an inline box holding a grown one gets that much wider)."""
    changed = {id(t.box): t for t in texts}
    _place(line, 0.0, changed, gap, extra)


def _place(box: Any, shift: float, changed: dict[int, _Box], gap: float, extra: float) -> float:
    """Move `box`'s children right by `shift` and what the earlier ones grew; returns its growth."""
    grown, children = 0.0, []
    for child in box.children:
        t = changed.get(id(child))
        if t is not None:
            justification = t.justification + (extra if t.spaces else 0.0)
            growth = t.grown(gap, justification)
            if not growth and t.style is child.style and justification == t.original and t.new == child.text:
                child.translate(shift + grown, 0)
                children.append(child)
                continue
            x = child.position_x + shift + grown
            for text, style, trail in t.pieces(gap):
                piece = child.copy_with_text(text)
                piece.style, piece.justification_spacing = style, justification
                piece.width = t.measure(text, style, justification) + trail
                piece.pango_layout, piece.position_x = jameasure.layout(text, style, justification), x
                x += piece.width
                children.append(piece)
            grown += growth
        elif type(child).__name__ == "InlineBox":
            child.position_x += shift + grown
            inner = _place(child, shift + grown, changed, gap, extra)
            child.width += inner
            grown += inner
            children.append(child)
        else:
            child.translate(shift + grown, 0)
            children.append(child)
    box.children = children
    return grown

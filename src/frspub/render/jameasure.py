"""The widths of the pieces `render.jafill` sets a short Japanese line's boxes in, measured as
`draw/text.py` draws them, and the layouts those pieces are drawn from.

Within one `measuring` (one `jafill.fill`: one font map) each width is asked of Pango once per
(text, style, justification): the pieces of a box are measured at each trial gap, and a box is
seen twice (a widow's line above, then its own line's fill).  A measure sets its text in a
Pango layout set up once per style (`measurer`); a piece set in a line gets a deactivated
layout that holds its text only (`layout`): the drawing sets it up from the box's style.
"""
from __future__ import annotations

import contextlib
import contextvars
from typing import Any, Callable, Iterator

from frspub.render import looseness

# One `fill`'s widths, letter-spaced styles and measuring layouts, shared by every `_Box` of it: a text box is
# seen again (a widow's line above, then its own line's fill) and each sight measured its
# pieces anew, a Pango layout each (ja: 1162 layouts for 996 different pieces).  Keyed by the
# style's identity, the style kept in the value: no later style can take a freed one's id.
_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar("frs_jafill_memo", default=None)


@contextlib.contextmanager
def measuring() -> Iterator[None]:
    """Widths, letter-spaced styles and measuring layouts remembered meanwhile (with the glyph
    advances `looseness.measuring` keeps)."""
    token = _memo.set({})
    try:
        with looseness.measuring():
            yield
    finally:
        _memo.reset(token)


def shared(key: tuple, style: Any, make: Callable[[], Any]) -> Any:
    """`make()`, once per `key` in this `fill` (a function of `style`, which the memo keeps
    alive so that its id names it alone); outside a `fill`, always made."""
    memo = _memo.get()
    if memo is None:
        return make()
    found = memo.get(key)
    if found is None or found[0] is not style:
        found = memo[key] = (style, make())
    return found[1]


def measured(text: str, style: Any, justification: float, drawn: bool = False) -> float:
    """`width`, once per (text, style, justification, drawn) in this fill; outside one, always
    measured.  A letter-spaced piece's width is its drawn end either way (one entry), and a plain
    piece's drawn end also keeps its plain width: the same line's logical extent, read from the
    layout just shaped (the piece set in the line asks it next: 132 measures on the sample)."""
    memo = _memo.get()
    plain = style["letter_spacing"] in ("normal", 0)
    key = ("width", text, id(style), justification, drawn or not plain)
    found = memo.get(key) if memo is not None else None
    if found is not None and found[0] is style:
        return found[1]
    layout = measurer(style, justification)
    layout.text = text
    if not key[-1]:
        value = looseness.extent(layout, True)
    else:
        value = looseness.drawn_end(layout)
        if plain and memo is not None:  # drawn_end set this text, justified, as `extent` would
            memo[key[:-1] + (False,)] = (style, looseness.line_width(layout))
    if memo is not None:
        memo[key] = (style, value)
    return value


def width(text: str, style: Any, justification: float, drawn: bool = False) -> float:
    """The width of a box of `text`: a letter-spaced run of kana and kanji (no word space) ends
    where its last glyph is drawn (`draw/text.py` truncates each glyph's offset to a thousandth
    of an em: a run of 17 lost 0.017 em, a gap before the 。 after it), anything else is Pango's."""
    layout = measurer(style, justification)
    layout.text = text
    if drawn or style["letter_spacing"] not in ("normal", 0):
        return looseness.drawn_end(layout)
    return looseness.extent(layout, True)


def measurer(style: Any, justification: float) -> Any:
    """A Pango layout set up for `style` (create_layout(…) less its unjustified set_text: the
    measure sets the text, justified, once).  One per style in a `fill`, each measure setting
    its text again (a layout's setup was a fifth of a measure): its attributes then only ever
    span the whole text (letter spacing, features) with one value, so a text set after another
    is measured as in a layout of its own.  Word spacing (justification or the style's) marks
    the spaces of one text: such a measure gets its own layout."""
    from weasyprint.text.line_break import Layout

    if justification or style["word_spacing"] or _memo.get() is None:
        return Layout(style, justification)
    return shared(("measurer", id(style)), style, lambda: Layout(style, 0))


def layout(text: str, style: Any, justification: float) -> Any:
    """A text box's Pango layout for `text`, deactivated as `create_layout(…).deactivate()`
    leaves one (`draw/text.py` reactivates it with the box's style and sets its text again,
    justified): its text and justification, no Pango object (nothing reads one before the
    drawing sets it up).  Text decorations keep font metrics and a new line a cut text:
    those are WeasyPrint's own."""
    from weasyprint.text.line_break import Layout, create_layout

    if style["text_decoration_line"] != "none" or "\n" in text:
        made = create_layout(text, style, None, None, justification)
        made.deactivate()
        return made
    made = object.__new__(Layout)  # what `Layout.__init__`, `set_text` and `deactivate` leave
    made.justification_spacing, made.max_width, made.first_line_direction = justification, None, 0
    made.text, made.ascent = text, None
    made.underline_position = made.strikethrough_position = None
    return made

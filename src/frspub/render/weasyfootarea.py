"""WeasyPrint 70's footnote areas without laying the same note out again: a version-pinned
memo of each note's layout, installed by `weasypatch.apply`.

``LayoutContext._update_footnote_area`` runs each time a note joins (or leaves) a page: it
copies the page's footnote area with all its notes and lays the copy out, only to read its
height, and throws that layout away; `make_page` then lays the page's area out once more to
print it.  A page of seven notes laid its first note out eight times: on the sample 28 note
layouts of the French PDF for 14 distinct ones (43 for 15 in English, 80 for 27 in Japanese).

The notes of an area are laid out one after the other (``block_container_layout`` of the area,
one ``block_level_layout`` per note): note *i* gets its position and the margins adjoining it
from the notes before it only.  So when a page's notes are the last measure's plus one, the
first notes are asked the very same questions again, and the printed area asks them once more.
Here each note's answer is kept per layout, keyed by everything that call reads, and a repeat
gets a copy of the laid-out note; the area itself (its margins, its height, the overflow
test) is still WeasyPrint's own code, run as before.

The key, exact (no tolerance: a position is a float compared bit for bit):
- the note's box tree as it stands (each box, its style object, a text box's text, the number
  of children): `render.weasylastpage` edits computed styles in place, so the key also holds
  a count of its remedy's edits (`epoch`), and a tree whose content a target counter renewed
  is another key;
- the call's arguments: position, bottom space, the margins adjoining, whether the page is
  empty, the containing area's size, style and direction;
- what the layout reads of the context: the page number (margin truncation), a forced break,
  columns, `render.weasyhyphens`' flag, no float about (its exclusions).
Only plain notes are kept: blocks, lines, inline and text boxes in normal flow (no float, no
absolute or running box, no table, no note call): nothing there writes to the context.  A call
that changed the context or the box lists anyway (checked before and after) is not kept.  The
copy is WeasyPrint's own ``deepcopy`` (new boxes, shared styles and text layouts, as a
layout's copies share them), each box with its own set of removed sides (WeasyPrint adds to
it in place).  The PDF is the same, byte for byte (tests/render/test_weasyfootarea.py; the
sample and the real-world corpus were compared file by file with the code before it).
"""
from __future__ import annotations

import hashlib
import inspect
from math import inf
from pathlib import Path
from typing import Any, Callable

from frspub.render import weasyhyphens, weasypin

VERSION = "70.0"
# The two layouts of a footnote area (the measure; the page's printed area in page.py's
# make_page), the call site whose use of the answer the memo repeats (the list of adjoining
# margins it passes is extended in place), and the memoised function.
PAGE_FILE_SHA256 = "d99c5aceb36d458619a9cecb466a09df8827b9160fafacab7b4972a0d354dcca"
UPDATE_SHA256 = "2e317e4b066fb80cb369a41cd6f054a127722f9961c18ef4d6e1eef93673c4c1"
IN_FLOW_SHA256 = "c2537262836dd9812b584633bee887846dba6de921b3b31bff299c5ba29e6dca"
BLOCK_LEVEL_SHA256 = "c1301dde9284e24519ee0432b508d6cd79768018d2564d4066f0fdf103982dd6"
MEMO = "frs_footarea"  # on the layout context: this layout's answers
PLAIN = ("BlockBox", "AnonBlockBox", "LineBox", "InlineBox", "TextBox")
_state: dict[str, Any] = {"epoch": 0}


def install() -> bool:
    """Wrap the measure and the notes' layout in it (once); True if the memo is on."""
    if (known := weasypin.decided(_state, refusal, "footnote-area memo")) is not None:
        return known
    _install()
    _state["installed"] = True
    return True


def refusal() -> str | None:
    """Why the memo cannot apply to this WeasyPrint, or None."""
    import weasyprint
    import weasyprint.layout as layout
    import weasyprint.layout.block as block
    import weasyprint.layout.page as page

    if weasyprint.__version__ != VERSION:
        return f"written for WeasyPrint {VERSION}, not {weasyprint.__version__}"
    if hashlib.sha256(Path(page.__file__).read_bytes()).hexdigest() != PAGE_FILE_SHA256:
        return f"WeasyPrint {weasyprint.__version__}'s layout/page.py is not the one it was written for"
    # Once installed, WeasyPrint's modules hold the wrappers: their own functions are here.
    for function, sha in ((layout.LayoutContext._update_footnote_area, UPDATE_SHA256),
                          (block._in_flow_layout, IN_FLOW_SHA256),
                          (_state.get("inner", block.block_level_layout), BLOCK_LEVEL_SHA256)):
        if hashlib.sha256(inspect.getsource(function).encode("utf-8")).hexdigest() != sha:
            return f"WeasyPrint {weasyprint.__version__}'s {function.__name__} is not the one it was written for"
    return None


def edited() -> None:
    """A computed style was edited in place (`render.weasylastpage`): older answers are stale."""
    _state["epoch"] += 1


def epoch() -> int:
    """The count of in-place style edits so far (a key part of every memo of style values)."""
    return int(_state["epoch"])


def _install() -> None:  # once `refusal` found nothing against it
    import weasyprint.layout.block as block

    watch_edits()
    _state["inner"] = block.block_level_layout
    block.block_level_layout = block_level_layout  # the name `_in_flow_layout` calls


def watch_edits() -> None:
    """Count `render.weasylastpage`'s remedy's in-place edits of computed styles (once; every
    memo keyed by style values calls it before it is installed)."""
    if "watching" not in _state:
        from frspub.render import weasylastpage

        for name in ("restyle", "undo"):
            setattr(weasylastpage.Remedy, name, _editing(getattr(weasylastpage.Remedy, name)))
        _state["watching"] = True


def _editing(method: Callable[..., Any]) -> Callable[..., Any]:
    def edit(*args: Any) -> Any:
        edited()
        return method(*args)

    return edit


def originals() -> dict[str, Callable[..., Any]]:
    """WeasyPrint's own functions (for the test that compares)."""
    return {key: _state[key] for key in ("inner",) if key in _state}


def block_level_layout(context: Any, box: Any, bottom_space: Any, skip_stack: Any, containing_block: Any,
                       page_is_empty: bool = True, absolute_boxes: Any = None, fixed_boxes: Any = None,
                       adjoining_margins: Any = None, first_letter_style: Any = None,
                       first_line_style: Any = None, discard: bool = False, max_lines: Any = None) -> Any:
    """WeasyPrint's ``block_level_layout``; a note of a footnote area answered from the memo."""
    arguments = (context, box, bottom_space, skip_stack, containing_block, page_is_empty, absolute_boxes,
                 fixed_boxes, adjoining_margins, first_letter_style, first_line_style, discard, max_lines)
    if type(containing_block).__name__ != "FootnoteAreaBox" or bottom_space != -inf:
        return _state["inner"](*arguments)
    key = _key(*arguments)
    if key is None:
        return _state["inner"](*arguments)
    memo = getattr(context, MEMO, None)
    if memo is None:
        memo = {}
        setattr(context, MEMO, memo)
    found = memo.get(key)
    if found is None:
        before = _watched(context, absolute_boxes, fixed_boxes)
        answer = _state["inner"](*arguments)
        if answer[0] is None or _watched(context, absolute_boxes, fixed_boxes) != before:
            return answer  # a note that did not fit, or wrote somewhere: not kept
        # The entry holds the styles whose ids the key has: no id is reused while it lives.
        styles = [containing_block.style, *(box.style for box, *_ in key[0])]
        memo[key] = found = (_copy(answer[0]), answer[1:], list(adjoining_margins), styles)
        return answer
    laid, rest, adjoining, _ = found
    adjoining_margins[:] = adjoining  # as the layout extends the caller's list
    resume_at, next_page, next_margins, collapsing_through, lines = rest
    return (_copy(laid), resume_at, dict(next_page), list(next_margins), collapsing_through, lines)


def _key(context: Any, box: Any, bottom_space: Any, skip_stack: Any, containing_block: Any,
         page_is_empty: bool, absolute_boxes: Any, fixed_boxes: Any, adjoining_margins: Any,
         first_letter_style: Any, first_line_style: Any, discard: bool, max_lines: Any) -> tuple[Any, ...] | None:
    """Everything the note's layout reads, or None for a call the memo leaves alone."""
    if (skip_stack is not None or adjoining_margins is None or absolute_boxes is None or fixed_boxes is None
            or first_letter_style is not None or first_line_style is not None or context.excluded_shapes):
        return None
    note = _original(context, box, containing_block)
    tree = _tree(note) if note is not None else None
    if tree is None:
        return None
    area = containing_block
    return (tree, _state["epoch"], box.position_x, box.position_y, bottom_space, tuple(adjoining_margins),
            page_is_empty, discard, max_lines, area.width, area.height, id(area.style),
            area.style["direction"], area.is_for_root_element, context.current_page, context.forced_break,
            context.in_column, bool(getattr(context, weasyhyphens.FLAG, False)))


def _original(context: Any, box: Any, area: Any) -> Any:
    """The page's note `box` is a copy of (the area holds the page's notes in order)."""
    notes = context.current_page_footnotes
    if len(area.children) != len(notes):
        return None
    for child, note in zip(area.children, notes):
        if child is box:
            same = type(note) is type(box) and note.style is box.style and note.element is box.element
            return note if same else None
    return None


def _tree(note: Any) -> tuple[Any, ...] | None:
    """The note's box tree as it stands (boxes, styles, texts), or None if it is not plain."""
    found: list[Any] = []
    stack = [note]
    while stack:
        box = stack.pop()
        if type(box).__name__ not in PLAIN or getattr(box, "footnote", None) is not None:
            return None
        if box is not note and not box.is_in_normal_flow():
            return None
        children = getattr(box, "children", None)
        found.append((box, id(box.style), getattr(box, "text", None), None if children is None else len(children)))
        if children:
            stack.extend(reversed(children))
    return tuple(found)


def _watched(context: Any, absolute_boxes: list[Any], fixed_boxes: list[Any]) -> tuple[int, ...]:
    """What a note's layout could write to besides its own boxes."""
    return (len(absolute_boxes), len(fixed_boxes), len(context.excluded_shapes), len(context.broken_out_of_flow),
            len(context.footnotes), len(context.current_page_footnotes), len(context.reported_footnotes),
            sum(len(pages) for pages in context.running_elements.values()))


def _copy(box: Any) -> Any:
    """A laid-out box tree copied for a caller who may move it (its own sides set: WeasyPrint
    adds to it in place)."""
    twin = box.copy()
    twin.remove_decoration_sides = set(box.remove_decoration_sides)
    children = getattr(box, "children", None)
    if children is not None:
        twin.children = type(children)(_copy(child) for child in children)
    return twin

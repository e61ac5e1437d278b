"""WeasyPrint 70's used lengths of a box worked out once per style and containing block: a
version-pinned memo of ``layout/percent.py:resolve_percentages``, installed by
`weasypatch.apply`.

The inline layout calls ``resolve_percentages`` for every inline and text box each time it
breaks a line through it (2,194 of the French PDF's 2,886 calls): 15 lengths resolved against
the containing block, four borders copied, box-sizing applied, about 9 % of the layout's time.
The boxes of one element share one computed style, and a line's boxes one containing block:
most calls repeat one already made.

Why the answer can be reused: the function sets the same 19 attributes (`SET`) on every box
but a page (the page box resolves its vertical margins against another length), from the
computed values it reads (the box's style: `READ`), the containing block's width and height,
and nothing else, unless borders collapse (then it keeps a border a table already resolved:
left to WeasyPrint).  The memo lives on the style object itself (so no key outlives its
style, and a copied box shares its style's answers), keyed by the containing block's width
and height (with their types: 0 and 0.0 are not the same answer) and by `render.weasyfootarea`'s
count of in-place style edits (`render.weasylastpage`'s remedy sets paragraphs closer in
their computed styles).  Page boxes, whose style `render.weasylastpage` also edits in place,
are left to WeasyPrint.  The PDF is the same, byte for byte (tests/render/test_weasypercent.py;
the sample and the real-world corpus compared file by file with the code before it).
"""
from __future__ import annotations

import hashlib
import importlib
import inspect
import math
from typing import Any, Callable

from frspub.render import weasyfootarea, weasypin

VERSION = "70.0"
# resolve_percentages and what it calls (the used values' rules), pinned together.
SOURCES_SHA256 = "a574590443cb3ba45cde501614d52a270611192316b72f04ffb2a2dc109c54a3"
SET = ("margin_left", "margin_right", "margin_top", "margin_bottom", "padding_left", "padding_right",
       "padding_top", "padding_bottom", "width", "min_width", "max_width", "height", "min_height",
       "max_height", "border_top_width", "border_right_width", "border_bottom_width", "border_left_width")
HOMES = ("weasyprint.layout.inline", "weasyprint.layout.block")  # the callers that hold it by name
ATTRIBUTE = "frs_percent"  # on a computed style: its answers
_state: dict[str, Any] = {}


def install() -> bool:
    """Wrap the function where the layout calls it (once); True if the memo is on."""
    if (known := weasypin.decided(_state, refusal, "used-length memo")) is not None:
        return known
    _install()
    _state["installed"] = True
    return True


def sources_sha256() -> str:
    import weasyprint.layout.percent as percent

    functions = (_state.get("inner", percent.resolve_percentages), percent.resolve_one_percentage,
                 percent.percentage, percent.adjust_box_sizing)
    return hashlib.sha256("".join(inspect.getsource(f) for f in functions).encode("utf-8")).hexdigest()


def refusal() -> str | None:
    """Why the memo cannot apply to this WeasyPrint, or None."""
    import weasyprint

    if weasyprint.__version__ != VERSION:
        return f"written for WeasyPrint {VERSION}, not {weasyprint.__version__}"
    if sources_sha256() != SOURCES_SHA256:
        return f"WeasyPrint {weasyprint.__version__}'s resolve_percentages is not the one it was written for"
    return None


def _install() -> None:  # once `refusal` found nothing against it
    import weasyprint.layout.percent as percent

    weasyfootarea.watch_edits()  # whether or not that memo is on: the edit count is this one's key too
    _state["inner"] = percent.resolve_percentages
    memoised = _memoised(percent.resolve_percentages)
    for name in HOMES:
        setattr(importlib.import_module(name), "resolve_percentages", memoised)


def inner() -> Callable[..., Any] | None:
    """WeasyPrint's own function (for the test that compares)."""
    return _state.get("inner")


def _exact(value: Any) -> Any:
    """A length as a key: with its type, and a zero's sign (equal numbers, other answers)."""
    if type(value) is float:
        return (value, math.copysign(1.0, value))
    return (value, type(value))


def _memoised(inner: Callable[..., Any]) -> Callable[..., Any]:
    import weasyprint.formatting_structure.boxes as boxes

    def resolve_percentages(box: Any, containing_block: Any) -> None:
        style = box.style
        if isinstance(box, boxes.PageBox) or style["border_collapse"] == "collapse":
            inner(box, containing_block)
            return
        if isinstance(containing_block, boxes.Box):
            width, height = containing_block.width, containing_block.height
        else:
            width, height = containing_block
        key = (_exact(width), _exact(height), weasyfootarea.epoch())
        answers = style.__dict__.get(ATTRIBUTE)
        if answers is None:
            answers = style.__dict__[ATTRIBUTE] = {}
        found = answers.get(key)
        if found is None:
            inner(box, containing_block)
            answers[key] = tuple(getattr(box, name) for name in SET)
            return
        for name, value in zip(SET, found):
            setattr(box, name, value)

    return resolve_percentages

"""`hyphenate-limit-lines: 2` and `hyphenate-limit-last: always` inside WeasyPrint 70's own
layout: a version-pinned patch, applied by `weasypatch.apply` before the first layout, until a
release has them (tools/upstream/weasyprint-hyphenate-limit-lines.md).

WeasyPrint 70 knows neither property: `render/hyphenlimit` used to find the third hyphenated
line of a run, and the word split at a page's last body line, in a first layout, then lay
the whole edition out again with those words kept whole.  Here the line breaker obeys both
rules as it goes, so the first layout is the one printed:
- **ladders**: `iter_line_boxes` (one block's lines, one after the other) counts the
  hyphenated lines in a row; the line after `MAX_RUN` of them is broken with hyphenation
  off (`weasypatch`'s edit of `split_first_line` reads the context's flag), so its last word
  goes whole to the next line;
- **page turns**: after `remake_page` made a page whose last body line ends in a hyphen, the
  line's start is marked to be broken without hyphens and that one page is made again from
  the state the first try started from (WeasyPrint's own `page_maker` entry, plus what
  `make_page` consumes of the context: waiting and reported notes, out-of-flow boxes,
  running elements), about an eighth of a layout.
Each line carries `frs_start`, where its block's line breaking started it: the key a page
turn marks, stable when the page is made again from the same state.
"""
from __future__ import annotations

import hashlib
import importlib
import inspect
import logging
from typing import Any, Iterator

VERSION = "70.0"
MAX_RUN = 2  # hyphenated lines in a row: hyphenlimit.MAX_RUN (not imported: it would close an import circle)
FLAG = "frs_hyphens_off"  # context attribute `split_first_line` reads (weasypatch)
WHOLE = "frs_whole_lines"  # context attribute: starts of lines to break without hyphens
MAX_TRIES = 3  # makes of one page (a changed line may move the page end onto another hyphen)
LINES_SHA256 = "04aec48abfcad809bc94c54eeba0e23a389e824cec85fe67bc1b21412d29dc3a"
PAGE_SHA256 = "1ff09b2dffa17839c03aec1150866068066c43e76a5cace0ea298e68909c6d31"
_state: dict[str, Any] = {}


def install() -> bool:
    """Wrap WeasyPrint's line and page makers (once); True if they obey the rules."""
    if "installed" not in _state:
        _state["installed"] = _install()
    return bool(_state["installed"])


def _install() -> bool:
    import weasyprint
    import weasyprint.layout.inline as inline
    import weasyprint.layout.page as page

    for function, sha in ((inline.iter_line_boxes, LINES_SHA256), (page.remake_page, PAGE_SHA256)):
        source = inspect.getsource(function)
        if weasyprint.__version__ != VERSION or hashlib.sha256(source.encode("utf-8")).hexdigest() != sha:
            logging.getLogger("frspub").debug("hyphen-limit patch not applied (WeasyPrint %s's %s is not the one "
                                              "it was written for): render.linerules lays out again where a "
                                              "rule is broken", weasyprint.__version__, function.__name__)
            return False
    _state["lines"], _state["page"] = inline.iter_line_boxes, page.remake_page
    for name in ("weasyprint.layout.inline", "weasyprint.layout.block"):
        setattr(importlib.import_module(name), "iter_line_boxes", iter_line_boxes)
    page.remake_page = remake_page
    return True


def originals() -> dict[str, Any]:
    """WeasyPrint's own functions, by module and name (for the tests that show what it does)."""
    if not _state.get("installed"):
        return {}
    return {("weasyprint.layout.inline", "iter_line_boxes"): _state["lines"],
            ("weasyprint.layout.block", "iter_line_boxes"): _state["lines"],
            ("weasyprint.layout.page", "remake_page"): _state["page"]}


def hyphenated(line: Any) -> bool:
    """`line` ends in its hyphenate character (an automatic or soft-hyphen break)."""
    last = None
    for box in line.descendants():
        if type(box).__name__ == "TextBox":
            last = box
    return last is not None and last.text.endswith(last.style["hyphenate_character"])


def _start(box: Any, skip_stack: Any) -> tuple[Any, str]:
    """Where a line starts: its block's line box (the box itself, not its id: the key keeps it
    alive, so no later box of the render can take its address) and the skip stack."""
    return box, repr(skip_stack)


def iter_line_boxes(context: Any, box: Any, position_y: float, bottom_space: float, skip_stack: Any,
                    *rest: Any) -> Iterator[tuple[Any, Any]]:
    """WeasyPrint's own lines of `box`, each broken with hyphenation off when it would be the
    third hyphenated line in a row or a page turn marked it."""
    lines = _state["lines"](context, box, position_y, bottom_space, skip_stack, *rest)
    whole, run, start = getattr(context, WHOLE, ()), 0, skip_stack
    while True:
        before = getattr(context, FLAG, False)
        setattr(context, FLAG, run >= MAX_RUN or _start(box, start) in whole)
        try:
            line, resume_at = next(lines)
        except StopIteration:
            return
        finally:
            setattr(context, FLAG, before)  # an inline-block's lines inside this one's
        line.frs_start = _start(box, start)
        run = run + 1 if hyphenated(line) else 0
        yield line, resume_at
        start = resume_at


def last_body_line(page: Any) -> Any | None:
    """The last line of a page's flow (not its notes, not its margin boxes)."""
    last = None
    stack = [page.children[0]] if page.children else []
    while stack:  # depth first, in order: the last line found is the lowest of the flow
        box = stack.pop()
        if type(box).__name__ == "LineBox":
            last = box
            continue
        stack.extend(reversed(getattr(box, "children", None) or []))
    return last


def remake_page(index: int, context: Any, root_box: Any, html: Any) -> tuple[Any, Any]:
    """WeasyPrint's page `index`, made again (from the same state) while its last body line
    ends in a hyphen that a whole word can avoid."""
    if not hasattr(context, WHOLE):
        setattr(context, WHOLE, set())
    saved = _saved(context, index)
    page, resume_at = _state["page"](index, context, root_box, html)
    for _ in range(MAX_TRIES - 1):
        line = last_body_line(page)
        start = getattr(line, "frs_start", None)
        if line is None or start is None or start in getattr(context, WHOLE) or not hyphenated(line):
            break
        getattr(context, WHOLE).add(start)
        _restore(context, index, saved)
        page, resume_at = _state["page"](index, context, root_box, html)
    return page, resume_at


def _saved(context: Any, index: int) -> dict[str, Any]:
    """What making page `index` changes in the context, as it was before."""
    maker = context.page_maker
    return {
        "footnotes": list(context.footnotes), "reported": list(context.reported_footnotes),
        "broken": dict(context.broken_out_of_flow), "rendered": len(context.rendered_notes or []),
        "running": {name: {page: list(boxes) for page, boxes in pages.items()}
                    for name, pages in context.running_elements.items()},
        "makers": len(maker), "next": maker[index + 1] if index + 1 < len(maker) else None,
        "remake": {key: list(value) if isinstance(value, list) else value for key, value in maker[index][-1].items()},
    }


def _restore(context: Any, index: int, saved: dict[str, Any]) -> None:
    context.footnotes = list(saved["footnotes"])
    context.reported_footnotes = list(saved["reported"])
    context.broken_out_of_flow = dict(saved["broken"])
    if context.rendered_notes is not None:
        del context.rendered_notes[saved["rendered"]:]
    context.running_elements.clear()
    for name, pages in saved["running"].items():
        context.running_elements[name].update({page: list(boxes) for page, boxes in pages.items()})
    maker = context.page_maker
    del maker[saved["makers"]:]
    if saved["next"] is not None:
        maker[index + 1] = saved["next"]
    maker[index][-1].clear()
    maker[index][-1].update({key: list(value) if isinstance(value, list) else value
                             for key, value in saved["remake"].items()})

"""A page WeasyPrint 70 would make again from the very inputs it was made from is the page it
was: a version-pinned wrapper of its `make_page`, installed under `render/weasylastpage`'s
by `weasypatch.apply`, that hands back the page already made and does only the bookkeeping
that ends WeasyPrint's own make (page counters, anchors, the looked-up counters), taken from
WeasyPrint's source itself (pinned by its SHA-256).

Why a page is asked for again with nothing changed: the Sommaire's `target-counter()`s.
WeasyPrint 70's `build.compute_content_list` files a target counter under the anchor None
(it names the anchor from the `attr()` token, not its value) and, in the same list, as a
missing counter of the Sommaire's own box (one variable names both lists).  So no heading's
page ever flags the Sommaire (`targets.cache_target_page_counters` finds no box waiting for
it); instead the Sommaire's page flags itself, at the end of each make, whenever its page
counters differ from the last ones seen: at the first make (none seen), and at the make of
the next pass (the page total went from 0 to the count).  The next pass's make lays out the
content the first make's end left, which still shows the page numbers unknown then: the
same page.  Its end reads the headings' pages, and the third pass's make prints them.  With
`render/weasylastpage`'s remedy a pass more runs, which remakes the Sommaire again.

A make is handed back when everything it reads is what the page's last make read:
- the page's entry in WeasyPrint's page maker (where it starts, its type, its counters but
  the page total, which only `counter(pages)` in content reads, refreshed by the
  bookkeeping), the page's margins (the remedy's long pages), the forced-break flag;
- the box tree's generated content: every looked-up counter's content is watched (its text
  and boxes before and after each `parse_again`), and any change since the make counts;
- the lines `render/weasyhyphens` breaks without hyphens, the remedy's restyled boxes;
- and a quiet page: no notes, nothing reported or broken out of flow, no running or
  positioned element, no note area, not blank, not the first: the make left nothing in the
  layout context but what is restored here.
"""
from __future__ import annotations

import copy
import hashlib
import inspect
from dataclasses import dataclass
from typing import Any, Callable

from frspub.log import log
from frspub.render import weasyhyphens, weasylastpage

VERSION = "70.0"
MAKE_PAGE_SHA256 = weasylastpage.MAKE_PAGE_SHA256  # the same function, pinned once
TAIL = "    # Update page counter values\n"  # where make_page's bookkeeping begins
MADE = "frs_same_made"  # context attribute: page index -> _Made
WATCH = "frs_same_watch"  # context attribute: [content changes seen], once the lookups are watched
KEPT = "frs_same_kept"  # context attribute: how many pages were handed back (to inspect a layout)
POSITIONED = ("absolute", "fixed")
_state: dict[str, Any] = {}


@dataclass
class _Made:
    """A page's last make: what it read, what it returned, what it left in the context."""
    inputs: tuple
    whole: frozenset  # render/weasyhyphens' marked lines when it was made
    styles: dict  # the remedy's restyles in force when it was made (`_styles`)
    result: tuple[Any, Any, Any]
    bottom: float
    area: Any
    alone: bool  # the make took and left no note, nothing reported, broken or running
    quiet: bool | None = None  # decided when first asked (a scan of the page)
    starts: frozenset = frozenset()  # its lines' starts (`weasyhyphens`' keys), with `quiet`


def wrap(inner: Callable[..., Any]) -> Callable[..., Any]:
    """`inner` (WeasyPrint 70's make_page) with pages handed back, or `inner` itself if it is
    not the function this was written for."""
    import weasyprint
    import weasyprint.layout.page as page

    source = inspect.getsource(inner)
    if weasyprint.__version__ != VERSION or hashlib.sha256(source.encode("utf-8")).hexdigest() != MAKE_PAGE_SHA256:
        log.debug("same-page patch not applied (WeasyPrint %s's make_page is not the one it was written for)",
                  weasyprint.__version__)
        return inner
    start = source.index(TAIL)
    line = inspect.getsourcelines(inner)[1] + source[:start].count("\n")
    header = "def _tail(context, page, page_type, style, page_number, page_state, resume_at, next_page):\n"
    code = compile("\n" * (line - 2) + header + source[start:], page.__file__, "exec")
    made: dict[str, Any] = {}
    exec(code, vars(page), made)  # noqa: S102 - WeasyPrint's own source, checked by its hash
    _state["inner"], _state["tail"] = inner, made["_tail"]

    def make_page(context: Any, root_box: Any, page_type: Any, resume_at: Any, page_number: int,
                  page_state: Any) -> Any:
        return _make(context, root_box, page_type, resume_at, page_number, page_state)

    return make_page


def _make(context: Any, root_box: Any, page_type: Any, resume_at: Any, page_number: int, page_state: Any) -> Any:
    _watch(context)
    inputs = _inputs(context, page_type, resume_at, page_number, page_state)
    records = context.__dict__.setdefault(MADE, {})
    last = records.get(page_type.index)
    if inputs is not None and last is not None and last.alone and last.inputs == inputs and _quiet(context, last) \
            and _lines_kept(context, last) and _styles_kept(context, root_box, last):
        return _again(context, root_box, page_type, page_number, page_state, last)
    result = _state["inner"](context, root_box, page_type, resume_at, page_number, page_state)
    if inputs is None:
        records.pop(page_type.index, None)
    else:
        alone = not (context.current_page_footnotes or context.reported_footnotes or context.broken_out_of_flow
                     or any(pages.get(page_number) for pages in context.running_elements.values()))
        records[page_type.index] = _Made(inputs, _whole(context), _styles(context), result, context.page_bottom,
                                         context.current_footnote_area, alone)
    return result


def _inputs(context: Any, page_type: Any, resume_at: Any, page_number: int, page_state: Any) -> tuple | None:
    """What the make of this page reads, or None if it reads more than that (a page that
    takes reported notes, broken floats or running elements is always made)."""
    if page_type.blank or page_number == 1 or context.reported_footnotes or context.broken_out_of_flow:
        return None
    if any(pages.get(page_number) for pages in context.running_elements.values()):
        return None
    style = context.style_for(page_type)
    state = copy.deepcopy(page_state)
    state[1].pop("pages", None)  # the page total: read by the bookkeeping only (run again here)
    margins = tuple(style[f"margin_{side}"] for side in ("top", "right", "bottom", "left"))
    return (page_type, copy.deepcopy(resume_at), state, margins, style["size"], context.forced_break,
            getattr(context, WATCH)[0])


def _styles(context: Any) -> dict[tuple[int, str], tuple[Any, Any]]:
    """The remedy's restyled box styles now: (style's id, property) -> (style, value)."""
    return {(id(style), name): (style, style[name]) for style, name, _ in weasylastpage.restyled(context)}


def _styles_kept(context: Any, root_box: Any, last: _Made) -> bool:
    """The remedy's restyles since the make (`render/weasylastpage`: the boxes of its last
    pages set closer, or set back) touch none of the page's elements, and the page ended at a
    forced break (or the document's end): its make laid out no box past its own."""
    before = {(id(style), name): value for style, name, value in weasylastpage.restyled(context)}
    now = _styles(context)
    changed = {id(style) for key, (style, value) in last.styles.items() if now.get(key, (style, style[key[1]]))[1] != value}
    changed |= {id(style) for key, (style, value) in now.items() if key not in last.styles and value != before[key]}
    if not changed:
        return True
    page, resume_at, next_page = last.result
    if resume_at is not None and next_page["break"] == "any":
        return False
    touched = {box.element for box in root_box.descendants() if id(box.style) in changed}
    return not any(box.element in touched for box in page.descendants(placeholders=True))


def _whole(context: Any) -> frozenset:
    return frozenset(getattr(context, weasyhyphens.WHOLE, ()))


def _lines_kept(context: Any, last: _Made) -> bool:
    """The lines `render/weasyhyphens` marked since the make (to break without hyphens) are
    none of the page's: each marked line is another page's last, and a page that ended at a
    forced break (or the document's end) laid out no line past its own."""
    added = _whole(context) - last.whole
    if not added:
        return True
    page, resume_at, next_page = last.result
    return (resume_at is None or next_page["break"] != "any") and not added & last.starts


def _quiet(context: Any, last: _Made) -> bool:
    """The last make left nothing in the context but its page (decided once per make)."""
    if last.quiet is None:
        page = last.result[0]
        area = context.style_for(page.page_type, "@note-area")
        boxes = list(page.descendants(placeholders=True))
        last.starts = frozenset(box.frs_start for box in boxes if hasattr(box, "frs_start"))
        last.quiet = (len(page.children) == 3 and not page.children[1].children and not page.children[2].children
                      and (area is None or _page_free(area["content"])) and not page.fixed_boxes
                      and not any(box.style["position"] in POSITIONED or box.style["float"] != "none"
                                  for box in boxes))
    return last.quiet


def _page_free(content: Any) -> bool:
    """A note area's content that reads no page counter: none, or the page's own running
    notes (WeasyPrint's default, `element(note, all-once)`: none on a page that has none)."""
    return content == "normal" or all(kind == "element()" and value[-1] == "all-once" for kind, value in content)


def _again(context: Any, root_box: Any, page_type: Any, page_number: int, page_state: Any, last: _Made) -> Any:
    """The page `last` made, with what its make did to the context and WeasyPrint's own
    bookkeeping of the page run again (which may ask for the next pass, as the make would)."""
    style = context.style_for(page_type)
    style["overflow"] = root_box.viewport_overflow
    context.page_bottom = last.bottom
    context.current_page = page_number
    context.current_page_footnotes = []
    context.current_footnote_area = last.area
    context.reported_footnotes = []
    context.broken_out_of_flow = {}
    context.__dict__[KEPT] = context.__dict__.get(KEPT, 0) + 1
    page, resume_at, next_page = last.result
    return _state["tail"](context, page, page_type, style, page_number, page_state, resume_at, next_page)


def _watch(context: Any) -> None:
    """Count, from now on, the looked-up counters' `parse_again`s that change their box's
    content (once per layout context: its lookups are all collected before pagination)."""
    if hasattr(context, WATCH):
        return
    seen = [0]
    setattr(context, WATCH, seen)
    for (box, token), item in context.target_collector.counter_lookup_items.items():
        if token == "content":
            item.parse_again = _watched(item.parse_again, box, seen)


def _watched(parse_again: Callable[..., Any], box: Any, seen: list[int]) -> Callable[..., Any]:
    def again(*args: Any) -> Any:
        before = content(box)
        try:
            return parse_again(*args)
        finally:
            if content(box) != before:
                seen[0] += 1
    return again


def content(box: Any) -> tuple:
    """What a box's generated content lays out: its boxes' kinds, texts and images."""
    return tuple((type(child).__name__, getattr(child, "text", None), getattr(child, "is_leader", False),
                  id(getattr(child, "replacement", None)), content(child))
                 for child in getattr(box, "children", None) or ())

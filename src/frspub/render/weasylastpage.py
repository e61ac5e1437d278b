"""The last-page remedy inside WeasyPrint 70's own pagination: a version-pinned wrapper,
installed by `weasypatch.apply`, so that a leftover last page costs a few pages made again,
not a second layout of the edition.

`render/lastpage` used to see the leftover (a last page under `lastpage.SHORT` lines) in a
finished layout, then lay the whole edition out again with its remedy in the print HTML.
Here, while `remedying()` is on (`render/pdf` turns it on for an edition's layouts), the
page maker's pass that ends on a leftover is followed at once by a remake of the last
spreads only, from WeasyPrint's own `page_maker` state, with the remedy a typesetter
uses there: those pages run long (`lastpage.BOTTOM`: their bottom margin gives up a line)
and their paragraphs set a little closer (`lastpage.LEADING`, `lastpage.PARAGRAPH`), in
the box tree's computed styles of the blocks laid out on them.  The remake starts on a
left-hand page, so that both pages of a spread have the same depth.  It stands only if
the edition has a page fewer; else the whole body is tried so (the old remedy's reach),
and if that fails too the first pages are made again as they were.  Every later pass of
the same layout (WeasyPrint's own repagination for page numbers) keeps the remedy, and a
layout of the same text decides the same: the remedy is a function of the layout.

The last page box records what was done (`TRIED`), which `lastpage.tried` reads: a
leftover that the remedy could not cure is not tried again by a layout of its own.
"""
from __future__ import annotations

import contextlib
import contextvars
import hashlib
import inspect
from typing import Any, Iterator

from frspub.log import log
from frspub.render import lastpage

VERSION = "70.0"
ALL_PAGES_SHA256 = "b5e4034894841caa9581fa5d33338c71a7d8948be65618d358ab4b946f367edb"
MAKE_PAGE_SHA256 = "656f183328e8b1b56311a342621442056c067422958dcaf6730acdfb6c7b8971"
MARGIN_BOXES_SHA256 = "4a2d2e301eb3bc47c2812d1502d4d6ce3b65922a76e69fb45c11a5ae353198a7"
TRIED = lastpage.TRIED  # on the last page box: "saved", "kept" (no page saved) or absent
DONE = "frs_lastpage_done"  # on the layout context: the remedy is decided once per layout
_wanted: contextvars.ContextVar["Made | None"] = contextvars.ContextVar("frs_lastpage", default=None)
_state: dict[str, Any] = {}
MM = 96 / 25.4  # CSS px per mm


class Made:
    """Pages made again by the remedy, over the layouts of one `remedying` (the build log
    shows them beside the layout count: a remake is not free)."""

    def __init__(self) -> None:
        self.pages = 0
        # The starts that did not save the page, by the first pass's lines per page: a later
        # layout of the edition with the lines of its first (the Western line rules' own, when
        # `render/layouts` takes one) skips the tries the first paid for in vain.
        self.failed: dict[tuple[int, ...], set[int]] = {}


@contextlib.contextmanager
def remedying() -> Iterator[Made]:
    """The layouts made meanwhile (in this thread) cure a leftover last page themselves."""
    made = Made()
    token = _wanted.set(made)
    try:
        yield made
    finally:
        _wanted.reset(token)


def cures() -> bool:
    """The layouts of an edition cure a leftover themselves (the patch is installed).  A
    Japanese edition's too: its remedy once rode as CSS in its justification's layout, which
    then could not go away while the leftover needed it."""
    return install()


def install() -> bool:
    """Wrap WeasyPrint's page makers (once); True if a leftover is cured in the layout."""
    if "installed" not in _state:
        _state["installed"] = _install()
    return bool(_state["installed"])


def _install() -> bool:
    import weasyprint
    import weasyprint.layout as layout
    import weasyprint.layout.page as page

    for function, sha in ((page.make_all_pages, ALL_PAGES_SHA256), (page.make_page, MAKE_PAGE_SHA256),
                          (page.make_margin_boxes, MARGIN_BOXES_SHA256)):
        source = inspect.getsource(function)
        if weasyprint.__version__ != VERSION or hashlib.sha256(source.encode("utf-8")).hexdigest() != sha:
            log.debug("last-page patch not applied (WeasyPrint %s's %s is not the one it "
                                              "was written for): render.lastpage lays out again",
                                              weasyprint.__version__, function.__name__)
            return False
    _state["all"], _state["page"], _state["margins"] = page.make_all_pages, page.make_page, page.make_margin_boxes
    layout.make_all_pages = make_all_pages
    page.make_all_pages = make_all_pages
    page.make_page = make_page
    layout.make_margin_boxes = make_margin_boxes
    return True


def wrap_page(wrapper: Any) -> None:
    """WeasyPrint's make_page, which this module's calls, becomes `wrapper(it)`
    (`render/weasysame`: under the remedy's margins, so that it sees them)."""
    if _state.get("installed"):
        _state["page"] = wrapper(_state["page"])


def restyled(context: Any) -> list[tuple[Any, str, Any]]:
    """The remedy's changes in force in this layout: (box style, property, value before)
    each (`render/weasysame` compares them between two makes of a page)."""
    remedy = getattr(context, DONE, None)
    return list(remedy.styles) if isinstance(remedy, Remedy) else []


def make_margin_boxes(context: Any, page: Any, state: Any) -> Iterator[Any]:
    """WeasyPrint's margin boxes; on a page that runs long, the bottom ones where they are on
    the other pages (centred in the usual margin, not in the smaller one: the folio of the
    last spread would sit 3 mm lower than on the pages before)."""
    remedy = getattr(context, DONE, None)
    usual = remedy.bottoms.get(page.page_type.index) if isinstance(remedy, Remedy) else None
    lift = (usual.value - page.margin_bottom) / 2 if usual is not None and usual.unit == "px" else 0
    for box in _state["margins"](context, page, state):
        if lift and box.at_keyword.startswith("@bottom"):
            box.translate(0, -lift)
        yield box


def make_page(context: Any, root_box: Any, page_type: Any, *rest: Any) -> Any:
    """WeasyPrint's page, running long when the remedy reaches it (a body page from the
    remedy's first page on)."""
    remedy = getattr(context, DONE, None)
    if isinstance(remedy, Remedy) and page_type.name == "body":
        style = context.style_for(page_type)
        remedy.bottoms.setdefault(page_type.index, style["margin_bottom"])
        if remedy.start is not None and page_type.index >= remedy.start:
            from weasyprint.css.properties import Dimension

            style["margin_bottom"] = Dimension(lastpage.BOTTOM * MM, "px")
        else:
            style["margin_bottom"] = remedy.bottoms[page_type.index]
    return _state["page"](context, root_box, page_type, *rest)


class Remedy:
    """What the remedy changed in one layout, to keep it in later passes or take it back."""

    def __init__(self) -> None:
        self.start: int | None = None  # the first page index run long, None: none
        self.bottoms: dict[int, Any] = {}  # page index -> its own bottom margin
        self.styles: list[tuple[Any, str, Any]] = []  # (style, property, value before)

    def restyle(self, style: Any, name: str, value: Any) -> None:
        self.styles.append((style, name, style[name]))
        style[name] = value

    def undo(self) -> None:
        for style, name, value in reversed(self.styles):
            style[name] = value
        self.styles.clear()
        self.start = None


def make_all_pages(context: Any, root_box: Any, html: Any, pages: list[Any]) -> Iterator[Any]:
    """WeasyPrint's pages; on the layout's first pass that ends on a leftover (while
    `remedying`), the last spreads made again with the remedy."""
    counted = _wanted.get()
    if counted is None or hasattr(context, DONE):
        yield from _state["all"](context, root_box, html, pages)
        return
    remedy = Remedy()
    setattr(context, DONE, remedy)
    notes = list(context.footnotes)  # as layout_document keeps them for its later passes
    made = list(_state["all"](context, root_box, html, pages))
    if len(made) < 2 or lastpage.box_lines(made[-1]) >= lastpage.SHORT:
        yield from made
        return
    outcome, count = "kept", len(made)
    failed = counted.failed.setdefault(tuple(lastpage.box_lines(page) for page in made), set())
    for start in [start for start in _starts(made) if start not in failed]:
        counted.pages += len(made) - start
        made = _remade(context, root_box, html, made, notes, remedy, start)  # all again from `start`
        if len(made) < count:
            outcome = "saved"
            break
        failed.add(start)
    if outcome == "kept" and remedy.start is not None:
        counted.pages += len(made) - remedy.start
        made = _remade(context, root_box, html, made, notes, remedy, None)  # as they were
    setattr(made[-1], TRIED, outcome)
    log.debug("last page: %s, from page %s on (%d pages)", outcome,
                                      "-" if remedy.start is None else remedy.start + 1, len(made))
    yield from made


def _starts(made: list[Any]) -> list[int]:
    """Where the remake may start: the left-hand page of the spread before the leftover's,
    then the first body page (the old remedy's reach).  Pages are made again from the start
    on, so a later try costs its own pages only."""
    body = [i for i, page in enumerate(made) if page.page_type.name == "body"]
    if not body:
        return []
    first, last = body[0], len(made) - 1
    near = max(first, last - 2)
    while near > first and made[near].page_type.side != "left":
        near -= 1
    return [near] if near == first else [near, first]


def _remade(context: Any, root_box: Any, html: Any, made: list[Any], notes: list[Any], remedy: Remedy,
            start: int | None) -> list[Any]:
    """The pages again from `start` (None: the remedy taken back, from where it began)."""
    begin = remedy.start if start is None else start
    remedy.undo()
    if start is not None:
        remedy.start = start
        _restyle(root_box, made[start:], remedy)
    for entry in context.page_maker[begin:len(made)]:  # each page from there: its style changed
        entry[-1]["content_changed"] = True
    # What layout_document does between two passes: the page total in every page's counters
    # (without it, a page that looks a target's page up, the Sommaire, kept its first pass's 0)
    # and the notes waiting as they were before the first.
    for entry in context.page_maker:
        entry[3][1]["pages"] = [len(made)]
    context.footnotes = list(notes)
    remade = list(_state["all"](context, root_box, html, made))
    _look_again(context)
    return remade


def _look_again(context: Any) -> None:
    """Every box that shows a target's page (the Sommaire's numbers) reads it again, and its
    page is made again in WeasyPrint's next pass.  In Japanese, after the last spread's try
    and the remake from the body's first page, WeasyPrint kept the Sommaire's page although a
    heading had moved up a page (its target records the new page; no page was flagged to be
    made again; the cause in its target bookkeeping is not found), and the Sommaire printed
    3 for a heading on page 2.  One page more made in WeasyPrint's next pass, which the
    remake's page total already asks for."""
    for item in context.target_collector.counter_lookup_items.values():
        index = item.page_maker_index
        if item.missing_target_counters and index is not None and index < len(context.page_maker):
            item.parse_again(item.cached_page_counter_values)
            context.page_maker[index][-1]["content_changed"] = True


def _restyle(root_box: Any, pages: list[Any], remedy: Remedy) -> None:
    """The blocks of `main` laid out on `pages`, set closer: `main`'s leading where they
    inherit it, and its paragraphs' usual spacing."""
    shown = {box.element for page in pages for box in page.descendants() if box.element is not None}
    main = next((box for box in root_box.descendants() if box.element_tag == "main"), None)
    if main is None:
        return
    from weasyprint.css.properties import Dimension

    leading = main.style["line_height"]
    if not isinstance(leading, float):
        return  # print.css sets a number; anything else is not the remedy's to change
    # As the CSS remedy: `html:lang(ja) main`'s leading, else `main`'s (by language, not by the
    # leading print.css happens to give Japanese today).
    closer = lastpage.LEADING_JA if str(main.style["lang"] or "").startswith("ja") else lastpage.LEADING
    spacing = _usual_spacing(main)
    for box in main.descendants():
        if box.element not in shown or box.element is main.element:  # main spans the pages kept too
            continue
        if box.style["line_height"] == leading:
            remedy.restyle(box.style, "line_height", closer)
        if box.element_tag == "p" and box.style["margin_bottom"] == spacing:
            remedy.restyle(box.style, "margin_bottom", Dimension(lastpage.PARAGRAPH * MM, "px"))


def _usual_spacing(main: Any) -> Any:
    """The bottom margin most of `main`'s paragraphs have (print.css's `p`)."""
    from collections import Counter

    found = Counter(box.style["margin_bottom"] for box in main.descendants() if box.element_tag == "p")
    return found.most_common(1)[0][0] if found else None

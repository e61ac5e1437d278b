"""WeasyPrint 70 keeps notes on their call's page under ``footnote-policy: line``: a
version-pinned fix, applied once before the first layout, until a release carries it.

The bug (tools/upstream/weasyprint-footnote-policy.md has the report and the patch for
Kozea/WeasyPrint): when a line overflows the page and orphans/widows forbid a break just
before it but allow one just after, ``layout/block.py:_linebox_layout`` moves the page's
footnotes to the next page, last first, until the line fits, whatever their
``footnote-policy``: a note then leaves its call's page, which ``line`` (and ``block``)
forbid.  The fix: notes whose policy is not ``auto`` are never moved; the page breaks
where orphans and widows hold instead (WeasyPrint's own `_break_line`: the block that
could not leave enough lines goes to the next page, and a heading before it with it, by
its ``break-after: avoid``).  (Until round 3 the page broke just before the overflowing
line, relaxing orphans: a heading was left at a page foot with one line under it.)

`apply` edits the source of that one function (three lines added after the one that
decides to move notes) and installs the result in WeasyPrint's module.  It refuses, and
says why, for any other WeasyPrint version or a function whose source is not the one
the patch was written for (SHA-256): `render/footnotes` then still checks every page and
lays out again where a note moved.

A second fix, the same way (tools/upstream/weasyprint-trailing-space.md): WeasyPrint 70's
``text/line_break.py:split_first_line`` counts a text's collapsible trailing space in the
width that must fit.  A text ending in a space before an inline (``…pays. <span>Au</span>``)
that fits only without that space is then "too long" by a fraction of a point, and the line
breaks after its first word: "le Japon," alone across a justified line.  The fix: the
width that must fit is that of the text without its collapsible trailing spaces (they hang,
CSS Text 3 §4.1.3; the caller, ``split_inline_box``, already discounts them).

A third, with it (tools/upstream/weasyprint-hyphenate-limit-lines.md): the same function
reads ``hyphens`` as ``none`` while `render.weasyhyphens` says so on the layout context, and
`apply` installs that module's line and page makers, which keep at most two hyphenated lines
in a row and no hyphen at a page's last line (``hyphenate-limit-lines``/``-last``).

And `render.weasylines` memoises the patched function: one edition asks it the same
question again and again (a page's notes at each note added, pages made again).
"""
from __future__ import annotations

import hashlib
import inspect
import logging

from frspub.render import (
    pydyfonce,
    sourceblocks,
    weasydraw,
    weasyfootarea,
    weasyhyphens,
    weasylastpage,
    weasylines,
    weasypaint,
    weasyparse,
    weasypercent,
    weasypin,
    weasysame,
    weasysheet,
)

VERSION = "70.0"
SOURCE_SHA256 = "e07bbe000974787ee370be1f419a01a21b327a1a1e3025a65afd47589060883d"
ANCHOR = "            report = not context.in_column and can_break_now and not could_break_before\n"
ADDED = """\
            if report and any(note.style['footnote_policy'] != 'auto'
                              for note in context.current_page_footnotes):
                # These notes' calls are on this page: never move them.  Break where orphans
                # and widows hold instead (`_break_line`: here the whole block goes on).
                report = False
"""
HANG_SHA256 = "39ad1016863ca34de0bea4c9fcffb46da7e27813c87dd82b7011bfa19fe5504f"
HANG_ANCHOR = "    if resume_index is None and first_line_width <= max_width:\n"
HANG_ADDED = """\
    if resume_index is None and space_collapse and first_line_width > max_width and text.endswith(' '):
        # Collapsible spaces at the line end hang: only the text before them must fit.
        hanging = create_layout(text.rstrip(' '), style, context, max_width, justification_spacing)
        hung_line, hung_resume = hanging.get_first_line()
        if hung_resume is None:
            first_line_width = min(first_line_width, line_size(hung_line, style)[0])
"""
# A third edit of split_first_line: hyphenation off for the line `render.weasyhyphens` says
# (its flag on the layout context), so that its last word goes whole to the next line.
HYPHENS_LINE = "    hyphens = style['hyphens']\n"
HYPHENS_EDIT = f"    hyphens = 'none' if getattr(context, {weasyhyphens.FLAG!r}, False) else style['hyphens']\n"
# Modules holding split_first_line by name (imported with `from … import`).
HANG_HOMES = ("weasyprint.text.line_break", "weasyprint.layout.inline", "weasyprint.layout.preferred")
_state: dict[str, object] = {}


def apply() -> bool:
    """Install the fix (once); True if WeasyPrint runs with it."""
    if "applied" not in _state:
        with sourceblocks.remembered():  # the functions' ends, not tokenized again (render/sourceblocks)
            _install_all()
    return bool(_state["applied"])


def _install_all() -> None:
    _state["applied"] = _install()
    _state["hang"] = _install_hang()
    _state["hyphens"] = bool(_state["hang"]) and weasyhyphens.install()
    # Its READ list was taken from WeasyPrint 70's source: pinned with the edit above.
    _state["lines"] = bool(_state["hang"]) and bool(weasylines.install(HANG_HOMES, weasyhyphens.FLAG))
    _state["lastpage"] = weasylastpage.install()
    if _state["lastpage"]:  # a page asked again with nothing changed is handed back (render/weasysame)
        weasylastpage.wrap_page(weasysame.wrap)
    _state["pydyf"] = pydyfonce.install()  # the writing: each object serialised once
    _state["footarea"] = weasyfootarea.install()  # the notes' measure remembered (render/weasyfootarea)
    _state["percent"] = weasypercent.install()  # a box's used lengths, once per style (render/weasypercent)
    _state["sheet"] = weasysheet.install()  # the linked print.css parsed once per content (render/weasysheet)
    _state["parse"] = weasyparse.install()  # frspub's print HTML read by libxml2 (render/weasyparse)
    _state["draw"] = weasydraw.install()  # a line's glyphs drawn from remembered pieces (render/weasydraw)
    _state["paint"] = weasypaint.install()  # the pages drawn by two processes at once (render/weasypaint)


def original() -> object:
    """WeasyPrint's own function (for the test that shows the bug)."""
    import weasyprint.layout.block as block

    return _state.get("original", block._linebox_layout)


def hang_original() -> object:
    """WeasyPrint's own split_first_line (for the test that shows the bug)."""
    import weasyprint.text.line_break as line_break

    return _state.get("hang_original", line_break.split_first_line)


def refusal(version: str, source: str, sha: str = SOURCE_SHA256, anchor: str = ANCHOR) -> str | None:
    """Why the patch (by default the footnote one) cannot apply to this WeasyPrint, or None."""
    if version != VERSION:
        return f"written for WeasyPrint {VERSION}, not {version}"
    if hashlib.sha256(source.encode("utf-8")).hexdigest() != sha or source.count(anchor) != 1:
        return f"WeasyPrint {version}'s function is not the one the patch was written for"
    return None


def _patched(function: object, anchor: str, added: str, swap: tuple[str, str] | None = None) -> object:
    """`function` compiled again with `added` after `anchor` (and the line `swap[0]` replaced by
    `swap[1]`: same line count), in its own module's namespace."""
    source = inspect.getsource(function)
    if swap is not None and source.count(swap[0]) == 1:
        source = source.replace(*swap)
    return weasypin.recompiled(function, source.replace(anchor, added + anchor), inspect.getmodule(function))


def _install_hang() -> bool:
    import importlib

    import weasyprint
    import weasyprint.text.line_break as line_break

    function = line_break.split_first_line
    why = refusal(weasyprint.__version__, inspect.getsource(function), HANG_SHA256, HANG_ANCHOR)
    if why:
        logging.getLogger("frspub").debug("trailing-space patch not applied (%s)", why)
        return False
    patched = _patched(function, HANG_ANCHOR, HANG_ADDED, (HYPHENS_LINE, HYPHENS_EDIT))
    _state["hang_original"] = function
    for name in HANG_HOMES:
        setattr(importlib.import_module(name), "split_first_line", patched)
    return True


def _install() -> bool:
    import weasyprint
    import weasyprint.layout.block as block

    function = block._linebox_layout
    source = inspect.getsource(function)
    why = refusal(weasyprint.__version__, source)
    if why:
        logging.getLogger("frspub").debug("footnote patch not applied (%s): render.footnotes lays out "
                                          "again where a note leaves its call's page", why)
        return False
    first = inspect.getsourcelines(function)[1]
    # Padded so that a traceback through the patched function names block.py's own lines.
    code = compile("\n" * (first - 1) + source.replace(ANCHOR, ANCHOR + ADDED), block.__file__, "exec")
    made: dict[str, object] = {}
    exec(code, vars(block), made)  # noqa: S102 - WeasyPrint's own source, checked by its hash
    _state["original"] = function
    block._linebox_layout = made["_linebox_layout"]
    return True

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
"""
from __future__ import annotations

import hashlib
import inspect
import logging

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
_state: dict[str, object] = {}


def apply() -> bool:
    """Install the fix (once); True if WeasyPrint runs with it."""
    if "applied" not in _state:
        _state["applied"] = _install()
    return bool(_state["applied"])


def original() -> object:
    """WeasyPrint's own function (for the test that shows the bug)."""
    import weasyprint.layout.block as block

    return _state.get("original", block._linebox_layout)


def refusal(version: str, source: str) -> str | None:
    """Why the patch cannot apply to this WeasyPrint, or None."""
    if version != VERSION:
        return f"written for WeasyPrint {VERSION}, not {version}"
    if hashlib.sha256(source.encode("utf-8")).hexdigest() != SOURCE_SHA256 or source.count(ANCHOR) != 1:
        return f"WeasyPrint {version}'s _linebox_layout is not the one the patch was written for"
    return None


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

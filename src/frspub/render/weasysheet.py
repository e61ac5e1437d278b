"""WeasyPrint 70's linked stylesheet parsed once per content, and made while the PDF's process
waits: a version-pinned patch of ``css/__init__.py:find_stylesheets``, installed by
`weasypatch.apply`, and `prepare`, called by the spare PDF process (`build.spare`) before the
edition arrives.

Every layout (`footnotes.settle`'s rounds, `layouts.lay_out`'s second one) parses the print
HTML's ``<link rel="stylesheet" href="print.css">`` again: tinycss2, the selectors, the
declarations' validation, 0.03 s for frspub's print.css, on the PDF's critical path.  What
that parse leaves does not depend on the edition: a `cssselect2.Matcher` (read only once
built: WeasyPrint itself shares its user-agent sheet's between documents), the ``@page``
rules it appends to the layout's list, and its base URL.  Other at-rules have effects beyond
the sheet (``@font-face`` registers fonts into the layout's `FontConfiguration`, ``@import``
fetches, ``@layer``, ``@counter-style``, ``@color-profile`` fill the layout's own tables):
a sheet whose parse did any of that is parsed every time, as before (`_parsed` watches).

`linked` replaces the link branch's ``CSS(url=…)``: it fetches the URL as WeasyPrint would
and keys the parse by what the fetch gave (final URL, content type, charset, bytes) and the
media type, so an edited print.css is parsed again.  A known sheet becomes a new `CSS` with
the remembered matcher and base URL, its ``@page`` rules appended to the layout's list at the
place the parse would have put them (the cascade's order and origins unchanged); an unknown
one is parsed by WeasyPrint's own `CSS`, from the bytes already fetched.  Warnings of a parse
(frspub keeps WeasyPrint's logger at ERROR) are not said again on a reuse.

`prepare` parses the project's print.css that way, and makes the `FontConfiguration` the
edition's PDF will use (`render.closedfonts`: frspub's faces only), while the
process waits for the edition; `font_configuration` hands it over once.  The PDFs are the
same, byte for byte (tests/render/test_weasysheet.py; the sample and the real-world corpus
compared file by file with the code before it).
"""
from __future__ import annotations

import hashlib
import inspect
from pathlib import Path
from typing import Any

from frspub.render import weasypin

VERSION = "70.0"
# find_stylesheets (patched) and CSS.__init__ (whose attributes a reuse sets), pinned together.
SOURCES_SHA256 = "a7ad5d91f1a2f858f76332fabcb2e3e9c4a442e0b0551ce3cfa0ac91bd60dfaf"
ANCHOR = "                    yield CSS(\n                        url=href,"
EDIT = "                    yield _frspub_linked_css(\n                        url=href,"
HOOK = "_frspub_linked_css"  # the name the patched function calls, set in WeasyPrint's css module
KEEP = 4  # sheets remembered (the preview server sees print.css edited again and again)
_sheets: dict[tuple[Any, ...], _Sheet] = {}
_state: dict[str, Any] = {}


class _Sheet:
    """What a linked sheet's parse leaves that a later layout can reuse."""

    def __init__(self, base_url: str, matcher: Any, page_rules: list[Any]) -> None:
        self.base_url, self.matcher, self.page_rules = base_url, matcher, page_rules


def _sources() -> str:
    import weasyprint
    from weasyprint import css

    return inspect.getsource(css.find_stylesheets) + inspect.getsource(weasyprint.CSS.__init__)


def refusal() -> str | None:
    """Why the patch cannot apply to this WeasyPrint, or None."""
    import weasyprint
    from weasyprint import css

    if weasyprint.__version__ != VERSION:
        return f"written for WeasyPrint {VERSION}, not {weasyprint.__version__}"
    if hashlib.sha256(_sources().encode()).hexdigest() != SOURCES_SHA256 or \
            inspect.getsource(css.find_stylesheets).count(ANCHOR) != 1:
        return "WeasyPrint's find_stylesheets or CSS.__init__ is not the one the patch was written for"
    return None


def install() -> bool:
    """Patch find_stylesheets (once); False, and WeasyPrint's own left, if it is not the one pinned."""
    if (known := weasypin.decided(_state, refusal, "linked stylesheet memo")) is not None:
        return known
    from weasyprint import css

    function = css.find_stylesheets
    made = weasypin.recompiled(function, inspect.getsource(function).replace(ANCHOR, EDIT), css)
    setattr(css, HOOK, linked)
    _state["original"], _state["installed"] = function, True
    css.find_stylesheets = made
    return True


def original() -> Any:
    """WeasyPrint's own find_stylesheets (for the tests that compare)."""
    from weasyprint import css

    return _state.get("original", css.find_stylesheets)


def linked(**kwargs: Any) -> Any:
    """What ``CSS(**kwargs)`` gives for a ``<link>``ed stylesheet (`kwargs` has its ``url``)."""
    from weasyprint import CSS
    from weasyprint.logger import PROGRESS_LOGGER
    from weasyprint.urls import fetch

    url, fetcher = kwargs["url"], kwargs["url_fetcher"]
    with fetch(fetcher, url) as response:  # a failure raises what CSS's own fetch raises
        data, got = response.read(), (response.url, response.headers, response.status)
        css_type, key = response.content_type, (got[0], response.content_type, response.charset,
                                                 kwargs["media_type"], data)
    sheet = _sheets.get(key)
    if sheet is None:
        return _parsed(kwargs, key, _Served(fetcher, url, got, data), css_type == "text/css")
    PROGRESS_LOGGER.info("Step 2 - Fetching and parsing CSS - %s", url)
    made = CSS.__new__(CSS)
    made.base_url, made.matcher = sheet.base_url, sheet.matcher
    made.page_rules = [] if kwargs["page_rules"] is None else kwargs["page_rules"]
    made.page_rules.extend(sheet.page_rules)
    made.layers = [] if kwargs["layers"] is None else kwargs["layers"]
    return made


def _parsed(kwargs: dict[str, Any], key: tuple[Any, ...], served: _Served, css: bool) -> Any:
    """WeasyPrint's own parse of the sheet, remembered if it touched nothing but its matcher
    and the layout's @page rules: no fetch besides its own (an @import, a font, a colour
    profile), no @font-face (`_Faces` sees the call, whether the font loads or not), the
    layout's counter styles, colour profiles and layers as they were."""
    from weasyprint import CSS

    page_rules, tables = kwargs["page_rules"], (kwargs["counter_style"], kwargs["color_profiles"])
    start, layers = len(page_rules or ()), list(kwargs["layers"] or ())
    before = [dict(table or {}) for table in tables]
    faces = _Faces(kwargs["font_config"])
    made = CSS(**{**kwargs, "url_fetcher": served, "font_config": faces})
    same = all(_same(before[i], tables[i] or {}) for i in range(2)) and layers == list(kwargs["layers"] or ())
    if css and same and not faces.asked and not served.others:
        _remember(key, _Sheet(made.base_url, made.matcher, made.page_rules[start:]))
    return made


def _same(before: dict[Any, Any], after: dict[Any, Any]) -> bool:
    return before.keys() == after.keys() and all(after[k] is v for k, v in before.items())


class _Faces:
    """The layout's font configuration as a sheet's parse sees it (it only registers
    ``@font-face`` rules there): says whether it was asked to."""

    def __init__(self, fonts: Any) -> None:
        self.fonts, self.asked = fonts, False

    def add_font_face(self, descriptors: Any, fetcher: Any) -> Any:
        self.asked = True
        return None if self.fonts is None else self.fonts.add_font_face(descriptors, fetcher)


def _remember(key: tuple[Any, ...], sheet: _Sheet) -> None:
    while len(_sheets) >= KEEP:
        del _sheets[next(iter(_sheets))]
    _sheets[key] = sheet


class _Served:
    """The URL fetcher that gives `url`'s response once more (already fetched: `linked`), and
    fetches anything else (an @import, a font) with the layout's own fetcher."""

    def __init__(self, fetcher: Any, url: str, got: tuple[str, Any, int], data: bytes) -> None:
        self.fetcher, self.url, self.got, self.data = fetcher, url, got, data
        self.others = False  # asked for anything else
        self._fail_on_errors = getattr(fetcher, "_fail_on_errors", False)

    def __call__(self, url: str) -> Any:
        from weasyprint.urls import URLFetcherResponse

        if url == self.url and self.data is not None:
            data, self.data = self.data, None
            return URLFetcherResponse(self.got[0], data, self.got[1], self.got[2])
        self.others = True
        return self.fetcher(url)


def prepare(templates: Path) -> None:
    """While the PDF's process waits: make the font configuration (`font_configuration`) and
    parse `templates`/print.css (`sheet`)."""
    from frspub.render import closedfonts

    _state["fonts"] = closedfonts.configuration()
    sheet(templates)


def sheet(templates: Path) -> None:
    """Parse `templates`/print.css as the layout will find it, for the layouts of this process
    and of those it forks (the preview's fork server).  A failure only leaves it to the layout
    (which reports what is wrong)."""
    from weasyprint.css import counters
    from weasyprint.html import parse_url
    from weasyprint.urls import URLFetcher, URLFetchingError, ensure_url

    url = parse_url("print.css", ensure_url(str(templates)))  # print.html.j2's link, as find_stylesheets reads it
    if not install() or url is None:
        return
    try:
        # No font configuration: a sheet with @font-face registers nothing here (nor is it kept).
        linked(url=url, url_fetcher=URLFetcher(), media_type="print", font_config=None,
               counter_style=counters.CounterStyle(), color_profiles={}, page_rules=[], layers=[],
               _check_mime_type=True)
    except (URLFetchingError, OSError, ValueError):
        pass


def font_configuration() -> Any:
    """The `FontConfiguration` `prepare` made (once), or a new one (`render.closedfonts`)."""
    from frspub.render import closedfonts

    return _state.pop("fonts", None) or closedfonts.configuration()

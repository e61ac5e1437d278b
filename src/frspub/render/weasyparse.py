"""The print HTML read by libxml2 (lxml, C) into the very tree tinyhtml5 builds: a
version-pinned patch of WeasyPrint 70's ``HTML.__init__``, installed by `weasypatch.apply`.

WeasyPrint parses its HTML with tinyhtml5, the WHATWG algorithm in pure Python: 0.04-0.05 s
for the French note's 33 KB print HTML, after the hand-over, on the PDF's critical path.  That
HTML is frspub's own: `render.printpage` serialises an lxml tree (``lxml.html.tostring``).
libxml2 reads it in under a millisecond; the tree is then copied into the ElementTree elements
tinyhtml5 would have made (same tags, attributes in order, texts and tails), 2-9 ms.

The two parsers agree only on markup that HTML's tree construction leaves as written, so the
copy is used only when `tree` can vouch for it, and tinyhtml5 reads anything else:
- the text is what libxml2's serialiser writes back from the tree it read (the doctype
  ``<!DOCTYPE html>``: no quirks), character for character: no character reference but
  ``&amp; &lt; &gt; &quot;``, no duplicate attribute, no stray or implied tag, no comment
  outside the root, lower-case names;
- no carriage return, NUL or other control character; no comment at all; no line feed
  just after ``<pre>`` (HTML drops it);
- only the elements of `ALLOWED` (no foreign SVG/MathML, raw-text, form, template, ruby,
  frameset or obsolete element), attribute names without ``:``, and the document
  ``html > head, body`` with only meta, title, link, base in the head;
- nothing the tree construction would move: no element that closes a ``p`` (`P_CLOSERS`)
  inside an open one, no heading in a heading, no list item in an item of its own kind, no
  link in a link, table parts only where tables have them (no text in them), no void
  element with content.
Then the only difference left is where HTML puts the white space outside ``head`` and
``body``: none before ``head``, and what follows ``</body>`` at the body's end (`_whitespace`).
The equality is proved on the sample's three editions and the real-world corpus's
(tests/render/test_weasyparse.py compares every element, attribute, text and tail).
"""
from __future__ import annotations

import hashlib
import inspect
import io
import re
from typing import Any

from frspub.render import weasypin

VERSION = "70.0"
SOURCE_SHA256 = "5f19f40b81837f87ae7af8e5c53d5f11e7c98ba245094a86d45f5f14d001b943"
ANCHOR = "            result = tinyhtml5.parse(file_obj, **kwargs)\n"
EDIT = "            result = _frspub_parse_html(file_obj, **kwargs)\n"
HOOK = "_frspub_parse_html"
DOCTYPE = "<!DOCTYPE html>"
HEAD = frozenset({"meta", "title", "link", "base"})
VOID = frozenset({"br", "img", "hr", "meta", "link", "wbr", "col", "base"})
# WHATWG HTML 13.2.6.4.7: start tags that close an open p ("in button scope").
P_CLOSERS = frozenset({"address", "article", "aside", "blockquote", "div", "dl", "figcaption", "figure",
                       "footer", "header", "main", "nav", "ol", "p", "section", "ul", "h1", "h2", "h3",
                       "h4", "h5", "h6", "pre", "table", "hr", "li", "dd", "dt"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
BUTTON_SCOPE = frozenset({"table", "td", "th", "caption", "html"})  # of those ALLOWED
# "Special" elements that end the list-item search (all but address, div, p) among ALLOWED.
ITEM_BOUNDARY = frozenset({"article", "aside", "blockquote", "body", "caption", "col", "colgroup", "dd",
                           "dl", "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
                           "head", "header", "hr", "html", "img", "li", "link", "main", "meta", "nav", "ol",
                           "pre", "section", "table", "tbody", "td", "tfoot", "th", "thead", "title", "tr",
                           "ul", "wbr", "br", "base"})
MARKERS = frozenset({"td", "th", "caption"})  # reset the active formatting elements (an open a)
TABLE = {"table": frozenset({"caption", "colgroup", "thead", "tbody", "tfoot"}),
         "thead": frozenset({"tr"}), "tbody": frozenset({"tr"}), "tfoot": frozenset({"tr"}),
         "tr": frozenset({"td", "th"}), "colgroup": frozenset({"col"})}
PARENTS = {"caption": frozenset({"table"}), "colgroup": frozenset({"table"}), "thead": frozenset({"table"}),
           "tbody": frozenset({"table"}), "tfoot": frozenset({"table"}), "tr": frozenset({"thead", "tbody", "tfoot"}),
           "td": frozenset({"tr"}), "th": frozenset({"tr"}), "col": frozenset({"colgroup"}),
           "head": frozenset({"html"}), "body": frozenset({"html"}), "html": frozenset({""})}
PHRASING = ("a abbr b bdi bdo br cite code data del dfn em i img ins kbd mark q s samp small span strong "
            "sub sup time u var wbr")
ALLOWED = frozenset(PHRASING.split()) | P_CLOSERS | HEAD | frozenset(TABLE) | frozenset(PARENTS) | {
    "html", "head", "body"}
BAD_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]|<!--|<pre[^>]*>\n|&(?!(?:amp|lt|gt|quot);)")
_state: dict[str, Any] = {}


class Unsure(Exception):
    """The tree construction may not leave this markup as libxml2 read it."""


def refusal() -> str | None:
    """Why the patch cannot apply to this WeasyPrint, or None."""
    import weasyprint

    if weasyprint.__version__ != VERSION:
        return f"written for WeasyPrint {VERSION}, not {weasyprint.__version__}"
    source = inspect.getsource(weasyprint.HTML.__init__)
    if hashlib.sha256(source.encode()).hexdigest() != SOURCE_SHA256 or source.count(ANCHOR) != 1:
        return "WeasyPrint's HTML.__init__ is not the one the patch was written for"
    return None


def install() -> bool:
    """Patch HTML.__init__ (once); False, and tinyhtml5 left alone, if it is not the one pinned."""
    if (known := weasypin.decided(_state, refusal, "libxml2 reading of the print HTML")) is not None:
        return known
    import weasyprint

    function = weasyprint.HTML.__init__
    source = inspect.getsource(function).replace(ANCHOR, EDIT)
    made = weasypin.recompiled(function, _dedent(source), weasyprint)  # a method: at module level
    setattr(weasyprint, HOOK, parse)
    _state["original"], _state["installed"] = function, True
    weasyprint.HTML.__init__ = made
    return True


def _dedent(source: str) -> str:
    return "\n".join(line.removeprefix("    ") for line in source.split("\n"))


def parse(file_obj: Any, **kwargs: Any) -> Any:
    """What ``tinyhtml5.parse(file_obj, **kwargs)`` returns, read by libxml2 when it can vouch."""
    import tinyhtml5

    if kwargs == {"namespace_html_elements": False} and isinstance(file_obj, io.StringIO):
        made = tree(file_obj.getvalue())
        if made is not None:
            return made
    return tinyhtml5.parse(file_obj, **kwargs)


def tree(text: str) -> Any:
    """tinyhtml5's tree of `text` (``namespace_html_elements=False``), or None if unsure."""
    from lxml import etree

    if not text.startswith(DOCTYPE) or BAD_TEXT.search(text):
        return None
    try:
        root = etree.fromstring(text, etree.HTMLParser())
        if root is None or etree.tostring(root, method="html", encoding="unicode", doctype=DOCTYPE) != text:
            return None
        return _whitespace(_document(root))
    except (Unsure, etree.LxmlError, ValueError, RecursionError):  # RecursionError: nesting deeper than Python's stack
        return None


def _document(root: Any) -> Any:
    """The copy of `root` (html > head, body), checked."""
    kids = list(root)
    if root.tag != "html" or [k.tag for k in kids] != ["head", "body"] or any(k.tag not in HEAD for k in kids[0]):
        raise Unsure
    for text in (root.text, kids[0].tail, kids[1].tail):
        _blank(text)
    return _copy(root, _Open())


class _Open:
    """What is open where the copy stands, as the tree construction would see it."""

    def __init__(self) -> None:
        self.p = self.item = self.a = False
        self.tag = ""


def _copy(el: Any, seen: _Open) -> Any:
    from xml.etree import ElementTree

    tag = el.tag
    if not isinstance(tag, str) or tag not in ALLOWED:
        raise Unsure
    _placed(el, tag, seen)
    made = ElementTree.Element(tag, _attributes(el))
    made.text = el.text
    inner = _inner(tag, seen)
    if tag in TABLE:
        _blank(el.text)
    for kid in el:
        copy = _copy(kid, inner)
        copy.tail = kid.tail
        if tag in TABLE:
            _blank(kid.tail)
        made.append(copy)
    return made


def _placed(el: Any, tag: str, seen: _Open) -> None:
    """Raise Unsure if the tree construction would not put `el` where it is."""
    parent = seen.tag
    if (tag in P_CLOSERS and seen.p) or (tag in HEADINGS and parent in HEADINGS) or (tag == "a" and seen.a):
        raise Unsure
    if tag in ("li", "dd", "dt") and seen.item:
        raise Unsure
    if parent in TABLE and tag not in TABLE[parent]:
        raise Unsure
    if tag in PARENTS and parent not in PARENTS[tag]:
        raise Unsure
    if tag in VOID and (len(el) or el.text):
        raise Unsure


def _inner(tag: str, seen: _Open) -> _Open:
    inner = _Open()
    inner.tag = tag
    inner.p = tag == "p" or (seen.p and tag not in BUTTON_SCOPE)
    inner.item = tag in ("li", "dd", "dt") or (seen.item and tag not in ITEM_BOUNDARY)
    inner.a = tag == "a" or (seen.a and tag not in MARKERS)
    return inner


def _attributes(el: Any) -> dict[str, str]:
    attrib = dict(el.attrib)
    # libxml2 gives a minimised boolean attribute (`<td nowrap>`) its name as value, HTML "".
    if any(":" in name or "{" in name or value == name for name, value in attrib.items()):
        raise Unsure
    return attrib


def _blank(text: str | None) -> None:
    if text and not text.isspace():
        raise Unsure


def _whitespace(root: Any) -> Any:
    """Where HTML's tree construction puts the white space around head and body: none before
    head (ignored), the body's tail at the body's end ("after body": in the body)."""
    body = root[1]
    root.text = None
    tail, body.tail = body.tail, None
    if tail:
        if len(body):
            body[-1].tail = (body[-1].tail or "") + tail
        else:
            body.text = (body.text or "") + tail
    return root


def original() -> Any:
    """WeasyPrint's own HTML.__init__ (for the tests that compare)."""
    import weasyprint

    return _state.get("original", weasyprint.HTML.__init__)

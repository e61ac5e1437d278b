"""The print page of an edition: the HTML WeasyPrint lays out, and the characters it prints.

Takes an `Edition` and its `Fragments`; returns a `printed.Printed` (the print template filled,
the lists' numbering, captions trimmed, formulas drawn, names kept whole, Japanese spacing)
that `pdf.check_glyphs` checks and `pdf.write` lays out, in this process or in the PDF's own
(`build.pdfside`), which therefore never imports the templates, fragments and catalogs
this module needs.
"""
from __future__ import annotations

from pathlib import Path

from lxml import html as lhtml
from lxml.html import HtmlElement
from markupsafe import Markup

from frspub import conventions
from frspub.render import aki, fonts, formulas, hyphenation, templating, yakumono
from frspub.render.context import context
from frspub.render.fragments import Fragments, inline_notes, inner_html
from frspub.render.printed import Printed
from frspub.translation.edition import Edition


def print_html(ed: Edition, frag: Fragments, templates: Path) -> str:
    body = inline_notes(frag)
    for ol in body.iter("ol"):  # WeasyPrint ignores `start`; browsers and EPUB readers honour it
        start = ol.get("start", "")
        if start.lstrip("-").isdigit():
            ol.set("style", f"counter-reset: list-item {int(start) - 1}")
    for el in body.xpath("//figcaption | //caption | //*[contains(@class, 'frs-source')]"):
        _trim(el)
    ctx = context(ed, frag) | {"body": Markup(inner_html(body)), "print_lang": hyphenation.print_lang(ed.lang),
                               "conv": conventions.of(ed.lang)}
    page = lhtml.document_fromstring(templating.render(templates, "print.html.j2", ctx))
    formulas.draw_all(page.find("body"), ed.french.display)  # WeasyPrint has no MathML (the Sommaire's too)
    hyphenation.protect_names(page.find("body"), ed.lang)  # the colophon and legal notice too
    if conventions.of(ed.lang).aki:  # JLReq's quarter-em spacing: Japanese only
        aki.space(page.find("body"))
        yakumono.compress(page.find("body"))  # consecutive punctuation half-width (JLReq 3.1.4)
    return lhtml.tostring(page, encoding="unicode", doctype="<!DOCTYPE html>")


def _trim(el: HtmlElement) -> None:
    """Drop the line feeds pandoc leaves at the edges of a caption's blocks: WeasyPrint prints
    such a line feed as a box in Japanese text, where a block ends or begins after it."""
    kids = list(el)

    def block(i: int) -> bool:
        return i >= len(kids) or "frs-source" in kids[i].get("class", "")

    el.text = (el.text or "").lstrip() or None
    if block(0):
        el.text = (el.text or "").rstrip() or None
    for i, child in enumerate(kids):
        if block(i + 1):
            child.tail = (child.tail or "").rstrip() or None


def printed_chars(root: HtmlElement) -> set[str]:
    """Every character the print HTML (parsed) puts on paper: its body text, captions included,
    and the note labels (print.css shows them with attr(data-label)); and the images' alt texts,
    which the HTML and EPUB editions carry, so that the glyph check covers them too."""
    body = root.find("body")
    chars = set(body.text_content() if body is not None else "")
    for label in root.xpath("//@data-label | //body//img/@alt"):  # alt: shown by HTML and EPUB readers
        chars |= set(label)
    return chars | fonts.CSS_CHARS


def printed(ed: Edition, frag: Fragments, templates: Path) -> Printed:
    text = print_html(ed, frag, templates)
    root = lhtml.document_fromstring(text.encode("utf-8"))
    return Printed(text, printed_chars(root), frozenset("".join(root.xpath("//span[@class='aki']/text()"))),
                   frozenset("".join(root.xpath(f"//span[@class='{yakumono.CLASS}']/text()"))))

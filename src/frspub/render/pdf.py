"""PDF edition through WeasyPrint (A4): cover, inside cover, Sommaire with
dot leaders and real page numbers, numbered body pages, page-bottom footnotes
with fixed labels, bookmarks and PDF metadata.

Takes an `Edition` and its `Fragments`; writes ``<slug>.pdf`` atomically."""
from __future__ import annotations

import logging
from pathlib import Path

from markupsafe import Markup

from frspub.errors import RenderError
from frspub.output import atomic_path
from frspub.render import templating
from frspub.render.context import context
from frspub.render.fragments import Fragments, inner_html, inline_notes
from frspub.translate import Edition


def print_html(ed: Edition, frag: Fragments, templates: Path) -> str:
    body = inline_notes(frag)
    ctx = context(ed, frag) | {"body": Markup(inner_html(body))}
    return templating.render(templates, "print.html.j2", ctx)


def write(ed: Edition, frag: Fragments, templates: Path, out: Path) -> None:
    import weasyprint

    text = print_html(ed, frag, templates)
    # WeasyPrint reports CSS it cannot use as warnings on its own logger; they are our bugs.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    try:
        doc = weasyprint.HTML(string=text, base_url=str(templates)).render()
        with atomic_path(out) as tmp:
            doc.write_pdf(tmp, pdf_variant=None)
    except (OSError, ValueError) as exc:
        raise RenderError(f"WeasyPrint failed: {exc}", out, 0) from exc

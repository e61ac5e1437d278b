"""HTML edition: one self-contained page (CSS inlined, no network resource),
readable offline and on a phone, notes linked both ways with fixed labels.

Takes an `Edition`, its `Fragments` and `Links`; writes ``<slug>.html``."""
from __future__ import annotations

from pathlib import Path

from lxml import html as lhtml
from markupsafe import Markup

from frspub.output import write_text
from frspub.render import templating
from frspub.render.context import Links, context
from frspub.render.fragments import Fragments, inner_html, label_id, linked_notes
from frspub.translation.edition import Edition


def render(ed: Edition, frag: Fragments, templates: Path, links: Links) -> str:
    body = linked_notes(frag)
    notes = [{"label": k, "id": label_id(k), "html": Markup(inner_html(v))} for k, v in frag.notes.items()]
    ctx = context(ed, frag, links) | {"body": Markup(inner_html(body)), "notes": notes,
                                      "css": templating.stylesheet(templates, "screen.css")}
    return templating.render(templates, "edition.html.j2", ctx)


def write(ed: Edition, frag: Fragments, templates: Path, out: Path, links: Links) -> None:
    text = render(ed, frag, templates, links)
    lhtml.document_fromstring(text.encode())  # refuse to publish unparsable output
    write_text(out, text)

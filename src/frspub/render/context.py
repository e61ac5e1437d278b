"""What the templates of an edition are given: one dict built from an
`Edition` and its `Fragments` (all HTML already escaped or produced by
pandoc, wrapped in `Markup`)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from frspub import locale
from frspub.note import ast, contact, identity
from frspub.note.source import get
from frspub.render import longdate, rtl
from frspub.render.fragments import Fragments, field_inline, inner_html, toc_tree
from frspub.translation import typography
from frspub.translation.edition import Edition, summary

CONTACT_KEYS = ("website", "phone", "email", "siret", "vat", "ape")


@dataclass
class Alternate:
    lang: str
    name: str
    href: str


@dataclass
class Links:
    """Where the other outputs of this edition and its other languages are, relative to a page."""
    pdf: str = ""
    epub: str = ""
    html: str = ""
    alternates: list[Alternate] = field(default_factory=list)
    site: str = ""


def lineage(ed: Edition) -> dict[str, Any]:
    """Where a translated edition comes from: the French original (title, date, and the content
    hash metadata carry) it was made from, whom it credits, and how many passages are still
    given in French."""
    return {"translated": ed.lang != locale.SOURCE_LANG, "translators": ed.translators,
            "french_title": typography.french_title(ed.french),
            "french_date": longdate.long_date(ed.french.date, ed.lang), "french_date_iso": ed.french.date.isoformat(),
            "version": ed.version, "fallbacks": ed.fallbacks}


def contact_values(ed: Edition) -> dict[str, str]:
    """The contact block's values as the edition's readers read them (the phone in international
    form abroad), every key present ("" when the note gives none)."""
    meta = ed.note.meta
    values = {k: str(get(meta, f"contact.{k}") or "") for k in CONTACT_KEYS}
    values["phone"] = contact.phone(values["phone"], meta, ed.lang, ed.note.display,
                                    ed.note.meta_lines.get("contact.phone", 0))
    return values


def context(ed: Edition, frag: Fragments, links: Links | None = None) -> dict[str, Any]:
    meta = ed.note.meta
    fields = ed.note.fields
    ctx: dict[str, Any] = {
        "lang": ed.lang,
        "dir": rtl.direction(ed.lang),
        "slug": ed.slug,
        "title": Markup(field_inline(frag, "title")),
        "title_text": ast.stringify(fields["title"]).strip(),
        # the author as the edition's readers write the name (ヴァレリー・ニケ); indexes keep the original
        "author": ast.stringify(fields.get("author", [])).strip() or str(meta["author"]),
        "author_meta": str(meta["author"]),
        "date_iso": ed.note.date.isoformat(),
        "date_text": longdate.long_date(ed.note.date, ed.lang),
        "bio": Markup(field_inline(frag, "bio")),
        "publisher": {
            "name": Markup(field_inline(frag, "publisher.name")),
            "name_text": ast.stringify(fields.get("publisher.name", [])).strip(),
            "address": contact.address(get(meta, "publisher.address") or "", meta, ed.lang),
            "decree": Markup(field_inline(frag, "publisher.decree")),
            "director": get(meta, "publisher.director") or "",
        },
        "contact": contact_values(ed),
        "issn": identity.issn(meta, ed.lang),
        "issn_original": identity.original_issn(meta, ed.lang),
        "doi": identity.doi(meta, ed.lang),
        "copyright": Markup(field_inline(frag, "copyright")),
        "copyright_text": ast.stringify(fields.get("copyright", [])).strip(),
        "legal": Markup(inner_html(frag.fields["legal"])) if "legal" in frag.fields else Markup(""),
        "toc": frag.toc,
        "toc_tree": toc_tree(frag.toc),
        "links": links or Links(),
        "language_name": locale.native_name(ed.lang),
        "lineage": lineage(ed),
    }
    if links is not None and (links.pdf or links.html):  # an RTL edition has no PDF (render/rtl)
        ctx["landing"] = landing(ed, ctx, links)
    ctx["page"] = ctx  # lets macros take the whole page as one argument
    return ctx


def landing(ed: Edition, ctx: dict[str, Any], links: Links) -> identity.Landing:
    others = tuple((alt.lang, alt.href) for alt in links.alternates)
    return identity.landing(identity.Edition(
        ed.lang, ctx["title_text"], ctx["author_meta"], ctx["date_iso"], ctx["publisher"]["name_text"],
        summary(ed), links.pdf, links.html, ed.translators if ed.lang != locale.SOURCE_LANG else "", others),
        ed.note.meta)

"""EPUB 3 edition through pandoc's EPUB writer.

Takes an `Edition`; writes ``<slug>.epub``: title page, a front-matter
colophon (ISSN, legal notice), the nav table of contents, one file per
section, and footnotes as ``<aside epub:type="footnote">`` at the end of the
section that calls them, with frspub's fixed labels (pandoc's own note
numbering restarts in every file, jgm/pandoc#1391, so notes are given to
pandoc as ordinary links and divisions, never as pandoc notes).  The
identifier is derived from the note and language, the same on every build,
and SOURCE_DATE_EPOCH pins the modification date.  No font is embedded.
"""
from __future__ import annotations

import calendar
import io
import tempfile
import uuid
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

from frspub.locale import long_date
from frspub.note import ast, contact, headings, identity, pandoc
from frspub.note.figures import walk
from frspub.note.source import get
from frspub.output import atomic_path
from frspub.render import barelinks, epubmeta, rtl, shortwords
from frspub.render.context import contact_values
from frspub.render.fragments import label_id
from frspub.translation.edition import Edition, summary
from frspub.translation.labels import translations

XHTML = "http://www.w3.org/1999/xhtml"
NOTE_CLASS = "frs-footnote"


# The label msgids of the colophon (shared with templates/_front.html.j2, which Babel extracts):
# French puts a no-break space before the colon; the ISSN has its own context, since ISO 3297
# writes "ISSN 2273-4644" where French writes "ISSN : 2273-4644".
NBSP_COLON = "\u00a0: "


def identifier(ed: Edition) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'frspub:{ed.slug}:{ed.lang}')}"


def write(ed: Edition, templates: Path, out: Path) -> None:
    _ = translations(templates, ed.lang).gettext
    doc = pandoc.document(blocks(ed, _, lineage_blocks(ed, templates)), metadata(ed, _))
    epoch = calendar.timegm(ed.note.date.timetuple())
    with atomic_path(out) as tmp, tempfile.TemporaryDirectory(prefix="frspub-epub-") as work:
        # The title page shows the date in the edition's language; dc:date stays ISO 8601.
        dc = Path(work) / "dc.xml"
        dc.write_text(f"<dc:date>{ed.note.date.isoformat()}</dc:date>\n", encoding="utf-8")
        depth = headings.toc_depth(ed.note.meta, ed.note.meta_lines, ed.note.display)[0]
        pandoc.write_file(doc, "epub3", tmp, ["--split-level=1", "--toc", f"--toc-depth={depth}", "--mathml",
                                               f"--css={templates / 'epub.css'}", f"--epub-metadata={dc}"],
                          env={"SOURCE_DATE_EPOCH": str(epoch)})
        pkg = epubmeta.package(ed, templates, identifier(translate_french(ed)))
        tmp.write_bytes(postprocess(tmp.read_bytes(), pkg, rtl.direction(ed.lang)))


def metadata(ed: Edition, _: Any) -> dict[str, Any]:
    note = ed.note
    meta = note.meta

    def inl(value: str) -> dict[str, Any]:
        return {"t": "MetaInlines", "c": [ast.Str(value)]}

    return {
        "title": {"t": "MetaInlines", "c": _plain(note.fields["title"])},
        # the name as the edition's readers write it, as on frspub's cover (ヴァレリー・ニケ): pandoc's
        # title page shows this one; the original is the creator's alternate-script (epubmeta)
        "author": inl(ast.stringify(note.fields.get("author", [])).strip() or str(meta["author"])),
        "date": inl(long_date(note.date, ed.lang)),
        "lang": inl(ed.lang),
        "publisher": inl(ast.stringify(note.fields["publisher.name"]).strip()),
        "rights": inl(ast.stringify(note.fields["copyright"]).strip()),
        "identifier": inl(identifier(ed)),
        "toc-title": inl(_("Sommaire")),
        "description": inl(summary(ed)),  # what a library shows of the book: its first paragraph
    } | rtl.epub_metadata(ed.lang)


def _issn_line(meta: dict[str, Any], lang: str, _: Any, pgettext: Any) -> str:
    """As the PDF and HTML colophon (templates/_front.html.j2): the edition's own ISSN, or the
    French edition's, said to be its."""
    own, original = identity.issn(meta, lang), identity.original_issn(meta, lang)
    number = f"ISSN{pgettext('issn', NBSP_COLON)}{own or original}"
    return number if own or not original else f"{_('Édition française')}{_(NBSP_COLON)}{number}"


def _plain(blocks: list[Any]) -> list[Any]:
    return [i for b in blocks if b["t"] in ("Para", "Plain") for i in b["c"]]


def lineage_blocks(ed: Edition, templates: Path) -> list[Any]:
    """The colophon's lineage paragraphs (translated from, by, N passages in French), from the
    same template macro as the PDF and HTML editions."""
    from lxml import html as lhtml

    from frspub.render.context import lineage
    from frspub.render.templating import environment

    html = str(environment(templates, ed.lang).get_template("_front.html.j2").module.lineage(lineage(ed)))
    if not html.strip():
        return []
    root = lhtml.fragment_fromstring(html, create_parent="div")
    return [ast.Div("", [ast.Para(_inlines(p))], [p.get("class", "")]) for p in root.iter("p")]


def _inlines(p: Any) -> list[Any]:
    """A lineage paragraph as pandoc inlines: its text, and the original's title (``<cite>``) as
    a French span that epub.css sets as a cited title (italic, but not in Japanese)."""
    out = [ast.Str((p.text or "").lstrip())] if (p.text or "").strip() else []
    for child in p:
        if child.tag == "cite":
            out.append(ast.Span([ast.Str(child.text_content())], classes=["original-title"],
                                attrs=[["lang", child.get("lang") or "fr"]]))
        else:
            out.append(ast.Str(child.text_content()))
        if child.tail:
            out.append(ast.Str(child.tail))
    if out and out[-1]["t"] == "Str":
        out[-1] = ast.Str(out[-1]["c"].rstrip())
    return out


def blocks(ed: Edition, _: Any, lineage: list[Any] | None = None) -> list[Any]:
    note = ed.note
    out = colophon(ed, _, lineage or [])
    title_attr = ["", ["unnumbered", "unlisted"], [["epub:type", "bodymatter"]]]
    out.append({"t": "Header", "c": [1, title_attr, _plain(shortwords.bound_title(note.fields["title"], ed.lang))]})
    pending: list[str] = []
    for block in shortwords.bound(barelinks.linked(note.blocks), ed.lang):  # no short word stranded at a line end
        if block["t"] == "Header" and block["c"][0] == 1:
            out += note_divs(ed, pending)
            pending = []
        block = linked(block, pending)
        out.append(block)
    out += note_divs(ed, pending)
    _anchor_figures(out)
    return out


def _anchor_figures(blocks: list[Any]) -> None:
    """Give each figure's id to a division around it: pandoc's EPUB writer does not record
    figure ids, so a reference from another chapter file would point nowhere (RSC-012)."""
    for kind, node, parent, index in list(walk(blocks)):
        if kind == "figure" and node["c"][0][0]:
            ident, node["c"][0][0] = node["c"][0][0], ""
            parent[index] = ast.Div(ident, [node], ["frs-figure"])


def linked(block: Any, pending: list[str]) -> Any:
    """A copy of `block` whose note placeholders are noteref links (labels collected in `pending`)."""
    import copy

    block = copy.deepcopy(block)

    def swap(inlines: list[Any]) -> list[Any]:
        out = []
        for node in inlines:
            label = ast.note_label(node)
            if label is None:
                out.append(node)
                continue
            pending.append(label)
            ident = label_id(label)
            attr = [f"fnref-{ident}", ["fnref"], [["role", "doc-noteref"], ["epub:type", "noteref"]]]
            out.append({"t": "Link", "c": [attr, [{"t": "Superscript", "c": [ast.Str(label)]}],
                                           [f"#fn-{ident}", ""]]})
        return out

    ast.walk_inline_lists([block], swap)
    return block


def note_divs(ed: Edition, labels: list[str]) -> list[Any]:
    divs = []
    for label in labels:
        ident = label_id(label)
        back = {"t": "Link", "c": [["", ["fn-label"], [["role", "doc-backlink"]]], [ast.Str(label)],
                                   [f"#fnref-{ident}", ""]]}
        body = [dict(b) for b in barelinks.linked(ed.note.notes[label])]
        if body and body[0]["t"] in ("Para", "Plain"):
            body[0] = {"t": "Para", "c": [back, ast.Str("\u00a0"), *body[0]["c"]]}
        else:
            body.insert(0, ast.Para([back]))
        divs.append(ast.Div(f"fn-{ident}", body, [NOTE_CLASS], [["epub:type", "footnote"]]))
    return divs


def colophon(ed: Edition, _: Any, lineage: list[Any] | None = None) -> list[Any]:
    pgettext = _.__self__.pgettext  # the same catalog (`_` is its bound gettext)
    note, meta = ed.note, ed.note.meta
    fields = note.fields

    def para(*inlines: Any, cls: str = "") -> Any:
        p = ast.Para(list(inlines))
        return ast.Div("", [p], [cls]) if cls else p

    def text(value: str) -> list[Any]:
        return [ast.Str(value)]

    out: list[Any] = [{"t": "Header", "c": [1, ["colophon", ["unnumbered"], [["epub:type", "copyright-page"]]],
                                            text(_("Mentions légales"))]}]
    if "bio" in fields:
        out.append(ast.Div("", fields["bio"], ["bio"]))
    out.append(ast.Div("", fields["publisher.name"], ["foundation-name"]))
    if get(meta, "publisher.address"):
        out.append(para(*text(contact.address(str(get(meta, "publisher.address")), meta, ed.lang))))
    if "publisher.decree" in fields:
        out += fields["publisher.decree"]
    if get(meta, "publisher.director"):
        out.append(para(*text(f"{_('Directeur de la publication')}{_(NBSP_COLON)}{get(meta, 'publisher.director')}")))
    out += contact_list(ed, _)
    out.append(para(*text(_issn_line(meta, ed.lang, _, pgettext)), cls="issn"))
    out += lineage or []
    out.append(ast.Div("", fields["copyright"], ["copyright"]))
    out.append(ast.Div("", fields["legal"], ["legal"]))
    return out


def contact_list(ed: Edition, _: Any) -> list[Any]:
    """The contact block of the PDF and HTML colophons (`_front.html.j2` contact_block), as a
    definition list: an EPUB reader abroad can write or call the publisher too."""
    values = contact_values(ed)
    labels = {"website": _("Site"), "phone": _("Téléphone"), "email": _("Courriel"), "siret": _("Siret"),
              "vat": _("TVA"), "ape": _("Code APE")}
    items = []
    for key, label in labels.items():
        value = values[key]
        if not value:
            continue
        shown: Any = ast.Str(value)
        if key == "website":
            shown = {"t": "Link", "c": [["", [], []], [shown], [value if "://" in value else f"https://{value}", ""]]}
        elif key == "email":
            shown = {"t": "Link", "c": [["", [], []], [shown], [f"mailto:{value}", ""]]}
        items.append([[ast.Str(label)], [[ast.Plain([shown])]]])
    return [ast.Div("", [{"t": "DefinitionList", "c": items}], ["contact"])] if items else []


def translate_french(ed: Edition) -> Edition:
    """The French edition's identity (for dc:source): same slug, language fr."""
    from dataclasses import replace

    return replace(ed, lang="fr")


def postprocess(data: bytes, pkg: epubmeta.Package | None = None, direction: str = "ltr") -> bytes:
    """Turn note divisions into <aside epub:type="footnote">, add the package's identity and
    accessibility (`epubmeta`), keeping the zip layout EPUB requires."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with_math = {n for n in src.namelist() if n.endswith(".xhtml") and b"<math" in src.read(n)}
    with zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename.endswith(".xhtml"):
                content = _asides(content)
                if direction == "rtl":
                    content = rtl.xhtml_dir(content)
            if info.filename.endswith("content.opf"):
                content = _declare_mathml(content, info.filename, with_math)
            if pkg is not None and info.filename.endswith("content.opf"):
                content = epubmeta.opf(content, pkg)
            elif pkg is not None and info.filename.endswith("nav.xhtml"):
                content = epubmeta.nav(content, pkg)
            method = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            zi = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            zi.compress_type = method
            dst.writestr(zi, content)
    return buf.getvalue()


def _declare_mathml(opf: bytes, opf_name: str, with_math: set[str]) -> bytes:
    """Declare the `mathml` property of every file holding MathML: pandoc does it for the
    chapters, not for the navigation file (a formula in a heading is in the table of contents
    too), and EPUBCheck requires it (OPF-014)."""
    import posixpath
    import re

    folder = posixpath.dirname(opf_name)

    def declare(m: re.Match[bytes]) -> bytes:
        item = m.group(0)
        href = re.search(rb'href="([^"]+)"', item)
        if href is None or posixpath.join(folder, href.group(1).decode()) not in with_math:
            return item
        if b"properties=" not in item:
            return item.replace(b"<item ", b'<item properties="mathml" ', 1)
        return re.sub(rb'properties="([^"]*)"', lambda p: p.group(0) if b"mathml" in p.group(1).split()
                      else b'properties="' + p.group(1) + b' mathml"', item, count=1)

    return re.sub(rb"<item [^>]*>", declare, opf)


def _asides(content: bytes) -> bytes:
    tree = etree.fromstring(content)
    found = tree.xpath(f"//x:div[contains(concat(' ', @class, ' '), ' {NOTE_CLASS} ')]", namespaces={"x": XHTML})
    if not found:
        return content
    for div in found:
        div.tag = f"{{{XHTML}}}aside"
        div.set("role", "doc-footnote")
    return etree.tostring(tree, xml_declaration=True, encoding="utf-8", doctype="<!DOCTYPE html>")

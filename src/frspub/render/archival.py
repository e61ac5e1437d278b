"""The last pass over a PDF edition: PDF/A-2u and PDF/UA-1 at once.

Takes the PDF bytes WeasyPrint wrote with ``pdf_variant="pdf/a-2u"`` and
``pdf_tags=True`` (which give the sRGB output intent, the file identifier,
printable annotations, the structure tree, ``/MarkInfo``, ``/Lang`` and
``DisplayDocTitle``), the `Edition` and what `pdftags` recorded; returns the
bytes of a file that claims both conformances (WeasyPrint offers one variant
at a time, Kozea/WeasyPrint#2467):

- an XMP packet of its own: dc:title, dc:creator, dc:description,
  dc:language, dc:publisher, dc:rights, dc:identifier and prism:issn (the
  edition's ISSN), prism:doi, dc:contributor (translators) and dc:source (the
  French text it was made from), xmp dates and tools, ``pdfaid`` part 2
  conformance U and ``pdfuaid`` part 1, with the PDF/A extension schemas that
  ISO 19005-2 6.6.2.3 requires for the namespaces XMP does not predefine;
- the document information dictionary equal to the XMP (ISO 19005-2 6.6.3);
- running heads, folios and dot leaders re-marked as ``/Artifact`` and taken
  out of the parent tree (ISO 14289-1 7.1);
- ``/Tabs /S`` on every page (ISO 14289-1 7.18.3).

The README lists the checkpoints the tests enforce and those left to a person.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from frspub.errors import RenderError
from frspub.log import log
from frspub.render import artifactmarks, cidfonts

# What a reader's File > Properties shows: the engines that made the file, not the in-house
# tool's name (issue 24: no reader-facing text names frspub; its version hash is in dc:source).
PRODUCER = "WeasyPrint, pikepdf"
CREATOR_TOOL = "WeasyPrint"


@dataclass(frozen=True)
class Identity:
    """What the XMP says of an edition (plain data)."""
    title: str
    authors: tuple[str, ...]
    description: str
    lang: str
    publisher: str
    rights: str
    date: str  # ISO 8601 day
    issn: str
    doi: str
    translators: str
    source: str  # the French text this edition was made from ("" for the French edition)


def _alt(value: str, lang: str) -> str:
    items = f'<rdf:li xml:lang="x-default">{escape(value)}</rdf:li>'
    if lang:
        items += f'<rdf:li xml:lang="{escape(lang)}">{escape(value)}</rdf:li>'
    return f"<rdf:Alt>{items}</rdf:Alt>"


def _bag(values: tuple[str, ...] | list[str], kind: str = "Bag") -> str:
    return f"<rdf:{kind}>" + "".join(f"<rdf:li>{escape(v)}</rdf:li>" for v in values) + f"</rdf:{kind}>"


def _schema(name: str, uri: str, prefix: str, props: list[tuple[str, str, str]]) -> str:
    rows = "".join(
        '<rdf:li rdf:parseType="Resource">'
        f"<pdfaProperty:name>{p}</pdfaProperty:name><pdfaProperty:valueType>{t}</pdfaProperty:valueType>"
        f"<pdfaProperty:category>{c}</pdfaProperty:category>"
        f"<pdfaProperty:description>{escape(p)}</pdfaProperty:description></rdf:li>"
        for p, t, c in props)
    return ('<rdf:li rdf:parseType="Resource">'
            f"<pdfaSchema:schema>{escape(name)}</pdfaSchema:schema>"
            f"<pdfaSchema:namespaceURI>{uri}</pdfaSchema:namespaceURI>"
            f"<pdfaSchema:prefix>{prefix}</pdfaSchema:prefix>"
            f"<pdfaSchema:property><rdf:Seq>{rows}</rdf:Seq></pdfaSchema:property></rdf:li>")


def xmp(who: Identity) -> bytes:
    stamp = f"{who.date}T00:00:00Z"
    body = [
        "<dc:format>application/pdf</dc:format>",
        f"<dc:title>{_alt(who.title, who.lang)}</dc:title>",
        f"<dc:creator>{_bag(who.authors, 'Seq')}</dc:creator>",
        f"<dc:language>{_bag([who.lang])}</dc:language>",
        f"<dc:publisher>{_bag([who.publisher])}</dc:publisher>",
    ]
    if who.description:
        body.append(f"<dc:description>{_alt(who.description, who.lang)}</dc:description>")
    if who.rights:
        body.append(f"<dc:rights>{_alt(who.rights, who.lang)}</dc:rights>")
    if who.issn:
        body += [f"<dc:identifier>urn:issn:{escape(who.issn)}</dc:identifier>", f"<prism:issn>{escape(who.issn)}</prism:issn>"]
    if who.doi:
        body.append(f"<prism:doi>{escape(who.doi)}</prism:doi>")
    if who.translators:
        body.append(f"<dc:contributor>{_bag([who.translators])}</dc:contributor>")
    if who.source:
        body.append(f"<dc:source>{escape(who.source)}</dc:source>")
    body += [f"<xmp:CreateDate>{stamp}</xmp:CreateDate>", f"<xmp:ModifyDate>{stamp}</xmp:ModifyDate>",
             f"<xmp:MetadataDate>{stamp}</xmp:MetadataDate>", f"<xmp:CreatorTool>{CREATOR_TOOL}</xmp:CreatorTool>",
             f"<pdf:Producer>{PRODUCER}</pdf:Producer>",
             "<pdfaid:part>2</pdfaid:part>", "<pdfaid:conformance>U</pdfaid:conformance>",
             "<pdfuaid:part>1</pdfuaid:part>"]
    # The extension schemas come first, in a description of their own: a validator reading the
    # packet in order (PDFBox preflight) must know the PRISM and PDF/UA namespaces before their use.
    schemas = ("<pdfaExtension:schemas><rdf:Bag>"
               + _schema("PDF/UA Universal Accessibility Schema", "http://www.aiim.org/pdfua/ns/id/", "pdfuaid",
                         [("part", "Integer", "internal")])
               + _schema("PRISM Basic Metadata", "http://prismstandard.org/namespaces/basic/3.0/", "prism",
                         [("issn", "Text", "external"), ("doi", "Text", "external")])
               + "</rdf:Bag></pdfaExtension:schemas>")
    packet = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" '
        'xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" '
        'xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">' + schemas + "</rdf:Description>"
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" '
        'xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" '
        'xmlns:prism="http://prismstandard.org/namespaces/basic/3.0/">'
        + "".join(body) + "</rdf:Description></rdf:RDF></x:xmpmeta>\n" + '<?xpacket end="r"?>')
    return packet.encode("utf-8")


def finish(data: bytes, who: Identity, artifacts: dict[int, set[int]], shown: str, first_body: int = 0) -> bytes:
    """`data` made PDF/A-2u + PDF/UA-1 (see the module text), its CID-keyed fonts re-embedded
    (`render.cidfonts`) and its page labels set (`first_body`: the index of the page printed "1"),
    in the same pass."""
    import pikepdf

    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PdfError as exc:
        raise RenderError(f"cannot read the PDF WeasyPrint wrote: {exc}", shown, 0) from exc
    with pdf:
        # Only a FontFile3 stream of subtype /OpenType is re-embedded, and pydyf writes stream
        # dictionaries in clear: without that name (French, English), no scan of every object.
        if b"/OpenType" in data:
            cidfonts.reembed(pdf, Path(shown))
        _artifacts(pdf, artifacts)
        for page in pdf.pages:
            page.obj["/Tabs"] = pikepdf.Name.S
        pdf.Root.PageLabels = _page_labels(first_body)
        pdf.Root.Metadata = pdf.make_stream(xmp(who), Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML)
        stamp = "D:" + who.date.replace("-", "") + "000000Z"
        info = pikepdf.Dictionary(Title=pikepdf.String(who.title), Author=pikepdf.String(", ".join(who.authors)),
                                  Creator=pikepdf.String(CREATOR_TOOL), Producer=pikepdf.String(PRODUCER),
                                  CreationDate=pikepdf.String(stamp), ModDate=pikepdf.String(stamp))
        if who.description:
            info.Subject = pikepdf.String(who.description)
        pdf.trailer.Info = pdf.make_indirect(info)
        out = io.BytesIO()
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True,
                 deterministic_id=True)
        return out.getvalue()


def _page_labels(first_body: int):
    """The viewer's page numbers are the printed folios (ISO 32000 12.4.2): the front matter
    (cover, colophon, contents: no folio) is i, ii, iii; the body counts from 1, as printed.
    Without them a reader typing "3" from the contents lands on the third sheet, the contents."""
    import pikepdf

    body = pikepdf.Dictionary(S=pikepdf.Name.D, St=1)
    nums = [0, body] if first_body <= 0 else [0, pikepdf.Dictionary(S=pikepdf.Name.r), first_body, body]
    return pikepdf.Dictionary(Nums=pikepdf.Array(nums))


def _artifacts(pdf, artifacts: dict[int, set[int]]) -> None:
    """Re-mark the recorded marked-content sequences as artifacts; drop them from the parent tree."""
    import pikepdf

    parent_tree = pdf.Root.StructTreeRoot.ParentTree.Nums
    for index, mcids in artifacts.items():
        if not mcids:
            continue
        page = pdf.pages[index]
        contents = page.obj.get("/Contents")
        # qpdf's unparsing written without the parse (render.artifactmarks), else parsed
        text = artifactmarks.remark(contents.read_bytes(), mcids) if isinstance(contents, pikepdf.Stream) else None
        if text is None:  # said, so that a slower archival pass can be told from its cause
            log.debug("page %d's content stream parsed by pikepdf", index + 1)
        page.obj.Contents = pdf.make_stream(text if text is not None else _reparsed(page, mcids))
        _unparent(parent_tree, page, mcids)


def _reparsed(page, mcids: set[int]) -> bytes:
    """The page's content parsed by pikepdf, the BDCs of `mcids` re-marked, unparsed."""
    import pikepdf

    bdc = pikepdf.Operator("BDC")
    ops = pikepdf.parse_content_stream(page)
    for i, instruction in enumerate(ops):  # (unpacking each instruction took 4 times as long)
        if instruction.operator != bdc:
            continue
        operands = instruction.operands
        if len(operands) == 2 and isinstance(operands[1], pikepdf.Dictionary) \
                and int(operands[1].get("/MCID", -1)) in mcids:
            ops[i] = pikepdf.ContentStreamInstruction(
                [pikepdf.Name.Artifact, pikepdf.Dictionary(Type=pikepdf.Name.Pagination)], bdc)
    return pikepdf.unparse_content_stream(ops)


def _unparent(parent_tree, page, mcids: set[int]) -> None:
    """The page's artifacts taken out of the parent tree (null in their MCID's place)."""
    import pikepdf

    key = page.obj.get("/StructParents")
    for n in range(0, len(parent_tree), 2):
        if key is not None and int(parent_tree[n]) == int(key):
            refs = parent_tree[n + 1]
            for mcid in mcids:
                if mcid < len(refs):
                    refs[mcid] = pikepdf.Object.parse(b"null")

"""PDF/A-2u and PDF/UA-1: every machine-checkable rule frspub relies on, tested on the built PDFs
with pikepdf (veraPDF, the reference validator, is not obtainable here).  Each test names the
clause of ISO 19005-2 (PDF/A-2) or ISO 14289-1 (PDF/UA-1), and the Matterhorn Protocol
checkpoint where there is one; the README lists what is covered and what is left to a person."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf
import pytest
from fontTools.cffLib import CFFFontSet
from fontTools.pens.basePen import NullPen
from fontTools.ttLib import TTFont
from lxml import etree
from projects import SLUG

LANGS = ("fr", "en", "ja")
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
NS = {"rdf": RDF, "dc": "http://purl.org/dc/elements/1.1/", "xmp": "http://ns.adobe.com/xap/1.0/",
      "pdf": "http://ns.adobe.com/pdf/1.3/", "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
      "pdfuaid": "http://www.aiim.org/pdfua/ns/id/", "prism": "http://prismstandard.org/namespaces/basic/3.0/",
      "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#"}
# XMP namespaces ISO 19005-2 6.6.2.3.1 allows without an extension schema (XMP 2005 + PDF/A's own)
PREDEFINED = {RDF, "adobe:ns:meta/", NS["dc"], NS["xmp"], NS["pdf"], NS["pdfaid"], "http://ns.adobe.com/xap/1.0/mm/",
              "http://ns.adobe.com/xap/1.0/rights/", "http://www.aiim.org/pdfa/ns/extension/", NS["pdfaSchema"],
              "http://www.aiim.org/pdfa/ns/property#", "http://www.w3.org/XML/1998/namespace"}


def pdfs(built: Path, figures_built: Path) -> list[Path]:
    return [built / lang / f"{SLUG}.pdf" for lang in LANGS] + \
        [figures_built / "build" / lang / "note-figures.pdf" for lang in LANGS]


@pytest.fixture(scope="module")
def every_pdf(built: Path, figures_built: Path) -> list[Path]:
    return pdfs(built, figures_built)


def xmp(pdf: pikepdf.Pdf) -> etree._Element:
    return etree.fromstring(pdf.Root.Metadata.read_bytes())


def text(root: etree._Element, path: str) -> str:
    return " ".join(t.strip() for t in root.xpath(path, namespaces=NS))


def struct_elements(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """Every structure element reachable from the root, in reading order."""
    found, todo = [], [pdf.Root.StructTreeRoot]
    while todo:
        node = todo.pop()
        if isinstance(node, pikepdf.Dictionary):
            if "/S" in node:
                found.append(node)
            kids = node.get("/K")
            if kids is not None:
                todo.extend(reversed(list(kids)) if isinstance(kids, pikepdf.Array) else [kids])
    return found


def test_identification_pdfa_2u_and_pdfua_1(every_pdf: list[Path]) -> None:
    """ISO 19005-2 6.6.4 (pdfaid:part 2, conformance U); ISO 14289-1 5 (pdfuaid:part 1); 6.6.2.1: XMP
    metadata stream in the catalog, not filtered."""
    for path in every_pdf:
        with pikepdf.open(path) as pdf:
            assert "/Filter" not in pdf.Root.Metadata, path
            root = xmp(pdf)
            assert text(root, "//pdfaid:part/text()") == "2" and text(root, "//pdfaid:conformance/text()") == "U"
            assert text(root, "//pdfuaid:part/text()") == "1"
            assert pdf.pdf_version <= "1.7", "ISO 19005-2 6.1.2: a PDF 1.x header"


def test_xmp_namespaces_are_predefined_or_declared(every_pdf: list[Path]) -> None:
    """ISO 19005-2 6.6.2.3.1: properties outside XMP's predefined schemas need an extension schema."""
    for path in every_pdf:
        with pikepdf.open(path) as pdf:
            root = xmp(pdf)
            declared = set(root.xpath("//pdfaSchema:namespaceURI/text()", namespaces=NS))
            used = {etree.QName(el).namespace for el in root.iter() if isinstance(el.tag, str)}
            used |= {etree.QName(a).namespace for el in root.iter() if isinstance(el.tag, str) for a in el.attrib
                     if etree.QName(a).namespace}
            assert used - PREDEFINED - declared == set(), path


@pytest.mark.parametrize("lang", LANGS)
def test_xmp_describes_the_edition(built: Path, lang: str) -> None:
    """The issue's list: dc:title, dc:creator, dc:language, dc:description, the ISSN; ISO 14289-1 7.1
    (Matterhorn 06-003): dc:title present."""
    with pikepdf.open(built / lang / f"{SLUG}.pdf") as pdf:
        root = xmp(pdf)
        assert text(root, "//dc:title//rdf:li[@xml:lang='x-default']/text()") == str(pdf.docinfo["/Title"])
        assert text(root, "//dc:creator//rdf:li/text()") == "Valérie Niquet"
        assert text(root, "//dc:language//rdf:li/text()") == lang
        assert len(text(root, "//dc:description//rdf:li[@xml:lang='x-default']/text()")) > 100
        # the serial's ISSN is the French edition's: a translation without its own declares none
        assert text(root, "//prism:issn/text()") == ("2273-4644" if lang == "fr" else "")
        if lang != "fr":
            assert text(root, "//dc:contributor//rdf:li/text()") == ""  # a placeholder credits nobody
            assert re.search(r"\(fr, 2025-01-07, version [0-9a-f]{8}\)$", text(root, "//dc:source/text()"))


def test_document_information_equals_the_xmp(every_pdf: list[Path]) -> None:
    """ISO 19005-2 6.6.3: Info entries with an XMP equivalent hold the same values."""
    for path in every_pdf:
        with pikepdf.open(path) as pdf:
            root, info = xmp(pdf), pdf.docinfo
            assert str(info["/Title"]) == text(root, "//dc:title//rdf:li[@xml:lang='x-default']/text()")
            assert str(info["/Author"]) == text(root, "//dc:creator//rdf:li/text()")
            assert str(info["/Subject"]) == text(root, "//dc:description//rdf:li[@xml:lang='x-default']/text()")
            assert str(info["/Creator"]) == text(root, "//xmp:CreatorTool/text()")
            assert "frspub" not in str(info["/Creator"]) + str(info["/Producer"])  # a reader sees these
            assert str(info["/Producer"]) == text(root, "//pdf:Producer/text()")
            day = text(root, "//xmp:CreateDate/text()")[:10].replace("-", "")
            assert str(info["/CreationDate"]).startswith(f"D:{day}") and str(info["/ModDate"]).startswith(f"D:{day}")


def test_page_labels_are_the_printed_folios(every_pdf: list[Path]) -> None:
    """The viewer's page number is the one printed at the foot of the page (a second reader typed
    a folio from the contents and landed on another page): front matter i, ii…, body 1, 2…"""
    import subprocess

    for path in every_pdf:
        with pikepdf.open(path) as pdf:
            labels = [page.label for page in pdf.pages]
        assert labels[0] == "i", (path, labels)
        body = [i for i, label in enumerate(labels) if label.isdigit()]
        assert body and labels[body[0]] == "1" and body == list(range(body[0], len(labels))), (path, labels)
        for i in body:
            text = subprocess.run(["pdftotext", "-f", str(i + 1), "-l", str(i + 1), "-layout", str(path), "-"],
                                  capture_output=True, text=True, check=True).stdout
            assert text.split()[-1] == labels[i], (path, i, text.split()[-3:])  # the folio, the page's last word


def test_output_intent_identifier_and_no_encryption(every_pdf: list[Path]) -> None:
    """ISO 19005-2 6.2.3 (an sRGB PDF/A output intent with its ICC profile), 6.1.3 (file identifier,
    no encryption)."""
    for path in every_pdf:
        with pikepdf.open(path) as pdf:
            intents = list(pdf.Root.OutputIntents)
            assert [str(i.S) for i in intents] == ["/GTS_PDFA1"]
            assert int(intents[0].DestOutputProfile.N) == 3
            assert "/ID" in pdf.trailer and not pdf.is_encrypted


def fonts(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    return [obj for obj in pdf.objects if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font"]


def test_fonts_embedded_with_tounicode_and_consistent_widths(every_pdf: list[Path]) -> None:
    """ISO 19005-2 6.2.11.4.1 (embedded), 6.2.11.5 (widths in the dictionary = widths in the program),
    6.2.11.7.2 and ISO 14289-1 7.21.7 (ToUnicode: text can be extracted)."""
    for path in every_pdf:
        with pikepdf.open(path) as pdf:
            for font in fonts(pdf):
                if font.Subtype in ("/CIDFontType0", "/CIDFontType2"):
                    continue  # a Type0 font's descendant: checked with it
                if font.Subtype == "/Type0":
                    assert "/ToUnicode" in font, (path, font.BaseFont)
                    cid = font.DescendantFonts[0]
                    _check_cid_widths(cid, path)
                    continue
                assert "/ToUnicode" in font, (path, font.BaseFont)
                descriptor = font.FontDescriptor
                program = descriptor.get("/FontFile2") or descriptor.get("/FontFile3") or descriptor.get("/FontFile")
                assert program is not None, (path, font.BaseFont)
                if "/FontFile2" in descriptor:
                    _check_truetype_widths(font, path)


def _check_truetype_widths(font: pikepdf.Dictionary, path: Path) -> None:
    tt = TTFont(io.BytesIO(font.FontDescriptor.FontFile2.read_bytes()))
    scale = 1000 / tt["head"].unitsPerEm
    cmap = tt.getBestCmap() or {}
    order = tt.getGlyphOrder()
    first = int(font.FirstChar)
    for i, width in enumerate(font.Widths):
        code = first + i
        glyph = cmap.get(code) if cmap else (order[code] if code < len(order) else None)
        if glyph is None or glyph not in tt["hmtx"].metrics:
            continue
        assert abs(tt["hmtx"][glyph][0] * scale - float(width)) <= 1, (path, font.BaseFont, code)


def _check_cid_widths(cid: pikepdf.Dictionary, path: Path) -> None:
    from frspub.render.cidfonts import widths

    descriptor = cid.FontDescriptor
    if "/FontFile3" in descriptor and descriptor.FontFile3.get("/Subtype") == "/CIDFontType0C":
        cff = CFFFontSet()
        cff.decompile(io.BytesIO(descriptor.FontFile3.read_bytes()), None)
        top = cff.topDictIndex[0]
        charset = top.charset
        for code, width in widths(cid).items():
            if code == 0:
                continue  # .notdef: WeasyPrint lists it, never draws it (the glyph check refuses missing glyphs)
            name = ".notdef" if code == 0 else f"cid{code:05d}"
            assert name in charset, (path, "code drawn but not in the font", code)
            cs = top.CharStrings[name]
            cs.draw(NullPen())  # runs the charstring: sets its advance width
            assert abs(cs.width - width) <= 1, (path, code, cs.width, width)
    else:
        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, path


def test_annotations_print_flag_contents_tabs_and_structure(every_pdf: list[Path]) -> None:
    """ISO 19005-2 6.3.2 (Print flag set, Hidden/Invisible/NoView not); ISO 14289-1 7.18.5 (a link has
    alternate text in /Contents, Matterhorn 28-004), 7.18.3 (/Tabs /S on a page with annotations,
    28-010), 7.18.1 (every annotation is in the structure tree: /StructParent, 28-002)."""
    for path in every_pdf:
        with pikepdf.open(path) as pdf:
            for page in pdf.pages:
                annots = list(page.obj.get("/Annots", []))
                if annots:
                    assert page.obj.get("/Tabs") == "/S", path
                for a in annots:
                    flags = int(a.get("/F", 0))
                    assert flags & 4 and not flags & (1 | 2 | 32), (path, flags)
                    if a.Subtype == "/Link":
                        assert str(a.get("/Contents", "")).strip(), path
                        assert "/StructParent" in a, path


def test_catalog_marked_language_and_title_shown(built: Path) -> None:
    """ISO 14289-1 7.1 (MarkInfo /Marked true; DisplayDocTitle true, Matterhorn 07-001), 7.2 (the
    document's natural language, 11-001)."""
    for lang in LANGS:
        with pikepdf.open(built / lang / f"{SLUG}.pdf") as pdf:
            assert bool(pdf.Root.MarkInfo.Marked) and bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
            assert str(pdf.Root.Lang).split("-")[0] == lang and "/StructTreeRoot" in pdf.Root  # en-US: US spelling


def marked_content(pdf: pikepdf.Pdf, page: pikepdf.Page) -> tuple[list[int], int, int]:
    """(MCIDs of tagged sequences, artifact sequences, text operators outside any sequence)."""
    mcids, artifacts, stray, depth = [], 0, 0, 0
    for operands, op in pikepdf.parse_content_stream(page):
        name = str(op)
        if name in ("BDC", "BMC"):
            depth += 1
            if str(operands[0]) == "/Artifact":
                artifacts += 1
            elif name == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]:
                mcids.append(int(operands[1].MCID))
        elif name == "EMC":
            depth -= 1
        elif name in ("Tj", "TJ", "'", '"') and depth == 0:
            stray += 1
    return mcids, artifacts, stray


def test_content_is_either_tagged_or_an_artifact(every_pdf: list[Path]) -> None:
    """ISO 14289-1 7.1 (Matterhorn 01-001/01-005: no content both untagged and not an artifact); running
    heads, folios and contents leaders are artifacts: no tagged sequence is left out of the tree."""
    for path in every_pdf:
        with pikepdf.open(path) as pdf:
            reachable = {el.objgen for el in struct_elements(pdf)}
            nums = list(pdf.Root.StructTreeRoot.ParentTree.Nums)
            parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
            for page in pdf.pages:
                mcids, artifacts, stray = marked_content(pdf, page)
                assert stray == 0, path
                refs = parents[int(page.obj.StructParents)]
                for mcid in mcids:
                    assert refs[mcid].objgen in reachable, (path, "tagged content outside the tree", mcid)
                if page.index >= 3:  # body pages: a running head and a folio
                    assert artifacts >= 2, (path, page.index)


def to_unicode(font: pikepdf.Dictionary) -> dict[int, str]:
    """A font's /ToUnicode CMap (bfchar and bfrange entries): glyph code -> text."""
    table: dict[int, str] = {}
    if "/ToUnicode" not in font:
        return table
    cmap = font.ToUnicode.read_bytes().decode("latin-1")
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            table[int(code, 16)] = bytes.fromhex(text).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, first in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            for i, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                table[code] = chr(int(first, 16) + i)
    return table


def marked_text(path: Path) -> tuple[list[str], list[str]]:
    """(text of each tagged marked-content sequence, text of each artifact sequence), every page in
    stream order, decoded through the fonts' ToUnicode maps (WeasyPrint's fonts are Identity-H:
    two bytes a glyph).  The tagged sequences are what a screen reader reads: the other tests
    prove each is reachable from the structure tree."""
    tagged: list[str] = []
    artifacts: list[str] = []
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            fonts = {str(name): to_unicode(font) for name, font in page.Resources.get("/Font", {}).items()}
            sequences: list[list] = []  # [is an artifact, text so far] of each open sequence
            font: dict[int, str] = {}
            for operands, op in pikepdf.parse_content_stream(page):
                name = str(op)
                if name in ("BDC", "BMC"):
                    sequences.append([str(operands[0]) == "/Artifact" or bool(sequences and sequences[-1][0]), ""])
                elif name == "EMC" and sequences:
                    artifact, text = sequences.pop()
                    (artifacts if artifact else tagged).append(text)
                elif name == "Tf":
                    font = fonts.get(str(operands[0]), {})
                elif name in ("Tj", "TJ", "'", '"') and sequences:
                    for s in operands[-1] if name == "TJ" else [operands[-1]]:
                        if isinstance(s, pikepdf.String):
                            raw = bytes(s)
                            sequences[-1][1] += "".join(font.get(int.from_bytes(raw[i:i + 2], "big"), "\ufffd")
                                                    for i in range(0, len(raw), 2))
    return tagged, artifacts


def test_running_heads_and_folios_are_not_read_as_text(figures_built: Path) -> None:
    """Matterhorn 18-001/18-002: headers and footers are artifacts: a screen reader reads the note's
    title once (the cover) plus the body heading, not on every page.  Checked on the 6-page figures
    note, from the content streams (`marked_text`, 0.05 s): poppler's structure-text reader
    (`pdfinfo -struct-text`) took 7 s of CPU there and 19 s on the 8-page FRS note."""
    pdf = figures_built / "build" / "fr" / "note-figures.pdf"
    tagged, artifacts = marked_text(pdf)
    with pikepdf.open(pdf) as doc:
        assert len(doc.pages) >= 5
        labels = sum(1 for el in struct_elements(doc) if el.S == "/Reference")
    assert sum("et tableaux" in t for t in tagged) <= 2  # the cover and the body heading, no running head
    assert sum("Figures et tableaux" in a for a in artifacts) >= 2  # the running heads are there, as artifacts
    assert {"1", "2", "3"} <= set(artifacts)  # folios: artifacts
    # folios gone; note labels (and table figures) stay
    assert not any(re.fullmatch(r"\d{1,2}", t) for t in tagged) or labels > 0
    assert not re.search(r"\.{4,}", "".join(tagged)), "the Sommaire's dot leaders are artifacts"
    assert artifacts.count(".") >= 4  # the leaders are there, as artifacts


def test_footnotes_are_notes_with_labels(built: Path) -> None:
    """ISO 14289-1 7.9 (footnotes are Note elements with unique IDs, Matterhorn 19-003/19-004)."""
    for lang in LANGS:
        with pikepdf.open(built / lang / f"{SLUG}.pdf") as pdf:
            elements = struct_elements(pdf)
            notes = [el for el in elements if el.S == "/Note"]
            ids = [str(n.ID) for n in notes]
            assert len(notes) == 12 and len(set(ids)) == 12, (lang, ids)
            for note in notes:
                kids = [k for k in note.K if isinstance(k, pikepdf.Dictionary)]
                assert kids and kids[0].S == "/Lbl", lang
            assert sum(1 for el in elements if el.S == "/Reference") == 12


def test_headings_do_not_skip_levels(every_pdf: list[Path]) -> None:
    """ISO 14289-1 7.4.2 (Matterhorn 14-003: numbered headings nest without skipping a level)."""
    for path in every_pdf:
        with pikepdf.open(path) as pdf:
            levels = [int(str(el.S)[2]) for el in struct_elements(pdf) if re.fullmatch(r"/H[1-6]", str(el.S))]
            assert levels[0] == 1, path
            assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), (path, levels)


def test_figures_have_alternate_text(figures_built: Path) -> None:
    """ISO 14289-1 7.3 (Matterhorn 13-004: Figure elements carry /Alt)."""
    for lang in LANGS:
        with pikepdf.open(figures_built / "build" / lang / "note-figures.pdf") as pdf:
            figures = [el for el in struct_elements(pdf) if el.S == "/Figure"]
            assert len(figures) == 2 and all(str(f.get("/Alt", "")).strip() for f in figures), lang


def test_tables_have_header_cells(figures_built: Path) -> None:
    """ISO 14289-1 7.5 (Matterhorn 15-003: tables have TH cells with their scope or headers)."""
    with pikepdf.open(figures_built / "build" / "en" / "note-figures.pdf") as pdf:
        elements = struct_elements(pdf)
        assert any(el.S == "/Table" for el in elements)
        assert sum(1 for el in elements if el.S == "/TH") >= 4


def test_a_passage_in_french_carries_its_language(tmp_path: Path) -> None:
    """ISO 14289-1 7.2 (Matterhorn 11-006: a change of natural language is declared)."""
    from projects import ROOT, copy_project

    from frspub.cli import main

    root = copy_project(ROOT, tmp_path / "proj")
    po = root / "source" / "en" / f"{SLUG}.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "A Strategic Partnership in Action…"', 'msgstr ""'),
                  encoding="utf-8")
    assert main(["build", "-C", str(root), "-q", "--lang", "en", "--format", "pdf"]) == 0
    with pikepdf.open(root / "build" / "en" / f"{SLUG}.pdf") as pdf:
        french = [el for el in struct_elements(pdf) if str(el.get("/Lang", "")) == "fr"]
        assert len(french) == 3  # the heading, its Sommaire entry, and the original's title in the colophon

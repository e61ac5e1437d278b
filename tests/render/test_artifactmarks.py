"""render/artifactmarks writes a content stream exactly as pikepdf's parse and unparse would
(with the artifacts re-marked), or refuses it."""
from __future__ import annotations

import io

import pytest

from frspub.render import archival, artifactmarks, pdftags, weasyload

HTML = """<html lang="fr"><head><style>
@page { size: A6; margin: 20mm 12mm; @top-center { content: "Titre courant"; }
        @bottom-center { content: counter(page); } }
.fn { float: footnote; }
</style></head><body><h1>Essai</h1>
<p>Un paragraphe « accentué » qui AVait du crénage, Tr Va To ; une note<span class="fn">La note.</span>
et <a href="https://example.org">un lien</a>.</p><p style="page-break-before: always">Deuxième page.</p>
</body></html>"""


def _qpdf(raw: bytes, mcids: set[int]) -> bytes:
    """What archival did before: pikepdf's parse, the BDCs replaced, pikepdf's unparse."""
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.pages[0].obj.Contents = pdf.make_stream(raw)
    return archival._reparsed(pdf.pages[0], mcids)


def test_every_short_string_is_written_as_qpdf_writes_it() -> None:
    lines = ([b"[<%02x>] TJ" % i for i in range(256)] + [b"[<%04x>1<>] TJ" % i for i in range(65536)]
             + [b"[<%08x>-2.5<%010x>] TJ" % (i * 65537, i * 1234567) for i in range(0, 65536, 5)])
    raw = b"\n".join(lines)
    mine = artifactmarks.remark(raw, set())
    assert mine is not None
    assert mine.split(b"\n") == _qpdf(raw, set()).split(b"\n")
    assert b"(AB)" in mine and b"()" in mine and b"<0041>" in mine  # literal, empty, hex


def test_weasyprints_pages_are_written_as_pikepdf_wrote_them() -> None:
    import pikepdf

    weasyprint = weasyload.load()
    with pdftags.tagging() as tagged:
        data = weasyprint.HTML(string=HTML).render().write_pdf(pdf_variant="pdf/a-2u", pdf_tags=True)
    assert len(tagged.artifacts) == 2 and all(tagged.artifacts.values())
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for index, mcids in tagged.artifacts.items():
            page = pdf.pages[index]
            mine = artifactmarks.remark(page.obj.Contents.read_bytes(), mcids)
            assert mine is not None and mine.count(artifactmarks.ARTIFACT) == len(mcids)
            assert mine == archival._reparsed(page, mcids)


@pytest.mark.parametrize("raw", [
    b"BT (literal) Tj ET", b"% a comment\nq", b"BI /W 1 /H 1 ID x EI", b"true",
    b"/a#20b gs", b"[<0001>1e-05<0002>] TJ", b"12345678901234567890 w", b"007 w", b"-0 w",
    b"[[1] 2] 0 d", b"[<001>] TJ", b"1 2\n3 m", b"q\n\nQ",
])
def test_what_it_was_not_written_for_is_refused(raw: bytes) -> None:
    assert artifactmarks.remark(raw, {0}) is None


def test_only_the_recorded_sequences_become_artifacts() -> None:
    raw = b"/Span\n<</MCID 0>>\nBDC\nEMC\n/P\n<</MCID 1>>\nBDC\nEMC\n/Artifact\nBMC\nEMC"
    assert artifactmarks.remark(raw, {1}) == _qpdf(raw, {1}) == (
        b"/Span << /MCID 0 >> BDC\nEMC\n" + artifactmarks.ARTIFACT + b"\nEMC\n/Artifact BMC\nEMC")


def test_archival_writes_the_artifacts_and_skips_the_font_scan_without_opentype(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import pikepdf

    weasyprint = weasyload.load()
    with pdftags.tagging() as tagged:
        data = weasyprint.HTML(string=HTML).render().write_pdf(pdf_variant="pdf/a-2u", pdf_tags=True)
    assert b"/OpenType" not in data  # TrueType faces only: nothing for cidfonts to re-embed

    def refused(*args: object) -> bool:
        raise AssertionError("every object scanned for a font that cannot be there")

    monkeypatch.setattr(archival.cidfonts, "reembed", refused)
    who = archival.Identity("Essai", ("A",), "", "fr", "P", "", "2024-01-01", "", "", "", "")
    out = archival.finish(data, who, tagged.artifacts, "essai.pdf")
    with pikepdf.open(io.BytesIO(out)) as pdf:
        text = pdf.pages[0].obj.Contents.read_bytes()
    assert text.count(artifactmarks.ARTIFACT) == len(tagged.artifacts[0])

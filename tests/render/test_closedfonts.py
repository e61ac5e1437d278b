"""render/closedfonts: the PDF's font configuration knows frspub's faces and nothing the
machine has installed; code is set in the face registered as ``monospace``."""
from __future__ import annotations

import io

import pikepdf

from frspub.render import closedfonts, fonts, weasyload

HTML = ("<html lang='fr'><head><style>@page {{ size: A6 }} p {{ font-family: 'FRS Serif' }}</style></head><body>"
        "<p>Le texte de la note.</p><p style=\"font-family: 'DejaVu Serif', serif\">Une famille installée.</p>"
        "{code}</body></html>")


def _fonts(html: str) -> set[str]:
    """The names of the fonts a PDF of `html` embeds (made with frspub's font configuration)."""
    weasyprint = weasyload.load()
    config = closedfonts.configuration()
    faces = "\n".join(fonts.face_rule(f, f.file, None) for f in fonts.SERIF) + closedfonts.mono_css(html)
    css = weasyprint.CSS(string=faces, font_config=config)
    data = weasyprint.HTML(string=html).render(stylesheets=[css], font_config=config).write_pdf()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return {str(font.BaseFont).split("+")[-1] for page in pdf.pages for font in page.Resources.Font.values()}


def test_a_font_the_machine_has_is_never_used() -> None:
    # (DejaVu Serif is installed here: WeasyPrint's own configuration set the second line in it)
    assert _fonts(HTML.format(code="")) == {"FRS-Serif"}


def test_code_is_set_in_dejavu_sans_mono_and_only_a_page_with_code_registers_it() -> None:
    assert _fonts(HTML.format(code="<p><code>x = 1</code></p>")) == {"FRS-Serif", "DejaVu-Sans-Mono"}
    assert closedfonts.mono_css("<p>x</p>") == ""

"""Word and OpenDocument files written by LibreOffice, for the `frspub new --from` tests.

`flat_odt` writes a flat OpenDocument text (.fodt: one XML file) with what an author's
document holds: a Title paragraph, headings in the styles "Titre 1" and "Titre 2",
a footnote and an endnote, underline and highlight, a no-break space and a hard line
break, an empty paragraph, a bookmark, a comment, a tracked insertion and deletion,
a table and a picture with captions and an alt text.  `soffice` turns it into .docx or
.odt as LibreOffice writes them (importable: tests/ is on sys.path).
"""
from __future__ import annotations

import base64
import io
import shutil
import subprocess
from pathlib import Path

import pytest

NS = " ".join(f'xmlns:{k}="{v}"' for k, v in {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "xlink": "http://www.w3.org/1999/xlink", "dc": "http://purl.org/dc/elements/1.1/",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"}.items())
DELETED = "mot supprimé"
COMMENT = "Vérifier la date."


def png() -> bytes:
    from PIL import Image, ImageDraw

    im = Image.new("RGB", (900, 600), "white")
    draw = ImageDraw.Draw(im)
    draw.rectangle([50, 50, 850, 550], outline="navy", width=10)
    draw.ellipse([300, 180, 600, 420], fill="firebrick")
    out = io.BytesIO()
    im.save(out, "PNG")
    return out.getvalue()


def flat_odt(text_box: bool = False) -> str:
    image = base64.b64encode(png()).decode()
    box = ('<text:p text:style-name="Standard"><draw:frame draw:name="Cadre1" text:anchor-type="as-char" '
           'svg:width="6cm" svg:height="2cm"><draw:text-box><text:p>Encadré important sur Rason'
           '</text:p></draw:text-box></draw:frame></text:p>') if text_box else ""
    return f'''<?xml version="1.0" encoding="UTF-8"?>
<office:document {NS} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:meta><dc:title>L'axe Moscou-Pyongyang</dc:title><meta:initial-creator>Valérie Niquet</meta:initial-creator><dc:creator>Valérie Niquet</dc:creator></office:meta>
<office:styles>
 <style:style style:name="Titre_20_1" style:display-name="Titre 1" style:family="paragraph" style:default-outline-level="1"><style:text-properties fo:font-size="16pt" fo:font-weight="bold"/></style:style>
 <style:style style:name="Titre_20_2" style:display-name="Titre 2" style:family="paragraph" style:default-outline-level="2"><style:text-properties fo:font-size="13pt" fo:font-weight="bold"/></style:style>
 <style:style style:name="Corps_20_FRS" style:display-name="Corps FRS" style:family="paragraph"><style:paragraph-properties fo:margin-bottom="6pt"/></style:style>
</office:styles>
<office:automatic-styles>
 <style:style style:name="T1" style:family="text"><style:text-properties style:text-underline-style="solid" style:text-underline-width="auto" style:text-underline-color="font-color"/></style:style>
 <style:style style:name="T2" style:family="text"><style:text-properties fo:background-color="#ffff00"/></style:style>
 <style:style style:name="T3" style:family="text"><style:text-properties fo:font-style="italic"/></style:style>
</office:automatic-styles>
<office:body><office:text>
<text:tracked-changes>
 <text:changed-region text:id="ct1"><text:insertion><office:change-info><dc:creator>Relecteur</dc:creator><dc:date>2025-01-05T10:00:00</dc:date></office:change-info></text:insertion></text:changed-region>
 <text:changed-region text:id="ct2"><text:deletion><office:change-info><dc:creator>Relecteur</dc:creator><dc:date>2025-01-05T10:00:00</dc:date></office:change-info><text:p>{DELETED} </text:p></text:deletion></text:changed-region>
</text:tracked-changes>
<text:p text:style-name="Title">L'axe Moscou-Pyongyang</text:p>
<text:h text:style-name="Titre_20_1" text:outline-level="1"><text:bookmark-start text:name="_Toc123"/>Un partenariat stratégique<text:bookmark-end text:name="_Toc123"/></text:h>
<text:p text:style-name="Corps_20_FRS">Le 23 octobre 2024, Lloyd Austin a confirmé <text:span text:style-name="T1">l'envoi</text:span> de soldats<text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p text:style-name="Footnote">Déclaration du 23 octobre 2024, <text:span text:style-name="T3">Reuters</text:span>.</text:p></text:note-body></text:note>. Le texte <text:change-start text:change-id="ct1"/>ajouté <text:change-end text:change-id="ct1"/>reste <text:change text:change-id="ct2"/>ici<office:annotation><dc:creator>Relecteur</dc:creator><dc:date>2025-01-05T10:00:00</dc:date><text:p>{COMMENT}</text:p></office:annotation>.</text:p>
<text:p text:style-name="Corps_20_FRS">Une phrase <text:span text:style-name="T2">surlignée</text:span> avec un espace\u00a0insécable,<text:line-break/>un saut de ligne et une note de fin<text:note text:id="edn1" text:note-class="endnote"><text:note-citation>i</text:note-citation><text:note-body><text:p text:style-name="Endnote">Note de fin de document.</text:p></text:note-body></text:note>.</text:p>
<text:p text:style-name="Corps_20_FRS"/>
{box}
<text:h text:style-name="Titre_20_2" text:outline-level="2">Les échanges</text:h>
<text:p text:style-name="Table">Tableau <text:sequence text:ref-name="refTable0" text:name="Table" text:formula="ooow:Table+1" style:num-format="1">1</text:sequence> : Échanges en millions de dollars</text:p>
<table:table table:name="Tableau1">
 <table:table-column table:number-columns-repeated="2"/>
 <table:table-header-rows><table:table-row><table:table-cell office:value-type="string"><text:p>Année</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Montant</text:p></table:table-cell></table:table-row></table:table-header-rows>
 <table:table-row><table:table-cell office:value-type="string"><text:p>2023</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>34</text:p></table:table-cell></table:table-row>
 <table:table-row><table:table-cell office:value-type="string"><text:p>2024</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>52</text:p></table:table-cell></table:table-row>
</table:table>
<text:p text:style-name="Corps_20_FRS">La carte ci-dessous situe le port de Rason.</text:p>
<text:p text:style-name="Figure"><draw:frame draw:name="Image1" text:anchor-type="as-char" svg:width="12cm" svg:height="8cm"><draw:image><office:binary-data>{image}</office:binary-data></draw:image><svg:title>Carte de Rason</svg:title><svg:desc>Carte schématique du port de Rason au bord de la mer du Japon</svg:desc></draw:frame></text:p>
<text:p text:style-name="Figure">Figure <text:sequence text:ref-name="refFigure0" text:name="Figure" text:formula="ooow:Figure+1" style:num-format="1">1</text:sequence> : Le port de Rason et la frontière</text:p>
<text:p text:style-name="Corps_20_FRS">Dernier paragraphe de la note, qui conclut.</text:p>
</office:text></office:body></office:document>
'''


def soffice(source: Path, to: str, out_dir: Path) -> Path:
    """LibreOffice's conversion of `source` (`to`: docx, odt…), with a profile of its own per run."""
    exe = shutil.which("soffice")
    if exe is None:
        pytest.fail("LibreOffice is needed: run `make test` (Debian package libreoffice-writer-nogui)")
    profile = out_dir / f".lo-profile-{source.stem}-{to}"
    proc = subprocess.run([exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", to,
                           "--outdir", str(out_dir), str(source)], capture_output=True, text=True, timeout=180)
    result = out_dir / f"{source.stem}.{to.split(':')[0]}"
    assert proc.returncode == 0 and result.is_file(), proc.stderr
    shutil.rmtree(profile, ignore_errors=True)
    return result

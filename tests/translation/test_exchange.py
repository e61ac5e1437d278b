"""Exchange with CAT tools: XLIFF 1.2 export and import (lossless, checked, all-or-nothing) and the
TMX memory of the catalogue (validated against the TMX 1.4 schema OmegaT ships)."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree
from projects import ROOT, SLUG, copy_project

from frspub.cli import main

NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
OMEGAT_JAR = Path("/usr/share/omegat/OmegaT.jar")


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    root = copy_project(ROOT, tmp_path / "proj")
    assert main(["export", "-C", str(root), "-q"]) == 0
    return root


def pos(root: Path) -> dict[str, bytes]:
    return {lang: (root / "source" / lang / f"{SLUG}.po").read_bytes() for lang in ("en", "ja")}


def xlf(root: Path, lang: str) -> Path:
    return root / "build" / "xliff" / lang / f"{SLUG}.xlf"


def test_export_then_import_leaves_every_catalog_byte_identical(project: Path) -> None:
    before = pos(project)
    assert main(["import", "-C", str(project), "-q", str(xlf(project, "en")), str(xlf(project, "ja"))]) == 0
    assert pos(project) == before


def test_units_carry_states_notes_and_protected_codes(project: Path) -> None:
    doc = etree.parse(str(xlf(project, "en")))
    assert doc.getroot().get("version") == "1.2"
    file = doc.find("x:file", NS)
    assert (file.get("source-language"), file.get("target-language")) == ("fr", "en")
    units = doc.findall(".//x:trans-unit", NS)
    assert {u.find("x:target", NS).get("state") for u in units} == {"translated"}
    first = units[0]
    assert [ph.text for ph in first.find("x:source", NS).findall("x:ph", NS)] == ["[^*]", "[^1]", "[^2]", "[^3]"]
    assert [ph.get("id") for ph in first.find("x:target", NS).findall("x:ph", NS)] == ["1", "2", "3", "4"]
    assert first.findtext("x:note", namespaces=NS) == f"paragraph — source/fr/{SLUG}.md:38"
    legal = [u for u in units if u.get("resname") == "legal"]
    assert len(legal) == 2


def test_fuzzy_entries_need_review_and_show_the_previous_french(tmp_path: Path) -> None:
    from projects import make_fuzzy_and_missing

    root = copy_project(ROOT, tmp_path / "proj")
    make_fuzzy_and_missing(root)
    assert main(["export", "-C", str(root), "-q", "--lang", "en"]) == 0
    doc = etree.parse(str(xlf(root, "en")))
    review = [u for u in doc.findall(".//x:trans-unit", NS)
              if u.find("x:target", NS) is not None and u.find("x:target", NS).get("state") == "needs-review-translation"]
    assert len(review) == 1 and "seraient déjà présents" in review[0].findtext("x:alt-trans/x:source", namespaces=NS)
    assert sum(1 for u in doc.findall(".//x:trans-unit", NS) if u.find("x:target", NS).get("state") == "new") == 1
    before = pos(root)
    assert main(["import", "-C", str(root), "-q", str(xlf(root, "en"))]) == 0
    assert pos(root) == before


def test_a_translators_edit_comes_back_with_the_codes_of_the_source(project: Path) -> None:
    path = xlf(project, "en")
    doc = etree.parse(str(path))
    target = doc.find(".//x:trans-unit[@id='1']/x:target", NS)
    phs = target.findall("x:ph", NS)
    phs[1].text = "[^99]"  # a translator's tool may show or even alter a code's content: ignored
    target.text = target.text.replace("On October 23, 2024", "On 23 October 2024")
    doc.write(str(path), xml_declaration=True, encoding="UTF-8")
    assert main(["import", "-C", str(project), "-q", str(path)]) == 0
    text = (project / "source" / "en" / f"{SLUG}.po").read_text(encoding="utf-8")
    assert "On 23 October 2024" in text and "territory[^1]." in text and "[^99]" not in text


def test_an_import_with_an_error_names_the_xliff_line_and_writes_nothing(project: Path,
                                                                      capsys: pytest.CaptureFixture) -> None:
    path = xlf(project, "ja")
    doc = etree.parse(str(path))
    target = doc.find(".//x:trans-unit[@id='1']/x:target", NS)
    ph = target.findall("x:ph", NS)[1]
    ph.getparent().remove(ph)  # a footnote call lost in translation
    doc.write(str(path), xml_declaration=True, encoding="UTF-8")
    line = etree.parse(str(path)).find(".//x:trans-unit[@id='1']/x:target", NS).sourceline
    other = xlf(project, "en")
    before = pos(project)
    capsys.readouterr()
    assert main(["import", "-C", str(project), str(other), str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:{line}: error: footnote placeholder [^1] of the msgid is missing from the msgstr" in err
    assert pos(project) == before, "no catalog written when any file has an error"


def test_tmx_memory_is_valid_tmx_14(project: Path, tmp_path: Path) -> None:
    if not OMEGAT_JAR.exists():
        pytest.fail("OmegaT is not installed: run `make test` (Debian package omegat)")
    assert main(["export", "-C", str(project), "-q", "--tmx"]) == 0
    with zipfile.ZipFile(OMEGAT_JAR) as jar:  # the schema OmegaT validates TMX files with
        for name in ("tmx14.xsd", "xml.xsd"):
            (tmp_path / name).write_bytes(jar.read(f"schemas/{name}"))
    schema = etree.XMLSchema(etree.parse(str(tmp_path / "tmx14.xsd")))
    doc = etree.parse(str(project / "build" / "tmx" / "frspub.tmx"))
    assert schema.validate(doc), schema.error_log
    units = doc.findall(".//tu")
    assert len(units) > 40
    langs = {tuple(v.get("{http://www.w3.org/XML/1998/namespace}lang") for v in u.findall("tuv")) for u in units
             if not u.get("tuid").startswith("templates:")}
    assert langs == {("fr", "en", "ja")}
    def seg(unit: etree._Element, n: int) -> str:
        return "".join(unit.find(f"tuv[{n}]/seg").itertext())

    labels = {seg(u, 1): seg(u, 3) for u in units if u.get("tuid").startswith("templates:") and len(u) == 4}
    assert labels["Sommaire"] == "目次" and labels["%(num)d page"] == "%(num)dページ"


def labels_po(root: Path, lang: str) -> Path:
    return root / "templates" / "locale" / lang / "LC_MESSAGES" / "templates.po"


def test_the_template_labels_go_out_and_come_back_too(project: Path) -> None:
    """A CAT tool translates "Sommaire" with the rest: build/xliff/L/templates.xlf, placeholders as codes,
    each plural form a unit; an unchanged import leaves the catalog byte for byte, an edit comes back."""
    before = {lang: labels_po(project, lang).read_bytes() for lang in ("en", "ja")}
    sent = [project / "build" / "xliff" / lang / "templates.xlf" for lang in ("en", "ja")]
    doc = etree.parse(str(sent[0]))
    units = {"".join(tu.find("x:source", NS).itertext()): tu for tu in doc.iterfind(".//x:trans-unit", NS)}
    assert units["Sommaire"].findtext("x:target", namespaces=NS) == "Contents"
    assert [ph.text for ph in units["%(format)s en %(language)s"].iterfind("x:source/x:ph", NS)] == \
        ["%(format)s", "%(language)s"]
    assert main(["import", "-C", str(project), "-q", *map(str, sent)]) == 0
    assert {lang: labels_po(project, lang).read_bytes() for lang in ("en", "ja")} == before
    text = sent[0].read_text(encoding="utf-8").replace(">Contents<", ">Table of contents<")
    sent[0].write_text(text.replace(" pages</target>", " leaves</target>", 1), encoding="utf-8")
    assert main(["import", "-C", str(project), "-q", str(sent[0])]) == 0
    po = labels_po(project, "en").read_text(encoding="utf-8")
    assert 'msgstr "Table of contents"' in po and 'msgstr[1] "%(num)d leaves"' in po

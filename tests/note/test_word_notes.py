"""`frspub new --from`: documents written by LibreOffice (.docx and .odt, from a flat ODT
holding footnotes, a table, a picture, styles, a comment and tracked changes) and the
public DOCX files python-docx ships (`tools/test-deps.sh`) become notes that build in
three languages, pass EPUBCheck and the Nu checker, keep every footnote, table and picture
and carry no Word debris; a document whose conversion would lose text is refused."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from projects import ROOT
from validators import epubcheck_errors, vnu_errors
from wordsamples import COMMENT, DELETED, flat_odt, soffice

from frspub.cli import main
from frspub.translation import catalog

SAMPLES = ROOT / ".cache" / "docx-samples" / "python_docx-1.1.2" / "features" / "steps" / "test_files"
PUBLIC = ["blk-paras-and-tables", "tbl-cell-access", "tbl-props", "par-hyperlinks", "shp-inline-shape-access",
          "txt-font-props"]
LANGS = ("fr", "en", "ja")
NOTE_YAML = """publisher:
  name: Fondation pour la recherche stratégique (FRS)
  address: 55 rue Raspail 92300 Levallois-Perret
  decree: Fondation reconnue d'utilité publique par décret du 26 février 1993
  director: Bruno Racine
contact: {website: www.frstrategie.org, phone: 01.43.13.77.77, email: contact@frstrategie.org}
issn: 2273-4643
copyright: © FRS 2025 — tous droits réservés
legal: |
  Reproduction interdite sans autorisation.
"""
# What Word and LibreOffice leave in a naive pandoc conversion.
DEBRIS = [r"custom-style", r"\{\.underline\}", r"\{\.mark\}", r"_Toc", r"anchor", r"\\$", "\u00a0",
          r"::: ", r"<span", r"data-custom"]


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "frspub", "-C", str(root), *args],
                          capture_output=True, text=True, timeout=300)


def fill(md: Path) -> None:
    """What the author types into the marked fields."""
    text = md.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^date: .*À REMPLIR.*$", "date: 2025-03-01", text)
    text = re.sub(r"(?m)^(\s*)(\w+): .*À REMPLIR.*$", r"\1\2: Valeur de \2", text)
    text = re.sub(r"À REMPLIR : légende de la figure (\d+)", r"Illustration \1", text)
    assert "À REMPLIR" not in text
    md.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A project whose notes all come from documents; the stderr of each `frspub new`."""
    work = tmp_path_factory.mktemp("word")
    root = work / "proj"
    for folder in ("source/fr", "source/en", "source/ja"):
        (root / folder).mkdir(parents=True)
    import shutil

    shutil.copytree(ROOT / "templates", root / "templates")
    (root / "templates" / "note.yaml").write_text(NOTE_YAML, encoding="utf-8")
    fodt = work / "auteur.fodt"
    fodt.write_text(flat_odt(), encoding="utf-8")
    documents = {"lo-docx": soffice(fodt, "docx", work), "lo-odt": soffice(fodt, "odt", work)}
    documents.update({name: SAMPLES / f"{name}.docx" for name in PUBLIC})
    logs = {}
    for slug, path in documents.items():
        proc = run(root, "new", slug, "--from", str(path))
        assert proc.returncode == 0, proc.stderr
        logs[slug] = proc.stderr
    return root, logs


def body(root: Path, slug: str) -> str:
    return (root / "source" / "fr" / f"{slug}.md").read_text(encoding="utf-8").split("\n---\n", 1)[1]


@pytest.mark.parametrize("slug", ["lo-docx", "lo-odt"])
def test_libreoffice_document_becomes_a_note(made: tuple[Path, dict[str, str]], slug: str) -> None:
    root, logs = made
    md = (root / "source" / "fr" / f"{slug}.md").read_text(encoding="utf-8")
    text = body(root, slug)
    assert "title: L'axe Moscou-Pyongyang" in md and "author: Valérie Niquet" in md
    assert re.findall(r"(?m)^#+ .*$", text) == ["# Un partenariat stratégique", "## Les échanges"]
    assert re.findall(r"(?m)^\[\^\d+\]: (.*)$", text) == ["Déclaration du 23 octobre 2024, *Reuters*.",
                                                          "Note de fin de document."]
    assert len(re.findall(r"\[\^\d+\][^:]", text)) == 2
    assert ": Échanges en millions de dollars {#tbl:1}" in text
    assert re.search(r"(?m)^\W*2024\W+52\W*$", text)
    assert re.search(rf"!\[Le port de Rason et la frontière\]\({slug}-fig1\.png\)\{{#fig:1\s+"
                     r"alt=\"Carte schématique du port de Rason au bord de la mer du Japon\"\}", text)
    assert (root / "source" / "fr" / f"{slug}-fig1.png").read_bytes().startswith(b"\x89PNG")
    flat = " ".join(text.split())
    assert "Le texte ajouté reste ici." in flat  # the tracked insertion accepted, the deletion too
    assert DELETED not in text and COMMENT not in text and "Titre 1" not in md
    assert "espace insécable, un saut de ligne" in flat
    assert f'paragraph 3: warning: comment by Relecteur: "{COMMENT}"' in logs[slug]


@pytest.mark.parametrize("slug", ["lo-docx", "lo-odt", *PUBLIC])
def test_no_word_debris(made: tuple[Path, dict[str, str]], slug: str) -> None:
    text = body(made[0], slug)
    found = [d for d in DEBRIS if re.search(d, text, re.M)]
    assert found == [], text
    from frspub.note import ast, pandoc

    empty = []

    def visit(value: object) -> None:  # no empty paragraph anywhere (cells and notes included)
        if isinstance(value, dict):
            if value.get("t") in ("Para", "Plain") and not ast.stringify(value["c"]).strip() \
                    and not any(n.get("t") == "Image" for n in value["c"]):
                empty.append(value)
            visit(value.get("c"))
        elif isinstance(value, list):
            for v in value:
                visit(v)

    visit(pandoc.run_json(["-f", "markdown", "-t", "json"], text)["blocks"])
    assert empty == []


def test_public_samples_keep_their_tables_and_pictures(made: tuple[Path, dict[str, str]]) -> None:
    root, _ = made
    for slug in ("tbl-cell-access", "tbl-props"):
        assert re.search(r"(?m)^\s*[-+|]{3}", body(root, slug)), slug
    assert len(re.findall(r"\{#fig:\d", body(root, "shp-inline-shape-access"))) == 2
    assert body(root, "par-hyperlinks").count("](http://") == 4


def test_marked_fields_are_errors_until_filled(made: tuple[Path, dict[str, str]]) -> None:
    root, _ = made
    proc = run(root, "check")
    lines = [ln for ln in proc.stderr.splitlines() if "still to be filled" in ln]
    assert proc.returncode == 1
    assert re.search(r"source/fr/[\w-]+\.md:4: error: field `date` still to be filled", proc.stderr)
    assert re.search(r"source/fr/[\w-]+\.md:5: error: field `bio` still to be filled", proc.stderr)
    assert lines and all(re.match(r"^\S*source/fr/[\w-]+\.md:\d+: error: ", ln) for ln in lines)


@pytest.fixture(scope="module")
def built(made: tuple[Path, dict[str, str]]) -> Path:
    root, _ = made
    for md in (root / "source" / "fr").glob("*.md"):
        fill(md)
    assert main(["update", "-C", str(root), "-q"]) == 0
    for lang, mark in (("en", "[EN] "), ("ja", "［訳］")):
        for po in (root / "source" / lang).glob("*.po"):
            cat = catalog.load(po, lang)
            for msg in cat:
                if msg.id:
                    msg.string = mark + msg.id
            catalog.save(cat, po)
    assert main(["build", "-C", str(root), "-q", "-j", "2"]) == 0
    return root / "build"


def test_every_note_builds_in_three_languages(built: Path, made: tuple[Path, dict[str, str]]) -> None:
    slugs = ["lo-docx", "lo-odt", *PUBLIC]
    missing = [f"{lang}/{s}.{ext}" for lang in LANGS for s in slugs for ext in ("pdf", "html", "epub")
               if not (built / lang / f"{s}.{ext}").is_file()]
    assert missing == []
    html = (built / "en" / "lo-docx.html").read_text(encoding="utf-8")
    assert html.count('role="doc-noteref"') >= 2 or html.count("footnote-ref") >= 2
    assert "<table" in html and "<figure" in html


@pytest.mark.parametrize("lang", LANGS)
def test_epubcheck_reports_nothing(built: Path, lang: str) -> None:
    found = epubcheck_errors(sorted(built.glob("*/*.epub")))
    mine = {epub: errors for epub, errors in found.items() if epub.parent.name == lang}
    assert mine and all(errors == [] for errors in mine.values()), mine


def test_nu_checker_finds_nothing(built: Path) -> None:
    assert vnu_errors(sorted(built.glob("*/*.html"))) == []


def test_a_text_box_is_kept_as_a_paragraph_and_said(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "proj"
    shutil.copytree(ROOT / "source", root / "source")
    shutil.copytree(ROOT / "templates", root / "templates")
    fodt = tmp_path / "encadre.fodt"
    fodt.write_text(flat_odt(text_box=True), encoding="utf-8")
    proc = run(root, "new", "encadre", "--from", str(soffice(fodt, "docx", tmp_path)))
    assert proc.returncode == 0, proc.stderr
    assert "Encadré important sur Rason" in body(root, "encadre")
    assert re.search(r"encadre\.docx:paragraph 4: warning: conversion: text box \(“Encadré important sur Rason”\): "
                     "its text is kept as a paragraph, not the box", proc.stderr), proc.stderr


def test_a_document_that_would_lose_text_is_refused(tmp_path: Path) -> None:
    """pandoc drops Word's ruby (phonetic guides): the word under it would be lost."""
    import shutil
    import zipfile

    root = tmp_path / "proj"
    shutil.copytree(ROOT / "source", root / "source")
    shutil.copytree(ROOT / "templates", root / "templates")
    fodt = tmp_path / "ruby.fodt"
    fodt.write_text(flat_odt(), encoding="utf-8")
    docx = soffice(fodt, "docx", tmp_path)
    with zipfile.ZipFile(docx) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts["word/document.xml"].decode()
    run_ = xml.rindex("<w:r>", 0, xml.index("Dernier paragraphe"))
    ruby = ('<w:r><w:t xml:space="preserve">Ville de </w:t></w:r><w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>toukyou'
            '</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>Tokyo</w:t></w:r></w:rubyBase></w:ruby></w:r>'
            '<w:r><w:t xml:space="preserve">. </w:t></w:r>')
    parts["word/document.xml"] = (xml[:run_] + ruby + xml[run_:]).encode()
    lossy = tmp_path / "perte.docx"
    with zipfile.ZipFile(lossy, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    before = sorted(p.name for p in (root / "source").rglob("*"))
    proc = run(root, "new", "perte", "--from", str(lossy))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert re.search(r"perte\.docx:paragraph \d+: error: the conversion would lose text here: “tokyo” \(1 word\)",
                     proc.stderr), proc.stderr
    assert sorted(p.name for p in (root / "source").rglob("*")) == before


def test_new_never_overwrites_a_note(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "proj"
    shutil.copytree(ROOT / "source", root / "source")
    shutil.copytree(ROOT / "templates", root / "templates")
    md = root / "source" / "fr" / "axe-russie-coree-du-nord.md"
    before = md.read_bytes()
    proc = run(root, "new", "axe-russie-coree-du-nord")
    assert proc.returncode == 1 and md.read_bytes() == before
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].endswith(
        "source/fr/axe-russie-coree-du-nord.md:0: error: exists already: frspub new never overwrites a file "
        "(choose another name, or move this one away)")


ZOTERO = ('{"citationID":"abc","properties":{"formattedCitation":"(Niquet 2024)","plainCitation":"(Niquet 2024)"},'
          '"citationItems":[{"id":1,"uris":["http://zotero.org/users/1/items/ABCD"],"itemData":{"id":1,'
          '"type":"article-journal","title":"La Corée du Nord face à la Russie","author":[{"family":"Niquet",'
          '"given":"Valérie"}],"issued":{"date-parts":[["2024"]]}}}],'
          '"schema":"https://github.com/citation-style-language/schema/raw/master/csl-citation.json"}')


def test_zotero_citation_becomes_a_citation_and_a_bibliography(tmp_path: Path) -> None:
    """A Zotero field (as the Zotero Word plug-in writes it) put into LibreOffice's DOCX."""
    import json
    import shutil
    import zipfile

    fodt = tmp_path / "cite.fodt"
    fodt.write_text(flat_odt(), encoding="utf-8")
    docx = soffice(fodt, "docx", tmp_path)
    with zipfile.ZipFile(docx) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts["word/document.xml"].decode()
    field = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> ADDIN '
             f'ZOTERO_ITEM CSL_CITATION {ZOTERO} </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/>'
             '</w:r><w:r><w:t xml:space="preserve"> (Niquet 2024)</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')
    end = xml.index("</w:p>", xml.index("Dernier paragraphe"))
    parts["word/document.xml"] = (xml[:end] + field + xml[end:]).encode()
    cited = tmp_path / "cite-zotero.docx"
    with zipfile.ZipFile(cited, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    root = tmp_path / "proj"
    shutil.copytree(ROOT / "source", root / "source")
    shutil.copytree(ROOT / "templates", root / "templates")
    proc = run(root, "new", "cite", "--from", str(cited))
    assert proc.returncode == 0, proc.stderr
    md = (root / "source" / "fr" / "cite.md").read_text(encoding="utf-8")
    assert "\nbibliography: cite.json\n" in md
    assert re.search(r"qui conclut\.\s*\[@niquet2024\]", md)
    items = json.loads((root / "source" / "fr" / "cite.json").read_text(encoding="utf-8"))
    assert [(i["id"], i["title"], i["author"][0]["family"]) for i in items] == [
        ("niquet2024", "La Corée du Nord face à la Russie", "Niquet")]


def test_new_without_a_document_writes_every_field(tmp_path: Path) -> None:
    import shutil

    import yaml

    root = tmp_path / "proj"
    shutil.copytree(ROOT / "source", root / "source")
    shutil.copytree(ROOT / "templates", root / "templates")
    proc = run(root, "new", "nouvelle-note")
    assert proc.returncode == 0, proc.stderr
    md = root / "source" / "fr" / "nouvelle-note.md"
    text = md.read_text(encoding="utf-8")
    meta = yaml.safe_load(text.split("---\n")[1])
    assert list(meta) == ["title", "author", "date", "bio", "publisher", "contact", "issn", "copyright", "legal"]
    assert set(meta["publisher"]) == {"name", "address", "country", "decree", "director"}
    assert set(meta["contact"]) == {"website", "phone", "email", "siret", "vat", "ape"}
    seed = yaml.safe_load((ROOT / "source" / "fr" / f"{'axe-russie-coree-du-nord'}.md").read_text(
        encoding="utf-8").split("---\n")[1])
    assert meta["contact"] == seed["contact"] and meta["legal"].strip() == seed["legal"].strip()
    assert meta["issn"] == seed["issn"] and meta["publisher"]["name"] == seed["publisher"]["name"]
    assert "\n# doi: " in text
    for lang in ("en", "ja"):
        assert (root / "source" / lang / "nouvelle-note.po").is_file()
    check = run(root, "check")
    marked = re.findall(r"nouvelle-note\.md:(\d+): error: (field `\w+`|text) still to be filled", check.stderr)
    lines = text.splitlines()
    assert check.returncode == 1 and [lines[int(n) - 1].split(":")[0] for n, _ in marked][:4] == \
        ["title", "author", "date", "bio"]
    assert len(marked) == 6  # and the body's two placeholders (a paragraph, a footnote)
    update = run(root, "update")  # a draft: its marked fields wait, the rest of the project is updated
    assert update.returncode == 0, update.stderr


def test_html_and_markdown_documents(tmp_path: Path) -> None:
    from frspub.note import convert

    html = tmp_path / "page.html"
    html.write_text("<html><body><h1>La note</h1><h2>Une partie</h2>"
                    "<p>Un&nbsp;texte <span style='color:red' id='anchor-3'>rouge</span><br>coupé, "
                    "<a href='fichier.pdf'>un fichier</a> et <a href='https://frstrategie.org'>un site</a>.</p>"
                    "<p></p><table><caption>Tableau 1 : Des chiffres</caption><tr><th>A</th><th>B</th></tr>"
                    "<tr><td>1</td><td>2</td></tr></table></body></html>", encoding="utf-8")
    out = convert.convert(html, "page")
    assert out.title == "La note"
    assert out.body.splitlines()[0] == "# Une partie"
    flat = " ".join(out.body.split())
    assert "Un texte rouge coupé, un fichier et [un site](https://frstrategie.org)." in flat
    assert ": Des chiffres {#tbl:1}" in out.body and "anchor" not in out.body
    assert any("link to 'fichier.pdf' dropped" in w.message for w in out.warnings)
    md = tmp_path / "brouillon.md"
    md.write_text("# Titre du brouillon\n\nUn paragraphe[^a] et <b>du HTML</b>.\n\n[^a]: Une note.\n",
                  encoding="utf-8")
    out = convert.convert(md, "brouillon")
    assert out.title == "Titre du brouillon" and "<b>" not in out.body and "du HTML" in out.body
    assert "[^1]: Une note." in out.body


def test_unreadable_documents_give_one_line(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "proj"
    shutil.copytree(ROOT / "source", root / "source")
    shutil.copytree(ROOT / "templates", root / "templates")
    bad = tmp_path / "faux.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    for args in (["new", "faux", "--from", str(bad)], ["new", "faux", "--from", str(tmp_path / "x.rtf")],
                 ["new", "Faux Nom"], ["import", "--lang", "en", str(bad)]):
        before = sorted(p.name for p in (root / "source").rglob("*"))
        proc = run(root, *args)
        lines = [ln for ln in proc.stderr.splitlines() if "ISSN" not in ln]
        assert proc.returncode == 1 and len(lines) == 1 and re.match(r"^\S+:\d+: error: ", lines[0]), proc.stderr
        assert sorted(p.name for p in (root / "source").rglob("*")) == before

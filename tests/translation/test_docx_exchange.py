"""Translators in Word (issue 21): `frspub export --docx` then `frspub import --lang en FILE.docx`.

The sample note is exported, "translated" by a program (every lower-case word of four
letters or more written backwards, in the DOCX's XML: numbers and names stay, as in a
translation), edited in its structure (paragraphs split and merged, a footnote paragraph
added) and saved again by LibreOffice, then imported.  Each French segment is then
right (its translation placed), flagged (reported with both places and left untouched)
or wrong (placed with another segment's text): wrong must be 0.  The counts are printed
(`pytest -s`)."""
from __future__ import annotations

import copy
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from projects import ROOT, SLUG, copy_project
from wordsamples import soffice

from frspub.translation import catalog

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WORDS = re.compile(r"\b[a-zà-ÿ]{4,}\b")


def backwards(text: str) -> str:
    return WORDS.sub(lambda m: m.group(0)[::-1], text)


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "frspub", "-C", str(root), *args],
                          capture_output=True, text=True, timeout=300)


def edit_docx(src: Path, dest: Path, split: list[int] = (), merge: list[int] = ()) -> None:
    """Pseudo-translate every run of text; split the body paragraphs numbered in `split` at a
    sentence end, merge each paragraph numbered in `merge` with the next one."""
    with zipfile.ZipFile(src) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    for name in ("word/document.xml", "word/footnotes.xml"):
        root = etree.fromstring(parts[name])
        for t in root.iter(f"{{{W}}}t"):
            t.text = backwards(t.text or "")
        if name == "word/document.xml":
            paragraphs = [p for p in root.iter(f"{{{W}}}p") if "".join(p.itertext()).strip()]
            for number in sorted(merge, reverse=True):
                first, second = paragraphs[number - 1], paragraphs[number]
                space = etree.SubElement(first, f"{{{W}}}r")
                etree.SubElement(space, f"{{{W}}}t", {"{http://www.w3.org/XML/1998/namespace}space": "preserve"}).text = " "
                for run_ in second.findall(f"{{{W}}}r"):
                    first.append(run_)
                second.getparent().remove(second)
            for number in split:  # the first paragraph from `number` on with a sentence end in a run
                next(p for p in paragraphs[number - 1:] if _split(p))
        parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)


def _split(p: etree._Element) -> bool:
    runs = p.findall(f"{{{W}}}r")
    for i, r in enumerate(runs):
        t = r.find(f"{{{W}}}t")
        if t is not None and t.text and ". " in t.text[10:-10] and p.find(f"{{{W}}}pPr/{{{W}}}pStyle") is not None \
                and "Heading" not in p.find(f"{{{W}}}pPr/{{{W}}}pStyle").get(f"{{{W}}}val", ""):
            cut = t.text.index(". ", 10) + 1
            second = copy.deepcopy(p)
            for extra in p.findall(f"{{{W}}}r")[i + 1:]:
                p.remove(extra)
            t.text = t.text[:cut]
            runs2 = second.findall(f"{{{W}}}r")
            for extra in runs2[:i]:
                second.remove(extra)
            t2 = runs2[i].find(f"{{{W}}}t")
            t2.text = t2.text[cut:].lstrip()
            p.addnext(second)
            return True
    return False


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    root = copy_project(ROOT, tmp_path / "proj")
    assert run(root, "export", "--docx", "--lang", "en", SLUG).returncode == 0
    return root


def counts(root: Path, before: bytes) -> dict[str, int]:
    """right / flagged / wrong over the French segments (the catalog's entries)."""
    po = root / "source" / "en" / f"{SLUG}.po"
    cat = catalog.load(po, "en")
    tally = {"right": 0, "flagged": 0, "wrong": 0}
    for msg in catalog.messages(cat):
        if not any(c.startswith("frspub: from") for c in msg.user_comments):
            tally["flagged"] += 1
            continue
        tally["right" if backwards(_text(msg.string)) == _text(msg.id) else "wrong"] += 1
    return tally


def _text(markdown: str) -> str:
    """A segment without its link targets and attributes (markup, not words: never written backwards)."""
    return re.sub(r"\]\([^)]*\)|\{[^}]*\}", "]", markdown)


def import_edited(root: Path, tmp: Path, name: str, **edits: list[int]) -> tuple[subprocess.CompletedProcess[str], dict[str, int]]:
    """Edit the exported file, let LibreOffice save it again as DOCX, import it; the counts."""
    exported = root / "build" / "docx" / "en" / f"{SLUG}.docx"
    edited = tmp / f"{name}.docx"
    edit_docx(exported, edited, **edits)
    (tmp / "lo").mkdir(exist_ok=True)
    saved = soffice(edited, "docx", tmp / "lo")
    before = (root / "source" / "en" / f"{SLUG}.po").read_bytes()
    proc = run(root, "import", "--lang", "en", str(saved))
    tally = counts(root, before)
    print(f"\n{name}: {tally}")
    return proc, tally


def test_export_writes_one_paragraph_per_segment_and_word_footnotes(project: Path) -> None:
    docx = project / "build" / "docx" / "en" / f"{SLUG}.docx"
    with zipfile.ZipFile(docx) as z:
        document, notes = z.read("word/document.xml"), z.read("word/footnotes.xml")
    cat = catalog.load(project / "source" / "en" / f"{SLUG}.po", "en")
    ids = catalog.messages(cat)
    body = etree.fromstring(document)
    paragraphs = [p for p in body.iter(f"{{{W}}}p") if "".join(p.itertext()).strip()]
    footnotes = [n for n in etree.fromstring(notes).iter(f"{{{W}}}footnote") if n.get(f"{{{W}}}type") is None]
    assert len(footnotes) == 12  # the note's 12 footnotes, as Word footnotes
    in_notes = sum(1 for n in footnotes for p in n.iter(f"{{{W}}}p") if "".join(p.itertext()).strip())
    assert len(paragraphs) + in_notes == len(ids)
    assert b"frspub:axe-russie-coree-du-nord:fr&gt;en" in zipfile.ZipFile(docx).read("docProps/core.xml")


def test_pseudo_translation_comes_back_fuzzy_with_every_footnote_label(project: Path, tmp_path: Path) -> None:
    proc, tally = import_edited(project, tmp_path, "pseudo")
    assert proc.returncode == 0, proc.stderr
    assert tally["wrong"] == 0 and tally["flagged"] == 0 and tally["right"] > 40
    cat = catalog.load(project / "source" / "en" / f"{SLUG}.po", "en")
    for msg in catalog.messages(cat):
        assert msg.fuzzy and "frspub: from pseudo.docx" in msg.user_comments
        assert re.findall(r"\[\^([^\]]+)\]", msg.string) == re.findall(r"\[\^([^\]]+)\]", msg.id)
    assert run(project, "check", "--lang", "en").returncode == 0
    assert run(project, "review", "--lang", "en").returncode == 0
    page = (project / "build" / "review" / "en" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert backwards("supplémentaire") in page
    assert page.count('data-state="fuzzy"') == tally["right"]  # each one shown for an editor to confirm


def test_split_and_merged_paragraphs_are_flagged_never_wrong(project: Path, tmp_path: Path) -> None:
    proc, tally = import_edited(project, tmp_path, "split-merge", split=[2, 9], merge=[5, 14])
    assert proc.returncode == 0, proc.stderr
    assert tally["wrong"] == 0 and tally["flagged"] >= 4
    flagged = [ln for ln in proc.stderr.splitlines() if "structure does not match" in ln]
    assert len(flagged) == tally["flagged"]
    assert all(re.search(r"split-merge\.docx:paragraph \d+: warning: .*\(French: \S+\.md:\d+\)", ln)
               for ln in flagged)


def test_a_missing_footnote_is_flagged(project: Path, tmp_path: Path) -> None:
    exported = project / "build" / "docx" / "en" / f"{SLUG}.docx"
    with zipfile.ZipFile(exported) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    ref = next(root.iter(f"{{{W}}}footnoteReference"))
    ref.getparent().getparent().remove(ref.getparent())  # the run holding the 3rd call… the first one
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    edited = tmp_path / "sans-note.docx"
    with zipfile.ZipFile(edited, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    proc = run(project, "import", "--lang", "en", str(edited))
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"sans-note\.docx:paragraph [12]: warning: structure does not match: .*\.md:38\)", proc.stderr)
    assert re.search(r"footnote \* of the French has no footnote in the Word file", proc.stderr)
    cat = catalog.load(project / "source" / "en" / f"{SLUG}.po", "en")
    placed = [m for m in catalog.messages(cat) if any(c.startswith("frspub: from") for c in m.user_comments)]
    assert len(placed) == len(catalog.messages(cat)) - 5  # the paragraph and its 4 notes left untouched
    assert all(m.string == m.id for m in placed)  # French exported, French back: each in its place


@pytest.mark.parametrize("case", ["other-note", "other-language", "not-a-translation"])
def test_nothing_is_written_for_a_file_that_is_not_a_translation(project: Path, tmp_path: Path, case: str) -> None:
    po = project / "source" / "en" / f"{SLUG}.po"
    before = po.read_bytes()
    exported = project / "build" / "docx" / "en" / f"{SLUG}.docx"
    if case == "other-language":
        assert run(project, "export", "--docx", "--lang", "ja", SLUG).returncode == 0
        path = project / "build" / "docx" / "ja" / f"{SLUG}.docx"
    elif case == "other-note":
        with zipfile.ZipFile(exported) as z:
            parts = {n: z.read(n) for n in z.namelist()}
        parts["docProps/core.xml"] = parts["docProps/core.xml"].replace(b"axe-russie-coree-du-nord", b"autre-note")
        path = tmp_path / "autre.docx"
        with zipfile.ZipFile(path, "w") as z:
            for n, data in parts.items():
                z.writestr(n, data)
    else:  # a document of the right name, but another text
        from wordsamples import flat_odt

        fodt = tmp_path / f"{SLUG}.fodt"
        fodt.write_text(flat_odt(), encoding="utf-8")
        path = soffice(fodt, "docx", tmp_path)
    proc = run(project, "import", "--lang", "en", str(path))
    assert proc.returncode == 1
    assert len(proc.stderr.strip().splitlines()) == 1 or "ISSN" in proc.stderr
    assert re.search(r"\.docx:0: error: ", proc.stderr) and "Traceback" not in proc.stderr
    assert po.read_bytes() == before

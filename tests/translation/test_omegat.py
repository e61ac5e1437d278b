"""A real CAT tool in the loop: OmegaT 3.6 (Debian), headless, translates frspub's XLIFF from a
translation memory, and `frspub import` brings the translations back into the catalog."""
from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree
from projects import ROOT, SLUG, copy_project

from frspub.cli import main
from frspub.translation import catalog, xliff
from frspub.translation.xliff import _pieces

OMEGAT = shutil.which("omegat")
PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat><project version="1.0">
 <source_dir>source</source_dir><source_dir_excludes/><target_dir>target</target_dir><tm_dir>tm</tm_dir>
 <glossary_dir>glossary</glossary_dir><glossary_file>glossary/glossary.txt</glossary_file>
 <dictionary_dir>dictionary</dictionary_dir><source_lang>fr</source_lang><target_lang>en</target_lang>
 <source_tok>org.omegat.tokenizer.LuceneFrenchTokenizer</source_tok>
 <target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok>
 <sentence_seg>false</sentence_seg><support_default_translations>true</support_default_translations>
 <remove_tags>false</remove_tags>
</project></omegat>
"""
NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
TAG = re.compile(r"<[a-z]+(\d+)/>")
CODE = re.compile(r"\0(\d+)\0")


def _strip(text: str) -> str:
    """Without the codes at its start and end: OmegaT keeps those out of the segment."""
    return re.sub(r"^(?:\0\d+\0)+|(?:\0\d+\0)+$", "", text)


def omegat(*args: str) -> None:
    proc = subprocess.run([OMEGAT, *args], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and "Finished" in proc.stdout + proc.stderr, proc.stdout[-2000:] + proc.stderr[-2000:]


def _edges(text: str) -> tuple[str, str]:
    """The codes at the start and at the end of a Markdown segment (as frspub's XLIFF marks them)."""
    from frspub.translation.xliff import _pieces

    pieces = _pieces(text)
    lead = "".join(v for _, v in itertools.takewhile(lambda p: p[0] == "code", pieces))
    tail = "".join(v for _, v in itertools.takewhile(lambda p: p[0] == "code", reversed(pieces)))
    return lead, tail


def memory_in_omegat_form(pseudo: Path, xlf: Path, translations: dict[str, str], out: Path) -> tuple[int, int]:
    """A TMX for tm/auto: OmegaT's own form of each French segment (as it wrote it in a
    pseudo-translation TMX: the codes at the start and end left out, the others as tags <f0/>,
    <l1/>… numbered in order) with the English of the catalog, its codes made the same tags."""
    doc = etree.parse(str(xlf))
    english: dict[str, tuple[list[str], str]] = {}
    for tu in doc.iterfind(".//x:trans-unit", NS):
        source = tu.find("x:source", NS)
        inner = _strip((source.text or "") + "".join(f"\0{ph.get('id')}\0" + (ph.tail or "") for ph in source))
        order = CODE.findall(inner)  # the ids OmegaT numbers 0, 1, 2…
        key = CODE.sub(lambda m, it=iter(range(10**6)): f"<{next(it)}>", inner)
        english[key] = (order, translations.get(tu.get("id"), ""))
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(root, "header", creationtool="test", creationtoolversion="1", segtype="paragraph",
                     adminlang="en", srclang="fr", datatype="plaintext", **{"o-tmf": "x"})
    body = etree.SubElement(root, "body")
    count = 0
    for seg in etree.parse(str(pseudo)).iterfind(".//tu/tuv[1]/seg"):
        omega = seg.text or ""
        tags = [m.group(0) for m in TAG.finditer(omega)]
        found = english.get(TAG.sub(lambda m, it=iter(range(10**6)): f"<{next(it)}>", omega))
        if not found or not found[1]:
            continue
        order, target = found
        # codes OmegaT left out of the source segment it puts back itself around the translation
        text = CODE.sub(lambda m: tags[order.index(m.group(1))] if m.group(1) in order else "", target)
        tu = etree.SubElement(body, "tu")
        for lang, value in (("fr", omega), ("en", text)):
            tuv = etree.SubElement(tu, "tuv")
            tuv.set("{http://www.w3.org/XML/1998/namespace}lang", lang)
            etree.SubElement(tuv, "seg").text = value
        count += 1
    out.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    return count, len(english)  # OmegaT lists a repeated segment (two "Ibid.") once


def test_omegat_translates_the_export_and_import_brings_it_back(tmp_path: Path) -> None:
    if OMEGAT is None:
        pytest.fail("OmegaT is not installed: run `make test` (Debian package omegat)")
    done = copy_project(ROOT, tmp_path / "done")  # the English catalog, complete
    job = copy_project(ROOT, tmp_path / "job")  # the same note to translate from nothing
    po = job / "source" / "en" / f"{SLUG}.po"
    cat = catalog.load(po, "en")
    for msg in catalog.messages(cat):
        msg.string = ""
    catalog.save(cat, po)
    assert main(["export", "-C", str(done), "-q", "--lang", "en"]) == 0
    assert main(["export", "-C", str(job), "-q", "--lang", "en"]) == 0
    exported = job / "build" / "xliff" / "en" / f"{SLUG}.xlf"
    translated = etree.parse(str(done / "build" / "xliff" / "en" / f"{SLUG}.xlf"))
    translations = {tu.get("id"): (tu.find("x:target", NS).text or "") + "".join(
        f"\0{ph.get('id')}\0" + (ph.tail or "") for ph in tu.find("x:target", NS))
        for tu in translated.iterfind(".//x:trans-unit", NS)}

    omt = tmp_path / "omegat"
    for folder in ("source", "target", "tm/auto", "glossary", "dictionary", "omegat"):
        (omt / folder).mkdir(parents=True)
    (omt / "omegat.project").write_text(PROJECT, encoding="utf-8")
    shutil.copy(exported, omt / "source" / f"{SLUG}.xlf")
    pseudo = tmp_path / "pseudo.tmx"
    omegat("--mode=console-createpseudotranslatetmx", f"--pseudotranslatetmx={pseudo}",
           "--pseudotranslatetype=equal", str(omt))
    made, distinct = memory_in_omegat_form(pseudo, exported, translations, omt / "tm" / "auto" / "frspub.tmx")
    assert made == distinct > 40
    omegat("--mode=console-translate", str(omt))
    result = omt / "target" / f"{SLUG}.xlf"
    assert main(["import", "-C", str(job), "-q", str(result)]) == 0

    back = {(m.id, m.context): m.string for m in catalog.messages(catalog.load(po, "en"))}
    want = {(m.id, m.context): m.string for m in catalog.messages(catalog.load(done / "source" / "en" / f"{SLUG}.po", "en"))}
    # OmegaT 3.6 leaves state="new" on the units it translates: a translation identical to the
    # French ("*Ibid.*") cannot be told from an untouched copy and stays untranslated (shown in
    # French: the same words); every other translation comes back, codes in place.
    same = {key for key, text in want.items() if text == key[0]}
    # OmegaT keeps a segment's leading and trailing codes out of it and writes them back around
    # the translation: a translation that drops them (Chicago's roman "ibid." for "*Ibid.*")
    # comes back with them; the translator sees them as tags in OmegaT and removes them there.
    kept = {key for key, text in want.items() if _edges(key[0]) != _edges(text)}
    assert {k: v for k, v in back.items() if k not in same | kept} == \
        {k: v for k, v in want.items() if k not in same | kept}
    assert all(back[key] == "" for key in same) and len(same) <= 4 and len(kept) <= 6


PREFS = """<?xml version="1.0" encoding="UTF-8" ?>
<omegat><preference version="1.0">
 <ext_tmx_show_level2>true</ext_tmx_show_level2><ext_tmx_use_slash>true</ext_tmx_use_slash>
</preference></omegat>
"""


def test_omegat_fills_every_coded_segment_from_frspubs_own_tmx(tmp_path: Path) -> None:
    """frspub export --tmx writes codes as the XLIFF does (<ph>), so OmegaT, reading the memory's
    tags (its "TMX level 2" preference), finds an exact match for every segment with codes (with
    codes written as Markdown text: 0 of 19).  OmegaT numbers a memory's tags by their order, not
    by their x: a translation that drops or reorders a code (roman "leader" for "*leader*") gets
    its tags mapped in order, which the translator sees, and must fix, in OmegaT."""
    if OMEGAT is None:
        pytest.fail("OmegaT is not installed: run `make test` (Debian package omegat)")
    done = copy_project(ROOT, tmp_path / "done")
    job = copy_project(ROOT, tmp_path / "job")
    po = job / "source" / "en" / f"{SLUG}.po"
    cat = catalog.load(po, "en")
    for msg in catalog.messages(cat):
        msg.string = ""
    catalog.save(cat, po)
    assert main(["export", "-C", str(done), "-q", "--lang", "en", "--tmx"]) == 0
    assert main(["export", "-C", str(job), "-q", "--lang", "en"]) == 0
    omt, config = tmp_path / "omegat", tmp_path / "config"
    for folder in ("source", "target", "tm/auto", "glossary", "dictionary", "omegat"):
        (omt / folder).mkdir(parents=True)
    config.mkdir()
    (config / "omegat.prefs").write_text(PREFS, encoding="utf-8")
    (omt / "omegat.project").write_text(PROJECT, encoding="utf-8")
    shutil.copy(job / "build" / "xliff" / "en" / f"{SLUG}.xlf", omt / "source")
    shutil.copy(done / "build" / "tmx" / "frspub.tmx", omt / "tm" / "auto")
    omegat(f"--config-dir={config}", "--mode=console-translate", str(omt))
    filled = {u.msgid: u.string for u in xliff.read(omt / "target" / f"{SLUG}.xlf", ["fr", "en"]).units}
    want = {m.id: m.string for m in catalog.messages(catalog.load(done / "source" / "en" / f"{SLUG}.po", "en"))}

    def codes(text: str) -> list[str]:
        return [v for k, v in _pieces(text) if k == "code"]

    coded = [m for m in want if isinstance(m, str) and codes(m) and want[m] != m]
    # OmegaT writes a segment's edge codes back around its translation: "Ibid." for "*Ibid.*" comes
    # back with them (the README says so); every other segment with codes is filled
    edged = [m for m in coded if _edges(m) != _edges(want[m])]
    assert len(coded) >= 18 and len(edged) <= 4
    assert [m for m in coded if m not in filled and m not in edged] == [], "a segment with codes was not filled"
    in_order = [m for m in coded if codes(want[m]) == codes(m)]
    assert {m: filled[m] for m in in_order} == {m: want[m] for m in in_order}

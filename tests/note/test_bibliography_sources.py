"""Bibliography sources a note may name (issue 20), read by pandoc as citeproc reads them:
BibLaTeX, BibTeX, CSL JSON, CSL YAML files beside the note, and `references:` in the YAML."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from projects import DATA

from frspub.errors import SourceError
from frspub.note import source

SOURCES = {
    "refs.bib": "@book{k1,\n  author = {Niquet, Valérie},\n  title = {Titre},\n  date = {2025},\n}\n",
    "refs.bibtex": "@book{k1,\n  author = {Niquet, Valérie},\n  title = {Titre},\n  year = {2025},\n}\n",
    "refs.json": '[{"id": "k1", "type": "book", "title": "Titre", "author": [{"family": "Niquet"}]}]\n',
    "refs.yaml": "---\nreferences:\n- id: k1\n  type: book\n  title: Titre\n...\n",
}


def note_citing(tmp_path: Path, yaml_line: str, files: dict[str, str]) -> Path:
    shutil.copytree(DATA / "mathcite" / "source", tmp_path / "source")
    fr = tmp_path / "source" / "fr"
    for name, text in files.items():
        (fr / name).write_text(text, encoding="utf-8")
    md = fr / "maths-et-sources.md"
    text = md.read_text(encoding="utf-8").replace("bibliography: sources.bib", yaml_line)
    for key in ("martin2020", "kato2018"):
        text = text.replace(f"@{key}", "@k1")
    md.write_text(text, encoding="utf-8")
    return md


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_each_bibliography_format_gives_its_keys(tmp_path: Path, name: str, caplog: pytest.LogCaptureFixture) -> None:
    note = source.read_note(note_citing(tmp_path, f"bibliography: {name}", {name: SOURCES[name]}))
    assert note.citations.keys == {"k1"}
    assert not [r for r in caplog.records if "citation" in r.getMessage()]


def test_references_in_the_yaml_block(tmp_path: Path) -> None:
    refs = "references:\n  - {id: k1, type: book, title: Titre}"
    note = source.read_note(note_citing(tmp_path, refs, {}))
    assert note.citations.keys == {"k1"} and note.citations.files == []


def test_a_style_that_does_not_exist_is_an_error_at_its_line(tmp_path: Path) -> None:
    md = note_citing(tmp_path, "bibliography: refs.json\ncsl: no-such-style", {"refs.json": SOURCES["refs.json"]})
    line = md.read_text(encoding="utf-8").splitlines().index("csl: no-such-style") + 1
    with pytest.raises(SourceError) as err:
        source.read_note(md)
    assert [(p.line, p.message[:25]) for p in err.value.problems] == [(line, "`csl: no-such-style` is n")]

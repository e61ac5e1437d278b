"""Reading the canonical note: metadata, fixed labels, and one-line errors."""
from __future__ import annotations

from pathlib import Path

import pytest

from projects import DATA, ROOT, SLUG
from frspub import ast
from frspub.errors import SourceError
from frspub.source import read_note

REAL = ROOT / "source" / "fr" / f"{SLUG}.md"


def test_real_note_labels_and_metadata() -> None:
    note = read_note(REAL)
    assert list(note.notes) == ["*", *map(str, range(1, 12))]
    assert note.meta["issn"] == "2273-4644" and str(note.date) == "2025-01-07"
    assert ast.stringify(note.fields["title"]) == "L’axe stratégique Russie-Corée du Nord : une évaluation"
    headings = [b for b in note.blocks if b["t"] == "Header"]
    assert len(headings) == 9
    assert "Ibid" in ast.stringify(note.notes["9"])
    assert note.call_lines["*"] < note.call_lines["1"]


def test_symbol_notes_keep_their_symbol_and_do_not_shift_numbers() -> None:
    note = read_note(DATA / "sample" / "source" / "fr" / "note-exemple.md")
    assert list(note.notes) == ["1", "†", "2", "3", "4", "5"]
    assert len(note.notes["1"]) == 2  # a two-paragraph footnote


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "n.md"
    path.write_text(text, encoding="utf-8")
    return path


GOOD_META = """---
title: T
author: A
date: 2025-01-07
issn: 2273-4644
publisher:
  name: FRS
copyright: © FRS
legal: L
---
"""


def test_bad_yaml_names_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "---\ntitle: T\nauthor: [A\ndate: 2025-01-07\n---\n\nText.\n")
    with pytest.raises(SourceError) as err:
        read_note(path)
    problem = err.value.problems[0]
    assert problem.line in (3, 4, 5) and "bad YAML" in problem.message


def test_every_missing_field_is_reported_at_once(tmp_path: Path) -> None:
    path = write(tmp_path, "---\ntitle: T\npublisher:\n  address: X\n---\n\nText.\n")
    with pytest.raises(SourceError) as err:
        read_note(path)
    messages = {p.message for p in err.value.problems}
    for field in ("author", "date", "issn", "publisher.name", "copyright", "legal"):
        assert f"missing required metadata field `{field}`" in messages
    assert next(p for p in err.value.problems if "publisher.name" in p.message).line == 3


def test_bad_issn_and_date(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_META.replace("2273-4644", "2273 4644").replace("2025-01-07", "7 janvier"))
    with pytest.raises(SourceError) as err:
        read_note(path)
    assert {p.line for p in err.value.problems} == {4, 5}


def test_undefined_footnote(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_META + "\nText[^1] and[^2].\n\n[^1]: One.\n")
    with pytest.raises(SourceError) as err:
        read_note(path)
    assert [(p.line, p.message) for p in err.value.problems] == [(12, "footnote [^2] is called but never defined")]


def test_no_front_matter(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="YAML metadata block"):
        read_note(write(tmp_path, "Just text.\n"))

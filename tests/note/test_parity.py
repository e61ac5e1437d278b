"""What pandoc accepts, frspub reads the same way (issue 20): notes defined in a block quote
or a list item, several YAML blocks, dates as text, `authors:` lists, empty link targets,
empty headings and skipped levels (warnings at their line), headings levelled."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from projects import MINIMAL_META

from frspub.errors import SourceError
from frspub.note import ast
from frspub.note.source import read_note

META = MINIMAL_META


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "n.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_note_may_be_defined_in_a_block_quote_or_a_list_item(tmp_path: Path) -> None:
    note = read_note(write(tmp_path, META + """
> Une citation[^1].
>
> [^1]: Définie dans la citation.

- Un point[^2].

  [^2]: Définie dans le point.
"""))
    assert ast.stringify(note.notes["1"]) == "Définie dans la citation."
    assert ast.stringify(note.notes["2"]) == "Définie dans le point."


def test_yaml_blocks_are_merged_the_later_winning_with_their_lines(tmp_path: Path) -> None:
    note = read_note(write(tmp_path, META + """
Texte.

---
title: Titre du second bloc
site_url: https://example.org/
---

Suite.
"""))
    assert note.meta["title"] == "Titre du second bloc" and note.meta_lines["title"] == 15
    assert ast.stringify(note.fields["title"]) == "Titre du second bloc"
    assert "site_url" not in ast.stringify(note.blocks) and ast.stringify(note.blocks) == "Texte.Suite."
    path = write(tmp_path, META + "\nTexte.\n\n---\nissn: 1234\n---\n")
    with pytest.raises(SourceError) as err:
        read_note(path)
    assert [(p.line, "issn" in p.message) for p in err.value.problems] == [(15, True)]


@pytest.mark.parametrize("written, date", [
    ("'2021-05-24'", dt.date(2021, 5, 24)), ("2 December 2022", dt.date(2022, 12, 2)),
    ("December 2, 2022", dt.date(2022, 12, 2)), ("1er mars 2024", dt.date(2024, 3, 1)),
])
def test_a_date_written_as_text_is_a_date(tmp_path: Path, written: str, date: dt.date) -> None:
    note = read_note(write(tmp_path, META.replace("2025-01-07", written) + "\nTexte.\n"))
    assert note.date == date


def test_authors_as_names_or_mappings_give_the_author(tmp_path: Path) -> None:
    meta = META.replace("author: A\n", "authors:\n  - name: Martin Bernstorff\n    orcid: 0000\n"
                        "  - name: Kenneth Enevoldsen\n")
    note = read_note(write(tmp_path, meta + "\nTexte.\n"))
    assert note.meta["author"] == "Martin Bernstorff, Kenneth Enevoldsen" and note.meta_lines["author"] == 3
    note = read_note(write(tmp_path, META.replace("author: A", "author: [Ann, Bob]") + "\nTexte.\n"))
    assert note.meta["author"] == "Ann, Bob"


def test_an_empty_link_target_is_a_warning_at_its_line(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = write(tmp_path, META + "\nUn [lien](https://example.org/).\n\nUn [Vide]() ici.\n")
    note = read_note(path)
    assert [n["c"][2][0] for n in ast.nodes(note.blocks) if n["t"] == "Link"] == ["https://example.org/"]
    assert "Un Vide ici." in ast.stringify(note.blocks)
    assert f"{path.name}:14: warning: link [Vide]() has no target" in caplog.text


def test_empty_and_skipped_headings_are_warnings_and_levels_are_shifted(tmp_path: Path,
                                                                       caplog: pytest.LogCaptureFixture) -> None:
    path = write(tmp_path, META + """
### Premier chapitre

Texte.

##### Trop profond

## 

### Second chapitre
""")
    note = read_note(path)
    levels = [(n["c"][0], ast.stringify(n["c"][2])) for n in note.blocks if n["t"] == "Header"]
    assert levels == [(1, "Premier chapitre"), (2, "Trop profond"), (1, "Second chapitre")]
    err = caplog.text
    assert f"{path.name}:16: warning: heading level skips from ### to #####" in err
    assert f"{path.name}:18: warning: empty heading (##)" in err


def test_an_anchor_in_a_heading_becomes_the_heading_as_link_target(tmp_path: Path) -> None:
    note = read_note(write(tmp_path, META + """
## <span id="anchor-7"></span>Titre

Voir [le titre](#anchor-7).
"""))
    header = next(n for n in note.blocks if n["t"] == "Header")
    assert header["c"][1][0] == "titre" and ast.stringify(header["c"][2]) == "Titre"
    assert [n["c"][2][0] for n in ast.nodes(note.blocks) if n["t"] == "Link"] == ["#titre"]


def test_toc_depth_must_be_a_number_of_levels(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    read_note(write(tmp_path, META.replace("legal: L", "legal: L\ntoc-depth: beaucoup") + "\nTexte.\n"))
    assert ":10: warning: `toc-depth` must be a number" in caplog.text


"""Reading the canonical note: metadata, fixed labels, and one-line errors."""
from __future__ import annotations

from pathlib import Path

import pytest
from projects import DATA, MINIMAL_META, ROOT, SLUG

from frspub.errors import SourceError
from frspub.note import ast
from frspub.note.source import read_note

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


GOOD_META = MINIMAL_META


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
    path = write(tmp_path, GOOD_META.replace("2273-4643", "2273 4643").replace("2025-01-07", "7 janvier"))
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


def test_inline_notes_are_numbered_with_the_others_in_french_order(tmp_path: Path) -> None:
    text = (DATA / "sample" / "source" / "fr" / "note-exemple.md").read_text(encoding="utf-8")
    text = text.replace("Cette note d'exemple éprouve", "Cette note d'exemple^[Une note *en ligne*.] éprouve")
    text = text.replace("Conclusion de la note.", "Conclusion de la note^[Dernière note en ligne.].")
    path = tmp_path / "note.md"
    path.write_text(text, encoding="utf-8")
    note = read_note(path)
    assert list(note.notes) == ["1", "2", "†", "3", "4", "5", "6", "7"]
    assert ast.stringify(note.notes["1"]) == "Une note en ligne."
    assert ast.stringify(note.notes["7"]) == "Dernière note en ligne."
    # an inline note is defined where it is called: both lines are the call's
    line = text.splitlines().index(next(x for x in text.splitlines() if "^[Une note" in x)) + 1
    assert note.call_lines["1"] == note.note_lines["1"] == line


def test_inline_notes_keep_their_labels_in_every_language(scratch_project: Path) -> None:
    from frspub.cli import main
    from frspub.translation import catalog

    md = scratch_project / "source" / "fr" / f"{SLUG}.md"
    text = md.read_text(encoding="utf-8")
    old = "sous l'égide de la Russie."
    assert old in text
    md.write_text(text.replace(old, "sous l'égide^[Une note en ligne.] de la Russie."), encoding="utf-8")
    assert main(["update", "-C", str(scratch_project), "-q"]) == 0
    note = read_note(md)
    label = next(k for k, v in note.notes.items() if ast.stringify(v) == "Une note en ligne.")
    assert label.isdigit()
    po = scratch_project / "source" / "en" / f"{SLUG}.po"
    cat = catalog.load(po, "en")
    entry = next(m for m in cat if m.id == "Une note en ligne.")
    assert "footnote " + label in entry.auto_comments[0]
    host = next(m for m in cat if m.id and f"[^{label}]" in m.id)
    assert host.fuzzy  # the paragraph changed: its translation is to be reviewed with its new call


def test_site_root_and_relative_links_resolve_against_site_url(tmp_path: Path) -> None:
    from frspub.render import fragments
    from frspub.translation.translate import french_edition

    text = (DATA / "sample" / "source" / "fr" / "note-exemple.md").read_text(encoding="utf-8")
    text = text.replace("issn: 2273-4643", "issn: 2273-4643\nsite_url: https://www.frstrategie.org/publications/")
    text += "\nVoir [les notes](/notes/?annee=2024), [la suivante](suite.html) et [plus haut](#premiere-partie).\n"
    path = tmp_path / "note.md"
    path.write_text(text, encoding="utf-8")
    frag = fragments.build(french_edition(read_note(path)))
    hrefs = [a.get("href") for a in frag.body.iter("a")]
    assert "https://www.frstrategie.org/notes/?annee=2024" in hrefs
    assert "https://www.frstrategie.org/publications/suite.html" in hrefs
    assert "#premiere-partie" in hrefs


def test_a_copy_is_the_same_tree_sharing_nothing_mutable() -> None:
    import copy

    note = read_note(REAL)
    copied = note.copy()
    assert copied == copy.deepcopy(note) == note
    copied.blocks[0]["c"] = "changed"
    copied.meta["issn"] = "changed"
    copied.notes["1"].clear()
    assert note == read_note(REAL)  # the original untouched

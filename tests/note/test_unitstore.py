"""pandoc's answers per unit kept from one build to the next (`note/unitstore`): a fresh
process that recalls them parses no msgstr line and writes no HTML block it had, and gives
the very edition and HTML it gives without them; a file of another pandoc, or damaged, is
not used."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from projects import ROOT, SLUG

from frspub.build import worker
from frspub.note import pandoc, source, unitstore
from frspub.project import Project
from frspub.render import fragments, htmlmemo
from frspub.translation import segments


def fresh() -> None:
    """What a new build process starts with: no answer in memory."""
    segments._parsed.clear()
    htmlmemo._written.clear()


def made(monkeypatch: pytest.MonkeyPatch) -> tuple[str, str, list[list[str]]]:
    """The en edition's tree (as JSON), its HTML fragments' body, and the pandoc runs made."""
    runs: list[list[str]] = []
    real = pandoc.run

    def counted(args: list[str], *rest: object, **kw: object) -> bytes:
        runs.append(args)
        return real(args, *rest, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(pandoc, "run", counted)
    project = Project(ROOT)
    ed = worker.edition(project, source.read_note(project.source / "fr" / f"{SLUG}.md"), "en")
    frag = fragments.build(ed)
    monkeypatch.setattr(pandoc, "run", real)
    return json.dumps(ed.note.blocks), fragments.inner_html(frag.body), runs


def test_recalled_answers_give_the_same_edition_without_pandoc(tmp_path: Path, monkeypatch) -> None:
    store = tmp_path / "en.units.json"
    fresh()
    without = made(monkeypatch)
    fresh()
    unitstore.recall(store, pandoc.identity())
    first = made(monkeypatch)
    unitstore.save(unitstore.keep())
    assert store.is_file() and first[:2] == without[:2]
    fresh()
    unitstore.recall(store, pandoc.identity())
    again = made(monkeypatch)
    unitstore.recall(None)
    assert again[:2] == without[:2]
    parsed = [args for args in first[2] if args[:2] == ["-f", pandoc.READ_FORMAT]]
    assert parsed, "the first build parses the msgstr lines"
    assert not [args for args in again[2] if args[:2] == ["-f", pandoc.READ_FORMAT]]  # every line recalled
    assert not [args for args in again[2] if "html5" in args]  # every block recalled


@pytest.mark.parametrize("damage", ["another pandoc", "not JSON"])
def test_a_file_of_another_pandoc_or_damaged_is_not_used(tmp_path: Path, monkeypatch, damage: str) -> None:
    store = tmp_path / "en.units.json"
    fresh()
    unitstore.recall(store, pandoc.identity())
    made(monkeypatch)
    unitstore.save(unitstore.keep())
    data = json.loads(store.read_text())
    lines = data["memos"]["lines"]
    key = next(iter(lines))
    lines[key] = lines[key].replace("a", "b")  # a wrong answer: would show if the file were read
    store.write_text(json.dumps(data | {"pandoc": "another"}) if damage == "another pandoc" else "{not json")
    fresh()
    unitstore.recall(store, pandoc.identity())
    assert key not in segments._parsed
    unitstore.recall(None)

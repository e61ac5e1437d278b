"""A translation's catalogs read, and its lines parsed, while the note is read (`translation.ahead`):
the same edition, no msgstr parsed once the note is cut, the same lines kept for the next build
(`note.unitstore`), and the problems in the order of a build that reads them after the note."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from projects import ROOT, SLUG

from frspub.build import worker
from frspub.cli import main
from frspub.note import pandoc, source, unitstore
from frspub.project import Project
from frspub.translation import segments
from frspub.translation.ahead import Ahead


def edition(lang: str, ahead: bool, monkeypatch: pytest.MonkeyPatch, store: Path) -> tuple[str, list, dict]:
    """A fresh process's edition (as JSON), the pandoc runs the edition's own thread made, and
    the lines `unitstore` keeps of it."""
    segments._parsed.clear()
    unitstore.recall(store, pandoc.identity())
    project = Project(ROOT)
    early = Ahead(project.templates, project.po(lang, SLUG), lang) if ahead else None
    note = source.read_note(project.source / "fr" / f"{SLUG}.md")
    if early is not None:
        early.join()
    runs: list[list[str]] = []
    real = pandoc.run
    monkeypatch.setattr(pandoc, "run", lambda args, *a, **k: runs.append(args) or real(args, *a, **k))
    ed = worker.edition(project, note, lang, early)
    monkeypatch.setattr(pandoc, "run", real)
    kept = unitstore.keep()
    unitstore.recall(None)
    return json.dumps(ed.note.blocks), runs, json.loads(kept[1])["memos"]["lines"] if kept else {}


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_lines_parsed_ahead_give_the_same_edition_and_keep_the_same_lines(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    tree, runs, kept = edition(lang, False, monkeypatch, tmp_path / "a.json")
    assert [args for args in runs if args[:2] == ["-f", pandoc.READ_FORMAT]]  # parsed after the note's cut
    tree_ahead, runs_ahead, kept_ahead = edition(lang, True, monkeypatch, tmp_path / "b.json")
    assert tree_ahead == tree
    assert not [args for args in runs_ahead if args[:2] == ["-f", pandoc.READ_FORMAT]]  # every line ahead
    assert kept_ahead == kept and kept  # what the next build recalls: the lines the edition took


def broken_note(root: Path) -> str:
    note = root / "source" / "fr" / f"{SLUG}.md"
    note.write_text(note.read_text(encoding="utf-8") + "\n<script>alert(1)</script>\n", encoding="utf-8")
    return f"source/fr/{SLUG}.md:"


def broken_po(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith('msgstr "') and line != 'msgstr ""')
    lines[at] = lines[at].rstrip('"')  # unterminated string
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("broken", ["note", "labels"])
def test_problems_come_in_the_order_of_a_catalog_read_after_the_note(scratch_project: Path, capsys,
                                                                     broken: str) -> None:
    """A broken note is reported, not the broken catalog read beside it; a broken labels'
    catalog is reported before the note's catalog."""
    broken_po(scratch_project / "source" / "en" / f"{SLUG}.po")
    if broken == "note":
        first = broken_note(scratch_project)
    else:
        broken_po(scratch_project / "templates" / "locale" / "en" / "LC_MESSAGES" / "templates.po")
        first = "templates/locale/en/LC_MESSAGES/templates.po:"
    assert main(["build", "-C", str(scratch_project), "--lang", "en", "--format", "html", "--no-site"]) == 1
    err = capsys.readouterr().err
    assert first in err and f"source/en/{SLUG}.po:" not in err and "Traceback" not in err

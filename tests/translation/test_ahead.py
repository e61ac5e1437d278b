"""A translation's catalogs read, and its lines parsed, while its msgids are written
(`translation.ahead`): the same edition, no msgstr parsed by the edition's own thread, the same
lines kept for the next build (`note.unitstore`), and the problems in the order of a build that
reads the catalogs first (the note's, the labels', the catalog's)."""
from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from projects import ROOT, SLUG

from frspub.build import worker
from frspub.cli import main
from frspub.note import pandoc, source, unitstore
from frspub.project import Project
from frspub.translation import catalog, segments, translate


def edition(lang: str, ahead: bool, monkeypatch: pytest.MonkeyPatch, store: Path) -> tuple[str, list, dict]:
    """A fresh process's edition (as JSON), the pandoc runs of the edition's own thread, and the
    lines `unitstore` keeps of it; `ahead`: made as the build makes it, else reading the catalog first."""
    segments._parsed.clear()
    unitstore.recall(store, pandoc.identity())
    project = Project(ROOT)
    note = source.read_note(project.source / "fr" / f"{SLUG}.md")
    runs: list[list[str]] = []
    real = pandoc.run
    mine = threading.get_ident()
    monkeypatch.setattr(pandoc, "run", lambda args, *a, **k: (
        runs.append(args) if threading.get_ident() == mine else None) or real(args, *a, **k))
    if ahead:
        ed = worker.edition(project, note, lang)
    else:
        po = project.po(lang, SLUG)
        ed = translate.translate(note, lang, catalog.load(po), po, project.root)
    monkeypatch.setattr(pandoc, "run", real)
    kept = unitstore.keep()
    unitstore.recall(None)
    return json.dumps(ed.note.blocks), runs, json.loads(kept[1])["memos"]["lines"] if kept else {}


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_lines_parsed_ahead_give_the_same_edition_and_keep_the_same_lines(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    tree, runs, kept = edition(lang, False, monkeypatch, tmp_path / "a.json")
    assert [args for args in runs if args[:2] == ["-f", pandoc.READ_FORMAT]]  # parsed after the msgids
    tree_ahead, runs_ahead, kept_ahead = edition(lang, True, monkeypatch, tmp_path / "b.json")
    assert tree_ahead == tree
    assert not [args for args in runs_ahead if args[:2] == ["-f", pandoc.READ_FORMAT]]  # all in the thread
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

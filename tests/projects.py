"""Paths and project copies shared by the tests (importable: tests/ is on sys.path)."""
from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SLUG = "axe-russie-coree-du-nord"
ARTIFACTS = ROOT / "tests" / "artifacts"


def copy_project(src_root: Path, dest: Path) -> Path:
    """source/ from `src_root` and the repository's templates/, copied into `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(src_root / "source", dest / "source")
    shutil.copytree(ROOT / "templates", dest / "templates")
    return dest


def shared_build(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """A project `make` sets up and builds in the folder it is given, made once per test run and
    copied into this worker's own temporary folder.

    `make test` runs two pytest workers (xdist), each with its own session: without this, both
    built the same sample (each build using both cores) at the same moment.  The first worker to
    ask builds under a lock in the run's shared folder; the other waits, then copies the result.
    Each worker gets its own copy, so a test that writes into its project never disturbs the other.
    """
    mine = factory.getbasetemp()
    shared = mine.parent if os.environ.get("PYTEST_XDIST_WORKER") else mine
    done = shared / f"shared-{name}"
    with open(shared / f"shared-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (done / ".complete").exists():
            shutil.rmtree(done, ignore_errors=True)
            done.mkdir()
            make(done)
            (done / ".complete").touch()
    if done.parent == mine:
        return done
    copy = mine / name
    shutil.copytree(done, copy, symlinks=True)
    return copy


def make_fuzzy_and_missing(root: Path) -> None:
    """One French paragraph changed a little (fuzzy after `update`), one English msgstr blanked (missing)."""
    from frspub.cli import main

    md = root / "source" / "fr" / f"{SLUG}.md"
    md.write_text(md.read_text(encoding="utf-8").replace("seraient déjà présents", "seraient désormais présents"),
                  encoding="utf-8")
    po = root / "source" / "en" / f"{SLUG}.po"
    text = po.read_text(encoding="utf-8")
    assert 'msgstr "A Strategic Partnership in Action…"' in text
    po.write_text(text.replace('msgstr "A Strategic Partnership in Action…"', 'msgstr ""'), encoding="utf-8")
    assert main(["update", "-C", str(root), "-q"]) == 0


# The smallest YAML block a note may have (every required field), for notes written by a test.
MINIMAL_META = """---
title: T
author: A
date: 2025-01-07
issn: 2273-4643
publisher:
  name: FRS
copyright: © FRS
legal: L
---
"""


# The marker a pseudo-translation puts before each msgid (so a test sees which text is "translated").
# The markers of the languages of issue 25 are words of their script with spaces and a quotation
# (straight quotes: each edition sets its own marks), as a translation would have them.
PSEUDO = {"en": "[EN] ", "ja": "［訳］", "ko": '한국어 "번역" 문장: ', "zh-Hans": '简体中文 "译文"： ',
          "zh-Hant": '繁體中文 "譯文"： ', "ru": 'Перевод "текста": ', "de": 'Übersetzung "Text": ',
          "eo": 'Esperanto "traduko": '}


# The languages of issue 25 (frspub/conventions.py), and one frspub has no conventions for.
NEW_LANGUAGES = ("ko", "zh-Hans", "zh-Hant", "ru", "de")
UNKNOWN_LANGUAGE = "eo"


def pseudo_translate(po: Path, lang: str, marker: str | None = None) -> None:
    """msgstr = a marker + msgid: placeholders, markup, links, formulas and citations kept as they are."""
    from frspub.translation import catalog

    cat = catalog.load(po, lang)
    marker = PSEUDO.get(lang, f"[{lang}] ") if marker is None else marker
    for msg in cat:
        if isinstance(msg.id, (list, tuple)):  # a template label's plural forms: the catalog's own number
            msg.string = tuple(marker + msg.id[min(i, 1)] for i in range(cat.num_plurals))
        elif msg.id:
            msg.string = marker + msg.id
    catalog.save(cat, po)


# An Arabic-script marker for a right-to-left pseudo-translation (not in PSEUDO: the builds that
# pseudo-translate every language of PSEUDO would get an RTL edition, which has no PDF): the
# msgstr then holds Arabic letters (the glyph gate sees them) and the French words as mixed Latin.
RTL_MARKER = "ترجمة تجريبية: "

"""Shared fixtures: projects copied to a temporary folder and built once per session.

- `real_project`: the repository's own source/ and templates/ (the FRS note), built once per run
  (`projects.shared_build`: the two pytest workers share one build).
- `built`: the real project built in every language and format, once.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from projects import ARTIFACTS, ROOT, copy_project, shared_build

from frspub.cli import main


def _build_real(root: Path) -> None:
    copy_project(ROOT, root)
    assert main(["build", "-C", str(root), "-q"]) == 0


@pytest.fixture(scope="session")
def real_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project, built (see `built`)."""
    return shared_build(tmp_path_factory, "real", _build_real)


@pytest.fixture(scope="session")
def built(real_project: Path) -> Path:
    """The real project after `frspub build` (all languages, all formats)."""
    return real_project / "build"


@pytest.fixture()
def scratch_project(tmp_path: Path) -> Path:
    """A fresh copy of the real project for tests that edit sources."""
    return copy_project(ROOT, tmp_path / "proj")


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def figures_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/data/figures (a map with a Japanese version, an SVG chart, a long table, references)
    built in every language and format, once; returns the project folder."""
    from projects import DATA

    def build(root: Path) -> None:
        copy_project(DATA / "figures", root)
        assert main(["build", "-C", str(root), "-q"]) == 0

    return shared_build(tmp_path_factory, "figures", build)


@pytest.fixture(scope="session")
def languages_built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    """tests/data/sample with one folder per new language (and `eo`), as a new user would add
    them: `frspub update`, the note and template catalogs pseudo-translated in each script,
    then one `frspub build` of every language and format (once per run: `shared_build`).
    Returns the project folder and the build's diagnostics (`--diagnostics json`)."""
    import json

    def build(root: Path) -> None:
        import contextlib
        import io

        from projects import (
            DATA,
            NEW_LANGUAGES,
            PSEUDO,
            UNKNOWN_LANGUAGE,
            pseudo_translate,
        )

        from frspub import conventions
        from frspub.locale import template_po

        copy_project(DATA / "sample", root)
        langs = (*NEW_LANGUAGES, UNKNOWN_LANGUAGE)
        for lang in langs:
            (root / "source" / lang).mkdir()
        assert main(["update", "-C", str(root), "-q"]) == 0
        for lang in langs:
            pseudo_translate(root / "source" / lang / "note-exemple.po", lang)
            # a label is printed unescaped in attributes: the language's quotation marks, never '"'
            quotes = conventions.of(lang).quotes
            marker = PSEUDO.get(lang, f"[{lang}] ").replace('"', quotes[0], 1).replace('"', quotes[1], 1)
            pseudo_translate(template_po(root / "templates", lang), lang, marker)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            assert main(["build", "-C", str(root), "-q", "--diagnostics", "json"]) == 0
        (root / "diagnostics.json").write_text(out.getvalue(), encoding="utf-8")

    root = shared_build(tmp_path_factory, "languages", build)
    return root, json.loads((root / "diagnostics.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def rtl_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project with source/ar added as a new user would (update, an Arabic-script
    pseudo-translation), its French HTML built first, then `frspub build --lang ar` (every
    format) run as a command: its exit code and stderr are kept in `rc` and `stderr`."""
    import subprocess
    import sys

    from projects import RTL_MARKER, SLUG, pseudo_translate, shared_build

    def build(root: Path) -> None:
        copy_project(ROOT, root)
        (root / "source" / "ar").mkdir()
        assert main(["update", "-C", str(root), "-q"]) == 0
        pseudo_translate(root / "source" / "ar" / f"{SLUG}.po", "ar", RTL_MARKER)
        assert main(["build", "-C", str(root), "-q", "--lang", "fr", "--format", "html"]) == 0
        run = subprocess.run([sys.executable, "-m", "frspub", "build", "-C", str(root), "-q", "--lang", "ar"],
                             capture_output=True, text=True)
        (root / "rc").write_text(str(run.returncode))
        (root / "stderr").write_text(run.stderr, encoding="utf-8")
        assert main(["review", "-C", str(root), "-q", "--lang", "ar"]) == 0

    return shared_build(tmp_path_factory, "rtl", build)


@pytest.fixture(scope="session")
def catalogue_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/catalogue.py's two notes in fr, en and ja, built cold with two workers, once per run
    (the incremental-build and preview tests start from copies of it). Returns the folder
    holding the project `proj`, the build's log as `frspub build` prints it (`build.log`) and
    the outputs its report names (`outputs.json`, relative to build/)."""
    import contextlib
    import io
    import json

    from catalogue import make_catalogue

    from frspub import log
    from frspub.build import run
    from frspub.project import Project

    def build(top: Path) -> None:
        root = make_catalogue(top / "proj")
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            log.setup()  # as `frspub build` sets it up, its handler writing to `err`
            report = run.build(Project(root), workers=2)
        (top / "build.log").write_text(err.getvalue(), encoding="utf-8")
        written = [p.relative_to(root / "build").as_posix() for p in report.outputs]
        (top / "outputs.json").write_text(json.dumps(written), encoding="utf-8")

    return shared_build(tmp_path_factory, "catalogue", build)

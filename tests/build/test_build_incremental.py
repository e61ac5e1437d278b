"""The build rebuilds exactly what depends on a changed input, publishes only what succeeded,
and leaves no temporary file.  Counts come from the build's report, never from timing."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from catalogue import NOTES, editions, make_catalogue, outputs, snapshot

from frspub.build import run as build
from frspub.cli import main
from frspub.project import Project

PAGES = {"index.html", "index.en.html", "index.ja.html"}


@pytest.fixture(scope="module")
def base(catalogue_built: Path) -> Path:
    """Two notes in three languages, built once with two workers (`catalogue_built`: the
    session's one build, the preview tests start from it too). Tests copy it (`proj`)."""
    root = catalogue_built / "proj"
    written = json.loads((catalogue_built / "outputs.json").read_text(encoding="utf-8"))
    assert editions([root / "build" / p for p in written], root / "build") == outputs()
    return root


@pytest.fixture(scope="module")
def one_worker(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The same catalogue built cold with one worker by `frspub build -j 1`: the project and
    the command's log."""
    import contextlib
    import io

    root = make_catalogue(tmp_path_factory.mktemp("one-worker") / "proj")
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert main(["build", "-C", str(root), "-j", "1"]) == 0
    return root, err.getvalue()


@pytest.fixture()
def proj(base: Path, tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    shutil.copytree(base, root)
    return root


def rebuild(root: Path, **options: object) -> build.Report:
    return build.build(Project(root), **options)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_nothing_changed_nothing_written(proj: Path) -> None:
    for path in (proj / "source").rglob("*.*"):  # touched, or rewritten with the same bytes
        path.write_bytes(path.read_bytes())
        os.utime(path, (1, 1))
    before = snapshot(proj / "build")
    report = rebuild(proj)
    assert report.outputs == [] and report.fresh == 18 and report.editions == 0
    assert report.summary().startswith("nothing to do: 18 outputs up to date")
    assert snapshot(proj / "build") == before


def test_french_paragraph_rebuilds_that_note_in_every_language(proj: Path) -> None:
    edit(proj / "source" / "fr" / "note-a.md", "Les priorités sont les suivantes", "Les priorités sont celles-ci")
    report = rebuild(proj)
    assert editions(report.outputs, proj / "build") == outputs(slugs=("note-a",))
    assert "Les priorités sont celles-ci" in (proj / "build" / "fr" / "note-a.html").read_text(encoding="utf-8")


def test_one_msgstr_rebuilds_that_note_in_that_language(proj: Path) -> None:
    edit(proj / "source" / "en" / "note-a.po", 'msgstr "EN Première partie"', 'msgstr "Part One"')
    report = rebuild(proj)
    assert editions(report.outputs, proj / "build") == outputs(slugs=("note-a",), langs=("en",))
    assert report.fresh == 15
    assert "Part One" in (proj / "build" / "en" / "note-a.html").read_text(encoding="utf-8")


def test_print_css_rebuilds_every_pdf_and_nothing_else(proj: Path) -> None:
    edit(proj / "templates" / "print.css", "color: #333;", "color: #222;")
    report = rebuild(proj)
    assert editions(report.outputs, proj / "build") == outputs(formats=("pdf",))


def test_ja_template_label_rebuilds_every_ja_edition(proj: Path) -> None:
    edit(proj / "templates" / "locale" / "ja" / "LC_MESSAGES" / "templates.po", 'msgstr "目次"', 'msgstr "もくじ"')
    report = rebuild(proj)
    assert editions(report.outputs, proj / "build") == outputs(langs=("ja",))
    assert "もくじ" in (proj / "build" / "ja" / "note-b.html").read_text(encoding="utf-8")


def test_incremental_outputs_equal_a_forced_build(proj: Path) -> None:
    edit(proj / "source" / "en" / "note-b.po", 'msgstr "EN Première partie"', 'msgstr "Part One"')
    rebuild(proj)
    incremental = snapshot(proj / "build")
    report = rebuild(proj, force=True)
    assert len(report.outputs) == 18 + len(PAGES) + 2  # and feed.xml, sitemap.xml
    assert snapshot(proj / "build") == incremental


def test_two_workers_equal_one(base: Path, one_worker: tuple[Path, str]) -> None:
    root = one_worker[0]
    ours, theirs = snapshot(root / "build"), snapshot(base / "build")
    assert set(ours) == set(theirs)
    assert ours == theirs


def snapshot_unchanged_after_failure(root: Path, *args: str) -> None:
    before = snapshot(root / "build")
    assert main(["build", "-C", str(root), "-q", *args]) == 1
    assert snapshot(root / "build") == before


def test_broken_yaml_leaves_build_as_it_was(proj: Path) -> None:
    edit(proj / "source" / "fr" / "note-a.md", "author: Jean Exemple", "author: [Jean")
    snapshot_unchanged_after_failure(proj)


def test_strict_with_a_fuzzy_entry_leaves_build_as_it_was(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    po = proj / "source" / "en" / "note-a.po"
    edit(po, 'msgstr "EN Première partie"', 'msgstr "Part One"')
    edit(po, '#: source/fr/note-a.md:31\n', '#: source/fr/note-a.md:31\n#, fuzzy\n')
    capsys.readouterr()
    snapshot_unchanged_after_failure(proj, "--strict")
    assert "en edition of note-a not published" in capsys.readouterr().err
    report = rebuild(proj)  # without --strict the warned edition is published
    assert editions(report.outputs, proj / "build") == outputs(slugs=("note-a",), langs=("en",))
    capsys.readouterr()
    snapshot_unchanged_after_failure(proj, "--strict")  # up to date, but its warnings still count
    lines = (proj / "source" / "en" / "note-a.po").read_text(encoding="utf-8").splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith('msgid "Les priorités sont les suivantes'))
    msgstr = next(n for n in range(start, len(lines)) if lines[n].startswith("msgstr")) + 1
    assert f"note-a.po:{msgstr}: warning: fuzzy: paragraph shown in French" in capsys.readouterr().err  # its msgstr line


def test_failed_note_stays_on_the_site(proj: Path) -> None:
    edit(proj / "source" / "fr" / "note-a.md", "author: Jean Exemple", "author: [Jean")
    edit(proj / "source" / "en" / "note-b.po", 'msgstr "EN Première partie"', 'msgstr "Part One"')
    assert main(["build", "-C", str(proj), "-q"]) == 1
    site = (proj / "build" / "index.en.html").read_text(encoding="utf-8")
    assert "note-a.pdf" in site and "note-b.pdf" in site


def test_deleted_note_disappears(proj: Path) -> None:
    for path in (proj / "source").rglob("note-b.*"):
        path.unlink()
    report = rebuild(proj)
    assert {p.relative_to(proj / "build").as_posix() for p in report.removed} == outputs(slugs=("note-b",))
    assert not list((proj / "build").rglob("note-b.*"))
    for page in PAGES:
        assert "note-b" not in (proj / "build" / page).read_text(encoding="utf-8")
    assert "note-b" not in (proj / "build" / ".frspub-cache.json").read_text(encoding="utf-8")


def test_stale_temporary_files_are_removed(proj: Path) -> None:
    stale = [proj / "build" / "en" / ".note-a.epub.a1b2c3.tmp", proj / "build" / ".index.html.x.tmp"]
    for path in stale:
        path.write_bytes(b"")
    report = rebuild(proj)
    assert report.outputs == [] and not any(p.exists() for p in stale)


def test_killed_build_leaves_nothing_after_the_next(proj: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(build.__file__).parents[2])}
    cmd = [sys.executable, "-m", "frspub", "build", "-C", str(proj), "--force", "-j", "1", "-q"]
    proc = subprocess.Popen(cmd, env=env, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while not list((proj / "build").rglob(".*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    rebuild(proj, formats=("html",), site=False, langs=["fr"])
    assert not list((proj / "build").rglob(".*.tmp"))


def test_shards_split_the_notes() -> None:
    slugs = [f"note-{i:03}" for i in range(60)]
    shares = [[s for s in slugs if build.in_shard(s, (k, 3))] for k in (1, 2, 3)]
    assert sorted(sum(shares, [])) == slugs and all(shares)


def test_shard_builds_its_notes_only_and_site_writes_the_rest(proj: Path) -> None:
    shutil.rmtree(proj / "build")
    mine = [s for s in NOTES if build.in_shard(s, (1, 2))]
    report = rebuild(proj, shard=(1, 2), langs=["fr"], formats=("html",))
    assert editions(report.outputs, proj / "build") == outputs(slugs=tuple(mine), langs=("fr",), formats=("html",))
    assert not (proj / "build" / "index.html").exists()
    (proj / "build" / ".frspub-cache.json").unlink()  # as after merging the shards' build/ folders
    assert main(["site", "-C", str(proj), "-q"]) == 0
    assert all(f"fr/{s}.html" in (proj / "build" / "index.html").read_text(encoding="utf-8") for s in mine)


@pytest.mark.parametrize("args", [["--shard", "3/2"], ["--shard", "x"], ["-j", "0"]])
def test_bad_options_are_usage_errors(args: list[str]) -> None:
    assert main(["build", *args]) == 2


def test_logs_of_each_edition_together_in_plan_order(catalogue_built: Path, one_worker: tuple[Path, str]) -> None:
    """The logs of the two cold builds the other tests use: two workers (`catalogue_built`)
    and one (`one_worker`), neither on a terminal."""
    import re

    def lines(err: str) -> list[str]:
        assert "\x1b" not in err  # not a terminal: plain lines, no control characters
        return [re.sub(r"\(\d+\.\d s", "(", line) for line in err.splitlines()]  # layouts are compared too

    two, one = lines((catalogue_built / "build.log").read_text(encoding="utf-8")), lines(one_worker[1])
    assert two[:-1] == one[:-1] and len(two) == 18 + 6 + 2
    assert two[0].startswith("fr pdf: build/fr/note-a.pdf") and two[3].startswith("[1/6] fr note-a")


def test_workers_from_a_process_with_threads(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The preview server has threads: its workers come from a forkserver, and still report."""
    import threading

    for slug in NOTES:
        edit(proj / "source" / "en" / f"{slug}.po", 'msgstr "EN Première partie"', 'msgstr "Part One"')
    stop = threading.Event()
    waiting = threading.Thread(target=stop.wait)
    waiting.start()
    try:
        capsys.readouterr()
        assert main(["build", "-C", str(proj), "-j", "2", "--format", "html"]) == 0
    finally:
        stop.set()
        waiting.join()
    err = capsys.readouterr().err
    assert "en html: build/en/note-a.html" in err and "en html: build/en/note-b.html" in err
    assert "Part One" in (proj / "build" / "en" / "note-b.html").read_text(encoding="utf-8")

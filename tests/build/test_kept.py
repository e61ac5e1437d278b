"""What the preview server keeps between its builds (`build.statmemo`, `build.kept`): a kept
hash never hides a change, and a save computes the keys of its own notes only."""
from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path

import pytest

from frspub.build import cache, run
from frspub.build.kept import Kept
from frspub.build.statmemo import RACY_NS, StatMemo
from frspub.project import Project

LATER = 10 * RACY_NS  # a clock that reads every file well after its last change


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def test_a_change_keeping_size_and_mtime_is_seen(tmp_path: Path) -> None:
    """os.utime sets mtime back, never ctime: the kept hash is dropped (no clock waited on:
    the file is rewritten until the file system's clock has moved past its first ctime)."""
    path = tmp_path / "a.po"
    path.write_text("one")
    memo = StatMemo(clock=lambda: time.time_ns() + LATER)
    assert memo(path) == sha("one") and str(path) in memo.known
    first = os.stat(path)
    for _ in range(100_000):
        path.write_text("two")
        os.utime(path, ns=(first.st_atime_ns, first.st_mtime_ns))
        if os.stat(path).st_ctime_ns != first.st_ctime_ns:
            break
    after = os.stat(path)
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (first.st_size, first.st_mtime_ns, first.st_ino)
    assert memo(path) == sha("two")


def test_a_file_read_just_after_its_change_is_read_again(tmp_path: Path) -> None:
    """Within the racy window a change may keep the whole signature (the same clock tick): such a
    file's hash is not kept, so a same-size rewrite put back to the same mtime is seen."""
    path = tmp_path / "a.po"
    path.write_text("one")
    memo = StatMemo()
    assert memo(path) == sha("one") and str(path) not in memo.known
    first = os.stat(path)
    path.write_text("two")
    os.utime(path, ns=(first.st_atime_ns, first.st_mtime_ns))
    assert memo(path) == sha("two")
    path.unlink()
    assert memo(path) == "-"


def test_hashes_with_and_without_the_memo_agree(tmp_path: Path) -> None:
    memo = StatMemo(clock=lambda: time.time_ns() + LATER)
    assert cache.code_hash(memo) == cache.code_hash() == cache.code_hash(memo)
    path = tmp_path / "x.md"
    path.write_text("texte")
    assert cache.Hasher(known=memo)(path) == cache.Hasher()(path) == sha("texte")


@pytest.fixture()
def proj(catalogue_built: Path, tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    shutil.copytree(catalogue_built / "proj", root)
    return root


def keyed(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str]]:
    """The outputs whose key a build computes (slug, lang, format)."""
    asked: list[tuple[str, str, str]] = []
    output = cache.Keys.output

    def spy(self: cache.Keys, slug: str, lang: str, fmt: str, *rest: object) -> str:
        asked.append((slug, lang, fmt))
        return output(self, slug, lang, fmt, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(cache.Keys, "output", spy)
    return asked


def html(root: Path, kept: Kept, changed: set[str] | None) -> list[str]:
    report = run.build(Project(root), formats=("html",), site=False, kept=kept, changed=changed)
    return [p.relative_to(root / "build").as_posix() for p in report.outputs]


def test_a_save_computes_its_notes_keys_and_a_shared_file_all(proj: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked = keyed(monkeypatch)
    kept = Kept()
    kept.survey(Project(proj))
    assert {slug for slug, _, _ in asked} == {"note-a", "note-b"}
    po = proj / "source" / "en" / "note-a.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "EN Première partie"', 'msgstr "Part One"'),
                  encoding="utf-8")
    asked.clear()
    assert html(proj, kept, {"note-a"}) == ["en/note-a.html"]
    assert asked and {slug for slug, _, _ in asked} == {"note-a"}
    # Nothing changed since: the same build writes nothing, computing note-a's keys again only.
    asked.clear()
    assert html(proj, kept, {"note-a"}) == []
    assert {slug for slug, _, _ in asked} == {"note-a"}
    # A shared input (the screen's CSS): every HTML is stale, every key computed again.
    css = proj / "templates" / "screen.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* changed */\n", encoding="utf-8")
    asked.clear()
    assert len(html(proj, kept, {"note-a"})) == 6  # the basis moved: `changed` alone is not trusted
    assert {slug for slug, _, _ in asked} == {"note-a", "note-b"}


def test_an_output_changed_outside_a_save_is_rebuilt(proj: Path) -> None:
    """A kept key still goes through `Manifest.fresh`: an output of an unchanged note that was
    damaged by hand is made again, as any build would."""
    kept = Kept()
    kept.survey(Project(proj))
    out = proj / "build" / "fr" / "note-b.html"
    out.write_text("damaged", encoding="utf-8")
    assert html(proj, kept, {"note-a"}) == ["fr/note-b.html"]
    assert "damaged" not in out.read_text(encoding="utf-8")


def test_an_output_reading_an_unwatched_file_has_its_key_computed(proj: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file an output was found to read outside source/ and templates/ may change with no save
    naming its note: that output's key is computed at every build, and the change seen."""
    logo = proj / "figures" / "logo.png"
    logo.parent.mkdir()
    logo.write_bytes(b"one")
    project = Project(proj)
    manifest = cache.Manifest.load(project.build_dir)
    record = manifest.outputs["fr/note-b.html"]
    record["inputs"] = ["figures/logo.png"]
    record["key"] = cache.Keys(project, cache.Hasher()).output("note-b", "fr", "html", record["inputs"])
    manifest.save(project.build_dir)
    asked = keyed(monkeypatch)
    kept = Kept()
    kept.survey(project)
    asked.clear()
    assert html(proj, kept, set()) == []
    assert asked == [("note-b", "fr", "html")]
    logo.write_bytes(b"two")
    assert html(proj, kept, set()) == ["fr/note-b.html"]

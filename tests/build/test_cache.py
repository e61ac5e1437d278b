"""Content hashes, what each format reads from templates/, and the manifest."""
from __future__ import annotations

import os
from pathlib import Path

from projects import ROOT

from frspub.build import cache


def test_template_closure_follows_imports_and_stylesheets(tmp_path: Path) -> None:
    (tmp_path / "page.html.j2").write_text('{% import "_parts.html.j2" as p %}{% include \'_foot.j2\' %}')
    (tmp_path / "_parts.html.j2").write_text("macros")
    (tmp_path / "_foot.j2").write_text("foot")
    (tmp_path / "style.css").write_text('@import "base.css"; .x { background: url("logo.svg") } '
                                        '.y { background: url(https://example.org/x.png) }')
    (tmp_path / "base.css").write_text("p { color: red }")
    names = [p.name for p in cache.template_closure(tmp_path, ("page.html.j2", "style.css"))]
    assert sorted(names) == ["_foot.j2", "_parts.html.j2", "base.css", "logo.svg", "page.html.j2", "style.css"]


def test_real_templates_per_format() -> None:
    names = {fmt: {p.name for p in cache.template_closure(ROOT / "templates", files)}
             for fmt, files in cache.FORMAT_FILES.items()}
    assert names["pdf"] == {"print.html.j2", "_front.html.j2", "print.css"}
    assert names["html"] == {"edition.html.j2", "_front.html.j2", "screen.css"}
    assert names["epub"] == {"epub.css"}


def test_hash_is_by_content_not_date(tmp_path: Path) -> None:
    path = tmp_path / "a.po"
    path.write_text("one")
    first = cache.Hasher()(path)
    os.utime(path, (1, 1))
    assert cache.Hasher()(path) == first
    path.write_text("two")
    assert cache.Hasher()(path) != first
    assert cache.Hasher()(tmp_path / "missing") == "-"


def test_big_files_are_rehashed_when_their_stat_changes(tmp_path: Path) -> None:
    path = tmp_path / "big.bin"
    path.write_bytes(b"a" * cache.MEMO_SIZE)
    memo: dict[str, list[object]] = {}
    first = cache.Hasher(memo)(path)
    assert memo[str(path)][3] == first
    path.write_bytes(b"b" * cache.MEMO_SIZE)
    assert cache.Hasher(memo)(path) != first


def test_font_fingerprint_reads_the_table_directory() -> None:
    fonts = cache.font_files()
    assert any(f.suffix == ".ttc" for f in fonts)
    prints = {cache.font_fingerprint(f) for f in fonts}
    assert len(prints) == len(fonts) and "-" not in prints


def test_manifest_round_trip_and_saved_only_when_changed(tmp_path: Path) -> None:
    manifest = cache.Manifest.load(tmp_path)
    assert manifest.outputs == {}
    manifest.outputs["en/x.pdf"] = {"key": "k", "hash": "h", "size": 1}
    assert manifest.save(tmp_path)
    again = cache.Manifest.load(tmp_path)
    assert again.outputs == manifest.outputs and not again.save(tmp_path)
    (tmp_path / cache.MANIFEST).write_text("{not json")
    assert cache.Manifest.load(tmp_path).outputs == {}  # unreadable: everything is stale

"""`render.sourceblocks`: the patches read WeasyPrint's functions as ``inspect`` reads them,
from a remembered table or not, and the table never stands for other lines."""
from __future__ import annotations

import hashlib
import inspect
import json
from pathlib import Path

import pytest

from frspub.render import sourceblocks, weasyload


@pytest.fixture
def table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return sourceblocks.table()


def functions() -> list[object]:
    weasyload.load()
    import pydyf
    import weasyprint.layout.block as block
    import weasyprint.layout.page as page
    import weasyprint.text.line_break as line_break

    return [block._linebox_layout, block.block_level_layout, line_break.split_first_line, page.make_page,
            pydyf.PDF.write, pydyf.Stream.data.fget, inspect.getsourcelines]


def test_sources_read_with_the_table_are_inspects_own(table: Path) -> None:
    plain = [inspect.getsource(f) for f in functions()]
    with sourceblocks.remembered():  # learns
        assert [inspect.getsource(f) for f in functions()] == plain
    assert table.exists()
    calls = []
    real = sourceblocks._remembering

    def counting(getblock, known):  # noqa: ANN001, ANN202
        def tokenizing(lines):  # noqa: ANN001, ANN202
            calls.append(1)
            return getblock(lines)
        return real(tokenizing, known)

    sourceblocks._remembering = counting
    try:
        with sourceblocks.remembered():  # answers
            assert [inspect.getsource(f) for f in functions()] == plain
    finally:
        sourceblocks._remembering = real
    assert calls == []  # nothing tokenized
    assert inspect.getblock.__module__ == "inspect"  # the real one again


def test_other_lines_or_a_corrupt_table_are_tokenized(table: Path) -> None:
    lines = ["def f():\n", "    return 1\n", "x = 2\n"]
    with sourceblocks.remembered():
        assert inspect.getblock(lines) == lines[:2]
        longer = ["def f():\n", "    return 1\n", "    # still f\n", "    return 2\n", "x = 2\n"]
        assert inspect.getblock(longer) == longer[:4]
    table.write_text("{not json")
    with sourceblocks.remembered():
        assert inspect.getblock(lines) == lines[:2]
    key = hashlib.sha256("".join(lines).encode()).hexdigest()[:40]
    table.write_text(json.dumps({key: 99}))  # a count beyond the lines given is not taken
    with sourceblocks.remembered():
        assert inspect.getblock(lines) == lines[:2]


def test_no_cache_folder_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "file").write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "file"))  # a file: no folder can be made there
    with sourceblocks.remembered():
        assert inspect.getsource(inspect.getblock) == inspect.getsource(inspect.getblock)

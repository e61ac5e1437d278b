"""`render.longdate`: the long date Babel gives, kept in the user's cache by Babel's version, locale
and date; read back by a fresh process; a corrupt or unwritable cache changes nothing."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import babel
import pytest
from babel.dates import format_date

from frspub import locale
from frspub.render import longdate

DAY = dt.date(2025, 1, 7)


@pytest.fixture
def cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    longdate._memo.cache_clear()
    yield longdate.path(babel.__version__)
    longdate._memo.cache_clear()


@pytest.mark.parametrize("lang", ["fr", "en", "ja", "fa", "ar"])
def test_the_date_babel_gives_and_kept(cache: Path, lang: str) -> None:
    assert longdate.long_date(DAY, lang) == locale.long_date(DAY, lang)
    kept = json.loads(cache.read_text(encoding="utf-8"))
    assert kept[f"{locale.cldr(lang)} 2025-01-07"] == format_date(DAY, format="long", locale=locale.cldr(lang))


def test_a_fresh_process_reads_the_cache_not_babel(cache: Path) -> None:
    longdate.long_date(DAY, "fr")
    kept = json.loads(cache.read_text(encoding="utf-8"))
    kept["fr 2025-01-07"] = "read from the cache"
    cache.write_text(json.dumps(kept), encoding="utf-8")
    longdate._memo.cache_clear()  # as a new process
    assert longdate.long_date(DAY, "fr") == "read from the cache"


def test_a_corrupt_or_unwritable_cache_changes_nothing(cache: Path) -> None:
    cache.parent.mkdir(parents=True)
    cache.write_text('{"fr 2025-01-07": 3', encoding="utf-8")
    assert longdate.long_date(DAY, "fr") == "7 janvier 2025"
    longdate._memo.cache_clear()
    cache.unlink()
    cache.parent.rmdir()
    cache.parent.write_text("a file where the folder would be", encoding="utf-8")  # (root ignores modes)
    assert longdate.long_date(DAY, "fr") == "7 janvier 2025"
    assert cache.parent.read_text(encoding="utf-8") == "a file where the folder would be"


def test_babel_version_read_without_importing_babel() -> None:
    code = ("import sys; from frspub.render import longdate; v = longdate.babel_version(); "
            "print(v, 'babel' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == [babel.__version__, "False"]

"""`note.contactmemo`: the contact block's answers of phonenumbers and Babel, kept in the user's
cache by the library's version; read back by a fresh process without importing phonenumbers; a
corrupt cache changes nothing; a number that is not valid is said so every time."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import phonenumbers
import pytest

from frspub.note import contact, contactmemo

META = {"publisher": {"country": "FR"}}


@pytest.fixture
def cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    contactmemo._memo.cache_clear()
    yield tmp_path / "cache"
    contactmemo._memo.cache_clear()


def test_the_answers_kept_and_read_by_a_fresh_process_without_phonenumbers(cache: Path) -> None:
    assert contact.phone("01.43.13.77.77", META, "en") == "+33 1 43 13 77 77"
    assert contact.address("1 rue X", META, "ja") == "1 rue X（フランス）"
    kept = contactmemo.path("phonenumbers", phonenumbers.__version__)
    assert json.loads(kept.read_text(encoding="utf-8")) == {"phone FR 01.43.13.77.77": "+33 1 43 13 77 77"}
    data = {"phone FR 01.43.13.77.77": "read from the cache"}
    kept.write_text(json.dumps(data), encoding="utf-8")
    code = ("import sys; from frspub.note import contact; "
            "print(contact.phone('01.43.13.77.77', {}, 'en'), 'phonenumbers' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"XDG_CACHE_HOME": str(cache), "PATH": "/usr/bin:/bin"}).stdout.split()
    assert out == ["read", "from", "the", "cache", "False"]


def test_a_corrupt_cache_changes_nothing_and_a_wrong_number_is_said_every_time(cache: Path, caplog) -> None:
    kept = contactmemo.path("phonenumbers", phonenumbers.__version__)
    kept.parent.mkdir(parents=True)
    kept.write_text('{"phone FR 01.43.13.77.77": 3', encoding="utf-8")
    assert contact.phone("01.43.13.77.77", META, "en") == "+33 1 43 13 77 77"
    for _ in range(2):
        contactmemo._memo.cache_clear()
        caplog.clear()
        assert contact.phone("12", META, "en", "note.md", 9) == "12"
        assert "note.md:9: warning: contact.phone '12' is no valid FR number" in caplog.text

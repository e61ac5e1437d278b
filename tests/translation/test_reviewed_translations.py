"""The reviewers' critical findings stay fixed in the published editions (issue 10)."""
from __future__ import annotations

from pathlib import Path

import pytest
from projects import SLUG


@pytest.mark.parametrize("lang, absent, present", [
    # Japan's position: the four islands are not part of the Kurils it renounced.
    ("ja", "クリル", "北方領土問題"),
    # « surveillance spatial »: reconnaissance from space, not tracking objects in orbit.
    ("ja", "宇宙監視システム", "宇宙配備型の監視システム"),
    ("en", "space surveillance system", "space-based surveillance system"),
    # « intronisation »: the routine figurative word for an inauguration.
    ("en", "enthronement", "inauguration of the new US president"),
    # Russia supplies coal, oil and food to North Korea, not the other way round.
    ("ja", "この支援には", "ロシアが北朝鮮に提供するこの援助には"),
])
def test_critical_review_findings_are_fixed(built: Path, lang: str, absent: str, present: str) -> None:
    html = (built / lang / f"{SLUG}.html").read_text(encoding="utf-8")
    assert absent not in html
    assert present in html

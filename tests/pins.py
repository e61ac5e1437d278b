"""What every pinned WeasyPrint patch's test checks alike (`render/weasypin`)."""
from __future__ import annotations

from types import ModuleType

import pytest


def refuses_another_weasyprint(monkeypatch: pytest.MonkeyPatch, patch: ModuleType, sha_name: str,
                               names: str) -> None:
    """`patch.refusal()` has nothing against WeasyPrint 70, names the function `names` when its
    pinned SHA-256 (`sha_name`) differs, and the version when WeasyPrint is another."""
    import weasyprint

    assert patch.refusal() is None
    monkeypatch.setattr(patch, sha_name, "0" * 64)
    assert names in (patch.refusal() or "")
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    assert "71.0" in (patch.refusal() or "")

"""The layout decisions of each PDF edition's last build, kept for its next build.

Takes build/ and an edition (language, slug); `load` gives the record (`render.decisions`:
name -> plain data) if it was made on the same basis, else {}; `save` writes it atomically.
The basis (`cache.Keys.layout_basis`: frspub's code, the print templates and CSS, the fonts
and the PDF libraries) is what makes the same block break into the same lines: a change to
any of them forgets every record.  A record only saves layouts: the renderer checks each
decision on its layout, so a damaged, stale or foreign file costs time, never a wrong PDF.
One file per edition (`build/.frspub-cache/layout/<lang>.<slug>.json`), read only by the worker
that builds that edition: a no-op build reads none.  CI restores them with build/.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from frspub.output import write_text

FOLDER = ".frspub-cache/layout"  # beside the manifest, in the build cache folder


def path(build_dir: Path, lang: str, slug: str) -> Path:
    return build_dir / FOLDER / f"{lang}.{slug}.json"


def load(file: str | Path, basis: str) -> dict[str, Any]:
    if not file:
        return {}
    try:
        data = json.loads(Path(file).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("basis") != basis or not isinstance(data.get("decisions"), dict):
        return {}
    return data["decisions"]


def save(file: str | Path, basis: str, decisions: dict[str, Any]) -> None:
    text = json.dumps({"basis": basis, "decisions": decisions}, ensure_ascii=False, sort_keys=True)
    try:
        write_text(Path(file), text + "\n")
    except OSError:
        pass  # a record not kept costs the next build a layout, nothing else


def remove(build_dir: Path, slugs: set[str]) -> None:
    """Forget the records of notes that are no longer in source/fr."""
    for file in (build_dir / FOLDER).glob("*.json"):
        if file.stem.partition(".")[2] not in slugs:
            file.unlink(missing_ok=True)

"""One edition's `render.pdf.write`, timed in one process: what a PDF process does after the hand-over.

Usage: .venv/bin/python tools/pdfwrite.py [LANG] [RUNS]   (default: fr 4)

Builds the sample note's LANG edition once (`frspub build --lang LANG --format pdf` on a fresh
copy of source/ and templates/), keeping the edition and its print page that `pdf.write` was
given, then calls `pdf.write` RUNS times on them in this process.  Prints the build's own call's
seconds (every real PDF process makes one PDF: a first call), the median of the others, and the
output's SHA-256: a change that claims the same bytes shows the same hash.  TIMERS=module:attr
or module:Class.attr (comma-separated) adds the wall seconds spent in those functions per call.
A profile, not a benchmark: `make bench` gives the figures targets are judged by.
"""
from __future__ import annotations

import hashlib
import importlib
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]


def captured(lang: str, work: Path) -> tuple[Any, Any, Any, float]:
    """(edition, print page, templates) as the sample's LANG build hands them to `pdf.write`,
    and the seconds of that first call."""
    from frspub.cli import main
    from frspub.render import pdf

    for folder in ("source", "templates"):
        shutil.copytree(ROOT / folder, work / folder)
    seen: list[tuple[Any, Any, Any, float]] = []
    real = pdf.write

    def keep(ed: Any, page: Any, templates: Any, out: Path, memory: Any = None) -> Any:
        start = time.perf_counter()
        try:
            return real(ed, page, templates, out, memory)
        finally:
            seen.append((ed, page, templates, time.perf_counter() - start))

    pdf.write = keep
    try:  # -j 1 and no spare: the PDF is made in this process, where `keep` sees it
        main(["build", "-C", str(work), "--lang", lang, "--format", "pdf", "-j", "1", "-q"])
    finally:
        pdf.write = real
    return seen[0]


def timed(spec: str, seconds: dict[str, float]) -> None:
    """Wrap module:attr (or module:Class.attr) to add up its wall seconds in `seconds`."""
    module, _, attr = spec.partition(":")
    owner: Any = importlib.import_module(module)
    if "." in attr:
        cls, attr = attr.split(".", 1)
        owner = getattr(owner, cls)
    inner: Callable[..., Any] = getattr(owner, attr)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            seconds[spec] = seconds.get(spec, 0.0) + time.perf_counter() - start

    setattr(owner, attr, wrapper)


def main() -> None:
    lang = sys.argv[1] if len(sys.argv) > 1 else "fr"
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    with tempfile.TemporaryDirectory(prefix="frspub-pdfwrite-") as tmp:
        ed, page, templates, first = captured(lang, Path(tmp) / "project")
        from frspub.render import pdf

        seconds: dict[str, float] = {}
        for spec in filter(None, os.environ.get("TIMERS", "").split(",")):
            timed(spec, seconds)
        out, times, hashes = Path(tmp) / "out.pdf", [], set()
        for _ in range(runs):
            start = time.perf_counter()
            pdf.write(ed, page, templates, out)
            times.append(time.perf_counter() - start)
            hashes.add(hashlib.sha256(out.read_bytes()).hexdigest()[:16])
    print(f"{lang}: first {first:.3f} s (in the build), then median {statistics.median(times):.3f} s of {runs};"
          f" sha256 {', '.join(sorted(hashes))}")
    for spec, total in seconds.items():
        print(f"  {spec}: {total / runs:.3f} s per pdf.write")


if __name__ == "__main__":
    main()

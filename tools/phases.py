"""Where one edition's cold build spends its time: a timeline of its phases, in every process.

Usage: .venv/bin/python tools/phases.py [LANG] [RUNS]   (default: fr 3)

Builds the sample note's three formats in LANG (`frspub build --lang LANG -q`) on a fresh copy
of source/ and templates/, as `make bench` does, RUNS times, with each phase's function wrapped
(in the build process and in the PDF process it forks) to note when it starts and ends.  Prints
the median seconds of each phase and when it ended, from the build's start.  A profile, not a
benchmark: the wrappers cost a little, and `make bench` gives the figures targets are judged by.
"""
from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# (label, module, attribute): what a phase is.
PHASES = [
    ("PDF process: imports (WeasyPrint, the renderer)", "frspub.build.pdfside", "_warm_up"),
    ("reading the note, translating", "frspub.build.worker", "edition"),
    ("print HTML", "frspub.render.printpage", "printed"),
    ("PDF: fonts and @font-face CSS", "frspub.render.fonts", "font_face_css"),
    ("PDF: layout (WeasyPrint, checks, remedies)", "frspub.render.layouts", "lay_out"),
    ("PDF: drawing and writing (write_pdf)", "frspub.render.pdftags", "tagging"),
    ("PDF: archival pass (pikepdf)", "frspub.render.archival", "finish"),
    ("whole PDF (pdf.write)", "frspub.render.pdf", "write"),
    ("HTML edition", "frspub.render.html", "write"),
    ("EPUB edition", "frspub.render.epub", "write"),
    ("site pages", "frspub.build.run", "write_site"),
]
HOOK = '''
import os, sys, time, functools, importlib, importlib.abc, contextlib
T0 = float(os.environ["PHASES_T0"])
def _timed(label, fn):
    if getattr(fn, "__name__", "") == "tagging":  # a context manager: timed from enter to exit
        @contextlib.contextmanager
        def timed(*a, **k):
            s = time.time()
            with fn(*a, **k) as got:
                yield got
            print(f"PHASE|{label}|{time.time() - s:.4f}|{time.time() - T0:.4f}", file=sys.stderr, flush=True)
        return timed
    @functools.wraps(fn)
    def timed(*a, **k):
        s = time.time()
        try:
            return fn(*a, **k)
        finally:
            print(f"PHASE|{label}|{time.time() - s:.4f}|{time.time() - T0:.4f}", file=sys.stderr, flush=True)
    return timed
WANTED = {}
for label, mod, name in PHASES:
    WANTED.setdefault(mod, []).append((label, name))
class Wrapping(importlib.abc.MetaPathFinder):
    # Wraps a phase's function once its module is imported, where and when the build imports it
    # (importing them all first would move the moment `build.spare` forks).
    def find_spec(self, name, path, target=None):
        if name not in WANTED:
            return None
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(name)
        finally:
            sys.meta_path.insert(0, self)
        exec_module = spec.loader.exec_module
        def wrapped_exec(module):
            exec_module(module)
            for label, attr in WANTED[name]:
                setattr(module, attr, _timed(label, getattr(module, attr)))
        spec.loader.exec_module = wrapped_exec
        return spec
import importlib.util
sys.meta_path.insert(0, Wrapping())
from frspub.cli import main
code = main(sys.argv[1:])
print(f"PHASE|end of the build|0|{time.time() - T0:.4f}", file=sys.stderr, flush=True)
sys.exit(code)
'''


def one(lang: str) -> dict[str, tuple[float, float]]:
    with tempfile.TemporaryDirectory(prefix="frspub-phases-") as tmp:
        for folder in ("source", "templates"):
            shutil.copytree(ROOT / folder, Path(tmp) / folder)
        code = f"PHASES = {PHASES!r}\n{HOOK}"
        start = time.time()
        proc = subprocess.run([sys.executable, "-c", code, "build", "-C", tmp, "--lang", lang, "-q"],
                              env={**os.environ, "PHASES_T0": repr(start)}, capture_output=True, text=True)
        if proc.returncode != 0:
            sys.exit(proc.stderr)
    found: dict[str, tuple[float, float]] = {}
    for label, seconds, at in re.findall(r"^PHASE\|(.+?)\|([\d.]+)\|([\d.]+)$", proc.stderr, re.M):
        spent, ended = found.get(label, (0.0, 0.0))
        found[label] = (spent + float(seconds), max(ended, float(at)))
    return found


def main() -> None:
    lang = sys.argv[1] if len(sys.argv) > 1 else "fr"
    runs = [one(lang) for _ in range(int(sys.argv[2]) if len(sys.argv) > 2 else 3)]
    print(f"{lang}, median of {len(runs)} cold builds; load average {os.getloadavg()[0]:.2f}")
    print("| phase | seconds | ended at (s) |\n| --- | ---: | ---: |")
    for label in [p[0] for p in PHASES] + ["end of the build"]:
        got = [r[label] for r in runs if label in r]
        if got:
            print(f"| {label} | {statistics.median(g[0] for g in got):.2f} | "
                  f"{statistics.median(g[1] for g in got):.2f} |")


if __name__ == "__main__":
    main()

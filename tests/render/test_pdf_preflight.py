"""PDFBox preflight (Apache PDFBox 2, Debian libpdfbox2-java) on every PDF: the only open PDF/A
validator installable here.  It validates PDF/A-1b; frspub writes PDF/A-2u, so only the rules the
two parts share are asserted: those of the metadata (ISO 19005-1 6.7, preflight's 7.x), where
PDF/A-2 adds nothing that would make a PDF/A-1 error acceptable.  7.11 (the pdfaid part and
conformance: PDF/A-1 wants part 1, conformance A or B) is where the parts differ, and the PDF/A-1
rules of other clauses (no cross-reference streams, CIDSet) are PDF/A-1's alone."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from test_pdf_archival import pdfs

JARS = ["preflight", "pdfbox2", "xmpbox", "fontbox2", "commons-logging", "javax.activation", "jaxb-api"]
CLASSPATH = ":".join(f"/usr/share/java/{name}.jar" for name in JARS)
ERROR = re.compile(r"^(\d+(?:\.\d+)+) : (.*)$", re.M)


def preflight(pdf: Path) -> list[tuple[str, str]]:
    proc = subprocess.run(["java", "-cp", CLASSPATH, "org.apache.pdfbox.preflight.Validator_A1b", str(pdf)],
                          capture_output=True, text=True, timeout=300)
    assert "PDF/A-1b file" in proc.stdout, proc.stdout + proc.stderr  # it ran and judged the file
    return ERROR.findall(proc.stdout)


def test_preflight_finds_no_metadata_error(built: Path, figures_built: Path) -> None:
    missing = [jar for jar in CLASSPATH.split(":") if not Path(jar).is_file()]
    if shutil.which("java") is None or missing:
        pytest.fail(f"PDFBox preflight is not installed ({missing}): run `make test` (tools/system-deps.sh test)")
    for pdf in pdfs(built, figures_built):
        errors = preflight(pdf)
        metadata = [(code, message) for code, message in errors if code.startswith("7.") and
                    not code.startswith("7.11")]
        assert metadata == [], f"{pdf}: {metadata}"

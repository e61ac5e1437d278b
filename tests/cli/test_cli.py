"""The command line: exit codes, one-line errors, atomic outputs, `python -m frspub`."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from projects import SLUG

from frspub.cli import main


def test_usage_errors_exit_2(capsys) -> None:
    assert main([]) == 2
    assert main(["build", "--format", "docx"]) == 2
    assert main(["frobnicate"]) == 2
    assert main(["--version"]) == 0
    assert "frspub" in capsys.readouterr().out


def test_not_a_project(tmp_path: Path, capsys) -> None:
    assert main(["build", "-C", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "not a frspub project" in err


def test_unknown_language(scratch_project: Path, capsys) -> None:
    assert main(["build", "-C", str(scratch_project), "--lang", "de"]) == 1
    assert "unknown language 'de'" in capsys.readouterr().err


def test_broken_yaml_is_one_line_no_traceback_and_keeps_outputs(scratch_project: Path, capsys) -> None:
    assert main(["build", "-C", str(scratch_project), "--lang", "fr", "--format", "pdf", "-q", "--no-site"]) == 0
    pdf = scratch_project / "build" / "fr" / f"{SLUG}.pdf"
    good = pdf.read_bytes()
    src = scratch_project / "source" / "fr" / f"{SLUG}.md"
    src.write_text(src.read_text(encoding="utf-8").replace("author: Valérie Niquet", "author: [Valérie"),
                   encoding="utf-8")
    capsys.readouterr()
    assert main(["build", "-C", str(scratch_project), "--lang", "fr", "--format", "pdf", "--no-site"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"source/fr/{SLUG}.md:" in err[0] and "bad YAML" in err[0]
    assert "Traceback" not in "\n".join(err)
    assert pdf.read_bytes() == good
    assert not list(pdf.parent.glob(".*.tmp"))


def test_missing_required_field(scratch_project: Path, capsys) -> None:
    src = scratch_project / "source" / "fr" / f"{SLUG}.md"
    src.write_text(src.read_text(encoding="utf-8").replace("issn: 2273-4644\n", ""), encoding="utf-8")
    assert main(["build", "-C", str(scratch_project), "--no-site"]) == 1
    err = capsys.readouterr().err
    assert f"source/fr/{SLUG}.md:1: error: missing required metadata field `issn`" in err


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    from frspub.errors import ConfigError

    with pytest.raises(ConfigError, match="not a frspub project"):
        main(["build", "-C", str(tmp_path), "--debug"])


def test_python_m_frspub_and_console_script(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "-m", "frspub", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("frspub ")
    script = Path(sys.executable).parent / "frspub"
    res = subprocess.run([str(script), "build", "-C", str(tmp_path)], capture_output=True, text=True)
    assert res.returncode == 1 and "Traceback" not in res.stderr


def test_the_command_exits_at_once_with_everything_said(tmp_path: Path) -> None:
    """`cli.script` skips the interpreter's teardown: the exit code, the last line of stderr
    and the atexit handlers (here a temporary file's finalizer and an atexit function of the
    caller's) must all still be there."""
    marker = tmp_path / "atexit-ran"
    code = ("import atexit, pathlib, sys, tempfile\n"
            f"atexit.register(pathlib.Path({str(marker)!r}).write_text, 'yes')\n"
            "kept = tempfile.TemporaryDirectory()\n"
            f"pathlib.Path({str(tmp_path / 'tmpdir')!r}).write_text(kept.name)\n"
            f"sys.argv = ['frspub', 'build', '-C', {str(tmp_path / 'none')!r}]\n"
            "from frspub.cli import script\nscript()\n")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.returncode == 1
    assert "error: not a frspub project" in res.stderr.rstrip().splitlines()[-1]
    assert marker.read_text() == "yes"
    assert not Path((tmp_path / "tmpdir").read_text()).exists()

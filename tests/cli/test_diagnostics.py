"""A gate CI can trust: problem codes, --format json|github, and the CLI's conventions."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from projects import ROOT, SLUG, copy_project

from frspub import diagnostics
from frspub.cli import main, parser

TEMPLATE_PO = "templates/locale/en/LC_MESSAGES/templates.po"


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return copy_project(ROOT, tmp_path / "proj")


def injected_label(root: Path) -> int:
    """"Sommaire" translated as Contents<img src=x onerror=alert(1)>; returns the msgstr line."""
    po = root / TEMPLATE_PO
    lines = po.read_text(encoding="utf-8").splitlines(keepends=True)
    i = next(n for n, line in enumerate(lines) if line == 'msgid "Sommaire"\n')
    lines[i + 1] = 'msgstr "Contents<img src=x onerror=alert(1)>"\n'
    po.write_text("".join(lines), encoding="utf-8")
    return i + 2


def run(root: Path, *argv: str, capsys: pytest.CaptureFixture) -> tuple[int, str, str]:
    import os

    cwd = os.getcwd()
    os.chdir(root)
    try:
        code = main(list(argv))
    finally:
        os.chdir(cwd)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_template_label_with_markup_fails_check_on_its_line(project: Path, capsys: pytest.CaptureFixture) -> None:
    line = injected_label(project)
    code, _, err = run(project, "check", capsys=capsys)
    assert code == 1
    assert f"{TEMPLATE_PO}:{line}: error: raw HTML is not allowed in a template label" in err


def test_github_format_annotates_the_line(project: Path, capsys: pytest.CaptureFixture) -> None:
    line = injected_label(project)
    code, _, err = run(project, "check", "--format", "github", capsys=capsys)
    assert code == 1
    assert f"::error file={TEMPLATE_PO},line={line},col=1,title=FRS304::raw HTML is not allowed" in err


def test_json_format_is_a_list_on_stdout(project: Path, capsys: pytest.CaptureFixture) -> None:
    line = injected_label(project)
    code, out, err = run(project, "check", "--format", "json", capsys=capsys)
    items = json.loads(out)
    assert code == 1 and "raw HTML" not in err
    found = [i for i in items if i["file"] == TEMPLATE_PO]
    assert found == [{"file": TEMPLATE_PO, "line": line, "column": 1, "severity": "error", "code": "FRS304",
                      "message": found[0]["message"]}]
    assert {tuple(sorted(i)) for i in items} == {("code", "column", "file", "line", "message", "severity")}


def test_build_takes_the_report_format_too(project: Path, capsys: pytest.CaptureFixture) -> None:
    code, out, _ = run(project, "build", "-j", "1", "--format", "html", "--format", "json", "--lang", "fr",
                       capsys=capsys)
    assert code == 0 and (project / "build" / "fr" / f"{SLUG}.html").is_file()
    assert [i["code"] for i in json.loads(out)] == ["FRS106"]  # the seed's ISSN check digit


@pytest.mark.parametrize("message, code", [
    ("ISSN 2273-4644 has a wrong check digit: ISO 3297 gives 2273-4643", "FRS106"),
    ("footnote placeholder [^3] of the msgid is missing from the msgstr", "FRS303"),
    ("raw HTML is not allowed in a translation: '<b>'", "FRS304"),
    ("untranslated: heading shown in French", "FRS308"),
    ("translator credit: the Last-Translator header is 'FULL NAME <EMAIL@ADDRESS>', which names nobody", "FRS309"),
    ("fuzzy entry without its previous msgid (#| msgid): …", "FRS307"),
    ("image 'carte.png' not found (looked for carte.png beside the note)", "FRS201"),
    ("@fig:x refers to no figure of this note", "FRS202"),
    ("source/fr/carte.png prints at 87 dpi (300 pixels over 88 mm), under 150 dpi", "FRS204"),
    ("PO syntax: end-of-line within string", "FRS301"),
    ("something nobody foresaw", "FRS000"),
])
def test_each_problem_kind_has_its_stable_code(message: str, code: str) -> None:
    assert diagnostics.code_of(message) == code


def test_untranslated_and_fuzzy_entries_count_in_check(project: Path, capsys: pytest.CaptureFixture) -> None:
    from projects import make_fuzzy_and_missing

    make_fuzzy_and_missing(project)
    code, _, err = run(project, "check", "--lang", "en", capsys=capsys)
    assert code == 0 and "catalogs OK" not in err and "untranslated: heading shown in French" in err
    assert "fuzzy: paragraph shown in French" in err
    assert run(project, "check", "--lang", "en", "--strict", capsys=capsys)[0] == 1
    assert run(project, "check", "--lang", "en", "--min-complete", "100", capsys=capsys)[0] == 1


def test_global_options_before_or_after_the_command(project: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["-q", "-C", str(project), "check", "--lang", "ja"]) == 0
    assert main(["check", "--lang", "ja", "-C", str(project), "-q"]) == 0
    assert "catalogs" not in capsys.readouterr().err  # -q before the command is honoured


def test_lang_takes_a_comma_list(project: Path, capsys: pytest.CaptureFixture) -> None:
    main(["-C", str(project), "check", "--lang", "en,ja"])
    assert "no error (en, ja)" in capsys.readouterr().err  # warnings: the sample credits no translator


def test_every_command_has_a_description_and_an_example() -> None:
    sub = next(a for a in parser()._actions if a.__class__.__name__ == "_SubParsersAction")
    for name, command in sub.choices.items():
        text = command.format_help()
        assert command.description and "example:" in text and f"frspub {name}" in text, name


def test_bash_completion_script_completes_commands_and_options(tmp_path: Path) -> None:
    script = subprocess.run([sys.executable, "-m", "frspub", "completion", "bash"], capture_output=True, text=True,
                            check=True).stdout
    (tmp_path / "c.sh").write_text(script + '\nCOMP_WORDS=(frspub ch); COMP_CWORD=1; _frspub; echo "${COMPREPLY[@]}"\n'
                                   'COMP_WORDS=(frspub check --min); COMP_CWORD=2; _frspub; echo "${COMPREPLY[@]}"\n')
    out = subprocess.run(["bash", str(tmp_path / "c.sh")], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["check", "--min-complete"]

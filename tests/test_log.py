"""log: the logging rules, written once: a warning line is said (and counted) once per command,
and the preview lets a saved file's lines be said again."""
from __future__ import annotations

import pytest

from frspub import log


def test_a_warning_is_said_and_counted_once_and_again_after_forget(capsys: pytest.CaptureFixture[str]) -> None:
    counter = log.setup()
    for _ in range(3):  # a note's ISSN warning, met by each of its three editions
        log.warn("source/fr/a.md", 20, "ISSN 2273-4644 has a wrong check digit")
    log.warn("source/fr/b.md", 20, "ISSN 2273-4644 has a wrong check digit")
    log.log.error("source/en/a.po:3: error: a broken line")
    log.log.error("source/en/a.po:3: error: a broken line")  # errors are said each time they stop something
    lines = capsys.readouterr().err.splitlines()
    assert lines == ["source/fr/a.md:20: warning: ISSN 2273-4644 has a wrong check digit",
                     "source/fr/b.md:20: warning: ISSN 2273-4644 has a wrong check digit",
                     "source/en/a.po:3: error: a broken line", "source/en/a.po:3: error: a broken line"]
    assert counter.count == 2
    log.forget({"source/fr/a.md"})  # the preview: the author saved a.md
    log.warn("/project/source/fr/a.md", 20, "ISSN 2273-4644 has a wrong check digit")
    log.warn("source/fr/a.md", 20, "ISSN 2273-4644 has a wrong check digit")
    log.warn("source/fr/b.md", 20, "ISSN 2273-4644 has a wrong check digit")
    assert capsys.readouterr().err.splitlines() == [
        "/project/source/fr/a.md:20: warning: ISSN 2273-4644 has a wrong check digit",
        "source/fr/a.md:20: warning: ISSN 2273-4644 has a wrong check digit"]
    assert counter.count == 4
    log.setup()  # a new command says everything again
    log.warn("source/fr/b.md", 20, "ISSN 2273-4644 has a wrong check digit")
    assert capsys.readouterr().err.count("b.md") == 1

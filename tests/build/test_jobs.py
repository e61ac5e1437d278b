"""The progress display: rich on a terminal, plain lines elsewhere or when quiet."""
from __future__ import annotations

import io
import sys

import pytest

from frspub import log as logs
from frspub.build import jobs


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_rich_on_a_terminal_plain_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stderr", Terminal())
    logs.setup()
    assert isinstance(jobs.display(3), jobs.Live)
    assert type(jobs.display(1)) is jobs.Plain  # one edition: its own lines say enough
    logs.setup(quiet=True)
    assert type(jobs.display(3)) is jobs.Plain
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    logs.setup()
    assert type(jobs.display(3)) is jobs.Plain


def test_live_display_draws_and_lets_log_lines_through(monkeypatch: pytest.MonkeyPatch) -> None:
    term = Terminal()
    monkeypatch.setattr(sys, "stderr", term)
    logs.setup()
    with jobs.display(2) as shown:
        logs.log.info("a line from an edition")
    assert "a line from an edition" in term.getvalue() and isinstance(shown, jobs.Live)


def test_a_diagnostic_under_the_progress_bar_stays_one_line() -> None:
    """rich wraps what it prints at the terminal's width; a `path:line: warning: …` broken over two
    lines is no longer a diagnostic (for the eye, for a terminal's links, for a copy)."""
    import io
    import re

    from rich.console import Console

    from frspub import log as logs

    logs.setup()
    screen = io.StringIO()
    line = "source/en/note-exemple.po:123: warning: " + "a long message that goes on " * 6
    with jobs.Live(3, console=Console(file=screen, width=40, force_terminal=True)):
        logs.log.warning("%s", line)
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.getvalue()).replace("\r", "\n")
    assert line in shown.splitlines()

"""Logging rules, written once.

- error: an input that cannot be used (the command exits 1);
- warning: recoverable (a missing translation shown in French, …);
- info: one line per pipeline step.

`WarningCounter` counts warnings so that ``--strict`` can turn them into a
failure and say how many there were.
"""
from __future__ import annotations

import logging
import sys

LOGGER_NAME = "frspub"
log = logging.getLogger(LOGGER_NAME)


class WarningCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno == logging.WARNING:
            self.count += 1


class _Formatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        msg = record.getMessage()
        if record.levelno >= logging.ERROR:
            return msg if ": error:" in msg else f"error: {msg}"
        if record.levelno == logging.WARNING:
            return msg if ": warning:" in msg else f"warning: {msg}"
        return msg


def setup(verbose: bool = False, quiet: bool = False) -> WarningCounter:
    """Configure the frspub logger for one command; returns its warning counter."""
    log.handlers.clear()
    log.propagate = False
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Formatter())
    level = logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO
    handler.setLevel(level)
    counter = WarningCounter()
    log.addHandler(handler)
    log.addHandler(counter)
    log.setLevel(logging.DEBUG)
    return counter


def warn(path: str, line: int, message: str) -> None:
    """A recoverable problem at a place in an input file."""
    log.warning("%s:%d: warning: %s", path, line, message)

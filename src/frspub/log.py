"""Logging rules, written once.

- error: an input that cannot be used (the command exits 1);
- warning: recoverable (a missing translation shown in French, …);
- info: one line per pipeline step.

`WarningCounter` counts warnings so that ``--strict`` can turn them into a
failure and say how many there were.  A warning line is said once per command (`_Once`):
a note's ISSN warning was printed once per edition, three times per build, and the preview
said every note's again at each save (`forget` lets a saved file's lines be said again).
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


class _Once(logging.Filter):
    """Each warning line passes once (the same record, counted and shown once); errors always
    pass (each stops the command, or the preview's build, and is said where it is met)."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno != logging.WARNING:
            return True
        text = record.getMessage()
        if getattr(record, "frs_once", None) == id(self):  # the same record at the next handler
            return True
        if text in self.seen:
            return False
        self.seen.add(text)
        record.frs_once = id(self)
        return True


_once = _Once()


def forget(paths: "set[str] | list[str]") -> None:
    """Let the problem lines of files `paths` (as shown, relative to the project) be said
    again: the preview calls it for the files a save changed."""
    ends = tuple(p.replace("\\", "/") for p in paths)
    _once.seen = {t for t in _once.seen if not t.split(":", 1)[0].replace("\\", "/").endswith(ends)}


class _Formatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        msg = record.getMessage()
        if record.levelno >= logging.ERROR:
            return msg if ": error:" in msg else f"error: {msg}"
        if record.levelno == logging.WARNING:
            return msg if ": warning:" in msg else f"warning: {msg}"
        return msg


class _Machine(logging.Formatter):
    """`--format github`: problem lines as workflow commands (see `diagnostics`)."""

    def format(self, record: logging.LogRecord) -> str:
        from frspub import diagnostics

        text = _Formatter().format(record)
        item = diagnostics.parse(text) if record.levelno >= logging.WARNING else None
        return diagnostics.github(item) if item else text


class _Collect(logging.Filter):
    """`--format json`: problem lines go to the JSON list, not to stderr."""

    def __init__(self, collector: object) -> None:
        super().__init__()
        self.collector = collector

    def filter(self, record: logging.LogRecord) -> bool:
        from frspub import diagnostics

        if record.levelno < logging.WARNING:
            return True
        item = diagnostics.parse(_Formatter().format(record))
        if item is None:
            return True
        self.collector.add(item)  # type: ignore[attr-defined]
        return False


def setup(verbose: bool = False, quiet: bool = False, fmt: str = "text", collector: object = None) -> WarningCounter:
    """Configure the frspub logger for one command; returns its warning counter.
    `fmt`: text, github or json (json: problems go to `collector`)."""
    log.handlers.clear()
    log.propagate = False
    _once.seen.clear()
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(_once)
    handler.setFormatter(_Machine() if fmt == "github" else _Formatter())
    if fmt == "json" and collector is not None:
        handler.addFilter(_Collect(collector))
    level = logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO
    handler.setLevel(level)
    counter = WarningCounter()
    counter.addFilter(_once)
    log.addHandler(handler)
    log.addHandler(counter)
    log.setLevel(logging.DEBUG)
    return counter


def warn(path: str, line: int, message: str) -> None:
    """A recoverable problem at a place in an input file."""
    log.warning("%s:%d: warning: %s", path, line, message)

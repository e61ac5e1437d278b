"""The exception family and the `Problem` record shared by every stage.

Every user-facing message starts with ``path:line:`` so editors and
translators can jump to the place to fix.  A stage collects all problems of a
file (like a compiler) and raises them together.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"


class FrspubError(Exception):
    """Base class: an input that cannot be used or a build that failed."""

    def __init__(self, problems: list[Problem] | str, path: str | Path = "", line: int = 0):
        if isinstance(problems, str):
            problems = [Problem(display_path(path), line, problems)]
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class SourceError(FrspubError):
    """The French source (Markdown body or YAML metadata) is unusable."""


class TranslationError(FrspubError):
    """A PO catalog is unusable or fails a check."""


class RenderError(FrspubError):
    """pandoc, WeasyPrint or a template failed to produce an output."""


class ConfigError(FrspubError):
    """The project folder or the command line names something that is not there."""


def display_path(path: str | Path) -> str:
    """A path relative to the working directory when possible (shorter messages)."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(p)

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
    unit: str = ""  # "paragraph": `line` counts the paragraphs of a Word document, not lines

    def __str__(self) -> str:
        place = f"{self.unit} {self.line}" if self.unit else str(self.line)
        return f"{self.path}:{place}: {self.severity}: {self.message}"


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


# What a user can do about the operating system's refusals (errno name -> hint).
OS_HINTS = {
    "ENOSPC": "the disk is full: free some space and build again",
    "EDQUOT": "the disk quota is exceeded: free some space and build again",
    "EACCES": "permission denied: check the owner and mode of this file or folder",
    "EPERM": "operation not permitted: check the owner and mode of this file or folder",
    "EROFS": "the file system is read-only: build into a writable folder",
    "ENOTDIR": "a path on the way is a file, not a folder: move it away",
    "EISDIR": "this is a folder where frspub needs a file",
    "ENOENT": "the file vanished while frspub was using it: build again",
    "ENAMETOOLONG": "the file name is too long",
    "EMFILE": "too many open files: close other programs or raise `ulimit -n`",
}


def os_problem(exc: OSError) -> Problem:
    """One `path:0: error:` line for a refusal of the operating system (never "internal error")."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    path = exc.filename or ""
    reason = exc.strerror or str(exc)
    hint = OS_HINTS.get(name)
    return Problem(display_path(path) if path else "frspub", 0,
                   f"{reason} ({name}): {hint}" if hint else f"{reason} ({name or 'OSError'})")


def display_path(path: str | Path) -> str:
    """A path relative to the working directory when possible (shorter messages)."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(p)

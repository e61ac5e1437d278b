"""What every command needs from its arguments: the project and the languages.

Takes parsed arguments; returns the `Project` they point to, the languages
asked for (``--lang en,ja`` or repeated), and checks the numbers ``-j`` and
``--shard`` take.
"""
from __future__ import annotations

import argparse

from frspub.errors import ConfigError
from frspub.project import Project


def project_of(args: argparse.Namespace) -> Project:
    return Project.find(args.project)


def languages(project: Project, wanted: list[str] | None) -> list[str]:
    wanted = [w.strip() for value in wanted or [] for w in value.split(",") if w.strip()] or None  # en,ja
    known = project.languages()
    for lang in wanted or []:
        if lang not in known:
            raise ConfigError(f"unknown language {lang!r} (known: {', '.join(known)})", project.source, 0)
    return [lang for lang in known if not wanted or lang in wanted]


def positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a number of at least 1, not {text!r}")
    return int(text)


def shard(text: str) -> tuple[int, int]:
    k, _, n = text.partition("/")
    if not (k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n)):
        raise argparse.ArgumentTypeError(f"expected K/N with 1 <= K <= N (e.g. 2/4), not {text!r}")
    return int(k), int(n)

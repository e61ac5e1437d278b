"""``frspub completion bash|zsh|tcsh``: a completion script generated from the parser itself.

Takes the shell's name; prints the script shtab (a maintained generator,
also used by DVC) writes from `parser()`: every command, every option of each
(global options too, before or after the command), the choices of an option
(``--format <TAB>`` offers pdf html epub), and folders or files where an
option takes a path.  The script is static: the shell never runs frspub to
complete, so completing is instant and has no side effect.
"""
from __future__ import annotations

import argparse
import sys

from frspub.cli.parser import parser

# Options and arguments that take a path: the shell completes folders or files there.
FOLDERS = {"project", "output"}
FILES = {"files"}


def script(shell: str) -> str:
    import shtab

    p = parser()
    for action in _actions(p):
        if action.dest in FOLDERS:
            action.complete = shtab.DIRECTORY  # type: ignore[attr-defined]
        elif action.dest in FILES:
            action.complete = shtab.FILE  # type: ignore[attr-defined]
    return shtab.complete(p, shell=shell)


def _actions(p: argparse.ArgumentParser) -> list[argparse.Action]:
    found = list(p._actions)
    for action in p._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found += _actions(sub)
    return found


def cmd_completion(args: argparse.Namespace) -> int:
    sys.stdout.write(script(args.shell))
    return 0

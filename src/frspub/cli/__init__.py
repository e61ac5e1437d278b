"""Command line: ``frspub build|site|update|status|check|review|serve|new|export|import``.

Takes the command line; returns an exit code (0 ok, 1 input or build failure,
2 usage error).  Thin: parses arguments (`parser`), sets up logging, calls one
stage (`publishing`, `translating`, `completion`), and turns errors into
``path:line: message`` lines.  Heavy modules are imported only by the commands
that need them.  Tracebacks are shown only with ``--debug``.
"""
from __future__ import annotations

import argparse
from typing import Callable, Sequence

from frspub import diagnostics
from frspub import log as logs
from frspub.cli.authoring import cmd_new
from frspub.cli.completion import cmd_completion
from frspub.cli.parser import parser
from frspub.cli.publishing import cmd_build, cmd_serve, cmd_site
from frspub.cli.translating import (
    cmd_check,
    cmd_export,
    cmd_import,
    cmd_queries,
    cmd_review,
    cmd_status,
    cmd_update,
)
from frspub.errors import FrspubError, os_problem

COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "build": cmd_build, "site": cmd_site, "update": cmd_update, "status": cmd_status, "queries": cmd_queries,
    "export": cmd_export, "import": cmd_import, "new": cmd_new,
    "check": cmd_check, "review": cmd_review, "serve": cmd_serve, "completion": cmd_completion,
}

__all__ = ["main", "parser", "script"]


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:  # argparse: 0 for --help/--version, 2 for usage errors
        return int(exc.code or 0)
    report = _report_format(args)
    collector = diagnostics.Collector() if report == "json" else None
    counter = logs.setup(verbose=args.verbose, quiet=args.quiet, fmt=report, collector=collector)
    try:
        return _run(args, counter)
    finally:
        if collector is not None:
            collector.flush()


def script() -> None:
    """The `frspub` command (and `python -m frspub`): `main`, then out at once.  Once `main`
    has returned, the command has written and reported everything; the interpreter's teardown
    would then free the build's objects one by one, 0.06-0.08 s measured at the end of the
    French note's build, in the user's wait.  So: the atexit handlers run (logging's flush,
    temporary files' finalizers), the standard streams are flushed, and the process exits
    without that teardown.  Only when no other thread runs (one still working is waited for,
    as usual, by `sys.exit`)."""
    import atexit
    import os
    import sys
    import threading

    code = main()
    run_exitfuncs = getattr(atexit, "_run_exitfuncs", None)  # CPython's; absent elsewhere
    if run_exitfuncs is None or threading.active_count() > 1:
        sys.exit(code)
    run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`frspub … | head`): nothing more to say
            pass
    os._exit(code)


def _report_format(args: argparse.Namespace) -> str:
    """How problems are printed (--diagnostics; check's --format says the same)."""
    return getattr(args, "diagnostics", None) or "text"


def _run(args: argparse.Namespace, counter: logs.WarningCounter) -> int:
    previous = _exit_on_sigterm()
    try:
        code = COMMANDS[args.command](args)
    except FrspubError as exc:
        for problem in exc.problems:
            logs.log.error("%s", problem)
        if args.debug:
            raise
        return 1
    except KeyboardInterrupt:
        return 130
    except OSError as exc:  # the system refused (full disk, permissions…): the user can fix it
        if args.debug:
            raise
        logs.log.error("%s", os_problem(exc))
        return 1
    except Exception as exc:  # a bug, not an input problem: one line unless --debug
        if args.debug:
            raise
        logs.log.error("internal error: %s: %s (run again with --debug for the traceback)",
                       type(exc).__name__, exc)
        return 1
    finally:
        if previous is not None:
            import signal

            signal.signal(signal.SIGTERM, previous)
    if code == 0 and getattr(args, "strict", False) and counter.count:
        logs.log.error("%d warning%s and --strict is set", counter.count, "s" * (counter.count != 1))
        return 1
    return code


def _exit_on_sigterm() -> object:
    """SIGTERM (a CI timeout, `kill`) unwinds like Ctrl-C, so temporary files are removed;
    returns the previous handler (None when not on the main thread)."""
    import signal
    import threading

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, stop)

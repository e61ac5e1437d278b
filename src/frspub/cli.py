"""Command line: ``frspub build|site|update|status|check|review|serve``.

Thin: parses arguments, sets up logging, calls one stage, turns errors into
``path:line: message`` lines and exit codes (0 ok, 1 input or build failure,
2 usage error).  Heavy modules are imported only by the commands that need
them.  Tracebacks are shown only with ``--debug``.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Callable, Sequence

from frspub import __version__, diagnostics
from frspub import log as logs
from frspub.errors import FrspubError, os_problem

FORMATS = ("pdf", "html", "epub")
REPORTS = ("text", "json", "github")  # how problems are printed (frspub.diagnostics)


EXAMPLES = {
    "build": "frspub build\n  frspub build --lang en,ja --format pdf -j 4\n  frspub build --strict --format github",
    "site": "frspub site",
    "update": "frspub update\n  frspub update --lang ja",
    "status": "frspub status --json",
    "check": "frspub check --strict --min-complete 100\n  frspub check --format github   # annotations in a pull request",
    "review": "frspub review --lang en,ja",
    "serve": "frspub serve --port 8000",
    "completion": "source <(frspub completion bash)",
    "export": "frspub export --lang ja\n  frspub export --tmx",
    "import": "frspub import build/xliff/ja/*.xlf",
}


def _common(under_command: bool) -> argparse.ArgumentParser:
    """The global options; they work before or after the command (after: no default of their own,
    so that they do not undo a value given before)."""
    def default(value: object) -> object:
        return argparse.SUPPRESS if under_command else value

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-C", "--project", type=Path, default=default(None), metavar="DIR",
                        help="project folder holding source/ and templates/ (default: current folder)")
    common.add_argument("--debug", action="store_true", default=default(False), help="show tracebacks")
    common.add_argument("-q", "--quiet", action="store_true", default=default(False), help="only warnings and errors")
    common.add_argument("-v", "--verbose", action="store_true", default=default(False), help="debug logging")
    return common


def parser() -> argparse.ArgumentParser:
    common = _common(True)
    p = argparse.ArgumentParser(prog="frspub", parents=[_common(False)],
                                description="Compile FRS notes to PDF, HTML and EPUB in several languages.")
    p.add_argument("--version", action="version", version=f"frspub {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, parents=[common], help=help, description=help[:1].upper() + help[1:] + ".",
                              epilog=f"example:\n  {EXAMPLES[name]}", formatter_class=argparse.RawDescriptionHelpFormatter)

    b = command("build", "build the editions into build/")
    b.add_argument("--lang", action="append", metavar="L", help="language to build (repeatable; default: all)")
    b.add_argument("--format", action="append", choices=FORMATS + REPORTS,
                   help="format to build (repeatable; default: all); text, json or github: how problems are printed")
    b.add_argument("--strict", action="store_true", help="fail when there is any warning")
    b.add_argument("--no-site", action="store_true", help="do not write build/index.html")
    b.add_argument("-j", "--jobs", type=_positive, default=None, metavar="N",
                   help="editions built in parallel (default: one per core)")
    b.add_argument("--force", action="store_true", help="rebuild every output, changed or not")
    b.add_argument("--shard", type=_shard, default=None, metavar="K/N",
                   help="build only the K-th of N shares of the notes (CI matrix); no site")
    b.add_argument("--site-only", action="store_true", help="only write the site from the editions in build/")

    t = command("site", "write build/index*.html, feed.xml and sitemap.xml from the editions in build/")
    t.add_argument("--force", action="store_true", help="rewrite the pages even if nothing changed")

    u = command("update", "regenerate the .pot and merge it into every .po")
    u.add_argument("--lang", action="append", metavar="L", help="language to update (default: all)")

    s = command("status", "translation progress per note and language")
    s.add_argument("--json", action="store_true", help="print JSON")

    c = command("check", "check the translation catalogs")
    c.add_argument("--lang", action="append", metavar="L")
    c.add_argument("--min-complete", type=float, default=None, metavar="PCT",
                   help="fail when a catalog is less than PCT %% translated")
    c.add_argument("--strict", action="store_true", help="fail when there is any warning")
    c.add_argument("--format", choices=REPORTS, default=None,
                   help="how problems are printed: text (default), json (a list on stdout) or github (annotations)")

    r = command("review", "write the side-by-side review pages")
    r.add_argument("--lang", action="append", metavar="L", required=True)

    v = command("serve", "serve build/ on 127.0.0.1 and rebuild on change")
    v.add_argument("--port", type=int, default=8000)
    v.add_argument("--no-build", action="store_true", help="serve without an initial build")

    x = command("export", "write XLIFF 1.2 files for CAT tools (build/xliff/L/NOTE.xlf), or a TMX memory")
    x.add_argument("--lang", action="append", metavar="L", help="language (repeatable, or L,L; default: all)")
    x.add_argument("--tmx", action="store_true", help="write build/tmx/frspub.tmx: every translated segment")
    x.add_argument("-o", "--output", type=Path, default=None, metavar="DIR", help="folder (default: build/xliff or build/tmx)")

    i = command("import", "merge translated XLIFF files back into the PO catalogs")
    i.add_argument("files", nargs="+", type=Path, metavar="FILE")

    k = command("completion", "print a shell completion script")
    k.add_argument("shell", choices=["bash", "zsh"])
    return p


def cmd_export(args: argparse.Namespace) -> int:
    from frspub import output, source, tmx, xliff

    project = _project(args)
    langs = [lang for lang in _langs(project, args.lang) if lang != "fr"]
    if args.tmx:
        out = (args.output or project.build_dir / "tmx") / "frspub.tmx"
        out.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(out, tmx.export(project, langs))
        logs.log.info("wrote %s", out)
        return 0
    for lang in langs:
        folder = (args.output or project.build_dir / "xliff") / lang
        folder.mkdir(parents=True, exist_ok=True)
        for path in project.notes():
            out = folder / f"{path.stem}.xlf"
            output.write_bytes(out, xliff.export(project, lang, source.read_note(path)))
            logs.log.info("wrote %s", out)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from frspub import xliff

    project = _project(args)
    written = xliff.import_files(project, [f.resolve() for f in args.files])
    for path in written:
        logs.log.info("updated %s", path.relative_to(project.root))
    if not written:
        logs.log.info("catalogs already hold these translations")
    return 0


def cmd_completion(args: argparse.Namespace) -> int:
    """A static completion script, made from the parser itself (no runtime dependency)."""
    p = parser()
    sub = next(a for a in p._actions if isinstance(a, argparse._SubParsersAction))
    words = {name: sorted({o for a in sp._actions for o in a.option_strings}) for name, sp in sub.choices.items()}
    cases = "\n".join(f"    {name}) opts=\"{' '.join(opts)}\" ;;" for name, opts in words.items())
    script = f"""_frspub() {{
  local cur cmd opts
  cur="${{COMP_WORDS[COMP_CWORD]}}"
  cmd=""
  for w in "${{COMP_WORDS[@]:1}}"; do case "$w" in -*) ;; *) cmd="$w"; break ;; esac; done
  case "$cmd" in
{cases}
    *) opts="{' '.join(words)} -C --project -q --quiet --debug -v --verbose --version" ;;
  esac
  COMPREPLY=( $(compgen -W "$opts" -- "$cur") )
}}
complete -o default -F _frspub frspub
"""
    if args.shell == "zsh":
        script = "autoload -U +X bashcompinit && bashcompinit\n" + script
    sys.stdout.write(script)
    return 0


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


def _report_format(args: argparse.Namespace) -> str:
    """--format's text|json|github (build's --format also names output formats)."""
    value = getattr(args, "format", None)
    if isinstance(value, list):
        reports = [v for v in value if v in REPORTS]
        args.format = [v for v in value if v not in REPORTS] or None
        return reports[-1] if reports else "text"
    return value or "text"


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


def _project(args: argparse.Namespace):
    from frspub.project import Project

    return Project.find(args.project)


def _langs(project, wanted: list[str] | None) -> list[str]:
    from frspub.errors import ConfigError

    wanted = [w.strip() for value in wanted or [] for w in value.split(",") if w.strip()] or None  # en,ja
    known = project.languages()
    for lang in wanted or []:
        if lang not in known:
            raise ConfigError(f"unknown language {lang!r} (known: {', '.join(known)})", project.source, 0)
    return [lang for lang in known if not wanted or lang in wanted]


def cmd_build(args: argparse.Namespace) -> int:
    from frspub import build

    project = _project(args)
    formats = tuple(f for f in FORMATS if not args.format or f in args.format)
    build.build(project, _langs(project, args.lang), formats, site=not args.no_site, workers=args.jobs,
                force=args.force, shard=args.shard, strict=args.strict, site_only=args.site_only)
    return 0


def cmd_site(args: argparse.Namespace) -> int:
    from frspub import build

    build.build(_project(args), site_only=True, force=args.force)
    return 0


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a number of at least 1, not {text!r}")
    return int(text)


def _shard(text: str) -> tuple[int, int]:
    k, _, n = text.partition("/")
    if not (k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n)):
        raise argparse.ArgumentTypeError(f"expected K/N with 1 <= K <= N (e.g. 2/4), not {text!r}")
    return int(k), int(n)


def cmd_update(args: argparse.Namespace) -> int:
    from frspub import catalog, source

    project = _project(args)
    langs = [lang for lang in _langs(project, args.lang) if lang != "fr"]
    from frspub.memory import Memory

    memories = {lang: Memory.of_project(project.root, lang) for lang in langs}  # before any catalog changes
    for path in project.notes():
        note = source.read_note(path)
        written = catalog.update(note, project.root, langs, memories)
        for w in written:
            logs.log.info("updated %s", w.relative_to(project.root))
        if not written:
            logs.log.info("%s: catalogs already up to date", note.slug)
    for w in catalog.update_templates(project.templates, langs):
        logs.log.info("updated %s", w.relative_to(project.root))
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from frspub import catalog

    project = _project(args)
    rows = [s.as_dict() for s in catalog.project_status(project)]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    print(f"{'note':40} {'lang':4} {'transl.':>7} {'fuzzy':>5} {'untr.':>5} {'obs.':>4} {'%':>6}")
    for r in rows:
        print(f"{r['note']:40} {r['lang']:4} {r['translated']:7} {r['fuzzy']:5} {r['untranslated']:5} "
              f"{r['obsolete']:4} {r['percent']:6.1f}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from frspub import catalog, labels

    project = _project(args)
    langs = [lang for lang in _langs(project, args.lang) if lang != "fr"]
    problems = catalog.check_project(project, langs, args.min_complete)
    for lang in langs:  # the template labels obey the same rules as the notes' catalogs
        problems += labels.problems(project.templates, lang)
    errors = [p for p in problems if p.severity == "error"]
    for p in problems:
        (logs.log.error if p.severity == "error" else logs.log.warning)("%s", p)
    if errors:
        logs.log.error("%d error%s in the catalogs", len(errors), "s" * (len(errors) != 1))
        return 1
    if problems:  # fuzzy and untranslated entries count: "OK" means publishable as it is
        logs.log.info("catalogs: %d warning%s, no error (%s)", len(problems), "s" * (len(problems) != 1),
                      ", ".join(langs))
        return 0
    logs.log.info("catalogs OK (%s)", ", ".join(langs))
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    from frspub import review

    project = _project(args)
    for lang in _langs(project, args.lang):
        for out in review.write_reviews(project, lang):
            logs.log.info("review: %s", out.relative_to(project.root))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from frspub import serve

    return serve.serve(_project(args), args.port, build_first=not args.no_build)


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "build": cmd_build, "site": cmd_site, "update": cmd_update, "status": cmd_status,
    "export": cmd_export, "import": cmd_import,
    "check": cmd_check, "review": cmd_review, "serve": cmd_serve, "completion": cmd_completion,
}

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""The argument parser: every command, its options, its help and an example.

Takes nothing; returns the `argparse` parser that `main` runs and that the
shell completion is made from.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from frspub import __version__
from frspub.cli.options import positive, shard
from frspub.project import FORMATS

REPORTS = ("text", "json", "github")  # how problems are printed (frspub.diagnostics)


EXAMPLES = {
    "build": "frspub build\n  frspub build --lang en,ja --format pdf -j 4\n  frspub build --strict --diagnostics github",
    "site": "frspub site",
    "update": "frspub update\n  frspub update --lang ja",
    "status": "frspub status --json",
    "queries": "frspub queries\n  frspub queries --lang en --json",
    "check": "frspub check --strict --min-complete 100\n  frspub check --diagnostics github   # annotations in a pull request",
    "review": "frspub review --lang en,ja",
    "serve": "frspub serve --port 8000",
    "completion": "source <(frspub completion bash)\n  frspub completion zsh > ~/.zfunc/_frspub",
    "export": "frspub export --lang ja\n  frspub export --tmx\n  frspub export --docx --lang en ma-note",
    "import": "frspub import build/xliff/ja/*.xlf\n  frspub import --lang en traduction.docx",
    "new": "frspub new ma-note\n  frspub new ma-note --from manuscrit.docx",
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
    common.add_argument("--diagnostics", choices=REPORTS, default=default("text"),
                        help="how problems are printed: text (one line each, default), json (a list on stdout) "
                        "or github (workflow annotations)")
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
    b.add_argument("--format", action="append", choices=FORMATS,
                   help="output format to build (repeatable; default: all)")
    b.add_argument("--strict", action="store_true", help="fail when there is any warning")
    b.add_argument("--no-site", action="store_true", help="do not write build/index.html")
    b.add_argument("-j", "--jobs", type=positive, default=None, metavar="N",
                   help="editions built in parallel (default: one per core)")
    b.add_argument("--force", action="store_true", help="rebuild every output, changed or not")
    b.add_argument("--shard", type=shard, default=None, metavar="K/N",
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
    c.add_argument("--format", choices=REPORTS, dest="diagnostics", default=argparse.SUPPRESS,
                   help="the same as --diagnostics (check prints no other format)")

    q = command("queries", "list the queries to the author (translator comments beginning AQ:)")
    q.add_argument("--lang", action="append", metavar="L", help="language (repeatable, or L,L; default: all)")
    q.add_argument("--all", action="store_true", help="also list closed queries (the French changed)")
    q.add_argument("--json", action="store_true", help="print JSON")

    r = command("review", "write the side-by-side review pages")
    r.add_argument("--lang", action="append", metavar="L", required=True)

    v = command("serve", "serve build/ on 127.0.0.1 and rebuild on change")
    v.add_argument("--port", type=int, default=8000)
    v.add_argument("--no-build", action="store_true", help="serve without an initial build")

    n = command("new", "start a note: source/fr/SLUG.md with its YAML fields, from a document if given")
    n.add_argument("slug", metavar="SLUG", help="the note's name (lower-case letters, digits, hyphens)")
    n.add_argument("--from", dest="source", type=Path, default=None, metavar="FILE",
                   help="convert this .docx, .odt, .md or .html document into the note")

    x = command("export", "write XLIFF 1.2 files for CAT tools (build/xliff/L/NOTE.xlf), a TMX memory, "
                "or a Word file for a translator")
    x.add_argument("--lang", action="append", metavar="L", help="language (repeatable, or L,L; default: all)")
    x.add_argument("--tmx", action="store_true", help="write build/tmx/frspub.tmx: every translated segment")
    x.add_argument("--docx", action="store_true",
                   help="write build/docx/L/NOTE.docx: the French, one paragraph per segment, for a translator in Word")
    x.add_argument("-o", "--output", type=Path, default=None, metavar="DIR",
                   help="folder (default: build/xliff, build/tmx or build/docx)")
    x.add_argument("notes", nargs="*", metavar="NOTE", help="notes to export (default: all)")

    i = command("import", "merge translated XLIFF files, or Word files (--lang), back into the PO catalogs")
    i.add_argument("files", nargs="+", type=Path, metavar="FILE")
    i.add_argument("--lang", default=None, metavar="L", help="language of the translated .docx files")

    k = command("completion", "print a shell completion script")
    k.add_argument("shell", choices=["bash", "zsh", "tcsh"])
    return p

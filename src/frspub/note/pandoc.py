"""Thin wrapper around the pandoc binary shipped by pypandoc-binary.

Takes/returns pandoc JSON documents (Python dicts) or text.  Every call is one
pandoc process: callers batch their work (one call per note or edition).
"""
from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from frspub.errors import RenderError
from frspub.note import ast, pandocmemo

Doc = dict[str, Any]

# Markdown as frspub reads a translation: pandoc's Markdown without any raw markup, so that
# a translation cannot inject HTML into an edition (raw HTML stays visible text).
READ_FORMAT = "markdown-raw_html-raw_tex-raw_attribute-native_divs-native_spans-markdown_in_html_blocks"
# Markdown as frspub reads a note: as pandoc does, with raw HTML and TeX, so that `rawhtml`
# turns the safe HTML into nodes (<div>, <span> are already Div, Span) and `safety` refuses
# the rest at its line: nothing raw is ever printed as text.
# (No latex_macros: a \newcommand is raw TeX, refused at its line, not expanded into math
# whose source is then nowhere in the note.)
NOTE_FORMAT = "markdown-raw_attribute-markdown_in_html_blocks-latex_macros"
# Markdown as frspub writes segments for translators.
WRITE_FORMAT = "markdown-raw_html-raw_attribute-smart"


@functools.cache
def pandoc_path() -> str:
    if (found := bundled()) is not None:
        return found
    try:
        import pypandoc

        return pypandoc.get_pandoc_path()
    except (ImportError, OSError) as exc:  # pragma: no cover - install problem
        raise RenderError(f"pandoc not found ({exc}); run `make` to install pypandoc-binary") from exc


def bundled() -> str | None:
    """pypandoc-binary's own pandoc, named as `pypandoc.get_pandoc_path` names it, when it is
    the only candidate pypandoc would weigh: found without importing pypandoc, which costs a
    build 0.15 s of imports and a `pandoc --version` run.  None: ask pypandoc."""
    if not sys.platform.startswith("linux") or os.environ.get("PYPANDOC_PANDOC"):
        return None
    import importlib.util

    spec = importlib.util.find_spec("pypandoc")
    if spec is None or not spec.origin:
        return None
    included = os.path.join(os.path.dirname(os.path.realpath(spec.origin)), "files", "pandoc")
    others = [shutil.which("pandoc"), os.path.expanduser("~/bin/pandoc"), os.path.expanduser("~/.bin/pandoc"),
              os.path.join(sys.exec_prefix, "bin", "pandoc.exe"), os.path.join(sys.exec_prefix, "bin", "pandoc")]
    if not os.path.isfile(included) or any(other and os.path.exists(other) for other in others):
        return None
    return included


def identity() -> str:
    """The pandoc binary as its answers are kept under (`unitstore`): its path, size and date."""
    return ":".join(map(str, pandocmemo.stamp(pandoc_path())))


# pandoc's API version, as the first JSON document this pandoc wrote gave it (`run_json`).
_API_VERSION: list[list[int]] = []


def api_version() -> list[int]:
    """The API version of the documents frspub hands pandoc: the one pandoc's own JSON carries
    (a build reads its note first: no run of its own, 0.02-0.05 s), else asked of pandoc."""
    if not _API_VERSION:
        run_json(["-f", "markdown", "-t", "json"], "")
    return _API_VERSION[0]


def _prctl() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    return ctypes.CDLL(None, use_errno=True).prctl


PRCTL = _prctl()  # looked up now: the forked child must import nothing (another thread may hold a lock)


def die_with_parent() -> None:
    """In the child, before pandoc starts: be killed when frspub dies, even by SIGKILL.
    Otherwise an orphan pandoc would go on writing its output into build/ after the next
    build has cleaned the leftovers of the killed one (Linux prctl PR_SET_PDEATHSIG)."""
    if PRCTL is not None:
        PRCTL(1, 9)  # PR_SET_PDEATHSIG, SIGKILL


def run(args: list[str], stdin: str | bytes = "", env: dict[str, str] | None = None) -> bytes:
    data = stdin.encode() if isinstance(stdin, str) else stdin
    name = pandocmemo.key(pandoc_path(), args, data) if env is None and pandocmemo.pure(args) else ""
    known = pandocmemo.get(name) if name else None
    if known is not None:
        return known
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run([pandoc_path(), *args], input=data, capture_output=True, env=full_env,
                          preexec_fn=die_with_parent)
    if proc.returncode != 0:
        raise RenderError(f"pandoc {' '.join(args)} failed: {proc.stderr.decode(errors='replace').strip()}")
    if name:
        pandocmemo.put(name, proc.stdout)
    return proc.stdout


def run_json(args: list[str], stdin: str) -> Doc:
    doc = json.loads(run(args, stdin))
    # Every JSON document of one pandoc (`pandoc_path`, fixed per process; the memo's answers
    # are keyed by its binary) carries its API version.
    if not _API_VERSION and isinstance(doc, dict) and isinstance(doc.get("pandoc-api-version"), list):
        _API_VERSION.append(doc["pandoc-api-version"])
    return doc


def read_markdown(text: str, fmt: str = READ_FORMAT) -> Doc:
    """Markdown text -> pandoc JSON document, with soft line breaks as spaces (a line
    break in the source is not a break in any edition, and typography sees one kind
    of space)."""
    doc = run_json(["-f", fmt, "-t", "json"], text)
    ast.walk_inline_lists(doc["blocks"], ast.soft_breaks_to_spaces)
    return doc


def document(blocks: list[Any], meta: dict[str, Any] | None = None) -> Doc:
    return {"pandoc-api-version": api_version(), "meta": meta or {}, "blocks": blocks}


def write(doc: Doc, to: str, extra: list[str] | None = None) -> str:
    """pandoc JSON document -> text in format `to`."""
    args = ["-f", "json", "-t", to, "--wrap=none", *(extra or [])]
    return run(args, json.dumps(doc)).decode()


def write_file(doc: Doc, to: str, out: Path, extra: list[str] | None = None,
               env: dict[str, str] | None = None) -> None:
    args = ["-f", "json", "-t", to, "-o", str(out), *(extra or [])]
    run(args, json.dumps(doc), env=env)

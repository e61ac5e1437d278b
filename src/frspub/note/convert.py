"""An author's document (.docx, .odt, .md, .html) turned into a note's body.

Takes the document and the new note's slug; returns a `Converted`: the title
and author it names, the body as frspub Markdown, the pictures to save beside
the note (``<slug>-fig1.png``…), a CSL JSON bibliography when the document
cites with Zotero or Mendeley, and the warnings (comments, what could not be
kept) with their places.  Nothing is written here: `skeleton` writes the note.

pandoc reads the document: DOCX with ``+citations`` (Zotero and Mendeley
fields become ``[@key]`` citations, their items the bibliography) and
``+styles`` (paragraph styles, so "Titre 1" is a heading), tracked changes
accepted; `wordparts` reads what pandoc does not say, `wordclean` and
`wordfigures` rework the AST.  The conversion is refused when a word of the
document would be missing from the note (`lost_text`).
"""
from __future__ import annotations

import json
import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from frspub.errors import Problem, SourceError, display_path
from frspub.note import ast, pandoc, wordparts
from frspub.note.wordclean import (
    INVISIBLE,
    NO_BREAK,
    Cleaner,
    Report,
    header_levels_from_one,
)
from frspub.note.wordfigures import Figures

READERS = {".docx": "docx+citations+styles", ".odt": "odt", ".md": "markdown", ".markdown": "markdown",
           ".html": "html", ".htm": "html"}
WRITER = "markdown-raw_html-raw_attribute-native_divs-native_spans-smart"
WORD = re.compile(r"\w+")
IMAGE_TYPES = [(b"\x89PNG", ".png"), (b"\xff\xd8", ".jpg"), (b"GIF8", ".gif"), (b"\x01\x00\x00\x00", ".emf"),
               (b"\xd7\xcd\xc6\x9a", ".wmf")]


@dataclass
class Converted:
    title: str
    author: str
    body: str
    images: list[tuple[str, bytes]] = field(default_factory=list)  # (file name, content)
    bibliography: bytes | None = None
    warnings: list[Problem] = field(default_factory=list)


def convert(path: Path, slug: str) -> Converted:
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise SourceError(f"cannot read {path.suffix or 'a file without extension'}: give a .docx, .odt, "
                          ".md or .html file", path, 0)
    if not path.is_file():
        raise SourceError("no such file", path, 0)
    shown = display_path(path)
    pkg = wordparts.read(path) if path.suffix.lower() in (".docx", ".odt") else wordparts.Package()
    with tempfile.TemporaryDirectory(prefix="frspub-new-") as tmp:
        args = ["-f", reader, "-t", "json", f"--extract-media={tmp}", str(path)]
        if reader.startswith("docx"):
            args.insert(2, "--track-changes=accept")
        doc = pandoc.run_json(args, "")
        report = Report()
        blocks = Cleaner(pkg.heading_styles, report).clean(doc["blocks"])
        title, author, blocks = _title_author(doc["meta"], blocks, pkg)
        header_levels_from_one(blocks)
        figures = Figures(pkg.alt_texts, report)
        blocks = figures.place(blocks)
        images = _images(figures.images, slug, path.parent, Path(tmp))
        readable_keys(doc, blocks)
    problems = lost_text(pkg, blocks, [title, author, *figures.dropped, *_meta_text(doc["meta"])], shown)
    if problems:
        raise SourceError(problems)
    body = pandoc.run(["-f", "json", "-t", WRITER, "--wrap=auto", "--columns=80"],
                      json.dumps(pandoc.document(blocks))).decode()
    warnings = [Problem(shown, c.paragraph, f'comment by {c.author}: "{c.text}" (not kept in the note)',
                        "warning", "paragraph") for c in pkg.comments]
    kept = set(_words("".join(all_text(blocks))))
    for n, what in pkg.lost:  # pandoc keeps a text box's text as paragraphs: say so, the box is gone
        boxed = _words(what[len("text box"):]) if what.startswith("text box") else []
        verdict = ": its text is kept as a paragraph, not the box" if boxed and set(boxed) <= kept \
            else " cannot be kept"
        warnings.append(Problem(shown, n, f"conversion: {what}{verdict}", "warning", "paragraph"))
    for place, message in report.items:
        number = _paragraph_of(pkg, place)
        warnings.append(Problem(shown, number, f"conversion: {message} ({place})", "warning",
                                "paragraph" if number else ""))
    return Converted(title, author, body, images, _bibliography(doc), warnings)


def _title_author(meta: dict[str, Any], blocks: list[ast.Node], pkg: wordparts.Package
                  ) -> tuple[str, str, list[ast.Node]]:
    """The Title style (pandoc's meta title), else the first paragraph if it is the document's title
    property, else the first heading; the Author style, else the document's author property."""
    title = _meta_string(meta.get("title"))
    subtitle = _meta_string(meta.get("subtitle"))
    if not title and blocks and blocks[0]["t"] in ("Para", "Plain") and pkg.title \
            and ast.stringify(blocks[0]["c"]).strip() == pkg.title:
        title, blocks = pkg.title, blocks[1:]
    if not title:
        first = next((i for i, b in enumerate(blocks) if b["t"] == "Header"), None)
        if first is not None:
            title = ast.stringify(blocks[first]["c"][2]).strip()
            blocks = blocks[:first] + blocks[first + 1:]
    if subtitle:
        title = f"{title} : {subtitle}" if title else subtitle
    author = _meta_string(meta.get("author")) or pkg.author
    abstract = meta.get("abstract")
    if abstract and abstract.get("t") == "MetaBlocks":
        blocks = abstract["c"] + blocks
    return " ".join(title.split()), " ".join(author.split()), blocks


def _meta_string(value: Any) -> str:
    if not value:
        return ""
    if value["t"] == "MetaList":
        return ", ".join(filter(None, (_meta_string(v) for v in value["c"])))
    if value["t"] == "MetaString":
        return value["c"]
    return ast.stringify(value["c"])


def _meta_text(meta: dict[str, Any]) -> list[str]:
    return [_meta_string(v) for k, v in meta.items() if k not in ("references", "abstract") and v.get("t") != "MetaMap"]


def _images(nodes: list[ast.Node], slug: str, folder: Path, media: Path) -> list[tuple[str, bytes]]:
    """Each picture's bytes under its new name (``<slug>-fig1.png``); the figure points to it."""
    out = []
    for number, node in enumerate(nodes, start=1):
        src = Path(node["c"][2][0])
        candidates = [src] if src.is_absolute() else [media / src, folder / src]
        found = next((c for c in candidates if c.is_file() and any(
            c.resolve().is_relative_to(d.resolve()) for d in (media, folder))), None)
        if found is None:
            raise SourceError(f"picture {src} of figure {number} not found beside the document", folder, 0)
        data = found.read_bytes()
        ext = next((e for magic, e in IMAGE_TYPES if data.startswith(magic)), None)
        if ext is None:
            ext = ".svg" if b"<svg" in data[:2048] else src.suffix.lower() or ".bin"
        name = f"{slug}-fig{number}{ext}"
        node["c"][2][0] = name
        out.append((name, data))
    return out


def readable_keys(doc: dict[str, Any], blocks: list[ast.Node]) -> None:
    """Zotero and Mendeley give items numbers or UUIDs ("1", "ITEM-1"): each becomes author and
    year (``niquet2024``, then ``niquet2024a``…), in the bibliography and in every citation."""
    import unicodedata

    refs = doc["meta"].get("references", {}).get("c", [])
    keys: dict[str, str] = {}
    for ref in refs:
        item = ref["c"]
        authors = item.get("author", {}).get("c", [])
        family = _meta_string(authors[0]["c"].get("family") or authors[0]["c"].get("literal")) if authors else ""
        year = re.search(r"\d{4}", _meta_string(item.get("issued")) or "")
        base = unicodedata.normalize("NFKD", family).encode("ascii", "ignore").decode().lower()
        base = re.sub(r"[^a-z0-9]", "", base) or "ref"
        base += year.group(0) if year else ""
        key, n = base, 0
        while key in keys.values():
            key, n = base + "abcdefghijklmnopqrstuvwxyz"[n % 26], n + 1
        old = _meta_string(item.get("id"))
        keys[old] = key
        item["id"] = {"t": "MetaString", "c": key}

    def rename(nodes: list[ast.Node]) -> list[ast.Node]:
        for node in nodes:
            if node["t"] == "Cite":
                for citation in node["c"][0]:
                    citation["citationId"] = keys.get(citation["citationId"], citation["citationId"])
        return nodes

    ast.walk_inline_lists(blocks, rename)


def _bibliography(doc: dict[str, Any]) -> bytes | None:
    """The cited items (Zotero/Mendeley fields) as CSL JSON, by pandoc's own writer."""
    refs = doc["meta"].get("references")
    if not refs:
        return None
    return pandoc.run(["-f", "json", "-t", "csljson"], json.dumps(pandoc.document([], {"references": refs})))


def all_text(value: Any) -> Iterator[str]:
    """Every piece of text under `value`, footnotes included (`ast.stringify` leaves them out)."""
    if isinstance(value, dict):
        t = value.get("t")
        if t == "Str":
            yield value["c"]
        elif t in ("Code", "CodeBlock", "Math"):
            yield value["c"][-1]
        elif t == "Image":
            yield from all_text(value["c"][1])
        elif "c" in value:
            yield from all_text(value["c"])
        yield " "
    elif isinstance(value, list):
        for v in value:
            yield from all_text(v)


def _words(text: str) -> list[str]:
    return WORD.findall(NO_BREAK.sub(" ", text.translate(INVISIBLE)).casefold())


def lost_text(pkg: wordparts.Package, blocks: list[ast.Node], extra: list[str], shown: str) -> list[Problem]:
    """One error per paragraph of the document holding a word the note would not have."""
    have = Counter(_words("".join(all_text(blocks)) + " " + " ".join(extra)))
    missing: dict[int, list[str]] = {}
    for number, text in pkg.text:
        for word in _words(text):
            if have[word] > 0:
                have[word] -= 1
            else:
                missing.setdefault(number, []).append(word)
    return [Problem(shown, number, f"the conversion would lose text {'here' if number else 'in a footnote'}: “{' '.join(words[:12])}"
                    f"{'…' if len(words) > 12 else ''}” ({len(words)} word{'s' * (len(words) > 1)}): "
                    "the document is refused (write that passage as plain text: pandoc cannot read it as it is)", "error",
                    "paragraph" if number else "")
            for number, words in missing.items()]


def _paragraph_of(pkg: wordparts.Package, place: str) -> int:
    """The paragraph of the document where a reported passage (“first words…”) is."""
    words = _words(place)[:4]
    for number, text in pkg.text:
        found = _words(text)
        if words and number and all(w in found for w in words):
            return number
    return 0

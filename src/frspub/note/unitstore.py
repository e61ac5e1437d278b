"""pandoc's answers for an edition's units (msgstr lines, HTML blocks), kept from one build to the next.

Takes the file of one edition in the build cache (`build.cache.Keys.units`: named for frspub's
code and libraries, the note and the language, so a change of code never reads an older
answer) and the pandoc binary's identity; fills the named memos of `pandocmemo.Recent`
(`translation.segments`' parsed msgstr lines, `render.htmlmemo`'s written blocks) with the
answers that edition used last time (`recall`), and gives those it used this time (`keep`,
after the PDF's process has its page: off the path to it), which the build writes (`save`)
when it publishes the edition.  A build that changes one msgstr
then parses that line and writes that paragraph, not the catalog and the note: a fresh
process otherwise ran pandoc over all of them (0.1-0.15 s on the 30-note catalogue's note).
A unit's answer is the same in any batch (`segments.alone`, `htmlmemo.separable` say when),
so the answers are those pandoc would give; any doubt (a damaged file, another pandoc) and
the file is not used.  The preview server keeps its memos in memory as before.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from frspub import output
from frspub.note import pandocmemo

_file: list[tuple[Path, str, dict[str, dict[str, str]]]] = []  # (file, pandoc, answers recalled)


def recall(path: Path | None, pandoc: str = "") -> None:
    """Load the answers of the edition kept in `path` into the named memos and record from
    now which answers the edition takes; None: stop recording (the edition is over)."""
    _file.clear()
    for memo in pandocmemo.NAMED.values():
        memo.used = set() if path is not None else None
    if path is None:
        return
    known = _read(path, pandoc)
    _file.append((path, pandoc, known))
    for name, answers in known.items():
        memo = pandocmemo.NAMED.get(name)
        if memo is None:
            continue
        for key, answer in answers.items():
            memo.setdefault(key, answer)
        memo.trim()


def keep() -> tuple[str, str] | None:
    """The answers taken since `recall`, as (file, text) to `save` once the edition is published
    (a build that fails, `--strict` included, changes nothing in build/); None: nothing new."""
    if not _file:
        return None
    path, pandoc, known = _file[0]
    used = {name: {key: memo[key] for key in sorted(memo.used or ()) if key in memo}
            for name, memo in sorted(pandocmemo.NAMED.items())}
    if used == known or not any(used.values()):
        return None
    return str(path), json.dumps({"pandoc": pandoc, "memos": used}, ensure_ascii=False)


def save(kept: tuple[str, str] | None) -> None:
    """Write what `keep` gave (atomically)."""
    if kept is None:
        return
    try:
        output.write_text(Path(kept[0]), kept[1])
    except OSError:
        pass  # not kept (a full or read-only disk): the next build asks pandoc again


def _read(path: Path, pandoc: str) -> dict[str, dict[str, str]]:
    try:
        data: Any = json.loads(path.read_bytes())
        os.utime(path)  # in use: `pandocmemo.prune` keeps it
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("pandoc") != pandoc or not isinstance(data.get("memos"), dict):
        return {}
    return {name: {k: v for k, v in answers.items() if isinstance(k, str) and isinstance(v, str)}
            for name, answers in data["memos"].items() if isinstance(name, str) and isinstance(answers, dict)}

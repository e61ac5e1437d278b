"""A small catalogue for the build-engine tests: the sample note as two notes, translated
into English and Japanese (every msgstr filled, so that an edition builds without warning)."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from projects import DATA, ROOT

SAMPLE = DATA / "sample" / "source" / "fr" / "note-exemple.md"
NOTES = ("note-a", "note-b")
LANGS = ("fr", "en", "ja")


def make_catalogue(root: Path) -> Path:
    from frspub.cli import main
    from frspub.translation import catalog

    (root / "source" / "fr").mkdir(parents=True)
    for lang in LANGS[1:]:
        (root / "source" / lang).mkdir()
    shutil.copytree(ROOT / "templates", root / "templates")
    text = SAMPLE.read_text(encoding="utf-8")
    for n, slug in enumerate(NOTES):
        note = text if n == 0 else text.replace("Une note d'exemple :", "Une seconde note d'exemple :")
        (root / "source" / "fr" / f"{slug}.md").write_text(note, encoding="utf-8")
    assert main(["update", "-C", str(root), "-q"]) == 0
    for lang in LANGS[1:]:
        for slug in NOTES:
            po = root / "source" / lang / f"{slug}.po"
            cat = catalog.load(po, lang)
            for msg in cat:
                if msg.id:
                    msg.string = f"{lang.upper()} {msg.id}"
            catalog.save(cat, po)
    return root


def snapshot(build: Path) -> dict[str, str]:
    """Every file under build/ and the hash of its bytes, but the build cache's folder (what
    speeds up the next build, no output: a failed build may add to it)."""
    return {p.relative_to(build).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(build.rglob("*")) if p.is_file() and p.relative_to(build).parts[0] != ".frspub-cache"}


def editions(paths: list[Path], build: Path) -> set[str]:
    """The edition outputs among `paths` (not the site pages), relative to build/."""
    return {p.relative_to(build).as_posix() for p in paths if p.parent != build}


def outputs(slugs: tuple[str, ...] = NOTES, langs: tuple[str, ...] = LANGS,
            formats: tuple[str, ...] = ("pdf", "html", "epub")) -> set[str]:
    return {f"{lang}/{slug}.{fmt}" for slug in slugs for lang in langs for fmt in formats}

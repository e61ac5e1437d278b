"""A project folder: the one holding `source/` and `templates/`.

Takes a root path; tells which notes and languages exist and where each
source, catalog and output lives (``build/<lang>/<slug>.<ext>``)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from frspub.errors import ConfigError
from frspub.locale import SOURCE_LANG

FORMATS = ("pdf", "html", "epub")


@dataclass(frozen=True)
class Project:
    root: Path

    @classmethod
    def find(cls, root: Path | None = None) -> "Project":
        root = (root or Path.cwd()).resolve()
        for folder in ("source", "templates"):
            if not (root / folder).is_dir():
                raise ConfigError(f"not a frspub project: no `{folder}/` folder here "
                                  "(run frspub from the folder holding source/ and templates/)", root, 0)
        if not (root / "source" / SOURCE_LANG).is_dir():
            raise ConfigError(f"no `source/{SOURCE_LANG}/` folder with the French notes", root / "source", 0)
        return cls(root)

    @property
    def source(self) -> Path:
        return self.root / "source"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def build_dir(self) -> Path:
        return self.root / "build"

    def languages(self) -> list[str]:
        """fr first, then the other folders of source/ in alphabetical order."""
        others = sorted(p.name for p in self.source.iterdir()
                        if p.is_dir() and p.name != SOURCE_LANG and not p.name.startswith("."))
        return [SOURCE_LANG, *others]

    def labelled_languages(self) -> list[str]:
        """The languages that have template labels (the others cannot have a site page)."""
        from frspub.locale import template_po

        return [lang for lang in self.languages()
                if lang == SOURCE_LANG or template_po(self.templates, lang).is_file()]

    def notes(self) -> list[Path]:
        return sorted((self.source / SOURCE_LANG).glob("*.md"))

    def po(self, lang: str, slug: str) -> Path:
        return self.source / lang / f"{slug}.po"

    def pot(self, slug: str) -> Path:
        return self.source / f"{slug}.pot"

    def output(self, lang: str, slug: str, fmt: str) -> Path:
        return self.build_dir / lang / f"{slug}.{fmt}"


def user_cache(name: str) -> Path:
    """frspub's folder `name` in the user's cache (``$XDG_CACHE_HOME``, else ``~/.cache``): one
    per machine, not per project, so that a fresh copy of a project finds what it holds (what
    `make` or a first build prepared: cffi's type tables, compiled templates, source tables)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")) / "frspub" / name

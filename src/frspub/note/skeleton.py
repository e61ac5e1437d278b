"""`frspub new`: a new note's YAML block, from the project's defaults.

Takes a project root, a slug and what a converted document gave (title,
author, body); returns (or writes) ``source/fr/<slug>.md``.  The publisher,
contact, ISSN and legal fields come from the project's defaults:
``templates/note.yaml`` when it exists, else the most recent note (by its
`date`).  Every field the README documents is there; what only the author can
fill (title, author, date, bio) carries the `unfilled.MARK` marker, which
``check`` and ``build`` report at its line until it is replaced.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from frspub.errors import ConfigError, SourceError, display_path
from frspub.note.unfilled import marked

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
# Shared by every note of the series: taken from the defaults, never typed again.
SHARED = ("publisher", "contact", "issn", "editions", "site_url", "copyright", "legal")
AUTHOR_ONLY = {
    "title": marked("le titre de la note"),
    "author": marked("Prénom Nom de l'auteur"),
    "date": marked("date de publication, AAAA-MM-JJ"),
    "bio": marked("une ou deux phrases présentant l'auteur"),
}
# Documented fields the defaults may lack: marked, so that nothing is forgotten.
FALLBACK = {
    "publisher": {"name": marked("nom de l'éditeur"), "address": marked("adresse postale"),
                  "country": "FR", "decree": marked("reconnaissance d'utilité publique"),
                  "director": marked("directeur de la publication")},
    "contact": {"website": marked("site web"), "phone": marked("téléphone"), "email": marked("courriel"),
                "siret": marked("SIRET"), "vat": marked("TVA intracommunautaire"), "ape": marked("code APE")},
    "issn": marked("ISSN de la collection, 1234-567X"),
    "copyright": marked("© Éditeur AAAA — tous droits réservés"),
    "legal": marked("mention de reproduction"),
}
OPTIONAL = "# doi: 10.xxxx/xxxx          (optional: the note's DOI; per language under editions:)\n"


def check_slug(slug: str) -> None:
    if not SLUG.match(slug):
        raise ConfigError(f"bad note name {slug!r}: lower-case letters, digits and hyphens "
                          "(it becomes the file names and the editions' addresses)", "source/fr", 0)


def defaults(root: Path) -> tuple[dict[str, Any], str]:
    """(shared fields, where they come from): templates/note.yaml, else the newest note."""
    template = root / "templates" / "note.yaml"
    if template.is_file():
        data = yaml.safe_load(template.read_text(encoding="utf-8")) or {}
        if not isinstance(data, dict):
            raise SourceError("templates/note.yaml must be a mapping of YAML fields", template, 1)
        return {k: data[k] for k in SHARED if k in data}, display_path(template)
    newest: tuple[Any, Path | None, dict[str, Any]] = (None, None, {})
    for path in sorted((root / "source" / "fr").glob("*.md")):
        meta = _front_matter(path)
        date = meta.get("date")
        if isinstance(date, dt.date) and (newest[0] is None or date > newest[0]):
            newest = (date, path, meta)
    meta = newest[2]
    return {k: meta[k] for k in SHARED if k in meta}, display_path(newest[1]) if newest[1] else "nothing"


def _front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8", errors="replace")
    parts = text.split("\n---", 1) if text.startswith("---") else []
    try:
        meta = yaml.safe_load(parts[0][3:]) if parts else {}
    except yaml.YAMLError:
        return {}
    return meta if isinstance(meta, dict) else {}


def fields(shared: dict[str, Any], title: str = "", author: str = "",
           today: dt.date | None = None) -> dict[str, Any]:
    """Every documented field, in the README's order."""
    year = str((today or dt.date.today()).year)
    out: dict[str, Any] = {
        "title": title or AUTHOR_ONLY["title"], "author": author or AUTHOR_ONLY["author"],
        "date": AUTHOR_ONLY["date"], "bio": AUTHOR_ONLY["bio"],
    }
    for key in ("publisher", "contact"):
        value = dict(FALLBACK[key])
        value.update(shared.get(key) or {})
        out[key] = value
    out["issn"] = shared.get("issn", FALLBACK["issn"])
    for key in ("editions", "site_url"):
        if key in shared:
            out[key] = shared[key]
    copyright = str(shared.get("copyright", FALLBACK["copyright"]))
    out["copyright"] = re.sub(r"\b(19|20)\d\d\b", year, copyright, count=1)  # this year's note
    out["legal"] = shared.get("legal", FALLBACK["legal"])
    return out


class _Dumper(yaml.SafeDumper):
    """Multi-line text as a literal block (`legal: |`), as authors write it."""


def _text(dumper: yaml.SafeDumper, value: str) -> Any:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def front_matter(values: dict[str, Any]) -> str:
    text = yaml.dump(values, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=88)
    text = text.replace("\ncopyright:", "\n" + OPTIONAL + "copyright:", 1)
    return f"---\n{text}---\n"


BODY = marked("le texte de la note, en Markdown (# section, ## sous-section, appel de note[^1]).") + \
    "\n\n[^1]: " + marked("une note de bas de page.") + "\n"


def write_note(root: Path, slug: str, converted: Any = None) -> list[Path]:
    """Write ``source/fr/<slug>.md`` (and the pictures and bibliography of `converted`, a
    `convert.Converted`); never overwrites a file.  Returns the files written."""
    from frspub.output import write_bytes

    folder = root / "source" / "fr"
    note = folder / f"{slug}.md"
    files: list[tuple[Path, bytes]] = []
    values = fields(defaults(root)[0], getattr(converted, "title", ""), getattr(converted, "author", ""))
    if converted is not None:
        files += [(folder / name, data) for name, data in converted.images]
        if converted.bibliography is not None:
            files.append((folder / f"{slug}.json", converted.bibliography))
            values["bibliography"] = f"{slug}.json"
    body = converted.body if converted is not None else BODY
    files.append((note, (front_matter(values) + "\n" + body).encode("utf-8")))
    for path, _ in files:
        if path.exists():
            raise ConfigError("exists already: frspub new never overwrites a file (choose another name, "
                              "or move this one away)", path, 0)
    for path, data in files:
        write_bytes(path, data)
    return [path for path, _ in files]

"""What build/ publishes, and the only ways it changes.

Takes a `Project` and its `Manifest`: `lock` lets one build at a time write
build/ (a second one waits); `clean_stale` removes the temporary files a
killed run left; `stage_path` names the file an output is rendered into;
`commit` renames the staged files of a successful edition into place and
records them; `remove_deleted` removes the outputs (and review pages) of notes
that are no longer in source/fr.  A failed edition's staged files are removed
and its previous outputs stay as they were.
"""
from __future__ import annotations

import contextlib
import os
import secrets
import time
from pathlib import Path

from frspub.build import lock as locking
from frspub.build.cache import Manifest
from frspub.build.worker import EditionResult
from frspub.log import log
from frspub.project import FORMATS, Project

LOCK = locking.NAME
# Temporary files outside the folders only builds write (review pages) are removed only
# once old enough never to be another command's write in progress.
OTHERS_AGE = 600.0


def lock(project: Project) -> contextlib.AbstractContextManager[None]:
    """Hold build/'s lock (waiting for another build of the same folder to finish; see `build.lock`)."""
    return locking.hold(project.build_dir)


def clean_stale(project: Project) -> list[Path]:
    """Remove the `.*.tmp` files a killed build left in build/ (called with the lock held)."""
    removed = []
    now = time.time()
    build = project.build_dir
    for path in build.rglob(".*.tmp"):
        try:
            own = path.parent == build or path.parent.parent == build and path.parent.name != "review" \
                or path.parent.parent.name == ".frspub-cache"  # the build cache: only builds write it
            if own or now - path.stat().st_mtime > OTHERS_AGE:
                path.unlink()
                removed.append(path)
        except OSError:
            continue
    if removed:
        log.info("removed %d temporary file%s left by an interrupted build", len(removed), "s" * (len(removed) > 1))
    return removed


def stage_path(out: Path) -> Path:
    """A hidden temporary file beside `out` (same file system: the rename is atomic)."""
    return out.with_name(f".{out.name}.{secrets.token_hex(4)}.stage.tmp")


def commit(project: Project, manifest: Manifest, result: EditionResult, keys: dict[str, str]) -> list[Path]:
    """Rename the staged outputs of a successful edition into place and record them."""
    job = result.job
    written = []
    for item in result.staged:
        out = project.output(job.lang, job.slug, item.fmt)
        os.replace(item.path, out)
        rel = out.relative_to(project.build_dir).as_posix()
        manifest.outputs[rel] = {"key": keys[item.fmt], "hash": item.hash, "size": item.size,
                                 "title": item.title, "pages": item.pages, "warnings": result.warnings}
        if result.inputs:
            manifest.outputs[rel]["inputs"] = result.inputs
        if result.lineage:
            manifest.outputs[rel]["lineage"] = result.lineage
        written.append(out)
    if result.note is not None:
        manifest.notes[job.slug] = result.note
    return written


def discard_result(result: EditionResult) -> None:
    for item in result.staged:
        Path(item.path).unlink(missing_ok=True)


def remove_deleted(project: Project, manifest: Manifest, slugs: set[str]) -> list[Path]:
    """Remove every output and review page of a note that is no longer in source/fr."""
    build = project.build_dir
    # By name first (a Path for each of the 270 outputs of a 30-note catalogue cost a preview's
    # save 5-15 ms): only a name whose stem is no note's becomes a candidate.
    candidates = {build / rel for rel in manifest.outputs if _stem(rel.rpartition("/")[2]) not in slugs}
    for lang in project.languages():
        for folder, suffixes in ((build / lang, tuple(f".{fmt}" for fmt in FORMATS)), (build / "review" / lang, (".html",))):
            candidates |= {folder / name for name in _names(folder)
                           if name.endswith(suffixes) and _stem(name) not in slugs}
    removed = []
    for path in sorted(candidates):
        rel = path.relative_to(build).as_posix()
        manifest.outputs.pop(rel, None)
        if path.is_file():
            path.unlink()
            removed.append(path)
    for slug in set(manifest.notes) - slugs:
        del manifest.notes[slug]
    for path in removed:
        log.info("removed %s (its note is no longer in source/fr)", path.relative_to(project.root))
    return removed


def _names(folder: Path) -> list[str]:
    """The names in `folder` (none if it cannot be listed, as `Path.glob` finds none)."""
    try:
        return os.listdir(folder)
    except OSError:
        return []


def _stem(name: str) -> str:
    """`Path(name).stem`, without making a Path."""
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name

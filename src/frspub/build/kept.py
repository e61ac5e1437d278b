"""What a long-lived process (the preview server) keeps from one build to the next.

Takes the builds' `cache.Keys` and the notes a save changed; gives the file hashes of
`statmemo` and the key each output had when it was last computed.  A save changes one
note's files, yet each build computed the key of every output of the catalogue (270 for 30
notes: 0.03-0.07 s before its first edition).  An output of a note the save did not touch
keeps the key it had, when none of its inputs can have changed unseen:

- its note's French source and catalogs are watched: a change to them names the note;
- what every output shares (frspub's code, the libraries' versions, the templates of each
  format, the fonts, the languages) is `Keys.basis`, compared at each build: when it moved,
  every key is computed again;
- a file its last build found it reads (an image, a bibliography) that the watcher does not
  report (outside `source/` and `templates/`, or a name its filter ignores: `watched`) may
  change unseen: such an output's key is always computed.

The key, computed or kept, is then checked against the manifest and the output's own hash by
`cache.Manifest.fresh`, as in any build: the build cache still decides what is stale.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from frspub.build.cache import FORMAT_FILES, Hasher, Keys, Manifest
from frspub.build.statmemo import StatMemo
from frspub.project import Project

WATCHED = ("source/", "templates/")  # what the preview's watcher reports (relative to the project)


def under_watched(rel: str) -> bool:
    return rel.startswith(WATCHED)


@dataclass
class Kept:
    files: StatMemo = field(default_factory=StatMemo)  # content hashes, while each file's stat holds
    keys: dict[str, str] = field(default_factory=dict)  # "en/slug.pdf" -> its key when last computed
    basis: str = ""  # `Keys.basis` of those keys
    changed: set[str] | None = None  # this build: the notes whose files changed (None: all may have)
    watched: Callable[[str], bool] = under_watched  # whether a change to a project file is reported
    _watched: dict[str, bool] = field(default_factory=dict)  # its answers

    def begin(self, keys: Keys, changed: set[str] | None) -> None:
        """A build starts: its keys are `keys`; `changed`, the notes whose source or catalogs
        changed since the last build of this process (None: unknown)."""
        basis = keys.basis()
        if basis != self.basis:
            self.keys.clear()
            self.basis = basis
        self.changed = changed

    def key(self, slug: str, rel: str, record: dict[str, Any]) -> str | None:
        """The key `rel` had when last computed, if it still holds; None: compute it."""
        if self.changed is None or slug in self.changed:
            return None
        for found in record.get("inputs", ()):
            if found not in self._watched:
                self._watched[found] = self.watched(found)
            if not self._watched[found]:
                return None
        return self.keys.get(rel)

    def survey(self, project: Project) -> None:
        """Compute every output's key and hash every output now (the preview server's warm-up,
        once its watcher listens): its first save then computes only the keys of the notes it
        changed and reads only the files that changed."""
        manifest = Manifest.load(project.build_dir)
        keys = Keys(project, Hasher(manifest.memo, self.files))
        outputs = Hasher(known=self.files)
        self.begin(keys, None)
        for note in project.notes():
            for lang in project.languages():
                for fmt in FORMAT_FILES:
                    out = project.output(lang, note.stem, fmt)
                    rel = out.relative_to(project.build_dir).as_posix()
                    self.keys[rel] = keys.output(note.stem, lang, fmt, manifest.outputs.get(rel, {}).get("inputs", ()))
                    outputs(out)

"""The preview's PDF and EPUB made from the edition its HTML job handed over (`build.handover`):
the same bytes as the session's build, the reading's log lines first, then each format's, and
what the site lists of the edition; nothing handed when the HTML job fails first."""
from __future__ import annotations

import logging
import pickle
from pathlib import Path

from projects import SLUG

from frspub.build import cancel, handover, layoutcache, worker
from frspub.project import Project


class Pipe:
    """What `Hand` sends, kept (the process it would reach is `cancel`'s)."""

    def __init__(self) -> None:
        self.sent: list[bytes] = []

    def send_bytes(self, data: bytes) -> None:
        self.sent.append(data)


def jobs(root: Path, stage: Path) -> tuple[worker.EditionJob, worker.EditionJob]:
    project = Project(root)
    whole = worker.EditionJob(str(root), SLUG, "en", ("html", "pdf", "epub"),
                              tuple(str(stage / f"{SLUG}.{fmt}") for fmt in ("html", "pdf", "epub")),
                              tuple(project.labelled_languages()))
    (html,), (rest,) = cancel.split([whole])
    return html, rest


def test_pdf_and_epub_from_the_handed_edition_are_the_built_ones(real_project: Path, tmp_path: Path) -> None:
    html, rest = jobs(real_project, tmp_path)
    assert not rest.layout  # as the session's cold build: no layout record
    pipe = Pipe()
    hand = handover.Hand(pipe)
    made = worker.run(html, hand=hand)
    hand.close()  # handed already: nothing more is sent
    assert not made.problems and len(pipe.sent) == 1 and pipe.sent[0]
    result = handover.make(rest, pickle.loads(pipe.sent[0]))
    assert not result.problems, result.problems
    assert [s.fmt for s in result.staged] == ["pdf", "epub"]
    for fmt in ("pdf", "epub"):
        staged = Path(result.staged[[s.fmt for s in result.staged].index(fmt)].path)
        assert staged.read_bytes() == (real_project / "build" / "en" / f"{SLUG}.{fmt}").read_bytes(), fmt
    assert (result.note, result.inputs, result.lineage) == (made.note, made.inputs, made.lineage)
    reading = [line for line in made.logs if not line[1].startswith("en html: ")]
    assert result.logs[: len(reading)] == reading
    lines = [message.split(":")[0] for level, message in result.logs[len(reading):] if level == logging.INFO]
    assert lines[-2:] == ["en pdf", "en epub"]
    assert result.decisions is None and not layoutcache.path(tmp_path, "en", SLUG).exists()


def test_an_edition_that_fails_before_its_glyphs_are_checked_is_not_handed(scratch_project: Path,
                                                                           tmp_path: Path) -> None:
    po = scratch_project / "source" / "en" / f"{SLUG}.po"
    po.write_text(po.read_text(encoding="utf-8").replace("Russia[^*].", "Russland."), encoding="utf-8")
    html, _ = jobs(scratch_project, tmp_path)
    pipe = Pipe()
    hand = handover.Hand(pipe)
    made = worker.run(html, hand=hand)
    hand.close()
    assert made.problems and pipe.sent == [b""]  # the PDF's process builds (and fails) by itself


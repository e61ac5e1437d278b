"""render/weasypaint: a PDF's pages drawn by two processes at once are the bytes WeasyPrint's own
sequential drawing writes: the sample's three editions, a document whose later pages bring fonts,
raster images, opacity and links of their own; the pages a child cannot hand over exactly (a
transparency group), or does not hand over in time, are drawn by this process; the child dies
with it.  Each case runs in a fresh `python` (pytest's workers have threads, where frspub never
forks)."""
from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from pins import refuses_another_weasyprint
from projects import ROOT, copy_project

from frspub.render import paintapart, weasypaint

# Each generate_pdf's outcome (weasypaint.last), one JSON line per PDF, in the file argv[1] names.
RECORD = """
import json, sys
from frspub.render import weasypaint, weasypatch
weasypatch.apply()
import weasyprint.document as document
_own = weasypaint.generate_pdf
def _recorded(doc, *args, **kwargs):
    try:
        return _own(doc, *args, **kwargs)
    finally:
        with open(sys.argv[1], "a") as out:
            out.write(json.dumps(weasypaint.last) + "\\n")
document.generate_pdf = _recorded
"""

SAMPLE = RECORD + """
import shutil
from pathlib import Path
from frspub.cli import main
root = Path(sys.argv[2])
weasypaint.use("never")
assert main(["build", "-C", str(root), "--format", "pdf", "-q"]) == 0
for pdf in (root / "build").glob("*/*.pdf"):
    shutil.copy(pdf, pdf.with_suffix(".own"))
weasypaint.use("always")
assert main(["build", "-C", str(root), "--format", "pdf", "-q", "--force"]) == 0
"""

PAGE = ("<p>Le Conseil a rappelé, dans sa note du 12 mars, que l'effort budgétaire « devait porter "
        "d'abord sur les dépenses de fonctionnement » ; l'État s'y est engagé.</p>")
# The last pages (the child's) bring fonts, an image, a transparent colour and a link of their own.
EARLIER = "<h2>Suite</h2><p><i>En italique</i>, avec <a href='#debut'>un lien</a>.</p>"
LATER = ("<h2>Fin</h2><p style='font-size: 9pt'><b>En gras, à une autre taille</b> et <code>en chasse "
         "fixe</code>, avec <a href='https://example.org/'>un lien</a>.</p><p style='opacity: 1'><span "
         "style='color: rgba(0, 0, 0, 0.5)'>Un texte à demi transparent.</span></p><img src='{image}' "
         "alt='La carte'><img src='{image2}' alt='Une autre carte'><p lang='ja'>日本の財政は、予算で「歳出の"
         "見直し」を掲げた。</p>")
DOCUMENT = ("<html lang='fr'><head><title>Essai</title><style>@page {{ size: A6; margin: 1cm }} p {{ "
            "text-align: justify; hyphens: auto }} img {{ width: 3cm }} h2 {{ break-before: page }}"
            "</style></head><body><h1 id='debut'>Début</h1>" + PAGE * 30 + "<img src='{image}' alt='La carte'>"
            + "{later}</body></html>")

# The same document drawn as WeasyPrint does, then apart; `late` makes the child too slow to wait for.
DRAWN = RECORD + """
import os, time
from pathlib import Path
from PIL import Image
image = Path(sys.argv[2]) / "carte.png"
Image.new("RGB", (120, 80), (30, 90, 160)).save(image)
Image.new("RGB", (60, 90), (160, 90, 30)).save(image.with_name("carte2.png"))
html, group = sys.argv[3], sys.argv[4] == "group"
if group:  # a transparency group on the child's pages
    html = html.replace("style='opacity: 1'", "style='opacity: 0.5'")
html = html.replace("{image}", image.as_uri()).replace("{image2}", image.with_name("carte2.png").as_uri())
if sys.argv[5] == "late":
    import weasyprint.document as document
    _paint, _parent = document.Page.paint, os.getpid()
    def paint(self, *args):
        if os.getpid() != _parent:
            time.sleep(600)
        return _paint(self, *args)
    document.Page.paint = paint
import weasyprint
pdfs = []
for mode in ("never", "always"):
    weasypaint.use(mode)
    pdfs.append(weasyprint.HTML(string=html).render().write_pdf(pdf_tags=True))
assert pdfs[0] == pdfs[1], "not the same bytes"
try:
    os.waitpid(-1, os.WNOHANG)
    print("children=some")
except ChildProcessError:
    print("children=none")
"""


def _run(code: str, *args: str) -> tuple[subprocess.CompletedProcess[str], list[dict]]:
    record = Path(args[0])
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=600,
                          env={**os.environ, "FRSPUB_PAINT": "auto"})
    lines = record.read_text().splitlines() if record.exists() else []
    return done, [json.loads(line) for line in lines]


def _drawn(tmp_path: Path, group: str, late: str) -> tuple[subprocess.CompletedProcess[str], list[dict]]:
    html = DOCUMENT.format(image="{image}", later=EARLIER + LATER + LATER)
    return _run(DRAWN, str(tmp_path / "record"), str(tmp_path), html, group, late)


def test_the_samples_pdfs_drawn_apart_are_the_same_bytes(tmp_path: Path) -> None:
    root = copy_project(ROOT, tmp_path / "proj")
    done, outcomes = _run(SAMPLE, str(tmp_path / "record"), str(root))
    assert done.returncode == 0, done.stderr
    assert [o["apart"] for o in outcomes[:3]] == [0, 0, 0]  # drawn as WeasyPrint does
    assert all(o["apart"] > 0 and o["refused"] is None for o in outcomes[3:]) and len(outcomes) == 6, outcomes
    pdfs = sorted((root / "build").glob("*/*.pdf"))
    assert [p.parent.name for p in pdfs] == ["en", "fr", "ja"]
    for pdf in pdfs:
        assert pdf.read_bytes() == pdf.with_suffix(".own").read_bytes(), pdf


def test_later_pages_with_their_own_fonts_images_and_links_merge_exactly(tmp_path: Path) -> None:
    done, outcomes = _drawn(tmp_path, "none", "")
    assert done.returncode == 0, done.stderr
    assert outcomes[0] == {"apart": 0, "refused": "disabled"}
    assert outcomes[1]["apart"] >= 2 and outcomes[1]["refused"] is None, outcomes  # both "Fin" pages
    assert "children=none" in done.stdout


def test_a_transparency_group_is_drawn_here(tmp_path: Path) -> None:
    done, outcomes = _drawn(tmp_path, "group", "")
    assert done.returncode == 0, done.stderr
    assert outcomes[1] == {"apart": 0, "refused": "a transparency group"}


def test_a_child_that_does_not_answer_in_time_is_ended_and_its_pages_drawn_here(tmp_path: Path) -> None:
    done, outcomes = _drawn(tmp_path, "none", "late")
    assert done.returncode == 0, done.stderr
    assert outcomes[1]["apart"] == 0 and outcomes[1]["refused"].startswith("the child had not drawn"), outcomes
    assert "children=none" in done.stdout


def test_the_child_dies_with_its_parent(tmp_path: Path) -> None:
    """SIGKILL leaves no `finally`: the child goes by PR_SET_PDEATHSIG."""
    code = RECORD + """
import os, time, weasyprint
import weasyprint.document as document
_paint, _parent = document.Page.paint, os.getpid()
def paint(self, *args):
    if os.getpid() != _parent:
        print(os.getpid(), flush=True)
    time.sleep(600)
document.Page.paint = paint
weasypaint.use("always")
weasyprint.HTML(string="<p>Un</p><p style='break-before: page'>Deux</p>").render().write_pdf()
"""
    parent = subprocess.Popen([sys.executable, "-c", code, str(tmp_path / "record")], stdout=subprocess.PIPE,
                              text=True)
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    try:  # readable once the process has ended (a zombie for whoever adopted it, or gone)
        ended = os.pidfd_open(child)
    except ProcessLookupError:
        return
    assert select.select([ended], [], [], 120)[0], f"the child {child} outlived its parent"


def test_the_split_ends_both_shares_soonest() -> None:
    child = paintapart.CHILD_WEIGHT
    assert paintapart.split_at([100, 100]) == 1
    assert paintapart.split_at([100, 100, 900 + child, 100, 100]) == 3  # the heavy page stays here


def test_it_refuses_another_weasyprint(monkeypatch: pytest.MonkeyPatch) -> None:
    refuses_another_weasyprint(monkeypatch, weasypaint, "SOURCE_SHA256", "generate_pdf")

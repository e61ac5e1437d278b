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
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from orphans import dies_with
from pins import refuses_another_weasyprint

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

# Each edition laid out once, written apart (the PDF the build keeps), then, its fonts made anew,
# as WeasyPrint writes it (with a tagging record of its own: `render.pdftags`): the same bytes?
SAMPLE = RECORD + """
from pathlib import Path
import weasyprint.pdf.tags as tags
from frspub.cli import main
from frspub.render import pdftags
_write, _building = document.Document.write_pdf, tags._build_box_tree
def write_pdf(doc, *args, **kwargs):
    data = _write(doc, *args, **kwargs)
    decorating, tags._build_box_tree = tags._build_box_tree, _building
    doc.fonts, mode = {}, weasypaint.use("never")
    try:
        with pdftags.tagging():
            own = _write(doc, *args, **kwargs)
    finally:
        tags._build_box_tree = decorating
        weasypaint.use(mode)
    with open(sys.argv[1], "a") as out:
        out.write(json.dumps({"same": own == data}) + "\\n")
    return data
document.Document.write_pdf = write_pdf
weasypaint.use("always")
import math
from frspub.render import paintapart
paintapart.PATIENCE = math.inf  # the outcome must not hang on the machine's load
sys.exit(main(["build", "-C", sys.argv[2], "--format", "pdf", "--no-site", "-q", "--force"]))
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

# The same document drawn as WeasyPrint does, then apart, three ways: as it is; with a transparency
# group on the child's pages; with a child too slow to wait for ("late").  Then: any child left?
DRAWN = RECORD + """
import math, os, time
from frspub.render import paintapart
from pathlib import Path
from PIL import Image
import weasyprint
import weasyprint.document as document
image = Path(sys.argv[2]) / "carte.png"
Image.new("RGB", (120, 80), (30, 90, 160)).save(image)
Image.new("RGB", (60, 90), (160, 90, 30)).save(image.with_name("carte2.png"))
html = sys.argv[3].replace("{image}", image.as_uri()).replace("{image2}", image.with_name("carte2.png").as_uri())
_paint, _parent, late = document.Page.paint, os.getpid(), []
def paint(self, *args):
    if late and os.getpid() != _parent:
        time.sleep(600)
    return _paint(self, *args)
document.Page.paint = paint
for way in ("as it is", "group", "late"):
    late[:] = [1] if way == "late" else []
    paintapart.PATIENCE = 1.0 if late else math.inf  # (a late child never answers; the others are awaited)
    text = html.replace("style='opacity: 1'", "style='opacity: 0.5'") if way == "group" else html
    pdfs = []
    for mode in ("never", "always"):
        weasypaint.use(mode)
        pdfs.append(weasyprint.HTML(string=text).render().write_pdf(pdf_tags=True))
    with open(sys.argv[1], "a") as out:
        out.write(json.dumps({"way": way, "same": pdfs[0] == pdfs[1]}) + "\\n")
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


@pytest.fixture(scope="module")
def drawn(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, tuple[dict, dict]]]:
    """DRAWN's output, and for each way, (WeasyPrint's own drawing's outcome, the drawing apart's)."""
    folder = tmp_path_factory.mktemp("drawn")
    html = DOCUMENT.format(image="{image}", later=EARLIER + LATER + LATER)
    done, outcomes = _run(DRAWN, str(folder / "record"), str(folder), html)
    assert done.returncode == 0, done.stderr
    ways = {}
    for own, apart, compared in zip(outcomes[0::3], outcomes[1::3], outcomes[2::3]):
        assert compared["same"], f"{compared['way']}: not the same bytes"
        ways[compared["way"]] = (own, apart)
    return done.stdout, ways


def test_the_samples_pdfs_drawn_apart_are_the_same_bytes(real_project: Path, tmp_path: Path) -> None:
    root = shutil.copytree(real_project, tmp_path / "proj", ignore=shutil.ignore_patterns(".frspub.lock"))
    done, outcomes = _run(SAMPLE, str(tmp_path / "record"), str(root))
    assert done.returncode == 0, done.stderr
    assert sorted(p.parent.name for p in (root / "build").glob("*/*.pdf")) == ["en", "fr", "ja"]
    apart = [o for o in outcomes if "apart" in o and o["apart"] > 0]  # (each followed by its own drawing)
    assert len(apart) == 3 and all(o["refused"] is None for o in apart), outcomes
    assert [o for o in outcomes if "same" in o] == [{"same": True}] * 3


def test_later_pages_with_their_own_fonts_images_and_links_merge_exactly(drawn: tuple) -> None:
    # (bold, monospace and Japanese faces first met on the child's pages: made again here)
    own, apart = drawn[1]["as it is"]
    assert own == {"apart": 0, "refused": "disabled"}
    assert apart["apart"] >= 2 and apart["refused"] is None, apart  # both "Fin" pages


def test_a_transparency_group_is_drawn_here(drawn: tuple) -> None:
    assert drawn[1]["group"][1] == {"apart": 0, "refused": "a transparency group"}


def test_a_child_that_does_not_answer_in_time_is_ended_and_its_pages_drawn_here(drawn: tuple) -> None:
    apart = drawn[1]["late"][1]
    assert apart["apart"] == 0 and apart["refused"].startswith("the child had not drawn"), apart
    assert "children=none" in drawn[0]


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
weasyprint.HTML(string=sys.argv[2]).render().write_pdf()
"""
    html = DOCUMENT.format(image="", later=EARLIER + LATER)
    parent = subprocess.Popen([sys.executable, "-c", code, str(tmp_path / "record"), html], stdout=subprocess.PIPE,
                              text=True)
    assert parent.stdout is not None
    if not select.select([parent.stdout], [], [], 120)[0]:  # (no child: the parent sleeps in its first page)
        parent.kill()
        pytest.fail("no child was forked")
    dies_with(parent, int(parent.stdout.readline()), "the drawing child")


# A laid-out document drawn while another thread runs: a native thread (not `threading`'s) born
# under this process's name, then named as Pango's font threads are (it ends by itself: it is
# waited for); a native thread of another name; one never named (after UNNAMED_PATIENCE); one
# unnamed and old (as pytest-xdist's own); a Python thread.  The last four end once the drawing
# is done.
THREADS = RECORD + """
import _thread, ctypes, math, threading, time, weasyprint
from frspub.render import paintapart
paintapart.PATIENCE = math.inf  # the outcome must not hang on the machine's load
def native(name, started, end):
    started.release()
    time.sleep(0.2)  # (unnamed meanwhile: GLib names a thread from inside it)
    if name:
        ctypes.CDLL(None).prctl(15, name.encode()[:15], 0, 0, 0)  # PR_SET_NAME: the thread's comm
    end.acquire() if end else time.sleep(0.2)
weasypaint.UNNAMED_AGE, weasypaint.UNNAMED_PATIENCE = 1.0, 0.5
weasypaint.use("always")
for way in ("[pango] FcFontSetSort", "another name", "", "old", "python"):
    document = weasyprint.HTML(string=sys.argv[2]).render()
    started, end = _thread.allocate_lock(), (None if way.startswith("[pango]") else _thread.allocate_lock())
    started.acquire()
    end and end.acquire()
    if way == "python":
        thread = threading.Thread(target=end.acquire)
        thread.start()
    else:
        _thread.start_new_thread(native, ("" if way == "old" else way, started, end))
        started.acquire()
    if way == "old":
        weasypaint.UNNAMED_AGE, weasypaint.UNNAMED_PATIENCE = 0.05, 600  # (refused for its age, not by patience)
        time.sleep(0.3)
    document.write_pdf()
    end and end.release()
"""


def test_pangos_font_threads_are_waited_for_and_any_other_thread_refuses_the_fork(tmp_path: Path) -> None:
    html = DOCUMENT.format(image="", later=EARLIER + LATER)
    done, outcomes = _run(THREADS, str(tmp_path / "record"), html)
    assert done.returncode == 0, done.stderr
    pango, *others = outcomes
    assert pango["apart"] >= 2 and pango["refused"] is None, pango
    assert others == [{"apart": 0, "refused": "other threads"}] * 4


def test_the_split_ends_both_shares_soonest() -> None:
    child = paintapart.CHILD_WEIGHT
    assert paintapart.split_at([100, 100]) is None  # the child's start outweighs a page: all here
    assert paintapart.split_at([100, 100, 100, 100, 100, 100]) == 4
    assert paintapart.split_at([100, 100, 900 + child, 100, 100]) == 3  # the heavy page stays here


def test_it_refuses_another_weasyprint(monkeypatch: pytest.MonkeyPatch) -> None:
    refuses_another_weasyprint(monkeypatch, weasypaint, "SOURCE_SHA256", "generate_pdf")

"""A lone edition with a core to spare: its PDF made in a forked process (`build.pdfside`) while
this one writes the HTML, EPUB and site pages ahead (`site.prerender`).  Same bytes as the
session's build; a failure before the hand-over leaves no process and no staged file.  The
process is forked at the command's start (`build.spare`) and adopted, or ended at once when the
build has no use for it, and in every way out.  Each
build runs in a fresh `python` process: pytest's workers have threads, where frspub never forks."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from projects import SLUG

from frspub.web import site

# Counts the forks and the site pages rendered by `templating.render`, then builds.
RUN = """
import os, sys
from frspub.build import pdfside, spare
from frspub.render import templating
from frspub.cli import main

forks, adopted, pages, dismissed, spares = [], [], [], [], []
_side, _render, _dismiss, _fork = pdfside.Side.__init__, templating.render, spare.dismiss, spare.fork

def side(self, *a):
    forks.append(1)
    _side(self, *a)
    adopted.append(self.adopted)

def render(templates, name, ctx):
    if name == "site.html.j2":
        pages.append(name)
    return _render(templates, name, ctx)

def dismiss():
    dismissed.append(sys._getframe(1).f_code.co_name if pdfside.SPARE else "")
    _dismiss()

def fork(*a):
    _fork(*a)
    spares.append(len(pdfside.SPARE))

_send, early = pdfside.Side.send, []

def send(self, *a):  # what the edition's process had imported when it handed the edition over
    early.extend(m for m in ("frspub.render.pdf", "weasyprint") if m in sys.modules)
    return _send(self, *a)

pdfside.Side.__init__, templating.render, spare.dismiss, spare.fork = side, render, dismiss, fork
pdfside.Side.send = send
code = main(sys.argv[1:])
try:
    os.waitpid(-1, os.WNOHANG)
    left = "some"
except ChildProcessError:
    left = "none"
print(f"spares={sum(spares)} forks={len(forks)} adopted={sum(adopted)} site-renders={len(pages)} children={left}")
print("spare ended in: " + ",".join(d for d in dismissed if d))
print("imported before the hand-over: " + ",".join(early))
sys.exit(code)
"""


def build(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-c", RUN, "build", "-C", str(root), "--lang", "en", "-j", "2", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600)


def copy(real_project: Path, dest: Path) -> Path:
    shutil.copytree(real_project, dest, ignore=shutil.ignore_patterns(".frspub.lock"))
    return dest


def test_pdf_made_beside_is_the_in_process_pdf(real_project: Path, tmp_path: Path) -> None:
    root = copy(real_project, tmp_path / "proj")
    done = build(root, "--force")  # the layout record kept: the warm PDF is the cold one
    assert done.returncode == 0, done.stderr
    # One fork, and the three site pages rendered once, ahead, while the PDF was laid out
    # (--force rewrites them; what they list did not change, so the guess was right).
    # The PDF's process forked at the command's start (`build.spare`) was the one adopted.
    assert "forks=1 adopted=1 site-renders=3 children=none" in done.stdout
    assert "imported before the hand-over: \n" in done.stdout  # the PDF's writer only after it
    assert f"en pdf: build/en/{SLUG}.pdf" in done.stderr
    for name in [f"en/{SLUG}.{fmt}" for fmt in ("pdf", "html", "epub")] + ["index.html", "index.en.html"]:
        assert (root / "build" / name).read_bytes() == (real_project / "build" / name).read_bytes(), name
    assert not list((root / "build").rglob("*.tmp"))


def test_a_wrong_guess_is_rendered_again(real_project: Path, tmp_path: Path) -> None:
    root = copy(real_project, tmp_path / "proj")
    ahead: dict[str, str] = {}
    from frspub.build import cache, published
    from frspub.project import Project

    project = Project(root)
    manifest = cache.Manifest.load(project.build_dir)
    model = published.model(project, manifest, {SLUG}, cache.Hasher(), [])
    site.prerender(project, published.infos(model), ahead)
    assert len(ahead) == 3
    ahead = dict.fromkeys(ahead, "ahead")  # marked: a page taken from there says so
    bigger = [{**note, "files": {lang: [{**f, "size": f["size"] + 5000} if lang == "en" else f for f in files]
                                 for lang, files in note["files"].items()}} for note in model]
    site.write_pages(project, published.infos(bigger), ahead)  # every page lists the English sizes
    assert all((root / "build" / name).read_text(encoding="utf-8") != "ahead"
               for name in ("index.html", "index.en.html", "index.ja.html"))
    site.write_pages(project, published.infos(model), ahead)  # the very contexts rendered ahead
    assert (root / "build" / "index.en.html").read_text(encoding="utf-8") == "ahead"


def test_a_failed_translation_stops_the_pdf_process(real_project: Path, tmp_path: Path) -> None:
    root = copy(real_project, tmp_path / "proj")
    po = root / "source" / "en" / f"{SLUG}.po"
    text = po.read_text(encoding="utf-8")
    start = text.index('msgstr "', text.index("[^1]"))  # the first translation with a note call
    line = text.count("\n", 0, start) + 1
    end = text.index("\n\n", start)
    po.write_text(text[:start] + 'msgstr "No call left here."' + text[end:], encoding="utf-8")
    before = {p: p.read_bytes() for p in (root / "build" / "en").iterdir()}
    done = build(root)
    assert done.returncode != 0
    assert "forks=1 adopted=1" in done.stdout and "children=none" in done.stdout
    assert "Traceback" not in done.stderr
    assert f"source/en/{SLUG}.po:{line}: error:" in done.stderr
    assert {p: p.read_bytes() for p in (root / "build" / "en").iterdir()} == before
    assert not list((root / "build").rglob("*.tmp"))


def test_a_build_with_nothing_to_do_ends_the_spare_at_once(real_project: Path, tmp_path: Path) -> None:
    root = copy(real_project, tmp_path / "proj")  # (copytree keeps the dates: the manifest is the newest)
    done = build(root)
    assert done.returncode == 0, done.stderr
    assert "spares=0 forks=0" in done.stdout  # no source newer than the manifest: no spare forked
    po = root / "source" / "en" / f"{SLUG}.po"
    po.write_bytes(po.read_bytes())  # a newer date, the same bytes: the cache finds nothing stale
    done = build(root)
    assert done.returncode == 0, done.stderr
    # Forked, then ended by the plan (`run_plan`), before the site is looked at; no process left.
    assert "spares=1 forks=0 adopted=0 site-renders=0 children=none" in done.stdout
    assert "spare ended in: run_plan\n" in done.stdout


def test_ctrl_c_before_the_hand_over_leaves_no_process(real_project: Path, tmp_path: Path) -> None:
    root = copy(real_project, tmp_path / "proj")
    interrupt = RUN.replace("code = main(", """from frspub.render import printpage
def printed(*a):
    raise KeyboardInterrupt
printpage.printed = printed
code = main(""")
    cmd = [sys.executable, "-c", interrupt, "build", "-C", str(root), "--lang", "en", "-j", "2", "--force"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 130, done.stderr
    assert "forks=1 adopted=1" in done.stdout and "children=none" in done.stdout
    assert "Traceback" not in done.stderr
    assert not list((root / "build").rglob("*.tmp"))


def test_the_spare_dies_with_its_build(tmp_path: Path) -> None:
    """SIGKILL leaves no `finally`: the spare goes by PR_SET_PDEATHSIG (`note.pandoc.die_with_parent`)."""
    from orphans import dies_with

    code = ("import sys\nfrom frspub.build import pdfside, spare\nspare.fork()\n"
            "print(pdfside.SPARE[0][0], flush=True)\nsys.stdin.read()\n")
    parent = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    dies_with(parent, int(parent.stdout.readline()), "the spare")

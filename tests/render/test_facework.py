"""A Japanese PDF's face files made on both cores (`render.facework`) and read straight from
disk (`render.facefetch`): the same files, rules and bytes as one process made and urllib read."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from orphans import dies_with

from frspub.render import facefetch, facework, pdf
from frspub.render.printed import Printed

# A few characters of each kind: CJK cuts, aki twins (Latin and CJK), halved marks.
TEXT = "北朝鮮の評価「G7」、（ICBM）。2024年"
PAGE = Printed("", set(TEXT), frozenset("鮮G7年"), frozenset("」、）"))
ED = SimpleNamespace(lang="ja")


def _made(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _fresh(call: str, tmp_path: Path) -> None:
    """`call(tmp_path)`, a function of this module, run in a fresh `python`: pytest's workers
    have threads of their own (execnet's), where frspub never forks."""
    here = Path(__file__).resolve()
    path = os.pathsep.join(str(p) for p in (here.parents[2] / "src", here.parents[1], here.parent))
    code = f"import test_facework as t; from pathlib import Path; t.{call}(Path({str(tmp_path)!r}))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600,
                          env={**os.environ, "PYTHONPATH": path, "FRSPUB_PAINT": "always"})  # (forks, idle CPU or not)
    assert done.returncode == 0, done.stderr[-3000:]


def test_the_childs_files_are_those_of_the_pass_alone(tmp_path: Path) -> None:
    _fresh("childs_files_are_those_of_the_pass_alone", tmp_path)


def childs_files_are_those_of_the_pass_alone(tmp_path: Path) -> None:
    alone, shared = tmp_path / "alone", tmp_path / "shared"
    alone.mkdir(), shared.mkdir()
    forkable, facework.forkable = facework.forkable, lambda: False
    try:
        css_alone, helper = pdf._faces(ED, PAGE, alone)
    finally:
        facework.forkable = forkable
    assert helper is None
    # The child alone makes every file (waited for to its end, not told to stop) ...
    helper = facework.start(facework.files(PAGE, "ja", shared))
    assert helper is not None, "a fork where no other thread runs"
    os.waitpid(helper.pid, 0)
    helper.pid = 0
    helper.stop()
    by_child = {name: (shared / name).stat().st_ino for name in _made(shared)}
    assert by_child.keys() == _made(alone).keys(), "the child makes the files the pass makes, no other"
    # ... byte for byte those of the pass alone, which then finds them all made.
    css_shared, again = pdf._faces(ED, PAGE, shared)
    if again is not None:
        again.reap()
    assert css_shared.replace(shared.as_uri(), "") == css_alone.replace(alone.as_uri(), "")
    assert _made(shared) == _made(alone)
    assert {name: (shared / name).stat().st_ino for name in _made(shared)} == by_child, "none made again"


def test_another_thread_makes_the_pass_go_alone(tmp_path: Path) -> None:
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert facework.start(facework.files(PAGE, "ja", tmp_path)) is None
        css, helper = pdf._faces(ED, PAGE, tmp_path)
    finally:
        release.set()
        other.join()
    assert helper is None and "FRS Serif CJK Halt" in css and all(Path(p).exists() for p in _urls(css))


def test_nothing_missing_no_fork(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(facework, "forkable", lambda: False)
    pdf._faces(ED, PAGE, tmp_path)
    monkeypatch.undo()
    assert facework.start(facework.files(PAGE, "ja", tmp_path)) is None  # a warm cache
    french = Printed("", set("Évaluation « 3 000 » – ’ …"))
    assert facework.start(facework.files(french, "fr", tmp_path / "fr")) is None  # no face to make


CHILD = """
import os, sys, time
from pathlib import Path
from frspub.render import facework
helper = facework.start([facework.Job(lambda: Path("/nonexistent/face.otf"), lambda: time.sleep(600))])
print(helper.pid, flush=True)
time.sleep(600)
"""


def test_the_child_dies_with_its_parent() -> None:
    parent = subprocess.Popen([sys.executable, "-c", CHILD], stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2] / "src"),
                                   "FRSPUB_PAINT": "always"})
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    dies_with(parent, child, "render.facework's child")


def _urls(css: str) -> list[str]:
    return [facefetch.local(u) or u for u in re.findall(r'url\("([^"]+)"\)', css)]


def test_the_fetcher_gives_weasyprint_the_bytes_urllib_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from weasyprint.urls import URLFetcher, fetch

    odd = tmp_path / "é x?#%"
    odd.mkdir()
    monkeypatch.setattr(facework, "forkable", lambda: False)
    css, _ = pdf._faces(ED, PAGE, odd)
    urls = re.findall(r'url\("([^"]+)"\)', css)
    assert any("%C3%A9%20x%3F%23%25" in u for u in urls) and any("/usr/share/fonts" in u for u in urls)
    ours, theirs = facefetch.fetcher(), URLFetcher()
    for url in urls + ["data:font/ttf;base64,AAEAAA=="]:
        with fetch(ours, url) as got, fetch(theirs, url) as expected:
            assert got.read() == expected.read(), url
    assert facefetch.local("data:font/ttf;base64,AAEAAA==") is None
    assert facefetch.local((odd / "a.otf").as_uri()) == str(odd / "a.otf")


WARMED = """
import sys, tempfile, threading
from pathlib import Path
from frspub.render import weasyload
weasyload.preload(fonttools=True)
weasyload.load()
alone = threading.active_count() == 1
from frspub.render import aki, fonts
before = {m for m in sys.modules if m.startswith("fontTools")}
with tempfile.TemporaryDirectory() as tmp:
    for face in (fonts.SERIF[0], fonts.SERIF_CJK[0]):
        aki.advanced(face, set("年G"), Path(tmp), "aki0q", lambda em: em // 4)
print(alone, sorted({m for m in sys.modules if m.startswith("fontTools")} - before))
"""


def test_the_preload_imports_what_the_twins_need_and_ends_before_the_pdf() -> None:
    """`weasyload.preload(fonttools=True)`: `load` returns with no other thread left (the fork's
    condition), and the first twins import nothing more (0.1 s otherwise, in each process)."""
    out = subprocess.run([sys.executable, "-c", WARMED], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2] / "src")}).stdout
    assert out.split() == ["True", "[]"], out


def test_two_threads_may_wait_for_the_preload(monkeypatch: pytest.MonkeyPatch) -> None:
    """`build.worker` imports WeasyPrint in a thread of its own while `pdf.write` loads it: both
    join the preload thread, and the second found it gone from the list (a French PDF-only
    build failed with ValueError)."""
    from frspub.render import weasyload

    class Joined:  # a preload thread that another thread's `load` joins and forgets meanwhile
        def join(self) -> None:
            weasyload._preloads.remove(self)

    monkeypatch.setattr(weasyload, "_preloads", [Joined()])
    weasyload.load()
    assert weasyload._preloads == []


def test_no_process_to_be_had_makes_the_pass_go_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refused() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refused)
    monkeypatch.setattr(facework, "forkable", lambda: True)  # (pytest's worker has threads of its own)
    assert facework.start(facework.files(PAGE, "ja", tmp_path)) is None
    css, helper = pdf._faces(ED, PAGE, tmp_path)
    assert helper is None and all(Path(p).exists() for p in _urls(css))


def test_a_thread_that_only_imports_weasyprint_is_waited_for(tmp_path: Path) -> None:
    """A PDF-only build's `build.worker` imports WeasyPrint in a thread that may still be ending
    when `pdf.write` starts: joined, then the fork."""
    _fresh("a_thread_that_only_imports_weasyprint_is_waited_for", tmp_path)


def a_thread_that_only_imports_weasyprint_is_waited_for(tmp_path: Path) -> None:
    from frspub.render import weasyload

    facework.LOADER_PATIENCE = None  # (the outcome must not hang on the machine's load)
    loader = threading.Thread(target=weasyload.load)
    loader.start()
    while not weasyload.is_loader(loader):  # (as the worker's thread, long in load when pdf.write starts)
        time.sleep(0.001)
    helper = facework.start(facework.files(PAGE, "ja", tmp_path))
    assert helper is not None and not loader.is_alive(), f"threads left: {_tasks()}"
    helper.reap()


def _tasks() -> list[str]:
    names = []
    for task in os.listdir("/proc/self/task"):
        try:
            names.append(Path(f"/proc/self/task/{task}/comm").read_text().strip())
        except OSError:
            names.append(f"{task} (ended)")
    return names

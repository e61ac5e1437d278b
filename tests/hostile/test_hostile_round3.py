"""Hostile input, round 3: what the worker pool, the cache, XLIFF import, SVG, feeds and the
preview server let in (issue 23).  Same rules as `test_hostile`: the exit code, the first line
`path:line: error|warning: …`, no traceback, and after a failure build/ and every catalog byte
for byte as they were."""
from __future__ import annotations

import base64
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import pytest
from test_hostile import (  # noqa: F401 (a fixture)
    FIRST_LINE,
    MD,
    NOTE,
    Case,
    body,
    edit,
    hostile_base,
    md,
    snapshot,
)

from frspub.cli import main

SENT = "sent.xlf"
XLIFF_NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}


def exported(root: Path, lang: str = "en") -> str:
    """frspub's own XLIFF of the note (what a translator receives), as text."""
    assert main(["export", "-C", str(root), "-q", "--lang", lang, "-o", str(root / "out")]) == 0
    text = (root / "out" / lang / f"{NOTE}.xlf").read_text(encoding="utf-8")
    shutil.rmtree(root / "out")
    return text


def sent(change: Callable[[str], str], also: str = "") -> Callable[[Path], None]:
    """A translator's XLIFF: the English export, changed, saved as sent.xlf in the project (`also`:
    a language whose catalog the project gets first)."""
    def go(root: Path) -> None:
        if also:
            (root / "source" / also).mkdir(exist_ok=True)
            assert main(["update", "-C", str(root), "-q", "--lang", also]) == 0
        (root / SENT).write_text(change(exported(root)), encoding="utf-8")
    return go


def in_targets(markup: str, count: int = 1) -> Callable[[str], str]:
    """`markup` at the start of the first `count` targets."""
    return lambda text: re.sub(r'(<target state="translated" xml:lang="en">)', r"\1" + markup, text, count=count)


def english_claiming(lang: str) -> Callable[[str], str]:
    """The English XLIFF (its targets in Latin script) saying it is `lang`, its targets too."""
    def go(text: str) -> str:
        text = text.replace('target-language="en"', f'target-language="{lang}"')
        return re.sub(r'(<target [^>]*>)', r"\1The ", text.replace('xml:lang="en"', f'xml:lang="{lang}"'))
    return go


def svg(markup: str) -> Callable[[Path], None]:
    def go(root: Path) -> None:
        (root / "source" / "fr" / "dessin.svg").write_text(markup, encoding="utf-8")
        body('\n![Un dessin.](dessin.svg){alt="x"}\n')(root)
    return go


NESTED = base64.b64encode(b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>").decode()
IMPORT = ("import", SENT, "-q")

CASES = [
    # -- XLIFF import: the language a file declares, and what CAT tools write inside a target
    Case("xliff-english-claiming-ja", sent(english_claiming("ja"), also="ja"), argv=IMPORT, where=SENT, line=3),
    Case("xliff-language-traversal", sent(lambda t: t.replace('target-language="en"', 'target-language="en/../fr"')),
         argv=IMPORT, where=SENT, line=3),
    Case("xliff-language-unknown", sent(lambda t: t.replace('target-language="en"', 'target-language="de"')),
         argv=IMPORT, where=SENT, line=3),
    Case("xliff-target-xml-lang", sent(lambda t: t.replace('xml:lang="en"', 'xml:lang="de"', 1)),
         argv=IMPORT, where=SENT, line=10),
    Case("xliff-comment-in-target", sent(in_targets("<!-- relu -->Read: ", 3)), argv=IMPORT, code=0),
    Case("xliff-processing-instruction", sent(in_targets("<?omegat x?>Read: ", 3)), argv=IMPORT, code=0),
    Case("xliff-undeclared-entity", sent(in_targets("&nbsp;")), argv=IMPORT, where=SENT, line=10),
    Case("xliff-internal-entity", sent(lambda t: in_targets("&e;")(t.replace(
        "<xliff ", '<!DOCTYPE xliff [<!ENTITY e "Hello">]>\n<xliff ', 1))), argv=IMPORT, where=SENT, line=2),
    Case("xliff-billion-laughs", sent(lambda t: in_targets("&l3;")(t.replace("<xliff ", (
        '<!DOCTYPE xliff [<!ENTITY l0 "ha"><!ENTITY l1 "&l0;&l0;&l0;&l0;&l0;&l0;&l0;&l0;&l0;&l0;">'
        '<!ENTITY l2 "&l1;&l1;&l1;&l1;&l1;&l1;&l1;&l1;&l1;&l1;"><!ENTITY l3 "&l2;&l2;&l2;&l2;&l2;&l2;">]>\n'
        "<xliff "), 1))), argv=IMPORT, where=SENT, line=2),
    Case("xliff-external-entity", sent(lambda t: in_targets("&x;")(t.replace(
        "<xliff ", '<!DOCTYPE xliff [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<xliff ', 1))),
         argv=IMPORT, where=SENT, line=2),
    # -- SVG: an allow-list over a safe parse
    Case("svg-doctype-system", svg('<?xml version="1.0"?>\n<!DOCTYPE svg SYSTEM "file:///etc/passwd">\n'
                                   '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>'),
         where=MD, line=65),
    Case("svg-nested-data-svg", svg('<svg xmlns="http://www.w3.org/2000/svg" '
                                    'xmlns:xlink="http://www.w3.org/1999/xlink">'
                                    f'<image xlink:href="data:image/svg+xml;base64,{NESTED}"/></svg>'),
         where=MD, line=65),
    Case("svg-smil-set-href", svg('<svg xmlns="http://www.w3.org/2000/svg"><g><set attributeName="href" '
                                  'to="javascript:alert(1)"/><text>x</text></g></svg>'), where=MD, line=65),
    Case("svg-foreign-script", svg('<svg xmlns="http://www.w3.org/2000/svg"><h:script '
                                   'xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script></svg>'),
         where=MD, line=65),
    # -- duplicate ids, and identifiers
    Case("duplicate-figure-id", lambda r: (shutil.copy(Path(__file__).parents[1] / "data" / "figures" / "source" / "fr"
                                                       / "carte.png", r / "source" / "fr" / "carte.png"),
                                           body('\n![Carte.](carte.png){#fig:a alt="x"}\n\n'
                                                '![Carte bis.](carte.png){#fig:a alt="y"}\n')(r)),
         where=MD, line=67),
    Case("duplicate-heading-id", body("\n# Première partie\n\n## Autre {#première-partie}\n"), where=MD, line=67),
    Case("duplicate-span-id", body("\nUn [a]{#x} et [b]{#x}.\n"), where=MD, line=65),
    Case("reserved-id", body("\nUn [mot]{#fn-1} ici.\n"), where=MD, line=65),
    Case("footnote-defined-twice", body("\nUn appel[^z].\n\n[^z]: Un.\n\n[^z]: Deux.\n"), where=MD, line=69),
    Case("doi-malformed", lambda r: edit(md(r), "issn: 2273-4643", 'issn: 2273-4643\ndoi: "10.12/<script>"'),
         code=0, where=MD, line=15),
]


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in CASES])
def test_hostile_input_round3(case: Case, hostile_base: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    root = tmp_path / "proj"
    shutil.copytree(hostile_base, root)
    case.break_it(root)
    before = snapshot(root)
    code, err = run(root, list(case.argv), capsys)
    assert code == case.code, err
    assert "Traceback" not in err and "internal error" not in err, err
    first = err.strip().splitlines()[0] if err.strip() else ""
    if case.code or case.where:
        m = FIRST_LINE.match(first)
        assert m, f"first line is not path:line: severity: {first!r}"
        assert not case.where or m["path"] == case.where, first
        assert case.line is None or int(m["line"]) == case.line, first
    if case.code:
        assert snapshot(root) == before, "a failed command changed build/ or a catalog"


def run(root: Path, argv: list[str], capsys: pytest.CaptureFixture) -> tuple[int, str]:
    cwd = os.getcwd()
    os.chdir(root)  # paths are printed relative to the working directory, as for a user
    try:
        code = main([*argv, "-C", str(root)])
    finally:
        os.chdir(cwd)
    return code, capsys.readouterr().err


# -- $FRSPUB_BASE_URL is checked as YAML's site_url is

def test_base_url_is_checked_before_anything_is_written(hostile_base: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "proj"
    shutil.copytree(hostile_base, root)
    edit(md(root), "Conclusion de la note.", "Conclusion de la note, reprise.")  # something to rebuild
    before = snapshot(root)
    monkeypatch.setenv("FRSPUB_BASE_URL", "javascript://x/%0Aalert(1)")
    code, err = run(root, ["build", "-j", "1", "-q"], capsys)
    assert code == 1 and "Traceback" not in err and "internal error" not in err, err
    assert err.splitlines()[0].startswith("FRSPUB_BASE_URL:0: error: $FRSPUB_BASE_URL must be an http(s) address")
    assert snapshot(root) == before


# -- a damaged cache or output

def manifest(root: Path) -> Path:
    return root / "build" / ".frspub-cache.json"


def translated(hostile_base: Path, tmp_path: Path) -> Path:
    """The hostile project with a named translator, built in HTML and PDF: the site credits her."""
    root = tmp_path / "proj"
    shutil.copytree(hostile_base, root)
    po = root / "source" / "en" / f"{NOTE}.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(re.sub(r'"Last-Translator: [^"]*"', r'"Last-Translator: Jane Roe <jane@example.org>\\n"', text),
                  encoding="utf-8")
    assert main(["build", "-j", "1", "-q", "--format", "html", "--format", "pdf", "-C", str(root)]) == 0
    assert "Jane Roe" in (root / "build" / "index.html").read_text(encoding="utf-8")
    return root


@pytest.mark.parametrize("damage", ["truncated", "emptied", "list-of-outputs", "odd-records"])
def test_a_damaged_cache_is_missing_records(damage: str, hostile_base: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture) -> None:
    root = translated(hostile_base, tmp_path)
    listed = (root / "build" / "index.html").read_text(encoding="utf-8")
    text = manifest(root).read_text(encoding="utf-8")
    data = json.loads(text)
    if damage == "truncated":
        manifest(root).write_text(text[: len(text) // 2], encoding="utf-8")
    elif damage == "emptied":
        manifest(root).write_bytes(b"")
    elif damage == "list-of-outputs":
        manifest(root).write_text(json.dumps({**data, "outputs": list(data["outputs"])}), encoding="utf-8")
    else:
        for record in data["outputs"].values():
            record["size"], record["lineage"] = "big", "Jane"
        data["notes"] = {NOTE: {"author": 1}}
        data["memo"] = {"x": "y"}
        manifest(root).write_text(json.dumps(data), encoding="utf-8")
    for argv in (["site", "-q"], ["build", "-j", "1", "-q", "--format", "html"]):
        code, err = run(root, argv, capsys)
        assert code == 0 and "Traceback" not in err and "internal error" not in err, err
        index = (root / "build" / "index.html").read_text(encoding="utf-8")
        assert "Jane Roe" in index, f"{argv[0]} lost the translator's credit"
        assert index.count(".pdf") == listed.count(".pdf") and index.count(".html") == listed.count(".html")


@pytest.mark.parametrize("fmt", ["pdf", "html"])
def test_an_empty_output_is_never_listed(fmt: str, hostile_base: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture) -> None:
    root = translated(hostile_base, tmp_path)
    broken = root / "build" / "en" / f"{NOTE}.{fmt}"
    broken.write_bytes(b"")
    code, err = run(root, ["site", "-q"], capsys)
    assert code == 0, err
    assert err.splitlines()[0] == f"build/en/{NOTE}.{fmt}:0: warning: not a readable {fmt.upper()} file: " \
        "left off the site (`frspub build` makes it again)"
    index = (root / "build" / "index.en.html").read_text(encoding="utf-8")
    assert f"en/{NOTE}.{fmt}" not in index
    code, err = run(root, ["build", "-j", "1", "-q", "--format", "html", "--format", "pdf"], capsys)
    assert code == 0 and broken.stat().st_size > 1000, err  # the next build makes it again
    assert f"en/{NOTE}.{fmt}" in (root / "build" / "index.en.html").read_text(encoding="utf-8")


# -- a killed parallel build: its workers die with it, its lock is taken over

def children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found |= {int(c) for c in task.read_text().split()}
        except OSError:
            continue
    return found


def alive(pid: int) -> bool:
    """Running (a zombie waiting for its reaper is dead)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


def wait_for(condition: Callable[[], bool], what: str, limit: float = 120.0) -> None:
    """Poll an observable event (a file, a process), with a generous upper bound."""
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, f"still waiting for {what} after {limit:.0f} s"
        time.sleep(0.05)


def test_kill_9_of_a_parallel_build_leaves_no_worker_and_no_lock(hostile_base: Path, tmp_path: Path) -> None:
    root = tmp_path / "proj"
    shutil.copytree(hostile_base, root)
    proc = subprocess.Popen([sys.executable, "-m", "frspub", "build", "-j", "2", "--force", "-q", "-C", str(root)],
                            stderr=subprocess.DEVNULL)
    workers: set[int] = set()

    def two_workers() -> bool:
        workers.update(children(proc.pid))
        return len(workers) >= 2 or proc.poll() is not None

    wait_for(two_workers, "two worker processes")
    assert proc.poll() is None, "the build ended before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    try:
        wait_for(lambda: not any(alive(pid) for pid in workers), "the workers to die with their parent")
        assert main(["build", "-j", "2", "-q", "-C", str(root)]) == 0  # would wait for ever on a held lock
        assert not list((root / "build").rglob("*.tmp")), "temporary files left behind"
        assert not [pid for pid in workers if alive(pid)]
    finally:
        for pid in workers:  # a failed run leaves no orphan of its own behind
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_a_lock_whose_holder_is_gone_is_taken_over(hostile_base: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture) -> None:
    """A process still holding build/'s lock for a build that was killed (an orphan that inherited
    it): the next build sees the recorded holder is gone and takes the lock over."""
    root = tmp_path / "proj"
    shutil.copytree(hostile_base, root)
    (root / "build" / ".frspub.sent.tmp").write_text("left by the killed build")
    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, os, subprocess, sys\n"
        "fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)\n"
        "fcntl.flock(fd, fcntl.LOCK_EX)\n"
        "dead = subprocess.Popen(['true']); dead.wait()\n"
        "os.ftruncate(fd, 0); os.pwrite(fd, f'{dead.pid} 1\\n'.encode(), 0)\n"
        "print('held', flush=True)\n"
        "sys.stdin.read()\n"), str(root / "build" / ".frspub.lock")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        code, err = run(root, ["build", "-j", "1", "--format", "html"], capsys)
        assert code == 0, err
        assert "took over .frspub.lock from a killed build" in err
        assert not (root / "build" / ".frspub.sent.tmp").exists()
    finally:
        holder.stdin.close()
        holder.wait(timeout=60)


# -- the preview server

def test_clients_leaving_early_print_no_traceback(hostile_base: Path, capfd: pytest.CaptureFixture) -> None:
    import socket
    import struct
    import threading

    from frspub.preview import serve

    srv = serve.make_server(hostile_base / "build", 0)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        for _ in range(150):
            sock = socket.create_connection(("127.0.0.1", srv.server_address[1]), timeout=10)
            sock.sendall(f"GET /fr/{NOTE}.html HTTP/1.1\r\nHost: x\r\n\r\n".encode())
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            sock.close()  # a reset, before the answer is read
        with socket.create_connection(("127.0.0.1", srv.server_address[1]), timeout=10) as sock:
            sock.sendall(b"GET / HTTP/1.0\r\nHost: x\r\n\r\n")
            assert sock.makefile("rb").readline().split()[1] == b"200"  # handled after all the others
    finally:
        srv.shutdown()
        srv.server_close()
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Exception occurred" not in err, err[:2000]


def test_one_broken_save_logs_its_error_once(hostile_base: Path, tmp_path: Path, capsys: pytest.CaptureFixture,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from frspub.log import setup
    from frspub.preview.serve import Rebuilder
    from frspub.project import Project

    root = tmp_path / "proj"
    shutil.copytree(hostile_base, root)
    body("\nUn [a]{#x} et [b]{#x}.\n")(root)
    setup()
    monkeypatch.chdir(root)
    Rebuilder(Project(root)).rebuild([md(root)])
    errors = [line for line in capsys.readouterr().err.splitlines() if ": error: " in line]
    assert errors == [f"{MD}:65: error: id 'x' is used twice: ids name one place each"]

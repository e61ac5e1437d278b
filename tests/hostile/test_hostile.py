"""Hostile input: what a careless or malicious contributor can hand frspub.

Every case starts from a copy of a small project that was built once (French
and English HTML, the site), breaks one thing, runs the command as a user
would (`main([...])`), and checks that:
- the exit code is the expected one;
- the first line of stderr is `path:line: error|warning: …` naming the file;
- nothing prints a traceback or an "internal error";
- after a failure, build/ (every file, by hash) and every PO file are unchanged.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from projects import DATA, ROOT

from frspub.cli import main
from frspub.preview import serve
from frspub.translation import catalog

NOTE = "note-exemple"
FIRST_LINE = re.compile(r"^(?P<path>[^\s:][^:]*):(?P<line>\d+): (?P<sev>error|warning): \S")
BUILD = ["build", "-j", "1", "--format", "html", "-q"]


def md(root: Path) -> Path:
    return root / "source" / "fr" / f"{NOTE}.md"


def po(root: Path, lang: str = "en") -> Path:
    return root / "source" / lang / f"{NOTE}.po"


def template_po(root: Path, lang: str = "en") -> Path:
    return root / "templates" / "locale" / lang / "LC_MESSAGES" / "templates.po"


@pytest.fixture(scope="session")
def hostile_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample note with a complete English catalog (msgstr = msgid), built once."""
    root = tmp_path_factory.mktemp("hostile") / "base"
    shutil.copytree(DATA / "sample" / "source", root / "source")
    shutil.copytree(ROOT / "templates", root / "templates")
    (root / "source" / "en").mkdir()
    assert main(["update", "-C", str(root), "-q", "--lang", "en"]) == 0
    cat = catalog.load(po(root), "en")
    for msg in cat:
        if msg.id:
            msg.string = msg.id
    catalog.save(cat, po(root))
    assert main([*BUILD, "-C", str(root)]) == 0
    return root


def snapshot(root: Path) -> dict[str, str]:
    """Hash of every file of build/ and of every catalog."""
    files = [p for base in (root / "build", root / "source", root / "templates" / "locale")
             if base.is_dir() for p in base.rglob("*") if p.is_file() and p.suffix in
             (".po", ".pot", ".html", ".pdf", ".epub", ".json", ".xml") or p.parent == root / "build"]
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files
            if p.is_file() and not p.name.endswith(".lock")}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def set_first_msgstr(root: Path, value: Callable[[str], str], lang: str = "en") -> None:
    """Change the msgstr of the first entry whose msgid has a footnote call, in the file's text
    (a translator's editor, not Babel: the file may end up broken on purpose)."""
    path = po(root, lang)
    cat = catalog.load(path, lang)
    msg = next(m for m in cat if m.id and "[^" in m.id)
    msg.string = value(msg.string)
    catalog.save(cat, path)


@dataclass
class Case:
    id: str
    break_it: Callable[[Path], None]
    argv: tuple[str, ...] = tuple(BUILD)
    code: int = 1
    where: str = ""  # the path the first line names (relative, as printed), "" for any
    line: int | None = None  # the line it names, when known
    marks: tuple = ()


def yaml(old: str, new: str) -> Callable[[Path], None]:
    return lambda root: edit(md(root), old, new)


def body(extra: str) -> Callable[[Path], None]:
    return lambda root: md(root).write_text(md(root).read_text(encoding="utf-8") + extra, encoding="utf-8")


def write_bytes(data: bytes, target: Callable[[Path], Path] = md) -> Callable[[Path], None]:
    return lambda root: target(root).write_bytes(data)


def po_text(old: str, new: str) -> Callable[[Path], None]:
    return lambda root: edit(po(root), old, new)


def tpl_msgstr(msgid: str, msgstr: str) -> Callable[[Path], None]:
    def go(root: Path) -> None:
        cat = catalog.load(template_po(root), "en")
        msg = cat.get(msgid)
        assert msg is not None, msgid
        msg.string = msgstr
        catalog.save(cat, template_po(root), markdown=False)
    return go


MD = f"source/fr/{NOTE}.md"
PO = f"source/en/{NOTE}.po"
TPL = "templates/locale/en/LC_MESSAGES/templates.po"

CASES = [
    # -- malformed and mis-encoded notes
    Case("yaml-syntax", yaml("title: ", "title: [unclosed "), where=MD),
    Case("yaml-tab", yaml("publisher:\n  name", "publisher:\n\tname"), where=MD),
    Case("yaml-not-mapping", lambda r: edit(md(r), md(r).read_text(encoding="utf-8").split("---")[1],
                                            "\n- a\n- b\n"), where=MD, line=2),
    Case("yaml-unclosed", lambda r: md(r).write_text("---\ntitle: x\n\nText.\n", encoding="utf-8"),
         where=MD, line=1),
    Case("no-front-matter", lambda r: md(r).write_text("# Titre\n\nTexte.\n", encoding="utf-8"),
         where=MD, line=1),
    Case("missing-issn", yaml("issn: 2273-4643\n", ""), where=MD),
    Case("issn-abc", yaml("issn: 2273-4643", "issn: abc"), where=MD, line=14),
    Case("missing-title", yaml("title: \"Une note d'exemple : listes, tableau et citations\"\n", ""), where=MD),
    Case("title-mapping", yaml("title: \"Une note d'exemple : listes, tableau et citations\"", "title: {a: 1}"),
         where=MD, line=2),
    Case("date-feb-30", yaml("date: 2024-03-15", "date: 2025-02-30"), where=MD, line=4),
    Case("date-month-13", yaml("date: 2024-03-15", "date: 2025-13-01"), where=MD, line=4),
    Case("date-text", yaml("date: 2024-03-15", "date: hier"), where=MD, line=4),
    Case("undefined-call", body("\nUn appel orphelin[^99].\n"), where=MD),
    Case("zero-byte-note", write_bytes(b""), where=MD, line=1),
    Case("binary-note", write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))), where=MD),
    Case("latin1-note", lambda r: md(r).write_bytes(md(r).read_text(encoding="utf-8").encode("latin-1", "replace")),
         where=MD),
    Case("utf16-note", lambda r: md(r).write_bytes(md(r).read_text(encoding="utf-8").encode("utf-16")), where=MD),
    Case("note-is-a-folder", lambda r: (r / "source" / "fr" / "dossier.md").mkdir(),
         where="source/fr/dossier.md"),
    Case("unused-definition", body("\n[^orpheline]: Une définition jamais appelée.\n"), code=0, where=MD),
    Case("unused-definition-strict", body("\n[^orpheline]: Une définition jamais appelée.\n"),
         argv=(*BUILD, "--strict"), where=MD),
    # -- injection through the note
    Case("note-javascript-link", body("\nVoir [ici](javascript:alert(1)).\n"), where=MD),
    Case("note-data-link", body("\nVoir [ici](data:text/html,<script>alert(1)</script>).\n"), where=MD),
    Case("note-onclick", body("\nUn [mot]{onclick=\"alert(1)\"} piégé.\n"), where=MD),
    Case("note-style-attribute", body("\n::: {style=\"background:url(x)\"}\nTexte.\n:::\n"), where=MD),
    Case("note-heading-onmouseover", body("\n# Titre {onmouseover=\"alert(1)\"}\n"), where=MD),
    Case("note-footnote-javascript", body("\nUn appel[^js].\n\n[^js]: [lien](javascript:alert(1))\n"),
         where=MD),
    Case("yaml-field-javascript", yaml("bio: Jean Exemple", "bio: \"[Jean](javascript:alert(1))\" Exemple"),
         where=MD),
    Case("note-display-math-unsettable", body("\nSoit\n\n$$\\frac{d}{dx} \\nosuchmacro e^x$$\n"), where=MD, line=67),
    Case("note-inline-math-unclosed", body("\nUne croissance en $x^{2$ ici.\n"), where=MD, line=65),
    Case("note-bibliography-traversal", yaml("issn: 2273-4643", "issn: 2273-4643\nbibliography: ../../../../etc/x.bib"),
         where=MD, line=15),
    Case("note-bibliography-broken", lambda r: (body("\nVoir [@k].\n")(r), (md(r).parent / "b.bib").write_text(
        "@book{k,\n title = {A\n"), yaml("issn: 2273-4643", "issn: 2273-4643\nbibliography: b.bib")(r)),
         where="source/fr/b.bib"),
    Case("note-site-root-link", body("\nVoir [la page](/publications/notes?id=1).\n"), where=MD),
    Case("note-relative-link", body("\nVoir [la page](../autre-note.html).\n"), where=MD),
    Case("note-bad-site-url", yaml("issn: 2273-4643", "issn: 2273-4643\nsite_url: javascript:alert(1)"),
         where=MD, line=15),
    Case("note-image-traversal", body("\n![carte](../../../../etc/passwd)\n"), where=MD, line=65),
    Case("note-image-file-url", body("\n![carte](file:///etc/passwd)\n"), where=MD),
    Case("note-image-symlink-out", lambda r: (os.symlink("/etc/passwd", r / "source" / "fr" / "lien.png"),
                                              body("\n![Carte.](lien.png){alt=\"x\"}\n")(r)), where=MD, line=65),
    Case("note-svg-script", lambda r: ((r / "source" / "fr" / "s.svg").write_text(
        "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"),
        body("\n![Graphique.](s.svg){alt=\"x\"}\n")(r)), where=MD, line=65),
    Case("note-image-in-text", body("\nUn mot ![x](carte.png) dans le texte.\n"), where=MD, line=65),
    Case("note-figure-ref-unknown", body("\nVoir la @fig:absente.\n"), where=MD, line=65),
    Case("po-adds-image", lambda r: set_first_msgstr(r, lambda s: s + " ![x](../../../../etc/passwd)"),
         where=PO),
    # -- malformed, foreign and hostile catalogs
    Case("zero-byte-po", write_bytes(b"", po), where=PO),
    Case("binary-po", write_bytes(bytes(range(256)) * 4, po), where=PO),
    Case("latin1-po", lambda r: po(r).write_bytes(po(r).read_text(encoding="utf-8").encode("latin-1", "replace")),
         where=PO),
    Case("wrong-language", po_text('"Language: en\\n"', '"Language: de\\n"'), where=PO),
    Case("po-broken-keyword", po_text('msgstr "Conclusion', 'msgstr broken "Conclusion'), where=PO),
    Case("po-unterminated", po_text('msgstr "Conclusion de la note."', 'msgstr "Conclusion de la note.'),
         where=PO),
    Case("po-duplicate-entry", lambda r: po(r).write_text(po(r).read_text(encoding="utf-8") +
                                                          '\nmsgid "Pays"\nmsgstr "Country"\n', encoding="utf-8"),
         where=PO),
    Case("placeholder-dropped", lambda r: set_first_msgstr(r, lambda s: re.sub(r"\[\^\w+\]", "", s)), where=PO),
    Case("placeholder-doubled", lambda r: set_first_msgstr(r, lambda s: re.sub(r"(\[\^\w+\])", r"\1\1", s)),
         where=PO),
    Case("placeholder-foreign", lambda r: set_first_msgstr(r, lambda s: s + "[^99]"), where=PO),
    Case("msgstr-script", lambda r: set_first_msgstr(r, lambda s: s + "<script>alert(1)</script>"), where=PO),
    Case("msgstr-img-onerror", lambda r: set_first_msgstr(r, lambda s: s + '<img src=x onerror="alert(1)">'),
         where=PO),
    Case("msgstr-entity", lambda r: set_first_msgstr(r, lambda s: s + "&lt;script&gt;"), where=PO),
    Case("msgstr-javascript-link", lambda r: set_first_msgstr(r, lambda s: s + " [x](javascript:alert(1))"),
         where=PO),
    Case("msgstr-two-paragraphs", lambda r: set_first_msgstr(r, lambda s: s + "\n\n# Titre"), where=PO),
    Case("msgstr-fuzzy-strict", po_text('msgid "Conclusion de la note."', '#, fuzzy\nmsgid "Conclusion de la note."'),
         argv=(*BUILD, "--strict"), where=PO),
    Case("template-img-onerror-check", tpl_msgstr("Sommaire", "Contents<img src=x onerror=alert(1)>"),
         argv=("check", "-q"), where=TPL),
    Case("template-img-onerror-build", tpl_msgstr("Sommaire", "Contents<img src=x onerror=alert(1)>"),
         where=TPL),
    Case("template-placeholder-dropped", tpl_msgstr("%(format)s en %(language)s", "%(format)s in %(lang)s"), argv=("check", "-q"), where=TPL),
    Case("language-without-labels", lambda r: (r / "source" / "de").mkdir(), argv=(*BUILD, "--lang", "de"),
         where="templates/locale/de/LC_MESSAGES/templates.po"),
    Case("template-po-syntax", lambda r: edit(template_po(r), 'msgstr "Contents"', 'msgstr Contents"'),
         where=TPL),
    # -- resource exhaustion
    Case("deep-quotes", body("\n" + ">" * 5000 + " profond\n"), where=MD),
    Case("deep-lists", body("\n" + "\n".join("  " * i + "- x" for i in range(400)) + "\n"), where=MD),
    Case("huge-msgstr-accepted", lambda r: set_first_msgstr(r, lambda s: s + " mot" * 100_000), code=0),
    Case("many-footnotes-accepted", body("".join(f"\nAppel {i}[^n{i}].\n\n[^n{i}]: Note {i}.\n"
                                                 for i in range(1500))), code=0),
    Case("note-over-size-limit", body("\n" + ("Un paragraphe de remplissage. " * 30 + "\n\n") * 700),
         where=MD, line=0),
    # -- the file system
    Case("build-is-a-file", lambda r: (shutil.rmtree(r / "build"), (r / "build").write_text("x")), where="build"),
    Case("template-missing", lambda r: (r / "templates" / "screen.css").unlink(), where="templates/screen.css"),
]


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id, marks=c.marks) for c in CASES])
def test_hostile_input(case: Case, hostile_base: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    root = tmp_path / "proj"
    shutil.copytree(hostile_base, root)
    case.break_it(root)
    before = snapshot(root)
    cwd = os.getcwd()
    os.chdir(root)  # paths are printed relative to the working directory, as for a user
    try:
        code = main([*case.argv, "-C", str(root)])
    finally:
        os.chdir(cwd)
    err = capsys.readouterr().err
    assert code == case.code, err
    assert "Traceback" not in err and "internal error" not in err, err
    first = err.strip().splitlines()[0] if err.strip() else ""
    if case.code or case.where:
        m = FIRST_LINE.match(first)
        assert m, f"first line is not path:line: severity: {first!r}"
        if case.where:
            assert m["path"] == case.where, first
        if case.line is not None:
            assert int(m["line"]) == case.line, first
    if case.code:
        assert snapshot(root) == before, "a failed command changed build/ or a catalog"


def test_huge_accepted_outputs_exist(hostile_base: Path, tmp_path: Path) -> None:
    """The accepted exhaustion cases publish a readable edition (not an empty one)."""
    root = tmp_path / "proj"
    shutil.copytree(hostile_base, root)
    body("".join(f"\nAppel {i}[^n{i}].\n\n[^n{i}]: Note {i}.\n" for i in range(300)))(root)
    assert main([*BUILD, "-C", str(root), "--lang", "fr"]) == 0
    html = (root / "build" / "fr" / f"{NOTE}.html").read_text(encoding="utf-8")
    assert html.count('role="doc-noteref"') >= 300


@pytest.fixture()
def tmpfs(tmp_path: Path):
    """A small file system of our own, mounted (root only) and unmounted by the test."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    point = tmp_path / "fs"
    point.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(point)],
                      capture_output=True).returncode != 0:
        pytest.skip("this machine refuses to mount a tmpfs")
    yield point
    subprocess.run(["umount", "-l", str(point)], check=False)


def run_in(root: Path, argv: list[str], capsys: pytest.CaptureFixture) -> tuple[int, str]:
    cwd = os.getcwd()
    os.chdir(root)
    try:
        code = main([*argv, "-C", str(root)])
    finally:
        os.chdir(cwd)
    return code, capsys.readouterr().err


@pytest.mark.parametrize("fault", ["full-disk", "read-only"])
def test_file_system_faults(fault: str, hostile_base: Path, tmpfs: Path, capsys: pytest.CaptureFixture) -> None:
    root = tmpfs / "proj"
    shutil.copytree(hostile_base, root)
    edit(md(root), "Conclusion de la note.", "Conclusion de la note, corrigée.")  # something to rebuild
    before = snapshot(root)
    if fault == "full-disk":
        with open(tmpfs / "filler", "wb", buffering=0) as fh:  # fill every free block
            try:
                while True:
                    fh.write(b"\0" * 65536)
            except OSError:
                pass
    else:
        subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    code, err = run_in(root, [*BUILD], capsys)
    assert code == 1, err
    assert "Traceback" not in err and "internal error" not in err, err
    first = err.strip().splitlines()[0]
    assert FIRST_LINE.match(first), first
    assert ("No space left" in err) if fault == "full-disk" else ("read-only" in err.lower()), err
    if fault == "full-disk":
        (tmpfs / "filler").unlink()
    assert snapshot(root) == before
    assert not list((root / "build").rglob("*.tmp")), "temporary files left behind"


def test_killed_build_leaves_no_temporary_file_after_the_next(hostile_base: Path, tmp_path: Path) -> None:
    root = tmp_path / "proj"
    shutil.copytree(hostile_base, root)
    edit(md(root), "Conclusion de la note.", "Conclusion de la note, reprise.")
    proc = subprocess.Popen([sys.executable, "-m", "frspub", "build", "-j", "1", "-q", "-C", str(root)],
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list((root / "build").rglob("*.tmp")) and proc.poll() is None:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert main(["build", "-j", "1", "-q", "-C", str(root)]) == 0
    assert not list((root / "build").rglob("*.tmp"))


def test_concurrent_builds_both_succeed(hostile_base: Path, tmp_path: Path) -> None:
    root = tmp_path / "proj"
    shutil.copytree(hostile_base, root)
    edit(md(root), "Conclusion de la note.", "Conclusion de la note, en même temps.")
    cmd = [sys.executable, "-m", "frspub", "build", "-j", "1", "-q", "--format", "html", "-C", str(root)]
    procs = [subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(p.wait(timeout=300), p.stderr.read()) for p in procs]
    for code, err in results:
        assert code == 0 and "Traceback" not in err, err
    assert "en même temps" in (root / "build" / "fr" / f"{NOTE}.html").read_text(encoding="utf-8")


# -- the preview server: every request gets a status line, none a traceback

def raw_request(port: int, target: bytes) -> int:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"GET " + target + b" HTTP/1.0\r\nHost: x\r\n\r\n")
        status = sock.makefile("rb").readline()
    return int(status.split()[1])


@pytest.fixture(scope="module")
def server(hostile_base: Path, tmp_path_factory: pytest.TempPathFactory):
    build_dir = tmp_path_factory.mktemp("served") / "build"
    shutil.copytree(hostile_base / "build", build_dir)
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.txt").write_text("secret")
    (build_dir / "escape").symlink_to(outside)
    srv = serve.make_server(build_dir, 0)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv.server_address[1]
    srv.shutdown()
    srv.server_close()


@pytest.mark.parametrize("target, statuses", [
    (b"/" + b"a" * 10_000, {414}),
    (b"/" + b"a" * 300, {404}),
    (b"/../../etc/passwd", {403, 404}),
    (b"/fr/..%2f..%2f..%2fetc/passwd", {403, 404}),
    (b"/%00", {400, 403, 404}),
    (b"/%ff%fe", {400, 403, 404}),
    (b"/escape/secret.txt", {403, 404}),
    (b"/fr/" + NOTE.encode() + b".html", {200}),
])
def test_server_answers_every_path(server: int, target: bytes, statuses: set[int],
                                   capsys: pytest.CaptureFixture) -> None:
    assert raw_request(server, target) in statuses
    assert "Traceback" not in capsys.readouterr().err


def test_a_build_leaves_nothing_in_the_temporary_folder(hostile_base: Path, tmp_path: Path) -> None:
    """WeasyPrint's font folders and frspub's work folders are removed, also by pool workers."""
    root = tmp_path / "proj"
    shutil.copytree(hostile_base, root)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    proc = subprocess.run([sys.executable, "-m", "frspub", "build", "-j", "2", "-q", "--force", "-C", str(root)],
                          env={**os.environ, "TMPDIR": str(tmp)}, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert (root / "build" / "en" / f"{NOTE}.pdf").is_file()
    assert sorted(p.name for p in tmp.iterdir()) == []

"""The build engine's figures for `make bench` (issue 11), on a generated 30-note catalogue.

`run_all(project)` makes, in a temporary folder, 30 notes from the project's note and
its catalogs (titles numbered, a few phrases changed, the translations kept), then
measures, each command in its own process: cold full builds with -j 1 and -j 2 (and
that their outputs are identical), one note alone, a no-op build, one msgstr changed
(which files it rewrote), one French note in three formats against the route a user
would script by hand (pandoc -> HTML -> weasyprint, pandoc -> EPUB), the peak memory
of a worker, and the preview server's save -> refreshed HTML / PDF times.  Returns
(label, figure, target, ok) rows.
"""
from __future__ import annotations

import hashlib
import http.client
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable

NOTES = 30
PHRASES = [("a confirmé que", "a indiqué que"), ("se préparait à", "s’apprêtait à"),
           ("plusieurs milliers", "quelques milliers"), ("cependant", "pourtant"), ("en effet", "de fait")]
TITLE = ": une évaluation\""
SUFFIX = {"fr": ", partie {n}", "en": ", part {n}", "ja": "（第{n}部）"}
Row = tuple[str, str, str, bool]
LAYOUTS = re.compile(r"^(\w+) pdf: .*, (\d+) layouts?\)$", re.M)


REMADE = re.compile(r"^(\w+) pdf: .*, (\d+) pages? made again, \d+ layouts?\)$", re.M)


def remade_by_lang(log: str) -> dict[str, int]:
    """{language: pages the last-page remedy made again inside its PDFs' layouts}."""
    found: dict[str, int] = {}
    for lang, pages in REMADE.findall(log):
        found[lang] = found.get(lang, 0) + int(pages)
    return found


def layouts_by_lang(log: str) -> dict[str, list[int]]:
    """{language: WeasyPrint layouts of each of its PDFs}, from a build log (the PDF lines say them)."""
    found: dict[str, list[int]] = {}
    for lang, count in LAYOUTS.findall(log):
        found.setdefault(lang, []).append(int(count))
    return found


def exe(name: str) -> str:
    path = Path(sys.executable).with_name(name)
    return str(path) if path.exists() else name


def run(cmd: list[str]) -> tuple[float, float, str]:
    """(seconds, peak MB of the process, stderr) of one command; exits on failure."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        err.seek(0)
        text = err.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed:\n{text}")
    return seconds, usage.ru_maxrss / 1024, text


def build(root: Path, *args: str) -> tuple[float, float, str]:
    return run([exe("frspub"), "build", "-C", str(root), *args])


def snapshot(build_dir: Path) -> dict[str, str]:
    """The outputs' hashes; the lock file is not an output (it names the build that holds it), nor
    is the build cache (`.frspub-cache/`: what speeds up the next build)."""
    return {p.relative_to(build_dir).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(build_dir.rglob("*")) if p.is_file() and p.name != ".frspub.lock"
            and p.relative_to(build_dir).parts[0] != ".frspub-cache"}


def make_catalogue(project: Path, into: Path, count: int = NOTES) -> Path:
    """`count` notes from the project's first note and catalogs; translations kept."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from frspub.translation import catalog

    slug = sorted((project / "source" / "fr").glob("*.md"))[0].stem
    shutil.copytree(project / "templates", into / "templates")
    langs = [p.name for p in (project / "source").iterdir() if p.is_dir()]
    for lang in langs:
        (into / "source" / lang).mkdir(parents=True)
    text = (project / "source" / "fr" / f"{slug}.md").read_text(encoding="utf-8")
    for n in range(1, count + 1):
        new = f"note-{n:02}"
        note = text.replace(TITLE, TITLE[:-1] + SUFFIX["fr"].format(n=n) + '"', 1)
        for old, repl in PHRASES[: n % (len(PHRASES) + 1)]:
            note = note.replace(old, repl, 1)
        (into / "source" / "fr" / f"{new}.md").write_text(note, encoding="utf-8")
        for lang in langs:
            if lang != "fr":
                shutil.copy(project / "source" / lang / f"{slug}.po", into / "source" / lang / f"{new}.po")
    run([exe("frspub"), "update", "-C", str(into), "-q"])
    for lang in langs:
        if lang == "fr":
            continue
        for po in (into / "source" / lang).glob("*.po"):
            n = int(po.stem.split("-")[1])
            cat = catalog.load(po, lang)
            for msg in cat:
                if msg.fuzzy:  # a changed phrase keeps its translation; the title gets its number
                    msg.flags.discard("fuzzy")
                    msg.previous_id = []
                    if "partie" in str(msg.id) and TITLE[2:-1] in str(msg.id):
                        msg.string = f"{msg.string}{SUFFIX[lang].format(n=n)}"
            catalog.save(cat, po)
    return into


def shown_layouts(per_lang: dict[str, list[int]]) -> str:
    return ", ".join(f"{lang} " + "/".join(f"{n}x{counts.count(n)}" for n in sorted(set(counts)))
                     for lang, counts in sorted(per_lang.items()))


def peak_worker(stderr: str) -> float:
    found = re.findall(r"peak (\d+) MB per worker", stderr)
    return float(found[-1]) if found else 0.0


def hand_route(project: Path, work: Path) -> float:
    """pandoc -> standalone HTML -> weasyprint, and pandoc -> EPUB, one after the other."""
    import pypandoc

    pandoc = pypandoc.get_pandoc_path()
    md = sorted((project / "source" / "fr").glob("*.md"))[0]
    start = time.perf_counter()
    for cmd in ([pandoc, str(md), "-s", "-o", str(work / "n.html")],
                [exe("weasyprint"), str(work / "n.html"), str(work / "n.pdf")],
                [pandoc, str(md), "-o", str(work / "n.epub")]):
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def fresh(project: Path, into: Path) -> Path:
    shutil.rmtree(into, ignore_errors=True)
    for folder in ("source", "templates"):
        shutil.copytree(project / folder, into / folder)
    return into


def median(fn: Callable[[], float], runs: int) -> float:
    return statistics.median(fn() for _ in range(runs))


def serve_times(root: Path, slug: str, runs: int = 3) -> tuple[float, float]:
    """Seconds from saving an English msgstr to the open page's reload event for the HTML,
    and for the PDF, with `frspub serve` running on the built catalogue: the medians of `runs`
    saves, one after the other (each edits the msgstr again once the last one's PDF is in)."""
    proc = subprocess.Popen([exe("frspub"), "serve", "-C", str(root), "--port", "0", "--no-build"],
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        line = proc.stderr.readline()
        threading.Thread(target=proc.stderr.read, daemon=True).start()  # keep the pipe drained
        host, port = re.search(r"http://([\d.]+):(\d+)/", line).groups()
        conn = http.client.HTTPConnection(host, int(port), timeout=120)
        conn.request("GET", "/__frspub__/events")
        events = conn.getresponse()
        events.fp.readline()
        time.sleep(5.0)  # the watcher listens and the fork server has warmed up (a server runs for hours)
        saves = [_one_save(root, slug, events, n) for n in range(runs)]
        conn.close()
        return statistics.median(h for h, _ in saves), statistics.median(p for _, p in saves)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def _one_save(root: Path, slug: str, events: http.client.HTTPResponse, n: int) -> tuple[float, float]:
    """(HTML, PDF) seconds from one msgstr save to their reload events."""
    po = root / "source" / "en" / f"{slug}.po"
    text = po.read_text(encoding="utf-8")
    old = re.search(r'^msgstr "([^"\n]{20,})"$', text, re.M).group(1)
    start = time.perf_counter()
    po.write_text(text.replace(f'msgstr "{old}"', f'msgstr "{old} (revised {n})"', 1), encoding="utf-8")
    got: dict[str, float] = {}
    while len(got) < 2:
        data = events.fp.readline()
        if data.startswith(b"data: "):
            paths = json.loads(data[6:])
            for fmt in ("html", "pdf"):
                if f"en/{slug}.{fmt}" in paths and fmt not in got:
                    got[fmt] = time.perf_counter() - start
    assert f"(revised {n})" in (root / "build" / "en" / f"{slug}.html").read_text(encoding="utf-8")
    return got["html"], got["pdf"]


def one_msgstr(cat: Path, n: int) -> tuple[float, str, list[str]]:
    """Change one English msgstr of note-07 and build: (seconds, stderr, outputs rewritten)."""
    before = snapshot(cat / "build")
    po = cat / "source" / "en" / "note-07.po"
    text = po.read_text(encoding="utf-8")
    old = re.search(r'^msgstr "([^"\n]{20,})"$', text, re.M).group(1)
    po.write_text(text.replace(f'msgstr "{old}"', f'msgstr "{old} (corrected {n})"', 1), encoding="utf-8")
    seconds, _, err = build(cat)
    after = snapshot(cat / "build")
    return seconds, err, sorted(k for k in after if before.get(k) != after[k] and "/" in k)


def beside_hand(project: Path, tmp: str, runs: int) -> tuple[float, float]:
    """Medians of the hand route and of frspub's French build, measured in alternation (so that
    a machine's drift falls on both alike)."""
    hand, ours = [], []
    for _ in range(runs):
        hand.append(hand_route(project, Path(tempfile.mkdtemp(dir=tmp))))
        ours.append(build(fresh(project, Path(tmp) / "fr"), "--lang", "fr", "-q")[0])
    return statistics.median(hand), statistics.median(ours)


def run_all(project: Path, runs: int = 3) -> list[Row]:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="frspub-bench-cat-") as tmp:
        top = Path(tmp)
        cat = make_catalogue(project, top / "cat")
        print(f"catalogue: {NOTES} notes in {cat}", file=sys.stderr)
        j1, rss1, _ = build(cat, "-j", "1", "-q")
        out1 = snapshot(cat / "build")
        shutil.rmtree(cat / "build")
        j2, _, err2 = build(cat, "-j", "2")
        out2 = snapshot(cat / "build")
        same = out2 == out1
        if not same:
            print("differ between -j 1 and -j 2:", sorted(k for k in out1.keys() | out2.keys()
                                                           if out1.get(k) != out2.get(k)), file=sys.stderr)
        one = fresh(project, top / "one")
        t1, _, _ = build(one, "-j", "1", "-q")
        warm_s, _, warm_err = build(one, "-j", "1", "--force")  # the layout decisions of the first build kept
        per_lang, warm = layouts_by_lang(err2), layouts_by_lang(warm_err)
        rows += [
            ("layouts per PDF, cold (count x editions)", shown_layouts(per_lang), "1 per edition",
             all(n == 1 for c in per_lang.values() for n in c)),
            ("pages made again inside a layout (last-page remedy), cold, in all",
             ", ".join(f"{k} {v}" for k, v in sorted(remade_by_lang(err2).items())) or "none", "", True),
            ("layouts per PDF, warm (one note, --force)", shown_layouts(warm), "1 per edition",
             all(n == 1 for c in warm.values() for n in c)),
            ("one note, warm (3 languages, -j 1, --force)", f"{warm_s:.1f} s", "", True),
            ("cold build, 30 notes, -j 1", f"{j1:.1f} s", "", True),
            ("cold build, 30 notes, -j 2", f"{j2:.1f} s", "", True),
            ("-j 2 / -j 1", f"{j2 / j1:.2f}x", "<= 0.6x", j2 / j1 <= 0.6),
            ("-j 2 outputs identical to -j 1", "yes" if same else "NO", "identical", same),
            ("one note alone (3 languages, -j 1)", f"{t1:.1f} s", "", True),
            ("30 notes / one note (-j 1)", f"{j1 / t1:.1f}x ({j1 / NOTES:.2f} s per note)", "<= 32x", j1 / t1 <= 32),
            ("peak memory per worker (-j 2)", f"{peak_worker(err2):.0f} MB", "< 400 MB", 0 < peak_worker(err2) < 400),
            ("peak memory, -j 1 process", f"{rss1:.0f} MB", "< 400 MB", rss1 < 400),
        ]
        noop = median(lambda: build(cat, "-q")[0], runs)
        rows.append(("no-op build (30 notes)", f"{noop:.3f} s", "<= 0.3 s", noop <= 0.3))
        tries = [one_msgstr(cat, n) for n in range(runs)]
        msgstr_s, msgstr_err = statistics.median(t[0] for t in tries), tries[-1][1]
        changed = sorted({k for t in tries for k in t[2]})
        ok = all(t[2] == [f"en/note-07.{f}" for f in ("epub", "html", "pdf")] for t in tries)
        rows.append(("one msgstr changed: editions rewritten", ", ".join(changed), "en/note-07.{pdf,html,epub}", ok))
        rows.append((f"one msgstr changed: build (median of {runs})", f"{msgstr_s:.2f} s", "<= 2.5 s",
                     msgstr_s <= 2.5))
        rows.append(("one msgstr changed: layouts", shown_layouts(layouts_by_lang(msgstr_err)), "1", True))
        hand, ours = beside_hand(project, tmp, runs)
        rows += [("hand route (pandoc, weasyprint, pandoc)", f"{hand:.2f} s", "", True),
                 ("frspub build --lang fr (3 formats, site)", f"{ours:.2f} s", "", True),
                 ("frspub / hand route", f"{ours / hand:.2f}x", "<= 1.2x", ours / hand <= 1.2)]
        html_s, pdf_s = serve_times(cat, "note-12", runs)
        rows += [(f"serve: save -> refreshed HTML ({runs} saves)", f"{html_s:.2f} s", "<= 0.5 s", html_s <= 0.5),
                 (f"serve: save -> refreshed PDF ({runs} saves)", f"{pdf_s:.2f} s", "<= 2.5 s", pdf_s <= 2.5)]
    return rows

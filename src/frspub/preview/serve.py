"""Preview server: ``frspub serve``.

Takes a `Project` and a port; serves ``build/`` on 127.0.0.1 only (never
anything outside it: ``..`` segments are refused, symbolic links leading out
are not followed), with PDF and EPUB sent with their types and as downloads;
a watcher thread (watchfiles) runs the incremental build on every change under
``source/`` or ``templates/`` (the changed edition's HTML first, then its other
formats and the site), and open pages reload themselves when their file is
rewritten (`reload`).  `serve` returns the exit code (0 after Ctrl-C);
`make_server` and `Rebuilder` are used on their own by the tests.
"""
from __future__ import annotations

import functools
import signal
import sys
import threading
import urllib.parse
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterable

from frspub.build import cancel
from frspub.build.kept import Kept
from frspub.errors import ConfigError, FrspubError
from frspub.locale import SOURCE_LANG
from frspub.log import forget, log
from frspub.preview import reload, saved
from frspub.project import Project

HOST = "127.0.0.1"
MAX_URL = 2048  # longer paths are no page of build/ (414, as most servers answer)
DOWNLOADS = {".pdf": "application/pdf", ".epub": "application/epub+zip"}
STEP = 10  # ms without a new event after which a save's changes are built
READY_WAIT = 10.0  # s: a warm-up surveys the outputs once the watcher listens (it does within 0.2 s)


class Handler(SimpleHTTPRequestHandler):
    """Static files of one folder, refusing every path that would lead outside it."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **DOWNLOADS,
                      ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8"}

    def __init__(self, *args: Any, root: Path, **kwargs: Any) -> None:
        self.root = root  # set before super().__init__, which handles the request at once
        self.attachment: str | None = None
        super().__init__(*args, directory=str(root), **kwargs)

    def do_GET(self) -> None:
        self.answer(head=False)

    def do_HEAD(self) -> None:
        self.answer(head=True)

    def answer(self, head: bool) -> None:
        if len(self.path) > MAX_URL:
            self.send_error(HTTPStatus.REQUEST_URI_TOO_LONG, "request path too long")
            return
        try:
            self._answer(head)
        except ConnectionError:  # the client went away (a closed tab, a cancelled download): nothing to say
            self.close_connection = True
        except OSError as exc:  # a name the file system refuses, a file gone mid-request
            log.warning("serve: %s: %s", self.path[:80], exc.strerror or exc)
            self.send_error(HTTPStatus.NOT_FOUND, "not found")

    def _answer(self, head: bool) -> None:
        changes = getattr(self.server, "changes", None)
        if changes is not None and urllib.parse.urlsplit(self.path).path == reload.EVENTS and not head:
            reload.stream(self, changes)
            return
        if not self.allowed():
            return
        page = self.page()
        if changes is not None and page is not None:
            reload.page(self, page, head)
        elif head:
            super().do_HEAD()
        else:
            super().do_GET()

    def page(self) -> Path | None:
        """The HTML file a request names (a folder's index.html), if any."""
        target = safe_path(self.root, self.path)
        if target is not None and target.is_dir() and self.path.split("?")[0].endswith("/"):
            target = target / "index.html"
        return target if target is not None and target.is_file() and target.suffix == ".html" else None

    def allowed(self) -> bool:
        """Refuse `..`, NUL and symbolic-link escapes before the standard handler sees the path."""
        target = safe_path(self.root, self.path)
        if target is None:
            self.send_error(HTTPStatus.FORBIDDEN, "path outside the served folder")
            return False
        if target.is_file() and target.suffix.lower() in DOWNLOADS:
            self.attachment = target.name
        return True

    def translate_path(self, path: str) -> str:
        target = safe_path(self.root, path)
        return str(target if target is not None else self.root / ".forbidden")

    def end_headers(self) -> None:
        if self.attachment:
            self.send_header("Content-Disposition", disposition(self.attachment))
        # A preview: always fetch the latest build.
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        self.attachment = None  # an error page is never a download
        super().send_error(code, message, explain)

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("serve: %s", format % args)


def disposition(name: str) -> str:
    """A download under its own name (RFC 6266: ASCII fallback, then the UTF-8 name)."""
    fallback = name.encode("ascii", "replace").decode().replace('"', "_").replace("?", "_")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{urllib.parse.quote(name)}"


def safe_path(root: Path, url_path: str) -> Path | None:
    """The file under `root` a URL path names, or None if it names anything outside."""
    try:
        path = urllib.parse.unquote(urllib.parse.urlsplit(url_path).path, errors="strict")
    except (UnicodeDecodeError, ValueError):
        return None
    if "\x00" in path or "\\" in path:
        return None
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if ".." in parts:
        return None
    try:
        target = root.joinpath(*parts).resolve()
    except OSError:  # a name too long for the file system, a link loop
        return None
    return target if target.is_relative_to(root) else None


class Server(ThreadingHTTPServer):
    """A request that fails is one log line, never a traceback on the terminal."""

    daemon_threads = True
    # socketserver's listen backlog is 5: a browser opening a page, its stylesheet, images, fonts
    # and event stream at once overflowed it, and each connection refused so waited 1 s for
    # its SYN to be sent again.
    request_queue_size = 128

    def handle_error(self, request: Any, client_address: Any) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):  # the client left before the answer ended
            log.debug("serve: %s left early (%s)", client_address[0], type(exc).__name__)
            return
        log.warning("serve: a request failed: %s: %s", type(exc).__name__, exc)


def make_server(build_dir: Path, port: int) -> ThreadingHTTPServer:
    """A server for `build_dir` on 127.0.0.1:`port` (0: any free port), not yet serving."""
    root = build_dir.resolve()
    handler = functools.partial(Handler, root=root)
    try:
        server = Server((HOST, port), handler)
    except OSError as exc:
        raise ConfigError(f"cannot listen on {HOST}:{port}: {exc.strerror} (choose another --port)",
                          build_dir, 0) from None
    server.daemon_threads = True
    server.changes = reload.Changes()  # type: ignore[attr-defined]
    return server


def url(server: ThreadingHTTPServer) -> str:
    return f"http://{HOST}:{server.server_address[1]}/"


class Rebuilder:
    """Rebuilds what a set of changed files affects (editions, site, existing review pages).
    Setting `cancel` stops the PDF and EPUB under way within `cancel.POLL` seconds (they run
    in processes of their own); `ready` is set once the watcher listens."""

    def __init__(self, project: Project, changes: reload.Changes | None = None):
        self.project = project
        self.changes = changes
        self.lock = threading.Lock()  # one build at a time
        self.cancel = threading.Event()
        self.ready = threading.Event()
        # What this server's builds learnt, kept for the next (`build.kept`): a file is read
        # again only when its stat signature changed, and an output's key computed again only
        # when its note's files changed (a 30-note catalogue has 270 outputs and 90 catalogs).
        self.kept = Kept(watched=functools.partial(saved.reported, project))

    def languages(self, changed: Iterable[Path]) -> list[str]:
        """The languages to rebuild: all for the French source or a template, else the PO's language."""
        return saved.languages(self.project, changed)

    def notes(self, changed: Iterable[Path]) -> set[str] | None:
        """The notes whose own files changed (None: a file all notes may read)."""
        return saved.notes(self.project, changed)

    def rebuild(self, changed: Iterable[Path]) -> list[Path]:
        """Rebuild what `changed` makes stale; returns the outputs written.  Problems are
        logged, never raised; `cancel.Cancelled` is, when `self.cancel` is set meanwhile."""
        changed = list(changed)
        langs = self.languages(changed)
        if not langs:
            return []
        written: list[Path] = []
        problems: dict[Any, None] = {}  # a broken save is said once, not by each build of the rebuild
        with self.lock:
            log.info("changed: %s", ", ".join(sorted(self._shown(changed))))
            forget(self._shown(changed))  # the saved files' warnings again; the others' were said
            # One build: each edition's HTML is made here while its PDF and EPUB are made in a
            # process of their own (`build.cancel`); each is announced as soon as it is
            # published, the HTML first, the site pages last.
            written += self._build(problems, self.notes(changed))
            # Refreshed even when the build failed: a catalog with errors is exactly
            # when a reviewer needs the review pages.
            try:
                self._reviews(langs)
            except FrspubError as exc:
                problems.update(dict.fromkeys(exc.problems))
            for problem in problems:
                log.error("%s", problem)
        return written

    def _build(self, problems: dict[Any, None], changed: set[str] | None) -> list[Path]:
        from frspub.build import run as build

        try:
            written = build.build(self.project, cancel=self.cancel, announce=self._announce, kept=self.kept,
                                  changed=changed).outputs
        except build.BuildError as exc:
            problems.update(dict.fromkeys(exc.problems))
            written = exc.report.outputs
        except FrspubError as exc:
            problems.update(dict.fromkeys(exc.problems))
            return []
        return written

    def _announce(self, written: list[Path]) -> None:
        if self.changes is not None:
            self.changes.publish([p.relative_to(self.project.build_dir).as_posix() for p in written])

    def warm(self) -> None:
        """Make the first note's HTML edition in the first translation once and throw it away
        (`build.warm`), so that the first save finds this process's imports, templates and
        catalogs' labels ready."""
        from frspub.build import run as build
        from frspub.build import warm

        with self.lock:
            build.clear_caches(self.project.templates)  # remembers templates/ as the saves will find it
            try:
                # One edition: a save waits for the warm-up (it holds the lock), so no more.
                warm.editions(self.project, ("html",), warm.translation_first(self.project)[:1])
            except (FrspubError, OSError) as exc:  # the save's own build says what is wrong
                log.debug("warm-up: %s", exc)
            # Once the watcher listens: any change after this survey is reported to a save.
            try:
                if self.ready.wait(READY_WAIT):
                    self.kept.survey(self.project)
            except Exception as exc:  # noqa: BLE001 - a head start only (a Ctrl-C's exit under way): the save computes all
                self.kept = Kept(watched=self.kept.watched)
                log.debug("warm-up survey: %s", exc)

    def _reviews(self, langs: list[str]) -> None:
        from frspub.web import review

        for lang in langs:
            if lang != SOURCE_LANG and (self.project.build_dir / "review" / lang).is_dir():
                review.write_reviews(self.project, lang)

    def _shown(self, changed: list[Path]) -> set[str]:
        root = self.project.root.resolve()
        return {str(Path(p).resolve().relative_to(root)) if Path(p).resolve().is_relative_to(root) else str(p)
                for p in changed}

    def watch(self, stop: threading.Event) -> None:
        """Rebuild on every change under source/ and templates/ until `stop` is set.  A build
        runs in a thread of its own, so that a newer save cancels it (then the next build
        takes both saves' changes) and a stop ends it at once."""
        import watchfiles

        pending: set[Path] = set()
        wake = threading.Condition()
        builder = threading.Thread(target=self._builds, args=(pending, wake, stop), name="frspub-build",
                                   daemon=True)
        builder.start()
        try:
            # yield_on_timeout: an empty set once the watcher runs, which `ready` says.
            # step: the quiet that ends a save's burst of events (a save's write and rename come
            # within a millisecond; 30 ms was a third of the 0.05 s from save to build).
            for changes in watchfiles.watch(self.project.source, self.project.templates, stop_event=stop,
                                            debounce=400, step=STEP, raise_interrupt=False, rust_timeout=200,
                                            yield_on_timeout=True):
                self.ready.set()
                if changes:
                    with wake:
                        pending.update(Path(path) for _, path in changes)
                        self.cancel.set()
                        wake.notify()
        finally:
            with wake:
                stop.set()
                self.cancel.set()
                wake.notify()
            builder.join()

    def _builds(self, pending: set[Path], wake: threading.Condition, stop: threading.Event) -> None:
        from frspub.build.cancel import Cancelled

        while True:
            with wake:
                wake.wait_for(lambda: bool(pending) or stop.is_set())
                if stop.is_set():
                    return
                changed = set(pending)
                pending.clear()
                self.cancel.clear()
            try:
                self.rebuild(changed)
            except Cancelled:
                log.info("rebuild cancelled")
                with wake:
                    pending.update(changed)  # built again with the newer changes (unless stopping)


def start_watcher(project: Project, changes: reload.Changes | None = None,
                  warm: bool = False) -> tuple[threading.Thread, threading.Event]:
    """Watch and rebuild in a thread; `warm`: first warm this process up (`Rebuilder.warm`)."""
    stop = threading.Event()
    rebuilder = Rebuilder(project, changes)
    thread = threading.Thread(target=rebuilder.watch, args=(stop,), name="frspub-watch", daemon=True)
    thread.start()
    if warm:
        threading.Thread(target=rebuilder.warm, name="frspub-warm", daemon=True).start()
    return thread, stop


def serve(project: Project, port: int, build_first: bool = True) -> int:
    """Serve build/ until Ctrl-C; returns the exit code."""
    # Ctrl-C is how the server stops, even when it was started with SIGINT ignored (a process
    # inherits an ignored signal: a test runner's worker did so, and the server never stopped).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    if build_first:
        _initial_build(project)
    project.build_dir.mkdir(parents=True, exist_ok=True)
    server = make_server(project.build_dir, port)
    watcher, stop = start_watcher(project, server.changes, warm=True)  # type: ignore[attr-defined]
    # The first save then finds its HTML made by a warm process, and its PDF in a process
    # forked from one that has made the first note's PDF once.
    threading.Thread(target=cancel.start, args=(project.root,), daemon=True).start()
    log.info("serving %s on %s (rebuilds when source/ or templates/ change; Ctrl-C to stop)",
             project.build_dir.name + "/", url(server))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        log.info("stopped")
    finally:
        stop.set()
        server.changes.close()  # type: ignore[attr-defined]
        server.server_close()
        watcher.join(timeout=5)
    return 0


def _initial_build(project: Project) -> None:
    """Build before serving; a failed edition is reported but the rest is still served."""
    from frspub.build import run as build

    try:
        build.build(project)
    except FrspubError as exc:
        _log_problems(exc)


def _log_problems(exc: FrspubError) -> None:
    for problem in exc.problems:
        log.error("%s", problem)

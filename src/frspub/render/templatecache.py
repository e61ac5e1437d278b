"""Compiled templates kept between builds: Jinja2's bytecode cache, keyed by the template's source.

Each build compiled every template it renders from source (lexing, parsing, generating and
compiling Python: 0.05-0.07 s of CPU for the print page's, the HTML edition's and the EPUB's,
most of it before the PDF's process gets its print HTML).  `Cache` is Jinja2's own
``FileSystemBytecodeCache`` in the user's cache (``$XDG_CACHE_HOME/frspub/jinja/``, as
`render.weasyffi` keeps its tables: one per machine, so a fresh copy of a project finds it),
with three changes:

- the key is the template's name, the SHA-1 of its source (Jinja2's own checksum, which the
  bucket checks again) and what the compiled code depends on besides the source (Jinja2's
  version, the environment's syntax and compile options, `GENERATOR`), not the template's path
  (Jinja2's key): an edited template is another key and compiles; the same one in another
  folder is found;
- the code loaded says the current file as its ``co_filename`` (Jinja2 reads
  ``Template.filename`` from it), not the folder of the build that compiled it;
- nothing about the cache fails a build: a folder that cannot be made or written, a file
  unreadable, truncated or corrupt, and the template is compiled as without a cache.

Python's version is in Jinja2's magic header: another Python compiles again.
"""
from __future__ import annotations

import contextlib
import hashlib
import types
from pathlib import Path
from typing import Any

import jinja2
from jinja2.bccache import Bucket

from frspub.project import user_cache

GENERATOR = "1"  # bumped when the key's form changes
KEPT_PER_TEMPLATE = 8  # compiled versions of one template kept (sources edited back and forth, projects)


def folder() -> Path:
    return user_cache("jinja")


class Cache(jinja2.FileSystemBytecodeCache):
    """Jinja2's file cache, keyed by name, source and options; never in the way."""

    def __init__(self) -> None:
        super().__init__(str(folder()), "%s.cache")

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None,
                   source: str) -> Bucket:
        checksum = self.get_source_checksum(source)
        key = f"{_safe(name)}-" + hashlib.sha256(f"{name}\0{checksum}\0{_options(environment)}".encode()).hexdigest()[:32]
        bucket = Bucket(environment, key, checksum)
        self.load_bytecode(bucket)
        if bucket.code is not None:
            bucket.code = _refiled(bucket.code, filename or "<template>")
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - an unreadable or corrupt file: compile
            bucket.reset()
        if bucket.code is not None and not isinstance(bucket.code, types.CodeType):
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            Path(self.directory).mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)  # a temporary file renamed: atomic
            _prune(Path(self.directory), bucket.key.rpartition("-")[0])
        except Exception:  # noqa: BLE001 - no cache to write to: the template is compiled next time too
            pass


def _options(env: jinja2.Environment) -> str:
    """What Jinja2's compiled code depends on besides the source."""
    autoescape = env.autoescape if isinstance(env.autoescape, bool) else "per-template"
    return repr((GENERATOR, jinja2.__version__, env.block_start_string, env.block_end_string,
                 env.variable_start_string, env.variable_end_string, env.comment_start_string,
                 env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
                 env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline,
                 sorted(env.extensions), env.optimized, env.is_async, env.finalize is not None,
                 getattr(env, "newstyle_gettext", None), autoescape, env.sandboxed,
                 env.code_generator_class.__qualname__))


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "._" else "_" for c in name)[:60]


def _refiled(code: types.CodeType, filename: str) -> types.CodeType:
    """`code` (and the functions it defines: blocks, macros) as compiled from `filename`."""
    consts = tuple(_refiled(c, filename) if isinstance(c, types.CodeType) else c for c in code.co_consts)
    return code.replace(co_filename=filename, co_consts=consts)


def _prune(where: Path, prefix: str) -> None:
    """Keep the `KEPT_PER_TEMPLATE` most recently written versions of one template."""
    versions: list[tuple[float, Path]] = []
    for path in where.glob(f"{prefix}-*.cache"):
        with contextlib.suppress(OSError):
            versions.append((path.stat().st_mtime, path))
    for _, path in sorted(versions, reverse=True)[KEPT_PER_TEMPLATE:]:
        with contextlib.suppress(OSError):
            path.unlink()


def new_cache() -> Any:
    """The cache for a new environment (None when even its folder's name cannot be known)."""
    try:
        return Cache()
    except Exception:  # noqa: BLE001 - e.g. no home directory: no cache
        return None

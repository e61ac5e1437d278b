"""`render.templatecache`: a template compiled once is loaded, from any folder, as the very code
a compile gives; an edit recompiles; a cache that cannot be read or written changes nothing."""
from __future__ import annotations

import shutil
from pathlib import Path

import jinja2
import pytest

from frspub.render import templatecache, templating

ROOT = Path(__file__).resolve().parents[2]
NAMES = ("print.html.j2", "edition.html.j2", "_front.html.j2", "_figures.j2", "_citations.j2", "_epub.j2",
         "site.html.j2", "review.html.j2")


@pytest.fixture
def compiles(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """The names Jinja2 compiles from source, with the cache in tmp_path."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    done: list[str] = []
    real = jinja2.Environment.compile

    def compile(self, source, name=None, filename=None, raw=False, defer_init=False):  # noqa: ANN001, ANN202
        if not raw:
            done.append(name)
        return real(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", compile)
    templating.environment.cache_clear()
    yield done
    templating.environment.cache_clear()


def copy(tmp_path: Path, name: str) -> Path:
    return Path(shutil.copytree(ROOT / "templates", tmp_path / name))


def test_loaded_from_another_folder_as_compiled_there(compiles: list[str], tmp_path: Path) -> None:
    first, second = copy(tmp_path, "a"), copy(tmp_path, "b")
    for name in NAMES:
        templating.environment(first, "fr").get_template(name)
    assert sorted(compiles) == sorted(NAMES)
    templating.environment.cache_clear()
    env = templating.environment(second, "fr")
    for name in NAMES:
        compiles.clear()
        template = env.get_template(name)
        assert compiles == [] and template.filename == str(second / name)  # loaded, said where it is
        source = (second / name).read_text(encoding="utf-8")
        fresh = env.compile(source, name, str(second / name))
        loaded = env.bytecode_cache.get_bucket(env, name, str(second / name), source).code
        assert loaded == fresh  # same instructions, constants, names, lines as a compile
        assert {c.co_filename for c in _codes(loaded)} == {str(second / name)}


def test_an_edited_template_compiles_again(compiles: list[str], tmp_path: Path) -> None:
    folder = copy(tmp_path, "a")
    templating.environment(folder, "fr").get_template("_citations.j2")
    (folder / "_citations.j2").write_text((folder / "_citations.j2").read_text() + "{# edited #}\n")
    templating.environment.cache_clear()
    compiles.clear()
    templating.environment(folder, "fr").get_template("_citations.j2")
    assert compiles == ["_citations.j2"]


def test_other_options_do_not_share_compiled_code(compiles: list[str], tmp_path: Path) -> None:
    folder = copy(tmp_path, "a")
    templating.environment(folder, "fr").get_template("print.html.j2")
    other = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), trim_blocks=False,
                               extensions=["jinja2.ext.i18n"], bytecode_cache=templatecache.Cache())
    compiles.clear()
    other.get_template("print.html.j2")
    assert compiles == ["print.html.j2"]


def test_a_corrupt_or_unwritable_cache_only_compiles(compiles: list[str], tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    folder = copy(tmp_path, "a")
    context = {"lang": "fr"}
    templating.environment(folder, "fr").get_template("_citations.j2")
    expected = templating.environment(folder, "fr").get_template("_citations.j2").module
    for kept in (tmp_path / "cache" / "frspub" / "jinja").glob("*.cache"):
        kept.write_bytes(kept.read_bytes()[:40])  # the header and half a checksum
    templating.environment.cache_clear()
    compiles.clear()
    assert dir(templating.environment(folder, "fr").get_template("_citations.j2").module) == dir(expected)
    assert compiles == ["_citations.j2"]
    (tmp_path / "file").write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "file"))  # a file: no folder can be made there
    templating.environment.cache_clear()
    compiles.clear()
    assert templating.render(folder, "_citations.j2", context) == templating.render(folder, "_citations.j2", context)
    assert compiles == ["_citations.j2"]  # compiled once (the environment keeps it), written nowhere


def _codes(code):  # noqa: ANN001, ANN202
    yield code
    for const in code.co_consts:
        if hasattr(const, "co_consts"):
            yield from _codes(const)

"""The Jinja2 environment of a project's `templates/` folder, per language."""
from __future__ import annotations

import functools
from pathlib import Path

import jinja2
from markupsafe import Markup

from frspub.render import templatecache
from frspub.translation import labels


@functools.cache
def environment(templates: Path, lang: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(["html", "xhtml", "j2"], default_for_string=True),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=templatecache.new_cache(),  # compiled once per template source, not per build
    )
    env.install_gettext_translations(labels.translations(templates, lang), newstyle=True)
    return env


def render(templates: Path, name: str, context: dict[str, object]) -> str:
    """Render template `name` in the language of `context["lang"]`."""
    try:
        return environment(templates, str(context["lang"])).get_template(name).render(**context)
    except jinja2.TemplateError as exc:
        from frspub.errors import RenderError

        line = getattr(exc, "lineno", 0) or 0
        where = getattr(exc, "filename", None) or str(templates / name)
        raise RenderError(f"template error: {exc}", where, line) from None


def stylesheet(templates: Path, name: str) -> Markup:
    """A stylesheet of `templates`, to inline in a page (pages load nothing from the network)."""
    path = templates / name
    try:
        return Markup(path.read_text(encoding="utf-8"))
    except OSError as exc:
        from frspub.errors import RenderError

        raise RenderError(f"cannot read the stylesheet: {exc.strerror}", path, 0) from None

"""PDF edition through WeasyPrint (A4): cover, inside cover, Sommaire with
dot leaders and real page numbers, numbered body pages, page-bottom footnotes
with fixed labels, bookmarks and PDF metadata.

Takes an `Edition` and its print page (`printed.Printed`, made by `render.printpage`); writes
``<slug>.pdf`` atomically.  The fonts are frspub's own stacks (`frspub.fonts`), given to
WeasyPrint as ``@font-face`` rules; `check_glyphs` refuses an edition with a character
that no font covers, naming the PO (or source) line where it occurs.  Nothing here makes
HTML (no Jinja, no fragments, no catalogs): the PDF's own process (`build.pdfside`) imports
this module, WeasyPrint and pikepdf only, while the edition's process makes the print page.
"""
from __future__ import annotations

import logging
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from frspub.errors import RenderError
from frspub.locale import SOURCE_LANG
from frspub.log import warn
from frspub.output import write_bytes
from frspub.render import (
    aki,
    closedfonts,
    decisions,
    facefetch,
    facework,
    floats,
    fonts,
    footnotes,
    glyphgate,
    jafill,
    layouts,
    pdftags,
    weasyload,
    weasysheet,
    yakumono,
)

if TYPE_CHECKING:
    from frspub.render import archival
    from frspub.render.printed import Printed
    from frspub.translation.edition import Edition


@dataclass
class Drawn:
    """A laid-out edition as WeasyPrint wrote it, before `finish` (plain data: it crosses
    from the PDF's own process to the edition's, `build.pdfside`)."""
    data: bytes
    artifacts: dict[int, set[int]]  # `pdftags.Tagged.artifacts`
    first_body: int  # the index of the page printed "1"
    tally: str  # the layouts made, for the log line


def write(ed: Edition, page: Printed, templates: Path, out: Path,
          memory: decisions.Memory | None = None) -> str:
    """Lay out and write the PDF; `memory`: the last build's layout decisions in, this
    build's out (`render.decisions`).  Returns the layouts made (`layouts.Tally`), said."""
    drawn = draw(ed, page, templates, out, memory)
    finish(ed, drawn, templates, out)
    return drawn.tally


def draw(ed: Edition, page: Printed, templates: Path, out: Path, memory: decisions.Memory | None = None) -> Drawn:
    """The edition laid out and written by WeasyPrint (tagged PDF/A-2u, not yet finished; `out`
    names it in messages).  Needs neither pikepdf nor `archival`: a PDF process beside the
    edition's (`build.pdfside`) warms up 0.1 s sooner without them, and the edition's process,
    idle by then, finishes."""
    weasyprint = weasyload.load()  # (first: its library search made quick)
    fonts.warn_if_slow()
    # WeasyPrint reports CSS it cannot use as warnings on its own logger; they are our bugs.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory(prefix="frspub-fonts-") as workdir:
        faces, helper = _faces(ed, page, Path(workdir))
        font_config = weasysheet.font_configuration()  # made while the process waited, if it did
        tally = layouts.Tally()
        try:
            css = weasyprint.CSS(string=faces, font_config=font_config, url_fetcher=facefetch.fetcher())

            def settle(text: str) -> tuple[Any, str]:
                return footnotes.settle(text, str(templates), tally, stylesheets=[css], font_config=font_config)

            def again(text: str) -> Any:  # the settled text: no footnote rounds
                tally.add()
                return weasyprint.HTML(string=text, base_url=str(templates)).render(stylesheets=[css],
                                                                                   font_config=font_config)

            doc = layouts.lay_out(page.text, settle, again, bool(page.aki), memory)
            tally.remade = doc.frs_remade
            warn_low_resolution(ed, doc)
            first_body = next((i for i, p in enumerate(doc.pages) if p._page_box.page_type.name == "body"), 0)
            # Tagged PDF/A-2u; pdftags and archival make it PDF/UA-1 as well.
            with pdftags.tagging() as tagged:
                data = doc.write_pdf(pdf_variant="pdf/a-2u", pdf_tags=True)
        except (OSError, ValueError) as exc:
            raise RenderError(f"WeasyPrint failed: {exc}", out, 0) from exc
        finally:
            if helper is not None:
                helper.reap()  # (ended after its last file, long since)
            # WeasyPrint removes its /tmp/weasyprint-* font folder only in __del__, which a
            # worker process that exits never runs: hundreds were left in /tmp.
            shutil.rmtree(getattr(font_config, "_folder", None) or workdir + "/none", ignore_errors=True)
    return Drawn(data, tagged.artifacts, first_body, str(tally))


def finish(ed: Edition, drawn: Drawn, templates: Path, out: Path) -> None:
    """The laid-out pages checked (every glyph id, spaces included: no .notdef, no system
    font), the PDF made archival (`render.archival`) and written at `out`."""
    if problems := glyphgate.laid_out_problems(drawn.data, ed, templates):
        raise RenderError(problems)
    from frspub.render import (
        archival,  # (the edition's process, which checks glyphs, never needs it: nor its urllib)
    )

    write_bytes(out, archival.finish(drawn.data, identity(ed), drawn.artifacts, str(out), drawn.first_body))


def _faces(ed: Edition, page: Printed, workdir: Path) -> tuple[str, facework.Helper | None]:
    """The edition's @font-face rules, their files made (on both cores where it can: `facework`),
    and the child that helped, to reap."""
    helper = facework.start(facework.files(page, ed.lang, workdir))
    try:
        faces = fonts.font_face_css(page.chars, ed.lang, workdir)
        faces += "\n" + aki.font_face_css(set(page.aki), workdir)
        faces += "\n" + jafill.step_faces(set(page.aki), workdir)  # re-set boxes find them
        faces += "\n" + yakumono.font_face_css(set(page.halt), workdir)
        faces += closedfonts.mono_css(page.text)
    except BaseException:
        if helper is not None:
            helper.reap()
        raise
    if helper is not None:
        helper.stop()
    return faces, helper


def identity(ed: Edition) -> archival.Identity:
    from frspub.note import ast
    from frspub.note import identity as ids
    from frspub.render import archival
    from frspub.translation.edition import summary

    fields, meta = ed.note.fields, ed.note.meta
    text = lambda name: ast.stringify(fields.get(name, [])).strip()  # noqa: E731
    source = ""
    if ed.lang != SOURCE_LANG:
        french = ast.stringify(ed.french.fields["title"]).strip()
        source = f"{french} ({SOURCE_LANG}, {ed.french.date.isoformat()}, version {ed.version})"
    return archival.Identity(text("title"), (str(meta["author"]),), summary(ed), ed.lang, text("publisher.name"),
                             text("copyright"), ed.note.date.isoformat(), ids.issn(meta, ed.lang),
                             ids.doi(meta, ed.lang), ed.translators if ed.lang != SOURCE_LANG else "", source)


MIN_DPI = 150  # under this, a raster image prints visibly blurred


def warn_low_resolution(ed: Edition, doc: object) -> None:
    for shown in floats.resolutions(doc):
        if shown.dpi < MIN_DPI and shown.figure in ed.images:
            path, line = ed.images[shown.figure]
            warn(ed.french.display, line, f"{path} prints at {shown.dpi:.0f} dpi ({shown.pixels} pixels over "
                 f"{shown.inches * 25.4:.0f} mm), under {MIN_DPI} dpi: it will look blurred on paper (give a "
                 "larger image, or a smaller width=)")


def check_glyphs(ed: Edition, page: Printed, templates: Path) -> None:
    """Raise RenderError if a printed character is in none of the edition's fonts."""
    bad = fonts.missing(page.chars, ed.lang)
    if bad:
        raise RenderError(glyphgate.glyph_problems({c: glyphgate.locate(c, ed, templates) for c in bad}, ed.lang,
                                                   fonts.names(ed.lang)))

"""Stage 3, rendering: one edition to PDF, HTML and EPUB.

Takes a `translation.edition.Edition` (plain data: the translated tree and metadata) and
the templates; returns the bytes of each format, written atomically to the
path the caller gives.  Renderers are pure functions of their inputs.

`figures` numbers captions and embeds images, `fragments` turns an edition into
HTML pieces (one pandoc run), `context` gathers what templates need,
`templating` holds the Jinja2 environment (StrictUndefined).  `pdf` prints with
WeasyPrint, helped by `fonts` (choice, glyph check, subsetting), `footnotes`,
`floats`, `lastpage` (with `weasylastpage`, inside the layout), `hyphenation`, `aki` and
`justify` (layout), then
`cidfonts`, `pdftags` and `archival` (PDF/A-2u and PDF/UA-1); `html` writes the
web edition, `epub` and `epubmeta` the EPUB 3.
"""

"""Stage 1, the note: reading one canonical French note.

Takes ``source/fr/<slug>.md`` (a YAML block, then pandoc Markdown) and the
files it shows; returns a checked `model.Note`: metadata with their lines, the
body and footnotes as pandoc JSON with labels fixed from the French order,
numbered figures and tables with checked images.  What a note may not carry is
refused here, at its line (`safety`).  Nothing here knows about languages other
than French, catalogs or output formats.

`source` reads (with `model`, the data it fills; `frontmatter` merges the YAML
blocks, `rawhtml` turns the safe raw HTML into nodes, `headings` checks and levels
the headings), `figures` numbers figures and
tables, `images` checks image files, `safety` holds the publishing rules,
`identity` the ISSN/DOI, `contact` the publisher's contact data, `ast` and
`pandoc` the pandoc JSON and the pandoc runs.
"""

"""Stage 4: render an `Edition` to PDF (`pdf`), HTML (`html`) and EPUB (`epub`).

`fragments` turns an edition into HTML pieces (one pandoc run), `context`
gathers what templates need, `templating` holds the Jinja2 environment.
"""

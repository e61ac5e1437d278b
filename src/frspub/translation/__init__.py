"""Stage 2, translation: catalogs and everything translators touch.

Takes a read `Note`; returns its translation units and catalogs, and each
language's `translation.edition.Edition`: a copy of the French tree with every segment
translated (or kept in French, marked, when a translation is missing or fuzzy)
and the language's conventions applied.

`segments` cuts a note into units; `catalog` reads and writes PO files
(`pofile`: gettext's layout), `update` merges the template into them with the
translation `memory`, `progress` counts them, `audit` and `checks` check them;
`labels` reads the template labels' catalogs; `xliff` and `tmx` exchange
catalogs with CAT tools; `translate` applies a catalog, `typography` and
`callplace` apply each language's spacing, quotes and note-call places.
"""

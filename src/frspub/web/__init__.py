"""Stage 4, the web: what is published around the editions.

Takes the notes and the editions present in ``build/``; returns the site pages
(`site`: the download page per language), the Atom feed and the sitemap
(`feeds`), and the translators' side-by-side review pages (`review`).
"""

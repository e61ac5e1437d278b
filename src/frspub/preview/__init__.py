"""Stage 6, the preview: an author's live view while writing.

Takes a project folder; returns nothing while it runs: `serve` watches
``source/`` and ``templates/``, runs the incremental build on every save and
serves ``build/`` on 127.0.0.1, and `reload` tells open pages to reload when
their file is rewritten (server-sent events).
"""

"""The print faces' files handed to WeasyPrint straight from disk: the ``url_fetcher`` of the
PDF's ``@font-face`` sheet (`render.pdf`).

WeasyPrint 70 registers each ``@font-face`` rule (``text/fonts.py: add_font_face``) by
fetching its ``file://`` URL through urllib (a Request, the handler chain, ``FileHandler``'s
stat, date, MIME guess and e-mail headers, then a ``URLFetcherResponse`` whose headers import
``email.policy``): 0.06 s of the 0.2 s a Japanese edition's 50 faces took.  ``add_font_face``
only reads the response's bytes (``response.read()``), which it copies to its own folder for
fontconfig.  So a ``file:///`` URL is answered here with the file's bytes, read at once:
fontconfig gets the same files (tests/render/test_facework.py compares the bytes with
WeasyPrint's own fetcher's; the sample and the corpus compared with the code before it).
Any other URL (a query, another scheme) goes to WeasyPrint's fetcher, as before; a file that
cannot be read raises as urllib's would (WeasyPrint then warns that the face cannot be loaded).
This is WeasyPrint's public ``URLFetcher`` interface, no patch.
"""
from __future__ import annotations

import functools
import io
import os
from typing import Any
from urllib.parse import unquote_to_bytes

PREFIX = "file:///"


def local(url: str) -> str | None:
    """The path of a plain ``file:///`` URL as `pathlib.Path.as_uri` writes it (None otherwise)."""
    if not url.startswith(PREFIX) or "?" in url or "#" in url:
        return None
    return os.fsdecode(unquote_to_bytes(url[len("file://"):]))


def fetcher() -> Any:
    """A WeasyPrint ``URLFetcher`` that reads plain ``file:///`` URLs itself."""
    return _fetcher_class()()


@functools.cache
def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class FaceFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            path = local(url)
            if path is None:
                return super().fetch(url, headers)
            with open(path, "rb") as f:
                return FileResponse(url, f.read())

    class FileResponse(URLFetcherResponse):
        """The bytes of a file (every method WeasyPrint calls is this class's own); its headers,
        which add_font_face never reads, made only if asked."""

        def __init__(self, url: str, data: bytes) -> None:  # (not the base's: its headers import email.policy)
            self.url, self.status, self._body = url, 200, io.BytesIO(data)

        @property
        def headers(self) -> Any:
            from email.message import EmailMessage

            return EmailMessage()

        def read(self, *args: Any, **kwargs: Any) -> bytes:
            return self._body.read(*args, **kwargs)

        def close(self) -> None:
            self._body.close()

    return FaceFetcher

"""The media kit as a one-page A4 PDF, drawn on the server by WeasyPrint from the page's HTML.

WeasyPrint fetches nothing from the network or the disk: the stylesheet is handed to it from the
static files and the photo is inlined by the view (a data: URI), so nothing a creator typed can
make the server request anything.
"""

from __future__ import annotations

import hashlib

from django.contrib.staticfiles import finders
from django.core.cache import caches

STYLESHEETS = ("css/media_kit.css",)
# Drawing a PDF takes ~1 s of CPU: the same page (same HTML) is drawn once a day at most, so a
# link shared with many brands, or reloaded, does not draw it again. Any change to the kit
# changes the HTML, hence the key.
CACHE_SECONDS = 24 * 60 * 60


def html_to_pdf(html: str) -> bytes:
    key = "media-kit-pdf:" + hashlib.sha256(html.encode()).hexdigest()
    cache = caches["default"]
    pdf = cache.get(key)
    if pdf is None:
        pdf = _render(html)
        cache.set(key, pdf, CACHE_SECONDS)
    return pdf


def _render(html: str) -> bytes:
    import weasyprint  # loads Pango: only when a PDF is asked for
    from weasyprint.urls import URLFetcher

    class InlineOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith("data:"):
                raise ValueError("the media kit's PDF fetches nothing")
            return super().fetch(url, headers)

    stylesheets = [weasyprint.CSS(filename=finders.find(name)) for name in STYLESHEETS]
    document = weasyprint.HTML(
        string=html, base_url="about:blank", url_fetcher=InlineOnly(fail_on_errors=False)
    )
    return document.write_pdf(stylesheets=stylesheets)

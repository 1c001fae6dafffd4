"""PDFs of pages (a decision, for the record), drawn by WeasyPrint from the page's own HTML with
its print stylesheet. Chinese and Russian need fonts on the server: fonts-noto-cjk (`.ci/run`;
`make install` names it when missing) and DejaVu; the page's font stack names them."""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from typing import Any

BASE_URL = "http://cica.invalid/"  # never fetched: the fetcher serves the package's own files
STATIC_PREFIX = f"{BASE_URL}static/"
_TYPES = {".css": "text/css", ".svg": "image/svg+xml", ".js": "text/javascript"}


@lru_cache(maxsize=1)
def _fetcher() -> Any:
    # Imported here: WeasyPrint loads Pango when imported, which only PDFs need.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    static = files("cica.core") / "static"

    class PackageFiles(URLFetcher):  # type: ignore[misc]
        """Only the package's static files (and data: URLs): making a PDF never touches the network."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):  # inside the document itself (a figure's raster): no fetch
                return super().fetch(url, headers)
            if url.startswith(STATIC_PREFIX):
                name = url.removeprefix(STATIC_PREFIX).split("?")[0]
                asset = static.joinpath(*name.split("/"))
                if ".." not in name and asset.is_file():
                    kind = next(
                        (t for suffix, t in _TYPES.items() if name.endswith(suffix)),
                        "application/octet-stream",
                    )
                    return URLFetcherResponse(url, asset.read_bytes(), {"Content-Type": kind})
            raise ValueError(f"{url}: a PDF uses only the package's static files")

    return PackageFiles()


def pdf_of(html: str) -> bytes:
    from weasyprint import HTML

    document: bytes = HTML(string=html, base_url=BASE_URL, url_fetcher=_fetcher()).write_pdf()
    return document

"""The vendored libraries' gzip twins, which WhiteNoise serves to browsers that accept gzip."""

from __future__ import annotations

import gzip
import os

from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from whitenoise.middleware import WhiteNoiseMiddleware

from electrolytes.management.commands.compress_vendor import VENDOR, compress_vendor


def test_twins_hold_the_same_bytes_and_are_rewritten_only_when_stale(tmp_path):
    library = tmp_path / "lib.js"
    library.write_text("var answer = 42;\n" * 500)
    assert compress_vendor(tmp_path) == [tmp_path / "lib.js.gz"]
    assert gzip.decompress((tmp_path / "lib.js.gz").read_bytes()) == library.read_bytes()
    assert compress_vendor(tmp_path) == []  # up to date
    later = (tmp_path / "lib.js.gz").stat().st_mtime + 10
    os.utime(library, (later, later))
    assert compress_vendor(tmp_path) == [tmp_path / "lib.js.gz"]


def test_development_server_sends_plotly_gzipped_and_cacheable():
    compress_vendor(VENDOR)
    # The middleware as the development server builds it (DEBUG: files found in place, not collected).
    with override_settings(DEBUG=True):
        middleware = WhiteNoiseMiddleware(lambda request: HttpResponse(status=404))
    request = RequestFactory().get("/static/vendor/plotly-basic.min.js", HTTP_ACCEPT_ENCODING="gzip, br")
    response = middleware(request)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert len(body) < (VENDOR / "plotly-basic.min.js").stat().st_size / 2
    assert gzip.decompress(body) == (VENDOR / "plotly-basic.min.js").read_bytes()
    assert response["Cache-Control"] == f"max-age={settings.WHITENOISE_MAX_AGE}, public"
    assert response["Vary"] == "Accept-Encoding"

"""The Content-Security-Policy header (django-csp) on every kind of response, with its nonce."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest

from electrolytes.models import Material
from tests.web.data import add_fit

PLOTLY_TEXT_STYLES = [
    "font-size:70%",
    "text-decoration:line-through",
    "text-decoration:underline",
    "font-weight:bold",
    "font-style:italic",
    "cursor:pointer",
    "font-style:italic;font-weight:bold",
]


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parsed = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@pytest.mark.parametrize("path", ["/", "/materials/", "/references/", "/admin/login/", "/api/v1/materials/"])
def test_the_policy_allows_this_site_only(knowledge, client, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["font-src"] == policy["connect-src"] == ["'self'"]
    # Scripts and style blocks: files from this site, or carrying this response's nonce; nothing else.
    for name in ("script-src", "style-src"):
        assert policy[name][0] == "'self'"
        assert all(re.fullmatch(r"'nonce-[A-Za-z0-9+/=]{24}'", extra) for extra in policy[name][1:]), policy[name]
    assert policy["style-src-attr"] == ["'unsafe-hashes'", *(sha256(style) for style in PLOTLY_TEXT_STYLES)]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert "worker-src" not in policy


def test_a_chart_page_carries_the_nonce_of_its_header(knowledge, client):
    material = Material.objects.published().filter(electrolyte_class__slug="sulfide").order_by("slug").first()
    add_fit(material)
    response = client.get(material.get_absolute_url())
    nonce = directives(response)["style-src"][1].removeprefix("'nonce-").removesuffix("'")
    body = response.content.decode()
    assert f'<style id="plotly.js-style-global" nonce="{nonce}"></style>' in body
    # No inline script at all: every <script> has a src, or is JSON data (json_script).
    for tag in re.findall(r"<script\b[^>]*>", body):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert " style=" not in body
    # A new response, a new nonce.
    assert directives(client.get(material.get_absolute_url()))["style-src"][1] != f"'nonce-{nonce}'"


def test_the_list_page_has_no_inline_style_or_script(knowledge, client):
    body = client.get("/materials/").content.decode()
    assert " style=" not in body
    assert 'class="element pt-r2 pt-c1" data-symbol="Li"' in body
    assert all("src=" in tag or "application/json" in tag for tag in re.findall(r"<script\b[^>]*>", body))


def test_api_documentation_pages_use_the_nonce(db, client):
    swagger = client.get("/api/v1/docs/")
    nonce = directives(swagger)["script-src"][1]
    body = swagger.content.decode()
    assert f'<script nonce="{nonce[7:-1]}">' in body
    assert f'<style nonce="{nonce[7:-1]}">' in body

    redoc = client.get("/api/v1/redoc/")
    policy = directives(redoc)
    body = redoc.content.decode()
    assert policy["worker-src"] == ["'self'", "blob:"]  # ReDoc's search worker, this page only
    assert f'<script src="/static/js/redoc-init.js" nonce="{policy["script-src"][1][7:-1]}"></script>' in body
    assert "fonts.googleapis.com" not in body and "https://" not in body


def test_error_pages_carry_the_policy(db, client):
    response = client.get("/materials/no-such-material/")
    assert response.status_code == 404
    assert directives(response)["default-src"] == ["'self'"]

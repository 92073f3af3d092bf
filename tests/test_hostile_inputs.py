"""No server error on any input: every list endpoint and page, every parameter, a table of hostile values.

Nothing here is a hand list of endpoints or parameters. The REST API's operations and their query
parameters come from its OpenAPI schema; the pages come from the URL conf, and each page's parameters
from the form fields and links it renders; the OPTIMADE endpoints and the properties a filter can
name come from its entry types. A new endpoint, page, filter or property is walked without touching
this file.
"""

from __future__ import annotations

import traceback
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.authtoken.models import Token

from api.optimade.entries import ENTRY_TYPES
from api.optimade.fields import FLOAT, INTEGER, STRING, TIMESTAMP
from tests import factories

pytestmark = pytest.mark.django_db

HOSTILE = [
    "\x00",
    "%",
    "\\",
    "'",
    '"',
    "x" * 10_000,
    "9" * 400,
    "-1",
    "-9223372036854775809",
    "9223372036854775808",
    "1e999",
    "nan",
    "Li1e309",
    "ünï©ødé ☃ 𝔘 \u202e",
    " ",
]
# Every page skipped: the admin has its own tests and permission checks; the API and OPTIMADE are
# walked from their schema and entry types below.
# The admin, the API and OPTIMADE are walked from their own schemas; account/ is a curator's own token page
# (forms that POST, no search parameters).
SKIPPED_PREFIXES = ("admin/", "api/", "optimade/", "account/")
NO_THROTTLING = {"DEFAULT_THROTTLE_RATES": {"anon": None, "user": None}}


class _Fields(HTMLParser):
    """Names of a page's form fields (and of those marked invalid), and the query keys of its links
    back to itself."""

    def __init__(self, path: str):
        super().__init__()
        self.path = path
        self.names: set[str] = set()
        self.invalid: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("input", "select", "textarea") and attributes.get("name"):
            self.names.add(attributes["name"])
            if attributes.get("aria-invalid") == "true":
                self.invalid.add(attributes["name"])
        if tag == "a" and (attributes.get("href") or "").startswith("#f-"):  # the error summary's links
            self.invalid.add(attributes["href"].removeprefix("#f-"))
        elif tag == "a" and attributes.get("href"):
            link = urlsplit(attributes["href"])
            if link.path in ("", self.path):
                self.names.update(name for name, _ in parse_qsl(link.query, keep_blank_values=True))


def _patterns(resolver=None, prefix: str = ""):
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route


def _pages() -> tuple[list[str], list[str]]:
    """(list pages, detail page templates with one {} for the slug) from the URL conf."""
    lists, details = [], []
    for route in _patterns():
        if route.startswith(SKIPPED_PREFIXES) or route.startswith("^"):
            continue
        if "<" in route:
            head, _, tail = route.partition("<")
            details.append("/" + head + "{}" + tail.partition(">")[2])
        else:
            lists.append("/" + route)
    return lists, details


def _call(client: Client, url: str, failures: list[str], **headers):
    """The response, or None after recording a server error (or an error body of the wrong shape)."""
    try:
        response = client.get(url, **headers)
    except Exception:  # the test client re-raises the view's exception: that is the 500
        failures.append(f"{url[:300]}\n{traceback.format_exc(limit=-3)}")
        return None
    if url.startswith("/optimade/"):
        # 501 (not implemented) and 553 (version) are OPTIMADE answers, in its error document.
        if (response.status_code >= 400 and not response.json().get("errors")) or response.status_code == 500:
            failures.append(f"{url[:300]} -> {response.status_code}: {response.content[:300]!r}")
            return None
    elif response.status_code >= 500:
        failures.append(f"{url[:300]} -> {response.status_code}")
        return None
    elif url.startswith("/api/") and response.status_code >= 400:
        body = response.json()
        if set(body) != {"error"} or set(body["error"]) != {"status", "code", "message", "fields"}:
            failures.append(f"{url[:300]} -> {response.status_code} not in the API's error shape: {body}")
    return response


def _rejected(response, path: str) -> set[str]:
    """The parameters a 400 names: the API's error fields, a page's invalid fields, a CSV's lines."""
    content_type = response["Content-Type"]
    if content_type.startswith("application/json"):
        return set(response.json().get("error", {}).get("fields", {}))
    text = response.content.decode()
    if content_type.startswith("text/html"):
        fields = _Fields(path)
        fields.feed(text)
        return fields.invalid
    return {line.partition(":")[0] for line in text.splitlines()}


def _walk(client: Client, base: str, names, failures: list[str], **headers) -> int:
    """Every parameter set to each hostile value at once; the ones a 400 names are dropped and the
    rest sent again, until the request is answered, so that a value one parameter accepts reaches the
    query even when another refuses it. Where a 400 names no parameter, each is sent alone."""
    sent = 0
    for value in HOSTILE:
        remaining = sorted(names)
        while remaining:
            response = _call(client, f"{base}?{urlencode(dict.fromkeys(remaining, value))}", failures, **headers)
            sent += 1
            if response is None or response.status_code != 400:
                break
            rejected = _rejected(response, base) & set(remaining)
            if not rejected:
                for name in remaining:
                    _call(client, f"{base}?{urlencode({name: value})}", failures, **headers)
                    sent += 1
                break
            remaining = [name for name in remaining if name not in rejected]
    return sent


@pytest.fixture
def personas(properties, curator):
    """A small knowledge base (a class, a family, a published material, a draft, a mixture, values
    with references), an anonymous client and a curator's token: what each sees differs."""
    kamaya = factories.reference("kamaya2011", title="A lithium superionic conductor", doi="10.1038/nmat3066")
    lgps = factories.material("LGPS", "Li10GeP2S12", family_slug="lgps", slug="lgps")
    draft = factories.material("LPSBr", "Li6PS5Br", family_slug="argyrodite", slug="lpsbr", status="draft")
    peo = factories.material("PEO-LiTFSI", electrolyte_class_slug="polymer", kind="mixture", slug="peo")
    factories.measurement(lgps, "ionic_conductivity", 12, "mS/cm", temperature=298, ref=kamaya)
    factories.measurement(lgps, "activation_energy", 0.25, "eV", ref=kamaya)
    factories.measurement(draft, "ionic_conductivity", 3, "mS/cm", temperature=298, ref=kamaya)
    factories.measurement(peo, "ionic_conductivity", 1e-5, "S/cm", temperature=298, ref=kamaya)
    return {"anonymous": {}, "curator": {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=curator).key}"}}


@override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, **NO_THROTTLING})
def _operations(client: Client, **headers) -> dict[str, tuple[list[str], list[str]]]:
    """{path: (query parameters, path parameters)} of every GET in the schema this persona is served."""
    schema = client.get("/api/v1/schema/?format=json", **headers).json()
    found = {}
    for path, operations in schema["paths"].items():
        parameters = operations.get("get", {}).get("parameters")
        if parameters is not None:
            found[path] = (
                [p["name"] for p in parameters if p["in"] == "query"],
                [p["name"] for p in parameters if p["in"] == "path"],
            )
    return found


def _differs(client: Client, url: str, headers: dict) -> bool:
    """Whether the curator is served something else than an anonymous reader (drafts, more parameters)."""
    return client.get(url).getvalue() != client.get(url, **headers).getvalue()


@override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, **NO_THROTTLING})
def test_no_api_list_or_detail_gives_a_server_error(personas, client):
    failures: list[str] = []
    lists = details = sent = 0
    anonymous = _operations(client)
    curator = _operations(client, **personas["curator"])
    assert "status" in curator["/api/v1/materials/"][0] and "status" not in anonymous["/api/v1/materials/"][0]
    for path, (query, in_path) in anonymous.items():
        if in_path:  # a record's lookup is the same code for everyone
            details += 1
            for value in HOSTILE:
                _call(client, path.replace("{" + in_path[0] + "}", quote(value, safe="")), failures)
                sent += 1
            continue
        lists += 1
        sent += _walk(client, path, query, failures)
        # The curator again where the schema or the records served differ.
        if curator[path][0] != query or _differs(client, path, personas["curator"]):
            lists += 1
            sent += _walk(client, path, curator[path][0], failures, **personas["curator"])
    assert lists >= 9 + 2 and details >= 9, (lists, details)
    assert not failures, f"{len(failures)} of {sent} requests failed:\n" + "\n".join(failures[:20])


def test_no_page_gives_a_server_error(personas, curator_client, client):
    lists, details = _pages()
    assert "/materials/" in lists and "/materials.csv" in lists and "/materials/{}/" in details
    # Pages share the API's parsers (the material list takes every material search parameter, not only
    # those its form shows): each page also gets every parameter of the API's lists.
    api_names = {name for query, in_path in _operations(curator_client).values() if not in_path for name in query}
    failures: list[str] = []
    sent = walked = 0
    for page in lists:
        for persona in (client, curator_client):
            response = persona.get(page)
            assert response.status_code == 200, page
            if persona is curator_client and response.getvalue() == client.get(page).getvalue():
                continue  # the curator is shown what everyone is: walked once is enough
            walked += 1
            # A CSV (materials.csv) takes the parameters of the page of the same name (/materials/).
            html_page = page.removesuffix(".csv") + "/" if page.endswith(".csv") else page
            fields = _Fields(html_page)
            fields.feed(persona.get(html_page).content.decode())
            sent += _walk(persona, page, fields.names | {"page"} | api_names, failures)
    for template in details:
        for value in HOSTILE:
            _call(client, template.format(quote(value, safe="")), failures)
            sent += 1
    assert walked > len(lists), "the curator's material list (with drafts) is walked too"
    assert not failures, f"{len(failures)} of {sent} requests failed:\n" + "\n".join(failures[:20])


def _literal(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _comparisons(name: str, kind: str, value: str) -> list[str]:
    """Filters comparing property ``name`` with ``value`` the ways its type allows."""
    if kind == STRING:
        return [f"{name} = {_literal(value)}", f"{name} CONTAINS {_literal(value)}"]
    if kind in (INTEGER, FLOAT):
        return [f"{name} > {value}", f"{name} = {_literal(value)}"]
    if kind == TIMESTAMP:
        return [f"{name} > {_literal(value)}"]
    return [f"{name} HAS {_literal(value)}", f"{name} LENGTH {value}"]


def _one_property_per_kind(properties: dict) -> dict:
    """The first property of each kind (type, item type, how it is stored): the transformer has one code
    path per kind, and walking one of each keeps the test fast."""
    kinds: dict[tuple, tuple] = {}
    for name, prop in properties.items():
        kinds.setdefault(
            (prop.type, getattr(prop, "item_type", None), prop.backend, prop.constant is None), (name, prop)
        )
    return dict(kinds.values())


def test_no_optimade_request_gives_a_server_error(personas, client):
    failures: list[str] = []
    sent = 0
    parameters = ["filter", "page_limit", "page_offset", "sort", "response_fields", "include", "api_hint"]
    for name, entry in ENTRY_TYPES.items():
        base = f"/optimade/v1/{name}"
        sent += _walk(client, base, parameters, failures)
        for value in [*HOSTILE, "2024-13-01T00:00:00Z"]:
            _call(client, f"{base}/{quote(value, safe='')}", failures)
            sent += 1
            for prop_name, prop in _one_property_per_kind(entry.properties).items():
                for text in _comparisons(prop_name, prop.type, value):
                    _call(client, f"{base}?{urlencode({'filter': text})}", failures)
                    sent += 1
    assert not failures, f"{len(failures)} of {sent} requests failed:\n" + "\n".join(failures[:20])

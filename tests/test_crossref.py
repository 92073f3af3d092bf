"""The Crossref filler against a local HTTP server serving recorded Crossref answers (no outside host)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from electrolytes import crossref
from electrolytes.importers.engine import placeholder_title
from electrolytes.models import PropertyHeadline, PublicationStatus, Reference
from tests import factories

pytestmark = pytest.mark.django_db
RECORDED = Path(__file__).resolve().parent / "data" / "crossref"
KAMAYA, MURUGAN, MISSING = "10.1038/nmat3066", "10.1002/anie.200701144", "10.9999/no-such-paper"


class RecordedCrossref(BaseHTTPRequestHandler):
    """GET /works/<doi> answers with tests/data/crossref/<doi with / as _>.json; after ``allow`` answers, 429."""

    def do_GET(self):
        server = self.server
        server.requests.append(self.path)
        name = "rate-limited" if server.allow is not None and len(server.requests) > server.allow else None
        if name is None:
            doi = self.path.split("?")[0].removeprefix("/works/")
            name = doi.replace("/", "_")
        path = RECORDED / f"{name}.json"
        recorded = (
            json.loads(path.read_text())
            if path.exists()
            else json.loads((RECORDED / "10.9999_no-such-paper.json").read_text())
        )
        body = recorded["body"]
        data = json.dumps(body).encode() if isinstance(body, dict) else body.encode()
        self.send_response(recorded["status"])
        for header, value in recorded["headers"].items():
            self.send_header(header, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture
def server(settings):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), RecordedCrossref)
    httpd.requests, httpd.allow = [], None
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    settings.CROSSREF_BASE_URL = f"http://127.0.0.1:{httpd.server_address[1]}"
    settings.CROSSREF_MIN_INTERVAL_S = 0
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def placeholder(key: str, doi: str, **fields) -> Reference:
    return Reference.objects.create(key=key, doi=doi, title=fields.pop("title", placeholder_title(doi)), **fields)


def test_placeholders_are_filled_and_curator_fields_kept(server):
    placeholder("doi-10-1038-nmat3066", KAMAYA)
    placeholder("murugan", MURUGAN, title="Garnet LLZO (curator's title)", notes="checked by hand")
    report = crossref.fill_references(crossref.pending_references())
    assert (report.filled, report.not_found, report.failed, report.rate_limited) == (
        ["doi-10-1038-nmat3066", "murugan"], [], {}, False
    )  # fmt: skip
    kamaya = Reference.objects.get(doi=KAMAYA)
    assert (kamaya.title, kamaya.journal, kamaya.year, kamaya.volume, kamaya.pages) == (
        "A lithium superionic conductor", "Nature Materials", 2011, "10", "682-686"
    )  # fmt: skip
    assert kamaya.authors[:2] == ["Kamaya, Noriaki", "Homma, Kenji"] and len(kamaya.authors) == 11
    murugan = Reference.objects.get(doi=MURUGAN)
    assert murugan.title == "Garnet LLZO (curator's title)"  # a curator's field is never overwritten
    assert (murugan.authors, murugan.journal, murugan.year, murugan.volume, murugan.pages) == (
        ["Murugan, Ramaswamy", "Thangadurai, Venkataraman", "Weppner, Werner"],
        "Angewandte Chemie International Edition", 2007, "46", "7778-7781",
    )  # fmt: skip
    assert sorted(server.requests) == sorted([f"/works/{KAMAYA}", f"/works/{MURUGAN}"])
    assert not crossref.pending_references().exists()
    assert crossref.fill_references(crossref.pending_references()).summary() == (
        "0 filled, 0 unchanged, 0 not in Crossref, 0 failed."
    )


def test_filling_a_reference_relabels_the_headlines_it_is_a_source_of(server, properties):
    # A stored headline names its sources by citation: "metadata pending" until Crossref fills the paper in.
    ref = placeholder("doi-10-1038-nmat3066", KAMAYA)
    lgps = factories.material("LGPS", "Li10GeP2S12")
    factories.measurement(lgps, "ionic_conductivity", 12, "mS/cm", temperature=298, ref=ref)
    headline = PropertyHeadline.objects.filter(material=lgps, property__key="ionic_conductivity")
    assert [s["source"] for s in headline.get().sources] == [f"doi:{KAMAYA} (metadata pending)"]
    assert crossref.fill_references(crossref.pending_references()).filled == [ref.key]
    assert [s["source"] for s in headline.get().sources] == ["Kamaya et al. (2011)"]


def test_a_doi_crossref_does_not_know_is_noted_and_not_asked_again(server):
    placeholder("missing", MISSING)
    report = crossref.fill_references(crossref.pending_references())
    assert report.not_found == ["missing"]
    missing = Reference.objects.get(key="missing")
    assert missing.title == placeholder_title(MISSING)
    assert crossref.NOT_FOUND_NOTE in missing.notes
    assert not crossref.pending_references().exists()
    assert server.requests == [f"/works/{MISSING}"]


def test_a_rate_limit_stops_the_command_and_a_second_run_resumes(server):
    placeholder("a-kamaya", KAMAYA)
    placeholder("b-murugan", MURUGAN)
    server.allow = 1  # the second request gets 429 Too Many Requests, Retry-After: 2
    out = StringIO()
    with pytest.raises(CommandError, match=r"^Stopped by Crossref's rate limit \(HTTP 429\); run the command"):
        call_command("fill_references", stdout=out)
    assert (
        "Crossref: 1 filled, 0 unchanged, 0 not in Crossref, 0 failed; stopped: Crossref rate limit " in out.getvalue()
    )
    assert "(retry after 2 s), 1 left: run again to resume." in out.getvalue()
    assert Reference.objects.get(key="a-kamaya").year == 2011
    assert Reference.objects.get(key="b-murugan").authors == []
    server.allow, server.requests = None, []
    call_command("fill_references", stdout=StringIO())
    assert server.requests == [f"/works/{MURUGAN}"]  # only what was left
    assert Reference.objects.get(key="b-murugan").year == 2007


def test_requests_are_spaced_by_the_minimum_interval(server):
    placeholder("a-kamaya", KAMAYA)
    placeholder("b-murugan", MURUGAN)
    waits = []
    crossref.fill_references(crossref.pending_references(), min_interval_s=5.0, sleep=waits.append)
    assert len(waits) == 1 and 4.0 < waits[0] <= 5.0


def test_command_names_unknown_keys(server):
    with pytest.raises(CommandError, match=r"^No reference with a DOI under key\(s\): nope\.$"):
        call_command("fill_references", "nope")


def test_admin_action_fills_the_selected_references(server, curator_client):
    ref = placeholder("doi-10-1038-nmat3066", KAMAYA)
    response = curator_client.post(
        "/admin/electrolytes/reference/",
        {"action": "fill_from_crossref", "_selected_action": [ref.pk]},
        follow=True,
    )
    assert "Crossref: 1 filled, 0 unchanged, 0 not in Crossref, 0 failed." in response.content.decode()
    assert Reference.objects.get(pk=ref.pk).title == "A lithium superionic conductor"


def test_a_placeholder_shows_its_doi_as_a_link_and_says_metadata_pending(client):
    # Published by a curator, so its page is public (references cited by nothing published are not).
    ref = placeholder("doi-10-1038-nmat3066", KAMAYA, status=PublicationStatus.PUBLISHED)
    assert str(ref) == "doi:10.1038/nmat3066 (metadata pending)"
    page = client.get("/references/doi-10-1038-nmat3066/").content.decode()
    assert '<h1><a href="https://doi.org/10.1038/nmat3066" rel="noopener">doi:10.1038/nmat3066</a></h1>' in page
    assert "Metadata pending: this paper is known by its DOI only" in page
    assert "Paper with DOI" not in page
    listing = client.get("/references/").content.decode()
    assert '<a href="https://doi.org/10.1038/nmat3066" rel="noopener">doi:10.1038/nmat3066</a> · ' in listing
    assert ">doi-10-1038-nmat3066<" not in listing  # the generated key is never shown as its name

"""The material read shape built by api.serializers.FastReadMixin is byte for byte DRF's own: every list,
CSV and field selection below is asked twice, once on the fast path and once with DRF's to_representation,
on the curated fixtures (mixtures with host polymers and salts, headlines, drafts for a curator)."""

from __future__ import annotations

import pytest
from rest_framework import serializers
from rest_framework.request import Request

from api.serializers import FastReadMixin, MaterialDetailSerializer, MaterialSerializer
from electrolytes.models import Material

URLS = [
    "/api/v1/materials/?page_size=500",
    "/api/v1/materials/?page_size=7&page=3",
    "/api/v1/materials/?page_size=500&format=json",
    "/api/v1/materials/?format=csv",
    "/api/v1/materials/?page_size=500&fields=url,slug,headline,eo_li,created_at,polymer_mw",
    "/api/v1/materials/?page_size=500&fields=ionic_conductivity,elements,icsd_ids&format=csv",
    "/api/v1/materials/?page_size=500&temperature_min=340&temperature_max=360&ordering=-conductivity",
    "/api/v1/materials/?page_size=500&q=LLZO",
    "/api/v1/materials/?page_size=500&kind=mixture&ordering=name",
    "/api/v1/materials/?page_size=100&ionic_conductivity_min=1e-4",
]


def drf_representation(self, instance):
    return super(FastReadMixin, self).to_representation(instance)


def _bodies(client, monkeypatch, url: str) -> tuple[bytes, bytes, int]:
    """(fast body, DRF body, how many records the fast path left to DRF)."""
    fallbacks = []
    original = serializers.ModelSerializer.to_representation

    def counting(self, instance):
        fallbacks.append(instance)
        return original(self, instance)

    with monkeypatch.context() as patch:
        patch.setattr(serializers.ModelSerializer, "to_representation", counting)
        fast = client.get(url)
    with monkeypatch.context() as patch:
        patch.setattr(FastReadMixin, "to_representation", drf_representation)
        slow = client.get(url)
    assert fast.status_code == slow.status_code == 200, (url, fast.content[:300])
    assert {k: v for k, v in fast.items() if k != "ETag"} == {k: v for k, v in slow.items() if k != "ETag"}
    join = b"".join
    return (
        join(fast.streaming_content) if fast.streaming else fast.content,
        join(slow.streaming_content) if slow.streaming else slow.content,
        len(fallbacks),
    )


@pytest.mark.parametrize("url", URLS)
def test_fast_material_lists_are_drf_byte_for_byte(knowledge, anonymous_client, monkeypatch, url):
    fast, slow, fallbacks = _bodies(anonymous_client, monkeypatch, url)
    assert fast == slow
    assert len(fast) > 200  # records, not an empty page
    assert fallbacks == 0  # every record took the fast path


@pytest.mark.parametrize("url", ["/api/v1/materials/?page_size=500&status=draft", "/api/v1/materials/?page_size=500"])
def test_fast_material_lists_for_a_curator_are_drf_byte_for_byte(knowledge, curator_client, monkeypatch, url):
    Material.objects.filter(pk__in=Material.objects.order_by("pk").values("pk")[:5]).update(status="draft")
    fast, slow, fallbacks = _bodies(curator_client, monkeypatch, url)
    assert fast == slow
    assert b'"status":"draft"' in fast
    assert fallbacks == 0


def test_records_without_the_list_annotations_take_drf_path(knowledge, rf, monkeypatch):
    # A queryset without the components summary (host_polymer...): DRF's defaults (None) for those fields.
    request = Request(rf.get("/api/v1/materials/"))
    records = list(Material.objects.select_related("electrolyte_class", "family").order_by("pk"))
    fallbacks = []
    original = serializers.ModelSerializer.to_representation
    monkeypatch.setattr(
        serializers.ModelSerializer, "to_representation", lambda self, i: fallbacks.append(i) or original(self, i)
    )
    fast = MaterialSerializer(records, many=True, context={"request": request}).data
    monkeypatch.setattr(FastReadMixin, "to_representation", drf_representation)
    slow = MaterialSerializer(records, many=True, context={"request": request}).data
    assert fast == slow
    assert fast[0]["url"] == f"http://testserver/api/v1/materials/{records[0].slug}/"
    assert fast[0]["polymer"] is None
    assert len(fallbacks) == len(records) * 2  # every record on DRF's path, both times


def test_the_detail_shape_keeps_drf_path_and_the_list_plan_covers_every_field():
    assert MaterialDetailSerializer()._plan() is None  # nested components: DRF's own path
    plan = MaterialSerializer()._plan()
    assert [entry[0] for entry in plan] == MaterialSerializer.Meta.fields

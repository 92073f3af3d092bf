"""The services give the messages the API answers with: the serializers only translate them."""

import pytest
from django.core.exceptions import ValidationError

from electrolytes import services
from electrolytes.models import Material, Reference
from tests import factories


@pytest.fixture
def sulfide(properties):
    return factories.electrolyte_class("sulfide")


def test_a_taken_slug_is_refused_naming_it(sulfide):
    services.material_create(name="LPS", slug="lps", formula="Li3PS4", electrolyte_class=sulfide)
    with pytest.raises(ValidationError) as exc_info:
        services.material_create(name="Other", slug="lps", formula="Li7P3S11", electrolyte_class=sulfide)
    assert exc_info.value.message_dict == {"slug": ["A material with slug 'lps' already exists."]}
    other = services.material_create(name="Other", formula="Li7P3S11", electrolyte_class=sulfide)
    with pytest.raises(ValidationError) as exc_info:
        services.material_update(material=other, slug="lps")
    assert exc_info.value.message_dict == {"slug": ["A material with slug 'lps' already exists."]}
    assert Material.objects.get(pk=other.pk).slug == "other"


def test_reference_save_normalises_the_doi_and_refuses_a_taken_one(db):
    first = services.reference_save(reference=Reference(key="a", title="A", doi="https://doi.org/10.1000/ABC"))
    assert Reference.objects.get(pk=first.pk).doi == "10.1000/abc"
    with pytest.raises(ValidationError) as exc_info:
        services.reference_save(reference=Reference(key="b", title="B", doi="doi:10.1000/abc"))
    assert exc_info.value.message_dict == {"doi": ["A reference with DOI '10.1000/abc' already exists."]}
    with pytest.raises(ValidationError) as exc_info:
        services.reference_save(reference=Reference(key="c", title="C", doi="abc"))
    assert exc_info.value.message_dict == {"doi": ["'abc' is not a DOI (expected 10.<registrant>/<suffix>)."]}
    # Saving the reference that holds the DOI again is no clash.
    first.title = "A, revised"
    services.reference_save(reference=first)
    assert list(Reference.objects.values_list("key", "title")) == [("a", "A, revised")]

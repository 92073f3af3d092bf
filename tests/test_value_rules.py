"""One set of rules for a reported value (services.measurement_values), whoever writes it: a service call, the
API and a row of an import refuse the same bad value with the same message, and a bound changed in the
property's data changes what all three accept."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from electrolytes import services
from electrolytes.importers import engine
from electrolytes.importers.bradford import BradfordSource
from electrolytes.importers.curator_csv import ColumnMapping, CuratorCsvSource
from electrolytes.models import Measurement, PropertyDefinition
from tests import factories
from tests.importers.vocabulary import create_vocabulary
from tests.test_admin import measurement_form

pytestmark = pytest.mark.django_db

IMPOSSIBLE = "Ionic conductivity 500 S/cm is impossible: outside 1e-30 to 100 S/cm."
NO_TEMPERATURE = "Ionic conductivity needs the temperature it was measured at."
MAPPING = ColumnMapping(value="sigma", formula="formula", unit="unit", temperature="T",
                        default_temperature_unit="degC", doi="doi")  # fmt: skip


@pytest.fixture
def lps(properties):
    create_vocabulary()
    return factories.material("LPS", "Li3PS4", slug="lps")


@pytest.fixture
def paper(db):
    return factories.reference("kamaya2011", doi="10.1038/nmat3066")


def _service(material, paper, **given):
    values = {"value": 500, "unit": "S/cm", "temperature": 25, "temperature_unit": "degC", **given}
    return services.measurement_create(material=material, property="ionic_conductivity", reference=paper, **values)


def _api(client, **given):
    body = {"material": "lps", "property": "ionic_conductivity", "value": 500, "unit": "S/cm", "temperature": 25,
            "temperature_unit": "degC", "reference": "kamaya2011", **given}  # fmt: skip
    return client.post("/api/v1/measurements/", body, content_type="application/json")


def _import(doi: str = "10.1038/nmat3066"):
    text = f"Formula,Sigma,Unit,T,DOI\nLi3PS4,500,S/cm,25,{doi}\n"
    return engine.run_import(CuratorCsvSource(MAPPING, dataset_key="lab-a"), text.encode(), record=False)


def _api_error(field: str, message: str) -> dict:
    return {"error": {"status": 400, "code": "invalid", "message": f"{field}: {message}", "fields": {field: [message]}}}


def test_an_impossible_value_is_refused_alike_by_the_service_the_api_the_admin_and_an_import(
    lps, paper, curator_client
):
    with pytest.raises(ValidationError) as refused:
        _service(lps, paper)
    assert refused.value.message_dict == {"value": [IMPOSSIBLE]}

    response = _api(curator_client)
    assert (response.status_code, response.json()) == (400, _api_error("value", IMPOSSIBLE))

    form = measurement_form(lps, paper, value="500", value_unit="S/cm")
    page = curator_client.post(reverse("admin:electrolytes_measurement_add"), form)
    assert (page.status_code, page.context["adminform"].form.errors["value"]) == (200, [IMPOSSIBLE])

    report = _import()
    assert [(i.row, i.column, i.text, i.reason, i.outcome) for i in report.issues] == [
        (2, "Sigma", "500", IMPOSSIBLE, "rejected")
    ]
    assert (report.created, report.rejected) == (0, 1)
    assert not Measurement.objects.exists()


def test_a_missing_temperature_is_refused_alike_by_the_service_the_api_and_an_import(lps, paper, curator_client):
    with pytest.raises(ValidationError) as refused:
        _service(lps, paper, value=1, unit="mS/cm", temperature=None)
    assert refused.value.message_dict == {"temperature_k": [NO_TEMPERATURE]}

    response = _api(curator_client, value=1, unit="mS/cm", temperature=None)
    assert (response.status_code, response.json()) == (400, _api_error("temperature_k", NO_TEMPERATURE))

    text = "Formula,Sigma,Unit,T,DOI\nLi3PS4,1,mS/cm,,10.1038/nmat3066\n"
    report = engine.run_import(CuratorCsvSource(MAPPING, dataset_key="lab-a"), text.encode(), record=False)
    assert [(i.column, i.reason) for i in report.rejected_rows] == [("T", NO_TEMPERATURE)]
    assert not Measurement.objects.exists()


def test_a_bound_changed_in_the_property_changes_what_every_path_accepts(lps, paper, curator_client):
    PropertyDefinition.objects.filter(key="ionic_conductivity").update(max_value=1000, plausible_max=100)
    warning = "Ionic conductivity 500 S/cm is above the plausible 100 S/cm; kept, marked implausible."

    stored = _service(lps, paper, reported_value="service")
    assert (stored.value, stored.implausibility()) == (500, warning)
    response = _api(curator_client, reported_value="api")
    assert (response.status_code, response.json()["value"]) == (201, 500)
    report = _import(doi="10.1000/another-paper")  # the service's paper would merge it into the stored value
    assert [(i.row, i.reason, i.outcome) for i in report.issues] == [(2, warning, "imported with warning")]
    assert report.created == 1
    assert sorted(Measurement.objects.values_list("reported_value", "value")) == [
        ("500", 500), ("api", 500), ("service", 500)
    ]  # fmt: skip

    # Tightened: the same 500 S/cm is now impossible for all three, with the new bound in the message.
    PropertyDefinition.objects.filter(key="ionic_conductivity").update(max_value=200, plausible_max=None)
    tightened = "Ionic conductivity 500 S/cm is impossible: outside 1e-30 to 200 S/cm."
    with pytest.raises(ValidationError) as refused:
        _service(lps, paper)
    assert refused.value.message_dict == {"value": [tightened]}
    assert _api(curator_client).json() == _api_error("value", tightened)
    assert [i.reason for i in _import().rejected_rows] == [tightened]
    assert Measurement.objects.count() == 3


def test_a_bradford_row_is_refused_with_the_same_rule_in_the_sources_words(properties):
    create_vocabulary()
    PropertyDefinition.objects.filter(key="ionic_conductivity").update(max_value=1e-3)
    text = (
        "smiles,conductivity,temperature,mw,salt smiles,molality\n"
        "[Cu]CCO[Au],-2.5,25,1000,,\n"
        "[Cu]CCO[Au],-4,-300,1000,,\n"
    )
    report = engine.run_import(BradfordSource(), text.encode(), record=False)
    assert [(i.row, i.column, i.reason) for i in report.rejected_rows] == [
        (2, "conductivity", "log10(sigma) = -2.5: Ionic conductivity 0.00316228 S/cm is impossible: outside "
                            "1e-30 to 0.001 S/cm."),
        (3, "temperature", "Temperature -300 degC is at or below absolute zero."),
    ]  # fmt: skip


def test_the_rules_tell_every_bad_field_at_once_without_a_query(properties, django_assert_num_queries):
    conductivity = PropertyDefinition.objects.get(key="ionic_conductivity")
    with django_assert_num_queries(0), pytest.raises(ValidationError) as refused:
        services.measurement_values(
            property=conductivity, value=500, unit="S/cm", qualifier="?", temperature=-300,
            temperature_unit="degC", measured_part="crust",
        )  # fmt: skip
    assert refused.value.message_dict == {
        "value": [IMPOSSIBLE],
        "temperature": ["Temperature -300 degC is at or below absolute zero."],
        "qualifier": ["Value '?' is not a valid choice."],
        "measured_part": ["Value 'crust' is not a valid choice."],
    }


def test_the_rules_convert_and_warn_and_check_a_canonical_value_too(properties):
    conductivity = PropertyDefinition.objects.get(key="ionic_conductivity")
    cleaned = services.measurement_values(
        property=conductivity, value=1e-14, unit="mS/cm", temperature=25, temperature_unit="degC"
    )
    assert cleaned.value == pytest.approx(1e-17)
    assert cleaned.temperature_k == pytest.approx(298.15)
    assert (
        cleaned.implausible
        == "Ionic conductivity 1e-17 S/cm is below the plausible 1e-14 S/cm; kept, marked implausible."
    )
    with pytest.raises(ValidationError) as refused:
        services.measurement_values(property=conductivity, value=0.0, unit=None, temperature=300)
    assert refused.value.message_dict == {"value": ["Ionic conductivity 0 S/cm is impossible: it must be above zero."]}


def test_an_update_passes_the_same_rules_with_what_is_stored(lps, paper):
    stored = _service(lps, paper, value=1, unit="mS/cm")
    PropertyDefinition.objects.filter(key="ionic_conductivity").update(min_value=0.01, max_value=100)
    with pytest.raises(ValidationError) as refused:
        services.measurement_update(measurement=stored, notes="Checked.")
    assert refused.value.message_dict == {
        "value": ["Ionic conductivity 0.001 S/cm is impossible: outside 0.01 to 100 S/cm."]
    }
    updated = services.measurement_update(measurement=stored, value=20, unit="mS/cm", notes="Checked.")
    assert (updated.value, updated.temperature_k, updated.notes) == (
        pytest.approx(0.02),
        pytest.approx(298.15),
        "Checked.",
    )


def test_unique_key_takes_the_first_free_suffix():
    assert services.unique_key("doi-10-1000-x", set()) == "doi-10-1000-x"
    assert services.unique_key("doi-10-1000-x", {"doi-10-1000-x", "doi-10-1000-x-2"}) == "doi-10-1000-x-3"
    assert services.unique_slug("Li3PS4 (glass)", taken={"li3ps4-glass"}) == "li3ps4-glass-2"

"""Issue 9: the headline rule, merged provenances, flags, the stored summary kept current on every write path,
and every surface showing the same headline."""

from __future__ import annotations

import io
import math

import pytest
from django.core.management import call_command

from electrolytes import evidence, services
from electrolytes.evidence import Candidate, decide_headline
from electrolytes.importers import engine
from electrolytes.importers.curator_csv import ColumnMapping, CuratorCsvSource
from electrolytes.models import ConductivityFit, Material, Measurement, MeasurementSource, PropertyHeadline
from tests import factories

pytestmark = pytest.mark.django_db

SIGMA = "ionic_conductivity"


def c(value, paper, *, part="total", extrapolated=False, fit=False, computed=False, temperature=298.15):
    return Candidate(
        value=value,
        vote=("paper", paper),
        source=f"paper {paper}",
        temperature_k=temperature,
        measured_part=part,
        extrapolated=extrapolated,
        from_fit=fit,
        computed=computed,
    )


# --- The rule on hand-built candidates ----------------------------------------------------------------


def test_conflicting_sources_give_the_median_over_papers_and_say_they_conflict():
    h = decide_headline(SIGMA, "S/cm", [c(1e-3, 1), c(1e-5, 2), c(2e-4, 3)], log=True)
    assert (h.value, h.n_sources, h.min, h.max, h.agreement) == (2e-4, 3, 1e-5, 1e-3, "conflicting")
    assert h.basis == (
        "Median over 3 sources, one vote per paper: 3 unflagged values "
        "(total conductivities measured at 293-303 K or from good fits at 25 °C)."
    )


def test_sources_within_a_decade_are_consistent_and_an_even_count_takes_the_geometric_mean():
    h = decide_headline(SIGMA, "S/cm", [c(1e-4, 1), c(4e-4, 2)], log=True)
    assert h.agreement == "consistent" and h.value == pytest.approx(2e-4) and h.n_sources == 2


def test_one_paper_reported_twice_is_one_vote():
    # The LATP case: one paper's outlier must not outvote the others by being reported twice.
    h = decide_headline(SIGMA, "S/cm", [c(6e-3, 1), c(6e-3, 1), c(1e-4, 2), c(2e-4, 3)], log=True)
    assert (h.value, h.n_sources) == (2e-4, 3)


def test_total_is_preferred_over_bulk():
    h = decide_headline(SIGMA, "S/cm", [c(1e-2, 1, part="bulk"), c(1e-4, 2, part="total")], log=True)
    assert (h.value, h.n_sources) == (1e-4, 1)
    assert h.basis.endswith("; 1 less direct value left out.")
    only_bulk = decide_headline(SIGMA, "S/cm", [c(1e-2, 1, part="bulk")], log=True)
    assert only_bulk.value == 1e-2 and "bulk conductivities" in only_bulk.basis


def test_measured_is_preferred_over_extrapolated():
    h = decide_headline(SIGMA, "S/cm", [c(1.66e-26, 1, extrapolated=True), c(3e-9, 2)], log=True)
    assert h.value == 3e-9
    alone = decide_headline(SIGMA, "S/cm", [c(1.66e-26, 1, extrapolated=True)], log=True)
    assert alone.value == 1.66e-26 and alone.basis.startswith("One source: 1 unflagged value (extrapolated ")


def test_a_measured_window_is_preferred_over_a_computed_one(properties):
    # LATP: LSV gives 4.6 V, first-principles 4.21 V; the median of both (4.405 V) would pass a 4.3 V cathode.
    h = decide_headline("oxidation_limit", "V", [c(4.6, 1), c(4.21, 2, computed=True)], log=False)
    assert (h.value, h.n_sources) == (4.6, 1)
    assert h.basis == "One source: 1 unflagged value (reported values); 1 less direct value left out."
    alone = decide_headline("oxidation_limit", "V", [c(4.21, 2, computed=True)], log=False)
    assert alone.value == 4.21 and alone.basis == "One source: 1 unflagged value (computed (DFT or MD) values)."
    assert alone.sources[0]["note"].startswith("computed")
    # Read from the database: the method decides.
    latp = factories.material("LATP", "Li1.3Al0.3Ti1.7P3O12", electrolyte_class_slug="oxide")
    factories.measurement(latp, "oxidation_limit", 4.6, "V", ref=factories.reference("lsv-paper"))
    factories.measurement(latp, "oxidation_limit", 4.21, "V", ref=factories.reference("dft-paper"), method="computed")
    stored = evidence.compute_headlines([latp.pk])[(latp.pk, "oxidation_limit")]
    assert (stored.value, stored.n_sources) == (4.6, 1)


def test_activation_energy_agreement_tolerance_is_a_tenth_of_an_ev():
    close = decide_headline("activation_energy", "eV", [c(0.30, 1), c(0.38, 2)], log=False)
    far = decide_headline("activation_energy", "eV", [c(0.30, 1), c(0.45, 2)], log=False)
    assert (close.agreement, far.agreement) == ("consistent", "conflicting")
    assert close.value == pytest.approx(0.34) and close.temperature_k == 298.15


# --- The rule on stored data -------------------------------------------------------------------------


@pytest.fixture
def sulfide(properties):
    return factories.electrolyte_class("sulfide")


def headline(material, key=SIGMA) -> PropertyHeadline | None:
    return PropertyHeadline.objects.filter(material=material, property__key=key).first()


def test_a_flagged_value_never_enters_the_headline_but_stays_visible(sulfide, client):
    material = factories.material("LATP", "Li1.3Al0.3Ti1.7(PO4)3", slug="latp")
    outlier = factories.measurement(material, SIGMA, 6.2e-3, "S/cm", temperature=298.15)
    for value in (3.75e-5, 1e-4, 7.2e-4):
        factories.measurement(material, SIGMA, value, "S/cm", temperature=298.15)
    assert headline(material).value == pytest.approx(math.sqrt(1e-4 * 7.2e-4))
    services.measurement_flag(
        measurement=outlier, flag="disputed", reason="OBELiX note: composition should be corrected"
    )
    assert headline(material).value == 1e-4 and headline(material).n_sources == 3
    outlier.refresh_from_db()
    assert outlier.history.first().flag == "disputed"  # the flag is kept in the history
    page = client.get("/materials/latp/").content.decode()
    assert 'title="OBELiX note: composition should be corrected">disputed</span>' in page
    services.measurement_flag(measurement=outlier, flag="")
    assert headline(material).n_sources == 4
    assert [h.flag for h in outlier.history.all()[:2]] == ["", "disputed"]


def test_a_flag_needs_its_reason(sulfide):
    from django.core.exceptions import ValidationError

    material = factories.material("LPS", "Li3PS4")
    m = factories.measurement(material, SIGMA, 1e-4, "S/cm", temperature=298.15)
    with pytest.raises(ValidationError) as exc:
        services.measurement_flag(measurement=m, flag="erroneous", reason=" ")
    assert exc.value.message_dict == {"flag_reason": ["A value flagged erroneous needs the reason."]}


def test_a_good_fit_inside_its_range_votes_and_a_poor_fit_never_does(sulfide):
    material = factories.material("LGPS", "Li10GeP2S12")
    ref = factories.reference()
    ea = 0.3
    for t in (263.15, 283.15, 303.15, 333.15, 363.15):  # a perfect Arrhenius line through 25 °C
        sigma = 1e5 / t * math.exp(-ea / (8.617333262e-5 * t))
        factories.measurement(material, SIGMA, sigma, "S/cm", temperature=t, ref=ref, refit=True)
    fit = ConductivityFit.objects.get(material=material, model="arrhenius")
    assert (fit.quality, fit.quality_note) == ("good", "")
    h = headline(material)
    # The 303.15 K point and the fit at 25 °C come from the same paper: one vote, their median.
    assert h.n_sources == 1 and "1 from fits" in h.basis
    assert headline(material, "activation_energy").value == pytest.approx(ea, rel=1e-6)
    ConductivityFit.objects.filter(pk=fit.pk).update(quality="poor", quality_note="Poor fit: R² 0.920 < 0.98.")
    evidence.refresh_headlines([material.pk])
    # No value measured within 293-303 K and the fit is poor: no headline at all, rather than a poor one.
    assert headline(material) is None
    assert headline(material, "activation_energy") is None


def test_fit_verdicts_name_the_reason():
    from electrolytes.fitting import FitResult, fit_verdict

    def fit(**kw):
        base = dict(model="vtf", activation_energy_ev=0.05, prefactor=1.0, vtf_t0_k=200.0, r_squared=0.999,
                    aicc=0.0, t_min_k=280.0, t_max_k=360.0, n_points=6)  # fmt: skip
        return FitResult(**{**base, **kw})

    assert fit_verdict(fit()) == ("good", "")
    assert fit_verdict(fit(r_squared=0.92)) == ("poor", "Poor fit: R² 0.920 < 0.98.")
    assert fit_verdict(fit(vtf_t0_k=277.5)) == ("poor", "Poor fit: T0 278 K at its bound.")
    assert fit_verdict(fit(n_points=4, t_max_k=290.0)) == (
        "poor",
        "Poor fit: 4 points (needs 5); range 10 K < 20 K.",
    )


def test_vtf_energy_is_its_own_property_never_an_activation_energy(sulfide):
    material = factories.material("PEO gel", "Li3PS4")
    ref = factories.reference()
    b, t0 = 1000.0, 200.0
    for t in (270.0, 290.0, 310.0, 330.0, 350.0, 370.0):
        sigma = 10 / math.sqrt(t) * math.exp(-b / (t - t0))
        factories.measurement(material, SIGMA, sigma, "S/cm", temperature=t, ref=ref, refit=True)
    preferred = ConductivityFit.objects.get(material=material, is_preferred=True)
    assert preferred.model == "vtf"
    keys = set(Measurement.objects.filter(derived_from_fit=preferred).values_list("property__key", flat=True))
    assert keys == {SIGMA, "vtf_pseudo_activation_energy"}
    assert headline(material, "activation_energy") is None


# --- Bounds ------------------------------------------------------------------------------------------------


def test_implausible_values_are_kept_with_a_warning_impossible_ones_refused(properties):
    text = (
        "Formula;Sigma;Unit;T;DOI\n"
        "Li7La3Zr2O12;1.66e-26;S/cm;25;10.1000/a\n"
        "Li3PS4;0;S/cm;25;10.1000/b\n"
        "Li3PS4;200;S/cm;25;10.1000/b\n"
    )
    from tests.importers.vocabulary import create_vocabulary

    create_vocabulary()
    mapping = ColumnMapping(value="sigma", formula="formula", unit="unit", temperature="T",
                            default_temperature_unit="degC", doi="doi")  # fmt: skip
    report = engine.run_import(CuratorCsvSource(mapping, dataset_key="lab-a"), text.encode())
    assert (report.created, report.rejected) == (1, 2)
    assert sorted((i.row, i.outcome, i.reason) for i in report.issues) == [
        (2, "imported with warning",
         "Ionic conductivity 1.66e-26 S/cm is below the plausible 1e-14 S/cm; kept, marked implausible."),
        (3, "rejected", "Ionic conductivity 0 S/cm is impossible: it must be above zero."),
        (4, "rejected", "Ionic conductivity 200 S/cm is impossible: outside 1e-30 to 100 S/cm."),
    ]  # fmt: skip
    assert Measurement.objects.get().value == 1.66e-26


# --- Merging duplicates on import ------------------------------------------------------------------------


CSV = "Formula;Sigma;Unit;T;DOI\nLi7La3Zr2O12;1.2e-4;S/cm;25;10.1002/anie.200701144\nLi3PS4;2e-4;S/cm;25;10.1000/x\n"
TWIN = (
    "Formula;Sigma;Unit;T;DOI\nLi7La3Zr2O12;0.12;mS/cm;298.4 K;10.1002/anie.200701144\nLi3PS4;9e-4;S/cm;25;10.1000/x\n"
)


def _source(key):
    mapping = ColumnMapping(value="sigma", formula="formula", unit="unit", temperature="T",
                            default_temperature_unit="degC", doi="doi")  # fmt: skip
    return CuratorCsvSource(mapping, dataset_key=key)


def test_the_same_report_from_a_second_dataset_is_merged_not_stored_again(properties, curator_client):
    client = curator_client  # curator imports arrive as drafts
    from tests.importers.vocabulary import create_vocabulary

    create_vocabulary()
    first = engine.run_import(_source("lab-a"), CSV.encode())
    assert (first.created, first.merged) == (2, 0)
    second = engine.run_import(_source("lab-b"), TWIN.encode())
    # LLZO: same paper, value within 1e-3, temperature within 0.5 K: merged. Li3PS4: another value: stored.
    assert (second.created, second.merged, second.unchanged) == (1, 1, 0)
    assert "1 created, 0 updated, 0 unchanged, 1 merged, 0 rejected" in second.summary()
    llzo = Measurement.objects.get(material__reduced_formula="Li7La3Zr2O12")
    assert (llzo.source_dataset.key, llzo.source_row) == ("lab-a", "2")
    assert list(llzo.extra_sources.values_list("dataset__key", "source_row")) == [("lab-b", "2")]
    assert Measurement.objects.filter(material__reduced_formula="Li3PS4").count() == 2
    again = engine.run_import(_source("lab-b"), TWIN.encode())
    assert (again.created, again.merged, again.unchanged) == (0, 0, 2)
    assert MeasurementSource.objects.count() == 1
    page = client.get(llzo.material.get_absolute_url()).content.decode()
    assert 'also <a href="/references/lab-b/"' in page and "(row 2)" in page
    body = client.get(f"/api/v1/measurements/{llzo.pk}/").json()
    assert body["other_sources"] == [{"dataset": "lab-b", "source_row": "2"}]
    assert headline(llzo.material).n_sources == 1


def test_the_migration_merges_existing_duplicates_keeping_every_provenance(properties):
    from importlib import import_module

    from django.apps import apps

    from tests.importers.vocabulary import create_vocabulary

    create_vocabulary()
    engine.run_import(_source("lab-a"), CSV.encode())
    llzo = Measurement.objects.get(material__reduced_formula="Li7La3Zr2O12")
    lab_b = factories.reference("lab-b", kind="dataset")
    copy = Measurement.objects.create(material=llzo.material, property=llzo.property, value=1.2001e-4,
                                      temperature_k=298.3, measured_part=llzo.measured_part,
                                      reference=llzo.reference, source_dataset=lab_b, source_row="7")  # fmt: skip
    import_module("electrolytes.migrations.0015_merge_duplicate_measurements").merge_duplicates(apps, None)
    assert not Measurement.objects.filter(pk=copy.pk).exists()
    assert list(llzo.extra_sources.values_list("dataset__key", "source_row")) == [("lab-b", "7")]


def test_obelix_doubtful_notes_arrive_as_flags():
    from electrolytes.importers.obelix import doubtful_note_flag

    assert doubtful_note_flag("composition should be corrected") == "disputed"
    assert doubtful_note_flag("duplicated with line 204; deleted") == "superseded"
    assert doubtful_note_flag("should be deleted, high T structure, refer the alpha phase") == "erroneous"
    assert doubtful_note_flag("partial occupancy corrected") == ""


def test_obelix_latp_outlier_is_flagged_and_not_the_headline(vocabulary_and_open_data):
    outlier = Measurement.objects.get(source_dataset__key="obelix", source_row="mg4")  # LATP, 6.2e-3 S/cm
    assert (outlier.value, outlier.flag, outlier.flag_reason) == (
        6.2e-3,
        "disputed",
        "OBELiX note: composition should be corrected",
    )
    others = Measurement.objects.filter(material=outlier.material, property__key=SIGMA, flag="")
    assert others.exists()
    h = headline(outlier.material)
    assert h.value != 6.2e-3 and h.max_value < 6.2e-3
    assert h.n_sources == others.values("reference").distinct().count()


@pytest.fixture
def vocabulary_and_open_data(properties):
    from electrolytes.importers.obelix import ObelixSource
    from tests.importers.conftest import data_dir
    from tests.importers.vocabulary import create_vocabulary

    folder = data_dir()
    if folder is None:
        pytest.skip("Open datasets absent.")
    create_vocabulary()
    engine.run_import(ObelixSource(), folder / "obelix" / "all.csv")


# --- The summary kept current on every write path ---------------------------------------------------------


def stored() -> dict:
    return {
        (h.material_id, h.property.key): (h.value, h.n_sources, h.min_value, h.max_value, h.agreement, h.basis)
        for h in PropertyHeadline.objects.select_related("property")
    } | {
        ("material", m.pk): (m.headline_conductivity, m.headline_activation_energy, m.headline_oxidation_limit,
                             m.headline_reduction_limit)
        for m in Material.objects.all()
    }  # fmt: skip


def test_service_writes_keep_the_summary_current(sulfide):
    material = factories.material("LPS", "Li3PS4")
    other = factories.material("LPSCl", "Li6PS5Cl")
    m = factories.measurement(material, SIGMA, 1e-4, "S/cm", temperature=298.15)
    assert Material.objects.get(pk=material.pk).headline_conductivity == 1e-4
    services.measurement_update(measurement=m, value=2, unit="mS/cm")
    assert Material.objects.get(pk=material.pk).headline_conductivity == pytest.approx(2e-3)
    services.measurement_update(measurement=m, material=other)  # moved: both materials change
    assert Material.objects.get(pk=material.pk).headline_conductivity is None
    assert headline(other).value == pytest.approx(2e-3)
    services.measurement_delete(measurement=m)
    assert not PropertyHeadline.objects.exists()
    assert Material.objects.get(pk=other.pk).headline_conductivity is None


def test_api_writes_keep_the_summary_current(properties, curator_client):
    factories.electrolyte_class("sulfide")
    factories.material("LPS", "Li3PS4", slug="lps")
    factories.reference("paper-a")
    body = {"material": "lps", "property": SIGMA, "value": 0.5, "unit": "mS/cm", "temperature": 25,
            "temperature_unit": "degC", "reference": "paper-a"}  # fmt: skip
    created = curator_client.post("/api/v1/measurements/", body, content_type="application/json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert curator_client.get("/api/v1/materials/lps/").json()["headline"][SIGMA]["value"] == 5e-4
    flagged = curator_client.patch(f"/api/v1/measurements/{pk}/", {"flag": "erroneous", "flag_reason": "typo"},
                                   content_type="application/json")  # fmt: skip
    assert flagged.status_code == 200, flagged.content
    item = curator_client.get("/api/v1/materials/lps/").json()
    assert (item["headline"], item["ionic_conductivity"]) == ({}, None)
    assert curator_client.delete(f"/api/v1/measurements/{pk}/").status_code == 204
    assert not PropertyHeadline.objects.exists()


def test_admin_writes_keep_the_summary_current(properties, curator_client):
    factories.electrolyte_class("sulfide")
    material = factories.material("LPS", "Li3PS4", slug="lps")
    ref = factories.reference("paper-a")
    from electrolytes.models import PropertyDefinition

    sigma = PropertyDefinition.objects.get(key=SIGMA)
    form = {"material": material.pk, "property": sigma.pk, "value": "3", "value_unit": "mS/cm", "qualifier": "=",
            "temperature_k": "298.15", "temperature_unit": "K", "measured_part": "total", "method": "eis",
            "reference": ref.pk, "flag": "", "flag_reason": "",
            "extra_sources-TOTAL_FORMS": "0", "extra_sources-INITIAL_FORMS": "0"}  # fmt: skip
    response = curator_client.post("/admin/electrolytes/measurement/add/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    m = Measurement.objects.get()
    assert Material.objects.get(pk=material.pk).headline_conductivity == pytest.approx(3e-3)
    response = curator_client.post(
        f"/admin/electrolytes/measurement/{m.pk}/change/", {**form, "flag": "superseded", "flag_reason": "newer"}
    )
    assert response.status_code == 302
    assert Material.objects.get(pk=material.pk).headline_conductivity is None
    response = curator_client.post(f"/admin/electrolytes/measurement/{m.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Measurement.objects.exists()
    assert not PropertyHeadline.objects.exists()


def test_rebuilt_summary_equals_the_maintained_one_after_mixed_writes(properties):
    from tests.importers.vocabulary import create_vocabulary

    create_vocabulary()
    engine.run_import(_source("lab-a"), CSV.encode())
    engine.run_import(_source("lab-b"), TWIN.encode())
    llzo = Material.objects.get(reduced_formula="Li7La3Zr2O12")
    ref = factories.reference("paper-z")
    extra = factories.measurement(llzo, SIGMA, 5e-6, "S/cm", temperature=300, ref=ref)
    factories.measurement(llzo, "activation_energy", 0.4, "eV", ref=ref)
    factories.measurement(llzo, "oxidation_limit", 4.1, "V", ref=ref)
    services.measurement_update(measurement=extra, value=6e-6, unit="S/cm")
    lps = Measurement.objects.filter(material__reduced_formula="Li3PS4").first()
    services.measurement_flag(measurement=lps, flag="superseded", reason="A later paper corrects it.")
    services.measurement_delete(measurement=Measurement.objects.filter(property__key="oxidation_limit").get())
    maintained = stored()
    PropertyHeadline.objects.all().delete()
    Material.objects.update(headline_conductivity=None, headline_activation_energy=None)
    out = io.StringIO()
    call_command("rebuild_headlines", "--no-refit", stdout=out)
    assert out.getvalue() == f"Rewrote 0 fits and {PropertyHeadline.objects.count()} headline rows.\n"
    assert stored() == maintained
    assert maintained[(llzo.pk, SIGMA)][4] == "conflicting"


# --- Every surface shows the same headline ----------------------------------------------------------------


def test_list_detail_compare_class_statistics_csv_and_optimade_agree(sulfide, client):
    from electrolytes.selectors import class_statistics

    a = factories.material("LLZO", "Li7La3Zr2O12", slug="llzo")
    b = factories.material("LPS", "Li3PS4", slug="lps")
    for value in (5.69e-4, 5.11e-4, 2e-4):
        factories.measurement(a, SIGMA, value, "S/cm", temperature=298)
    factories.measurement(a, SIGMA, 3e-3, "S/cm", temperature=298, measured_part="bulk")
    factories.measurement(b, SIGMA, 1e-4, "S/cm", temperature=298)
    value = 5.11e-4
    api_list = {i["slug"]: i for i in client.get("/api/v1/materials/").json()["results"]}
    assert api_list["llzo"]["ionic_conductivity"] == api_list["llzo"]["headline"][SIGMA]["value"] == value
    assert api_list["llzo"]["headline"][SIGMA] == {
        "value": value, "unit": "S/cm", "temperature": 298.0, "n_sources": 3, "min": 2e-4, "max": 5.69e-4,
        "agreement": "consistent",
        "basis": "Median over 3 sources, one vote per paper: 3 unflagged values (total conductivities measured "
                 "at 293-303 K or from good fits at 25 °C); 1 less direct value left out.",
    }  # fmt: skip
    assert client.get("/api/v1/materials/llzo/").json()["ionic_conductivity"] == value
    csv_text = client.get("/materials.csv").getvalue().decode()
    assert f"LLZO,Li7La3Zr2O12,Li7La3Zr2O12,Sulfide,,compound,{value}," in csv_text
    page = client.get("/materials/llzo/").content.decode()
    assert '5.11 × 10<sup>−4</sup> S/cm <small class="sources">3 sources</small>' in page
    listing = client.get("/materials/").content.decode()
    assert '5.11 × 10<sup>−4</sup> <small class="sources">3 sources</small>' in listing
    compare = client.get("/compare/?materials=llzo,lps").content.decode()
    assert '5.11 × 10<sup>−4</sup> <small class="sources">3 sources</small>' in compare
    stats = class_statistics(user=None)[sulfide.pk]
    assert (stats.best_conductivity, stats.best_material_slug) == (value, "llzo")
    assert stats.median_conductivity == pytest.approx((value + 1e-4) / 2)
    optimade = client.get("/optimade/v1/structures", {"filter": 'elements HAS "Zr"'}).json()
    assert optimade["data"][0]["attributes"]["_ekb_ionic_conductivity"] == value
    ordered = client.get("/api/v1/materials/?ordering=-conductivity&fields=slug").json()["results"]
    assert [i["slug"] for i in ordered] == ["llzo", "lps"]
    filtered = client.get("/api/v1/materials/?ionic_conductivity_min=5e-4&fields=slug").json()["results"]
    assert filtered == [{"slug": "llzo"}]


def test_a_conflict_mark_opens_the_list_of_values(sulfide, client):
    a = factories.material("LATP", "Li1.3Al0.3Ti1.7(PO4)3", slug="latp")
    factories.measurement(a, SIGMA, 6.2e-3, "S/cm", temperature=298, ref=factories.reference("paper-1"))
    factories.measurement(
        a, SIGMA, 3.75e-5, "S/cm", temperature=298, ref=factories.reference("paper-2", title="Second paper")
    )
    page = client.get("/materials/latp/").content.decode()
    assert '<details class="conflict"><summary' in page
    assert "3.75 × 10<sup>−5</sup> at 298\u00a0K: Second paper (2020) (measured)</li>" in page

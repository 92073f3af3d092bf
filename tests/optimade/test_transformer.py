"""The filter transformer against hand-built data: exact ids for each filter, exact errors."""

from __future__ import annotations

import pytest

from api.optimade.entries import REFERENCES, STRUCTURES, references_queryset, structures_queryset
from api.optimade.transformer import FilterError, filter_to_q

ALL = ["latp", "lgps", "llzo", "lyc-a", "lyc-b"]


def matching_ids(text: str) -> list[str]:
    condition = filter_to_q(text, properties=STRUCTURES.properties, entry_type="structures")
    qs = structures_queryset()
    if condition is not None:
        qs = qs.filter(condition)
    return sorted(qs.values_list("slug", flat=True))


CASES = [
    # numbers, both orders
    ("nelements = 4", ["lgps", "llzo"]),
    ("nelements != 4", ["latp", "lyc-a", "lyc-b"]),
    ("4 < nelements", ["latp"]),
    ("nelements > 4", ["latp"]),
    ("3 >= nelements", ["lyc-a", "lyc-b"]),
    ("nelements >= 4 AND nelements <= 4", ["lgps", "llzo"]),
    # lists
    ('elements HAS "Cl"', ["lyc-a", "lyc-b"]),
    ('elements HAS = "Cl"', ["lyc-a", "lyc-b"]),
    ('elements HAS ALL "Li","O"', ["latp", "llzo"]),
    ('elements HAS ANY "Ge","Y"', ["lgps", "lyc-a"]),
    ('elements HAS ONLY "Li","Y","Cl"', ["lyc-a"]),
    ("elements LENGTH 3", ["lyc-a", "lyc-b"]),
    ("elements LENGTH >= 5", ["latp"]),
    ('NOT elements HAS "O"', ["lgps", "lyc-a", "lyc-b"]),
    ("elements_ratios LENGTH 3", ["lyc-a", "lyc-b"]),
    ("elements_ratios IS KNOWN", ALL),
    ("NOT elements_ratios IS KNOWN", []),
    # formulas (the integer ones are stored columns, compared in byte order)
    ('chemical_formula_reduced = "Al3Li13O120P30Ti17"', ["latp"]),
    ('chemical_formula_reduced STARTS WITH "Cl6Li3"', ["lyc-a"]),
    ('chemical_formula_reduced STARTS "Cl6In"', ["lyc-b"]),
    ('chemical_formula_reduced ENDS WITH "Zr2"', ["llzo"]),
    ('chemical_formula_reduced CONTAINS "Li1"', ["latp", "lgps"]),
    ('chemical_formula_reduced != "Cl6Li3Y"', ["latp", "lgps", "llzo", "lyc-b"]),
    ('chemical_formula_reduced < "Cl6Li3Y"', ["latp", "lyc-b"]),
    ('"GeLi10P2S12" <= chemical_formula_reduced', ["lgps", "llzo"]),
    ("chemical_formula_reduced IS KNOWN", ALL),
    ("chemical_formula_reduced IS UNKNOWN", []),
    ('chemical_formula_reduced CONTAINS "%"', []),
    ('chemical_formula_reduced STARTS WITH "_l"', []),
    ('chemical_formula_anonymous = "A6B3C"', ["lyc-a", "lyc-b"]),
    ('"A6B3C" = chemical_formula_anonymous', ["lyc-a", "lyc-b"]),
    ('NOT chemical_formula_anonymous = "A6B3C"', ["latp", "lgps", "llzo"]),
    ('chemical_formula_anonymous STARTS WITH "A12"', ["latp", "lgps", "llzo"]),
    ('chemical_formula_anonymous > "A12B7"', ["llzo", "lyc-a", "lyc-b"]),
    ('NOT chemical_formula_anonymous STARTS WITH "A12B"', ["latp", "lyc-a", "lyc-b"]),
    ('chemical_formula_descriptive CONTAINS "(PO4)"', ["latp"]),
    ('chemical_formula_descriptive ENDS WITH "S12"', ["lgps"]),
    ('chemical_formula_descriptive STARTS "Li3"', ["lyc-a", "lyc-b"]),
    # provider properties, SQL subqueries, with unknown values
    ("_ekb_ionic_conductivity > 1e-3", ["lgps"]),
    ("1e-3 <= _ekb_ionic_conductivity", ["lgps", "lyc-a"]),
    ("NOT _ekb_ionic_conductivity > 1e-3", ["latp", "lyc-a"]),
    ("_ekb_ionic_conductivity IS UNKNOWN", ["llzo", "lyc-b"]),
    ("_ekb_ionic_conductivity IS KNOWN", ["latp", "lgps", "lyc-a"]),
    ("NOT _ekb_ionic_conductivity IS KNOWN", ["llzo", "lyc-b"]),
    ("_ekb_activation_energy < 0.28 OR _ekb_oxidation_limit >= 4.5", ["latp", "lgps"]),
    ("NOT (_ekb_activation_energy < 0.28 AND _ekb_ionic_conductivity > 1e-3)", ["latp", "llzo", "lyc-a"]),
    ("NOT (_ekb_activation_energy < 0.28 OR _ekb_oxidation_limit >= 4.5)", []),
    ('_ekb_electrolyte_class = "oxide"', ["latp", "llzo"]),
    ('_ekb_structure_family != "garnet"', ["latp", "lgps"]),
    ('NOT _ekb_structure_family = "garnet"', ["latp", "lgps"]),
    ('_ekb_space_group = "P4_2/nmc"', ["lgps"]),
    ("_ekb_space_group IS UNKNOWN", ["latp", "llzo", "lyc-a", "lyc-b"]),
    # user text with LIKE wildcards is matched literally
    ('_ekb_name CONTAINS "5%_a"', ["lyc-a"]),
    ('_ekb_name STARTS WITH "LYC 5%"', ["lyc-a"]),
    ('_ekb_name ENDS WITH "_a"', ["lyc-a"]),
    ('_ekb_name CONTAINS "%"', ["lyc-a"]),
    ('_ekb_name CONTAINS "\\\\"', []),
    # ids, strings both ways
    ('id = "lgps"', ["lgps"]),
    ('"lgps" = id', ["lgps"]),
    ('id < "lgps"', ["latp"]),
    # precedence: AND binds tighter than OR
    ('nelements = 4 AND elements HAS "S" OR elements HAS "Y"', ["lgps", "lyc-a"]),
    ('nelements = 4 AND (elements HAS "S" OR elements HAS "Y")', ["lgps"]),
    # another provider's property is unknown: neither it nor its negation matches
    ("_otherdb_band_gap = 1", []),
    ("NOT _otherdb_band_gap = 1", []),
    ("_otherdb_band_gap IS UNKNOWN", ALL),
    # properties every entry has the same value for
    ('type = "structures"', ALL),
    ("structure_features LENGTH 0", ALL),
    ('structure_features HAS "disorder"', []),
    ('NOT structure_features HAS "disorder"', ALL),
    ("nsites > 1", []),
    ("NOT nsites > 1", []),
    ("nsites IS UNKNOWN", ALL),
    ('chemical_formula_hill = "Li"', []),
    ('last_modified >= "2000-01-01T00:00:00Z"', ALL),
    ('last_modified < "2000-01-01T00:00:00Z"', []),
    ("", ALL),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_filter_matches_exactly(structures, text, expected):
    assert matching_ids(text) == expected


def test_drafts_and_mixtures_never_match(structures):
    assert matching_ids('elements HAS "P" AND elements HAS "S"') == ["lgps"]
    assert "draft" not in matching_ids("nelements >= 0")
    assert "peo" not in matching_ids("nelements >= 0 OR nelements IS UNKNOWN")


ERRORS = [
    ('nelements = "4"', 400, "nelements is a number: compare it with an unquoted number, not '4'."),
    (
        "chemical_formula_reduced = 4",
        400,
        "chemical_formula_reduced is a string: compare it with a quoted value, not 4.",
    ),
    ("crazyfield = 2", 400, "Unknown property 'crazyfield' for structures; /info/structures lists them."),
    ("_ekb_unknown = 2", 400, "Unknown property '_ekb_unknown' for structures; /info/structures lists them."),
    ("nelements = TRUE", 400, "nelements is not a boolean property; TRUE and FALSE cannot be compared with it."),
    ('elements = "Li"', 400, "elements is a list: use HAS, HAS ALL, HAS ANY, HAS ONLY or LENGTH."),
    ("nelements HAS 3", 400, "HAS needs a list property, and nelements is a integer."),
    (
        "chemical_formula_reduced LENGTH 3",
        400,
        "LENGTH needs a list property, and chemical_formula_reduced is a string.",
    ),
    ("nelements CONTAINS 3", 400, "CONTAINS needs a string property, and nelements is a integer."),
    ("elements HAS 3", 400, "elements holds strings: quote the value 3."),
    (
        'last_modified > "yesterday"',
        400,
        'last_modified is a timestamp: give it as a quoted RFC 3339 string such as "2024-01-31T12:00:00Z".',
    ),
    ('elements HAS < "Li"', 501, "HAS with a comparison operator (e.g. HAS < 3) is not supported."),
    ("nelements = nsites", 501, "Comparing a property with another property is not supported."),
    ('references.id = "x"', 501, "Nested property names such as 'references.id' are not supported."),
    ('elements:elements_ratios HAS "Li":>0.1', 501, "Correlated list queries (the ':' zip syntax) are not supported."),
    ("elements_ratios HAS 0.5", 501, "HAS queries on elements_ratios are not supported; LENGTH is."),
    ('"a" = "b"', 501, "Comparing two constants with each other is not supported."),
    ("1 < 2", 501, "Comparing two constants with each other is not supported."),
]


@pytest.mark.parametrize(("text", "status", "detail"), ERRORS)
def test_bad_filters_are_refused_with_a_reason(structures, text, status, detail):
    with pytest.raises(FilterError) as caught:
        matching_ids(text)
    assert (caught.value.status, caught.value.detail) == (status, detail)


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("nelements >", "The filter 'nelements >' ends before its expression is complete."),
        (
            "nelements >> 3 AND x",
            "The filter 'nelements >> 3 AND x' is not valid OPTIMADE filter syntax: "
            "unexpected '> 3 AND x' at column 12.",
        ),
        (
            "Elements HAS 1",
            "The filter 'Elements HAS 1' is not valid OPTIMADE filter syntax: unexpected 'Elements HAS 1' at column 1.",
        ),
    ],
)
def test_syntax_errors_say_where(db, text, detail):
    with pytest.raises(FilterError) as caught:
        matching_ids(text)
    assert (caught.value.status, caught.value.detail) == (400, detail)


def test_formula_filters_read_nothing_until_the_queryset_runs(structures, django_assert_num_queries):
    text = 'chemical_formula_reduced = "Cl6Li3Y" OR chemical_formula_anonymous = "A4B3C2D" OR elements_ratios LENGTH 5'
    with django_assert_num_queries(0):
        condition = filter_to_q(text, properties=STRUCTURES.properties, entry_type="structures")
    assert sorted(structures_queryset().filter(condition).values_list("slug", flat=True)) == ["latp", "lyc-a"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("authors LENGTH 2", ["kamaya2011"]),
        ("authors LENGTH 0", ["opendata"]),
        ("authors LENGTH > 0", ["kamaya2011"]),
        ("authors IS KNOWN", ["kamaya2011", "opendata"]),
        ("NOT authors IS KNOWN", []),
    ],
)
def test_reference_authors_filter_on_their_length(structures, text, expected):
    condition = filter_to_q(text, properties=REFERENCES.properties, entry_type="references")
    assert sorted(references_queryset().filter(condition).values_list("key", flat=True)) == expected

"""A source built from what a curator typed in the upload form, so the web process and the worker that runs
the job later build the same one."""

from __future__ import annotations

from electrolytes.models import ImportRun

from .bibtex import BibtexSource
from .bradford import BradfordSource
from .curator_csv import ColumnMapping, CuratorCsvSource
from .obelix import ObelixSource
from .specs import Source


def source_from_form(data: dict) -> Source:
    """The source the upload form's cleaned data (the file left out) names; raises BadFile for a bad mapping."""
    source = data["source"]
    if source == ImportRun.Source.OBELIX:
        return ObelixSource()
    if source == ImportRun.Source.BRADFORD:
        return BradfordSource()
    if source == ImportRun.Source.BIBTEX:
        return BibtexSource()
    mapping = ColumnMapping(
        value=data["value_column"],
        formula=data["formula_column"],
        name=data["name_column"],
        unit=data["unit_column"],
        default_unit=data["unit"],
        temperature=data["temperature_column"],
        default_temperature_unit=data["temperature_unit"],
        doi=data["doi_column"],
        electrolyte_class=data["class_column"],
        family=data["family_column"],
        row_id=data["id_column"],
        property_key=data["property_key"] or "ionic_conductivity",
    )
    return CuratorCsvSource(mapping, dataset_key=data["dataset_key"])

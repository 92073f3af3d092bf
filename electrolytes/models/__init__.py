from .data_version import DataVersion
from .imports import ImportRun
from .jobs import Job
from .materials import Component, Material, PublicationStatus
from .measurements import (
    ConductivityFit,
    Measurement,
    MeasurementSource,
    MeasurementTally,
    PropertyDefinition,
    PropertyHeadline,
)
from .processing import ProcessingRoute, RouteConditionSource
from .references import Reference
from .structures import CrystalStructure
from .taxonomy import ClassAssessment, Criterion, ElectrolyteClass, StructureFamily

__all__ = [
    "ClassAssessment",
    "Component",
    "ConductivityFit",
    "Criterion",
    "CrystalStructure",
    "DataVersion",
    "ElectrolyteClass",
    "ImportRun",
    "Job",
    "Material",
    "Measurement",
    "MeasurementSource",
    "MeasurementTally",
    "ProcessingRoute",
    "PropertyDefinition",
    "PropertyHeadline",
    "PublicationStatus",
    "Reference",
    "RouteConditionSource",
    "StructureFamily",
]

"""GET /api/v1/screening/: class verdicts and checked materials for a cell's requirements.

Parsing and output shape only; the rule is electrolytes.screening, the reads electrolytes.selectors.screening.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from api import filters
from api.renderers import ContentNegotiation
from api.schema import ApiSchema, ErrorSerializer
from api.throttling import AnonymousThrottle, UserThrottle
from electrolytes import screening
from electrolytes.selectors import screening as screening_selectors


class ScreeningQuerySerializer(serializers.Serializer):
    """The cell's requirements; every one optional."""

    anode = serializers.ChoiceField(choices=list(screening.ANODES), required=False, help_text="Negative electrode.")
    cathode_voltage = serializers.FloatField(
        required=False, min_value=0.5, max_value=10, help_text="Cathode's upper working potential, V vs Li/Li+."
    )
    operating_temperature = serializers.FloatField(
        required=False, min_value=150, max_value=600, help_text="Temperature the cell runs at, K."
    )
    atmosphere = serializers.ChoiceField(
        choices=list(screening.ATMOSPHERES), required=False, help_text="Atmosphere available for processing."
    )
    max_processing_temperature = serializers.FloatField(
        required=False, min_value=200, max_value=3000, help_text="Highest process temperature allowed, K."
    )
    max_thickness = serializers.FloatField(
        required=False, min_value=0.1, max_value=100000, help_text="Thickest electrolyte layer allowed, µm."
    )
    existing_cell_line = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="Must fit today's Li-ion manufacturing line."
    )
    min_conductivity = serializers.FloatField(
        required=False, min_value=1e-15, max_value=10, help_text="Lowest ionic conductivity at the operating "
        "temperature, S/cm."
    )  # fmt: skip
    electrolyte_class = serializers.CharField(
        required=False, max_length=50, help_text="Only materials of this class (slug, e.g. oxide)."
    )
    limit = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=screening_selectors.MAX_ROWS,
        default=screening_selectors.SHOWN_ROWS,
        help_text="How many of the ranked materials to return.",
    )

    def validate_electrolyte_class(self, value: str) -> str:
        slugs = screening_selectors.class_slugs()
        if value not in slugs:
            raise serializers.ValidationError(f"Unknown class {value!r}; choose from: {', '.join(slugs)}.")
        return value


# --- Response shape (for the schema; the view builds plain dicts) --------------------------------------


class QuantitySerializer(serializers.Serializer):
    value = serializers.FloatField(allow_null=True)
    unit = serializers.CharField()


class AnodeRequirementSerializer(serializers.Serializer):
    value = serializers.CharField(allow_null=True)
    potential = serializers.FloatField(allow_null=True, help_text="Lowest working potential, V vs Li/Li+.")
    unit = serializers.CharField()


class TextRequirementSerializer(serializers.Serializer):
    value = serializers.CharField(allow_null=True)


class FlagRequirementSerializer(serializers.Serializer):
    value = serializers.BooleanField(allow_null=True)


class RequirementsSerializer(serializers.Serializer):
    anode = AnodeRequirementSerializer()
    cathode_voltage = QuantitySerializer()
    operating_temperature = QuantitySerializer()
    atmosphere = TextRequirementSerializer()
    max_processing_temperature = QuantitySerializer()
    max_thickness = QuantitySerializer()
    existing_cell_line = FlagRequirementSerializer()
    min_conductivity = QuantitySerializer()
    electrolyte_class = TextRequirementSerializer()


class ReferenceLinkSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()


class CriterionVerdictSerializer(serializers.Serializer):
    criterion = serializers.CharField(help_text="Criterion slug.")
    name = serializers.CharField()
    rating = serializers.IntegerField(allow_null=True, help_text="-2 to +2; null when the matrix leaves it blank.")
    decisive = serializers.BooleanField(help_text="A -2 here rules the class out for this cell.")
    why = serializers.ListField(child=serializers.CharField(), help_text="Why the criterion matters for this cell.")
    explanation = serializers.CharField(allow_blank=True)
    references = ReferenceLinkSerializer(many=True)


class ClassVerdictSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    ruled_out = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField(), help_text="Why it is ruled out.")
    score = serializers.IntegerField(help_text="Sum of the ratings on the criteria this cell touches.")
    unrated = serializers.IntegerField(help_text="Touched criteria the matrix does not rate for this class.")
    criteria = CriterionVerdictSerializer(many=True)


class ConductivitySerializer(serializers.Serializer):
    value = serializers.FloatField()
    unit = serializers.CharField()
    temperature = serializers.FloatField(allow_null=True)
    source = serializers.CharField(allow_blank=True)
    note = serializers.CharField(allow_blank=True)


class CheckSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    status = serializers.ChoiceField(choices=[screening.PASS, screening.FAIL, screening.UNKNOWN])
    qualifier = serializers.ChoiceField(
        choices=["=", ">", "<", ""],
        help_text='"=" for a value, ">" or "<" when the value is a bound on the limit (reported only as above or '
        'below it), "" when there is no value.',
    )
    value = serializers.FloatField(allow_null=True)
    unit = serializers.CharField(allow_blank=True)
    temperature = serializers.FloatField(allow_null=True)
    source = serializers.CharField(allow_blank=True)
    rule = serializers.CharField()
    note = serializers.CharField(allow_blank=True)


class ScreenedMaterialSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    formula = serializers.CharField(allow_blank=True)
    electrolyte_class = serializers.CharField()
    class_ruled_out = serializers.BooleanField()
    url = serializers.CharField()
    passed = serializers.IntegerField()
    failed = serializers.IntegerField()
    unknown = serializers.IntegerField()
    conductivity = ConductivitySerializer(allow_null=True)
    checks = CheckSerializer(many=True)


class ScreeningSerializer(serializers.Serializer):
    requirements = RequirementsSerializer()
    classes = ClassVerdictSerializer(many=True)
    materials = ScreenedMaterialSerializer(many=True)


def parse_requirements(params) -> tuple[screening.Requirements, str | None, int]:
    """Requirements, class filter and row limit from query parameters (ValidationError naming each bad one).
    An empty value means the parameter was not given, as a form sends a field left blank."""
    filters.reject_nul(params)
    accepted = [*ScreeningQuerySerializer().fields, filters.FORMAT_PARAMETER]
    filters.reject_unknown(params, accepted)
    given = {name: params.get(name) for name in params if name != filters.FORMAT_PARAMETER and params.get(name) != ""}
    query = ScreeningQuerySerializer(data=given)
    query.is_valid(raise_exception=True)
    data = dict(query.validated_data)
    electrolyte_class = data.pop("electrolyte_class", None)
    limit = data.pop("limit")
    return screening.Requirements(**data), electrolyte_class, limit


def result_api(result: screening_selectors.ScreeningResult, electrolyte_class: str | None, request) -> dict:
    return {
        "requirements": {**result.requirements.as_api(), "electrolyte_class": {"value": electrolyte_class}},
        "classes": [
            {
                "slug": verdict.slug,
                "name": verdict.name,
                "ruled_out": verdict.ruled_out,
                "reasons": verdict.reasons,
                "score": verdict.score,
                "unrated": verdict.unrated,
                "criteria": [
                    {
                        "criterion": row.criterion,
                        "name": row.criterion_name,
                        "rating": row.rating,
                        "decisive": row.decisive,
                        "why": row.why,
                        "explanation": row.explanation,
                        "references": [{"key": key, "label": label} for key, label in row.references],
                    }
                    for row in verdict.criteria
                ],
            }
            for verdict in result.classes
        ],
        "materials": [
            {
                "slug": row.material.slug,
                "name": row.material.name,
                "formula": row.material.formula,
                "electrolyte_class": row.material.electrolyte_class.slug,
                "class_ruled_out": row.class_ruled_out,
                "url": request.build_absolute_uri(row.material.get_absolute_url()),
                "passed": row.result.passed,
                "failed": row.result.failed,
                "unknown": row.result.unknown,
                "conductivity": _conductivity(row.result.conductivity),
                "checks": [{"key": c.key, "label": c.label, **c.as_api()} for c in row.result.checks],
            }
            for row in result.materials
        ],
    }


def _conductivity(found: screening.Value | None) -> dict | None:
    if found is None:
        return None
    return {
        "value": found.value,
        "unit": "S/cm",
        "temperature": found.temperature_k,
        "source": found.source,
        "note": found.note,
    }


class ScreeningView(APIView):
    """Which classes and materials suit a cell: class verdicts from the matrix, materials checked with data."""

    authentication_classes = [TokenAuthentication, SessionAuthentication]
    throttle_classes = [AnonymousThrottle, UserThrottle]
    content_negotiation_class = ContentNegotiation
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]
    schema = ApiSchema()

    @extend_schema(
        operation_id="screening",
        parameters=[ScreeningQuerySerializer],
        responses={200: ScreeningSerializer, 400: ErrorSerializer, 404: ErrorSerializer, 429: ErrorSerializer},
    )
    def get(self, request):
        requirements, electrolyte_class, limit = parse_requirements(request.query_params)
        result = screening_selectors.screen(
            requirements, user=request.user, electrolyte_class=electrolyte_class, limit=limit
        )
        return Response(result_api(result, electrolyte_class, request))

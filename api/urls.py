"""Routes of /api/: under v1/ the resources, the OpenAPI schema and its two documentation pages;
anything else under /api/ is a 404 in the API's error shape."""

from csp.constants import SELF
from csp.decorators import csp_update
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from api import views
from api.exceptions import not_found
from api.screening import ScreeningView

app_name = "api"

router = DefaultRouter()
router.register("materials", views.MaterialViewSet, basename="material")
router.register("measurements", views.MeasurementViewSet, basename="measurement")
router.register("references", views.ReferenceViewSet, basename="reference")
router.register("classes", views.ElectrolyteClassViewSet, basename="electrolyteclass")
router.register("families", views.StructureFamilyViewSet, basename="structurefamily")
router.register("properties", views.PropertyDefinitionViewSet, basename="propertydefinition")
router.register("criteria", views.CriterionViewSet, basename="criterion")
router.register("assessments", views.ClassAssessmentViewSet, basename="classassessment")
router.register("processing-routes", views.ProcessingRouteViewSet, basename="processingroute")

urlpatterns = [
    path("v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "v1/docs/",
        SpectacularSwaggerView.as_view(url_name="api:schema", template_name="api/swagger_ui.html"),
        name="docs",
    ),
    path(
        "v1/redoc/",
        # ReDoc's search runs in a web worker it creates from a blob: URL.
        csp_update({"worker-src": [SELF, "blob:"]})(
            SpectacularRedocView.as_view(url_name="api:schema", template_name="api/redoc.html")
        ),
        name="redoc",
    ),
    path("v1/screening/", ScreeningView.as_view(), name="screening"),
    path("v1/", include(router.urls)),
    re_path(r"^", not_found),  # any path, even one with a newline in it
]

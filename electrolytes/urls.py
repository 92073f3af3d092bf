from django.contrib import admin
from django.urls import include, path

from electrolytes.views import account, classes, compare, explore, home, materials, processing, references, structures
from electrolytes.views.screening import screening_csv, screening_page

urlpatterns = [
    path("", home.home, name="home"),
    path("materials/", materials.material_list, name="material-list"),
    path("materials.csv", materials.material_csv, name="material-csv"),
    path("materials/<slug:slug>/", materials.material_detail, name="material-detail"),
    path("materials/<slug:slug>/structures/<int:pk>.cif", structures.structure_cif, name="structure-cif"),
    path("compare/", compare.compare, name="compare"),
    path("classes/", classes.class_matrix, name="class-matrix"),
    path("classes/<slug:slug>/", classes.class_detail, name="class-detail"),
    path("processing/", processing.processing, name="processing"),
    path("explore/", explore.explore, name="explore"),
    path("screening/", screening_page, name="screening"),
    path("screening.csv", screening_csv, name="screening-csv"),
    path("references/", references.reference_list, name="reference-list"),
    path("references/<slug:key>/", references.reference_detail, name="reference-detail"),
    path("references/<slug:key>/bibtex/", references.reference_bibtex, name="reference-bibtex"),
    path("account/api-token/", account.api_token, name="api-token"),
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    path("optimade/", include("api.optimade.urls")),
]

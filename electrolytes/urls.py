from django.contrib import admin
from django.urls import include, path

from electrolytes.views import classes, home, materials, references

urlpatterns = [
    path("", home.home, name="home"),
    path("materials/<slug:slug>/", materials.material_detail, name="material-detail"),
    path("classes/<slug:slug>/", classes.class_detail, name="class-detail"),
    path("references/<slug:key>/", references.reference_detail, name="reference-detail"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    path("optimade/", include("api.optimade.urls")),
]

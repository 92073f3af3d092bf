"""OPTIMADE API v1 under /optimade/: the unversioned base (with /versions) and /v1, /v1.2, /v1.2.0."""

from django.urls import path, re_path

from . import views

app_name = "optimade"

_VERSION = r"(?:v1(?:\.2(?:\.0)?)?/)?"
_ENTRY = r"(?P<entry>structures|references)"

urlpatterns = [
    path("", views.not_found, name="base"),
    re_path(r"^versions/?$", views.versions, name="versions"),
    re_path(rf"^{_VERSION}info/?$", views.info, name="info"),
    re_path(rf"^{_VERSION}info/{_ENTRY}/?$", views.entry_info, name="entry-info"),
    re_path(rf"^{_VERSION}links/?$", views.links, name="links"),
    re_path(rf"^{_VERSION}{_ENTRY}/?$", views.entry_list, name="entry-list"),
    re_path(rf"^{_VERSION}{_ENTRY}/(?P<entry_id>[^/]+)/?$", views.entry_detail, name="entry-detail"),
    # Anything else under a version we serve is a missing endpoint; under another version, 553.
    re_path(r"^v1(?:\.2(?:\.0)?)?/", views.not_found),
    re_path(r"^v\d+(?:\.\d+){0,2}/", views.unsupported_version),
    re_path(r"^", views.not_found),
]

"""The "My API token" page and who administers tokens: a curator manages only their own token,
so the API and the history always name the real author."""

from __future__ import annotations

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from electrolytes.models import Material
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/account/api-token/"
ADMIN_TOKENS = "/admin/authtoken/tokenproxy/"


@pytest.fixture
def superuser():
    return get_user_model().objects.create_superuser(username="root", password="root-pass-123")


@pytest.fixture
def superuser_client(superuser) -> Client:
    client = Client()
    client.force_login(superuser)
    return client


@pytest.mark.parametrize(
    ("persona", "status"), [("anonymous", 302), ("reader", 403), ("curator", 200), ("superuser", 200)]
)
def test_token_page_permission_matrix(request, persona, status):
    client = request.getfixturevalue(f"{persona}_client")
    get = client.get(URL)
    post = client.post(URL, {"action": "create"})
    assert (get.status_code, post.status_code) == (status, status)
    if persona == "anonymous":
        assert get["Location"] == f"/admin/login/?next={URL}"
        assert not Token.objects.exists()
    elif persona == "reader":
        assert not Token.objects.exists()
    else:
        token = Token.objects.get()
        assert token.user.username == get.wsgi_request.user.username
        assert token.key in post.content.decode()


def test_key_is_shown_once_and_never_again(curator_client, curator):
    first = curator_client.get(URL)
    assert "You have no API token." in first.content.decode()
    created = curator_client.post(URL, {"action": "create"})
    key = Token.objects.get(user=curator).key
    assert key in created.content.decode()
    assert "shown only this once" in created.content.decode()
    assert "no-store" in created["Cache-Control"]
    again = curator_client.get(URL).content.decode()
    assert key not in again
    assert "You have an API token, created" in again


def test_rotate_replaces_the_key_and_the_old_one_stops_working(curator_client, curator, properties):
    old = Token.objects.create(user=curator).key
    response = curator_client.post(URL, {"action": "rotate"})
    new = Token.objects.get(user=curator).key
    assert new != old
    assert new in response.content.decode() and old not in response.content.decode()
    assert Client(HTTP_AUTHORIZATION=f"Token {old}").get("/api/v1/materials/?status=draft").status_code == 401
    assert Client(HTTP_AUTHORIZATION=f"Token {new}").get("/api/v1/materials/?status=draft").status_code == 200


def test_revoke_deletes_the_token(curator_client, curator):
    key = Token.objects.create(user=curator).key
    response = curator_client.post(URL, {"action": "revoke"}, follow=True)
    assert not Token.objects.filter(user=curator).exists()
    page = response.content.decode()
    assert "Your API token was revoked." in page and key not in page
    assert "You have no API token." in page


def test_unknown_action_changes_nothing(curator_client, curator):
    key = Token.objects.create(user=curator).key
    response = curator_client.post(URL, {"action": "steal"}, follow=True)
    assert "Unknown action &#x27;steal&#x27;; choose create, rotate or revoke." in response.content.decode()
    assert Token.objects.get(user=curator).key == key


def test_curator_page_touches_only_the_curators_own_token(curator_client, curator, superuser):
    theirs = Token.objects.create(user=superuser).key
    curator_client.post(URL, {"action": "rotate"})
    curator_client.post(URL, {"action": "revoke"})
    page = curator_client.get(URL).content.decode()
    assert Token.objects.get(user=superuser).key == theirs
    assert theirs not in page


def test_curators_group_holds_no_token_permission():
    group = Group.objects.get(name="curators")
    assert not group.permissions.filter(content_type__app_label="authtoken").exists()
    assert group.permissions.filter(codename="change_material").exists()


@pytest.mark.parametrize(
    "url",
    [ADMIN_TOKENS, f"{ADMIN_TOKENS}add/", "/admin/authtoken/"],
)
def test_curator_cannot_reach_the_token_admin(curator_client, superuser, url):
    Token.objects.create(user=superuser)
    response = curator_client.get(url)
    assert response.status_code in (403, 404)
    assert Token.objects.get(user=superuser).key not in response.content.decode()
    assert "Auth Token" not in curator_client.get("/admin/").content.decode()


def test_curator_cannot_create_a_token_for_another_user(curator_client, superuser):
    response = curator_client.post(f"{ADMIN_TOKENS}add/", {"user": superuser.pk})
    assert response.status_code == 403
    assert not Token.objects.filter(user=superuser).exists()


def test_curator_cannot_open_or_delete_another_users_token(curator_client, superuser):
    key = Token.objects.create(user=superuser).key
    change = curator_client.get(f"{ADMIN_TOKENS}{superuser.pk}/change/")
    delete = curator_client.post(f"{ADMIN_TOKENS}{superuser.pk}/delete/", {"post": "yes"})
    assert (change.status_code, delete.status_code) == (403, 403)
    assert key not in change.content.decode()
    assert Token.objects.get(user=superuser).key == key


def test_superuser_lists_tokens_without_their_keys(superuser_client, curator, reader):
    keys = [Token.objects.create(user=curator).key, Token.objects.create(user=reader).key]
    response = superuser_client.get(ADMIN_TOKENS)
    page = response.content.decode()
    assert response.status_code == 200
    assert "curator" in page and "reader" in page
    assert not any(key in page for key in keys)
    change = superuser_client.get(f"{ADMIN_TOKENS}{curator.pk}/change/").content.decode()
    assert keys[0] not in change
    assert "API token of curator" in change


def test_superuser_revokes_another_users_token(superuser_client, curator):
    Token.objects.create(user=curator)
    key = Token.objects.get(user=curator).key
    confirm = superuser_client.get(f"{ADMIN_TOKENS}{curator.pk}/delete/").content.decode()
    response = superuser_client.post(f"{ADMIN_TOKENS}{curator.pk}/delete/", {"post": "yes"}, follow=True)
    assert response.status_code == 200
    assert not Token.objects.filter(user=curator).exists()
    assert key not in confirm and key not in response.content.decode()
    assert not LogEntry.objects.filter(object_repr__contains=key).exists()


def test_granting_the_old_permissions_back_is_not_enough_for_a_curator_to_list_keys(curator_client, superuser):
    # Even with the model permissions (e.g. restored by hand), only superusers see the token admin.
    Group.objects.get(name="curators").permissions.add(*Permission.objects.filter(content_type__app_label="authtoken"))
    key = Token.objects.create(user=superuser).key
    response = curator_client.get(ADMIN_TOKENS)
    assert response.status_code == 403
    assert key not in response.content.decode()


def test_history_names_the_token_owner(curator_client, curator, superuser, properties):
    material = factories.material("LPS", "Li3PS4", slug="lps")
    curator_client.post(URL, {"action": "create"})
    key = Token.objects.get(user=curator).key
    api = Client(HTTP_AUTHORIZATION=f"Token {key}")
    response = api.patch("/api/v1/materials/lps/", {"description": "Glass-ceramic."}, content_type="application/json")
    assert response.status_code == 200
    latest = Material.objects.get(pk=material.pk).history.first()
    assert (latest.description, latest.history_user) == ("Glass-ceramic.", curator)
    assert reverse("api-token") == URL


def test_superuser_issues_a_token_for_another_user_without_seeing_it_listed(superuser_client, curator):
    response = superuser_client.post(f"{ADMIN_TOKENS}add/", {"user": curator.pk}, follow=True)
    assert response.status_code == 200
    key = Token.objects.get(user=curator).key
    assert key not in response.content.decode()
    assert "API token of curator" in response.content.decode()

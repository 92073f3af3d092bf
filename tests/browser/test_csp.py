"""The Content-Security-Policy in a real browser: every page, chart, admin page and API doc page works under it.

The watch of tests/browser/conftest.py fails a test on any ``securitypolicyviolation`` event and on any
console error (Chromium also logs each refused script or style there).
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from electrolytes.models import ElectrolyteClass, Material
from tests.browser.conftest import SCREENSHOTS, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

CURATOR_PASSWORD = "curator-pass-123"


def _assert_policy_sent(response, name: str) -> None:
    policy = response.headers.get("content-security-policy", "")
    assert "default-src 'self'" in policy, f"{name}: no CSP header ({policy!r})"
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy, name


def test_public_pages_and_charts_work_under_the_policy(materials, browse, live_server):
    polymer, sulfide = materials
    klass = ElectrolyteClass.objects.get(slug="sulfide")
    pages = {
        "home": "/",
        "list": "/materials/",
        "material": polymer.get_absolute_url(),
        "compare": f"/compare/?materials={polymer.slug},{sulfide.slug}",
        "classes": "/classes/",
        "class": klass.get_absolute_url(),
        "processing": "/processing/",
        "explore": "/explore/?x=activation_energy&y=ionic_conductivity",
        "references": "/references/",
    }
    for name, path in pages.items():
        page = browse()
        response = page.goto(live_server.url + path)
        assert response.status == 200, name
        _assert_policy_sent(response, name)
        charts = page.locator("[data-figure]").count()
        if charts:
            # Drawn means plotly ran and its styles applied: the SVG has its traces.
            page.wait_for_selector("[data-figure][data-traces]")
            assert page.locator("[data-figure] .main-svg").count() >= charts, name
        assert page.watch.csp_violations == [], name
    # The periodic table is laid out by stylesheet classes (no style attributes).
    page = browse()
    page.goto(live_server.url + "/materials/")
    page.get_by_text("Pick elements on the periodic table").click()
    box_h, box_li = (page.locator(f"button[data-symbol='{s}']").bounding_box() for s in ("H", "Li"))
    assert box_li["y"] > box_h["y"] and abs(box_li["x"] - box_h["x"]) < 1
    box_he = page.locator("button[data-symbol='He']").bounding_box()
    assert box_he["x"] > box_h["x"] + 10 * box_h["width"]
    screenshot(page, "csp-periodic-table")


def test_admin_login_and_changelist_work_under_the_policy(knowledge, browse, live_server):
    # A superuser: transactional tests flush the curators group that a migration creates.
    get_user_model().objects.create_superuser(username="curator", password=CURATOR_PASSWORD)
    page = browse()
    response = page.goto(live_server.url + "/admin/login/?next=/admin/electrolytes/material/")
    _assert_policy_sent(response, "admin login")
    page.fill("#id_username", "curator")
    page.fill("#id_password", CURATOR_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/electrolytes/material/")
    assert page.locator("#result_list tbody tr").count() > 0
    # The changelist's scripts ran: the select-all checkbox ticks every row.
    page.locator("#action-toggle").check()
    assert (
        page.locator("#result_list tbody input.action-select:checked").count()
        == page.locator("#result_list tbody tr").count()
    )
    assert page.watch.csp_violations == []
    screenshot(page, "csp-admin-changelist")
    response = page.goto(live_server.url + "/admin/electrolytes/material/add/")
    _assert_policy_sent(response, "admin add form")
    page.wait_for_selector("#material_form")
    # The admin's own widgets run under the policy: an autocomplete (select2) and inline rows.
    page.locator(".field-family .select2-selection").click()
    page.wait_for_selector(".select2-results__option")
    assert page.locator(".select2-results__option").count() > 0
    page.keyboard.press("Escape")
    rows = page.locator("#components-group tr.form-row:not(.empty-form)").count()
    page.locator("#components-group .add-row a").click()
    assert page.locator("#components-group tr.form-row:not(.empty-form)").count() == rows + 1
    page.goto(live_server.url + "/admin/electrolytes/measurement/add/")
    page.locator(".field-material .select2-selection").click()
    page.wait_for_selector(".select2-results__option")
    page.keyboard.press("Escape")
    material = Material.objects.order_by("pk").first()
    page.goto(live_server.url + f"/admin/electrolytes/material/{material.pk}/change/")
    page.wait_for_selector("#material_form")
    page.goto(live_server.url + f"/admin/electrolytes/material/{material.pk}/history/")
    assert page.locator("h1").first.inner_text().startswith("Change history")
    assert page.watch.csp_violations == []


def test_api_documentation_pages_work_under_the_policy(knowledge, browse, live_server):
    page = browse()
    response = page.goto(live_server.url + "/api/v1/docs/")
    _assert_policy_sent(response, "swagger")
    page.wait_for_selector(".swagger-ui .info .title")
    assert "Electrolyte knowledge base API" in page.locator(".swagger-ui .info .title").inner_text()
    page.wait_for_selector(".swagger-ui .opblock")
    screenshot(page, "csp-swagger")

    page = browse()
    response = page.goto(live_server.url + "/api/v1/redoc/")
    _assert_policy_sent(response, "redoc")
    page.wait_for_selector("h1:has-text('Electrolyte knowledge base API')")
    page.wait_for_selector("[data-section-id]")
    # The whole ReDoc page is too long for a full-page screenshot: the first screen only.
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "csp-redoc.png"))


def test_the_watch_catches_a_policy_violation(browse, live_server):
    """The harness itself: an inline script on a page served under the policy is reported."""
    page = browse()
    url = live_server.url + "/csp-probe/"
    page.route(
        url,
        lambda route: route.fulfill(
            status=200,
            headers={"Content-Security-Policy": "default-src 'self'", "Content-Type": "text/html"},
            body="<!doctype html><p>probe</p><script>document.title = 'ran'</script>",
        ),
    )
    page.goto(url)
    page.wait_for_function("() => true")
    page.wait_for_timeout(200)
    assert page.title() != "ran"
    assert any(v.startswith("script-src-elem blocked inline") for v in page.watch.csp_violations)
    # Expected here: forget it so the fixture's end-of-test check passes.
    page.watch.csp_violations.clear()
    page.watch.console_errors.clear()

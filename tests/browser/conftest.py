"""Chromium (Debian's, at /usr/bin/chromium) driven by Playwright against pytest-django's live server.

Every page a test opens is watched: a console error, an uncaught exception, a Content-Security-Policy
violation (the page's ``securitypolicyviolation`` events) or a request to any host other than the live
server fails the test. Screenshots go to screenshots/ (git-ignored).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db.models import Count

from electrolytes.models import Material
from tests.web.data import add_fit

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parent.parent.parent / "screenshots"


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.browser)


# Runs in every document before its own scripts (init scripts are not subject to the page's CSP) and
# hands each violation to PageWatch through the exposed function.
CSP_LISTENER = """
document.addEventListener('securitypolicyviolation', (e) => {
  window.__reportCspViolation(
    `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile || e.documentURI}:${e.lineNumber}`
  );
});
"""


class PageWatch:
    """What a page did that a test must fail on."""

    def __init__(self, origin: str):
        self.origin = origin
        self.requests: list[str] = []
        self.foreign: list[str] = []
        self.console_errors: list[str] = []
        self.error_pages: set[str] = set()
        self.csp_violations: list[str] = []

    def expect_error_status(self, url: str) -> None:
        """``url`` is a page deliberately answered with 4xx: Chromium's log line for it is not a fault."""
        self.error_pages.add(url)

    def attach(self, page) -> None:
        page.expose_function("__reportCspViolation", self._on_csp_violation)
        page.add_init_script(CSP_LISTENER)
        page.on("request", self._on_request)
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.console_errors.append(f"uncaught: {exc}"))

    def _on_console(self, message) -> None:
        if message.type != "error":
            return
        if message.text.startswith("Failed to load resource") and message.location.get("url") in self.error_pages:
            return
        self.console_errors.append(f"{message.text} ({message.location.get('url')})")

    def _on_csp_violation(self, description: str) -> None:
        self.csp_violations.append(description)

    def _on_request(self, request) -> None:
        self.requests.append(request.url)
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob", "about"):
            return
        if f"{parts.scheme}://{parts.netloc}" != self.origin:
            self.foreign.append(request.url)

    def assert_clean(self) -> None:
        assert self.foreign == [], f"requests to hosts other than the app: {self.foreign}"
        assert self.csp_violations == [], f"Content-Security-Policy violations: {self.csp_violations}"
        assert self.console_errors == [], f"console errors: {self.console_errors}"


@pytest.fixture(scope="session")
def chromium_context(tmp_path_factory):
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (CI is set, so no skipping).")
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium package to run the browser tests.")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django must allow ORM calls anyway.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            user_data_dir=str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1280, "height": 900},
            service_workers="block",
        )
        context.set_default_timeout(15_000)
        yield context
        context.close()


@pytest.fixture
def browse(chromium_context, live_server):
    """A fresh page watched for console errors and foreign requests; checked when the test ends."""
    origin = live_server.url.rstrip("/")
    watches: list[PageWatch] = []
    pages = []
    # The profile (and the live server's origin) lasts the session: empty the site's localStorage, where the
    # compare basket lives, so every test starts with nothing chosen.
    cleaner = chromium_context.new_page()
    cleaner.goto(origin + "/static/css/site.css")
    cleaner.evaluate("window.localStorage.clear()")
    cleaner.close()

    def open_page(width: int = 1280, height: int = 900):
        page = chromium_context.new_page()
        page.set_viewport_size({"width": width, "height": height})
        watch = PageWatch(origin)
        watch.attach(page)
        # Never let a request leave the machine, whatever the page asks for.
        page.route(
            "**/*",
            lambda route: route.continue_() if route.request.url.startswith(origin) else route.abort(),
        )
        watches.append(watch)
        pages.append(page)
        page.watch = watch
        return page

    yield open_page
    for page in pages:
        page.close()
    for watch in watches:
        watch.assert_clean()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def materials(knowledge):
    """The best-documented published polymer and the first sulfide, each with a conductivity fit to draw."""
    polymer = (
        Material.objects.published()
        .filter(kind="mixture")
        .annotate(n=Count("measurements"))
        .order_by("-n", "slug")
        .first()
    )
    sulfide = Material.objects.published().filter(electrolyte_class__slug="sulfide").order_by("slug").first()
    add_fit(polymer, model="vtf", ea=0.08, prefactor=5.0, t0=200.0, t_min=290.0, t_max=370.0, sigma_25c=2e-5)
    add_fit(sulfide, ea=0.25, prefactor=2.0e3, t_min=250.0, t_max=370.0)
    return polymer, sulfide

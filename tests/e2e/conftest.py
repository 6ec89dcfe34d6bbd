"""Browser fixtures: Debian's Chromium driven by Playwright against pytest-django's live server.

Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls from a
thread with a running loop unless told that this is deliberate, hence the environment variable.
"""

import os
import re

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from django_otp.oath import totp
from playwright.sync_api import expect, sync_playwright

from partners.models import AuthenticatorDevice
from tests.conftest import CHROMIUM, verify_session

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--no-first-run",
]
TIMEOUT_MS = 15_000


@pytest.fixture(scope="session")
def browser():
    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()
    playwright.stop()


def csp_breaches(page):
    """Content Security Policy violations Chromium reported on this page so far."""
    return [text for text in page.console_errors if "Content Security Policy" in text]


def _new_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    return page


@pytest.fixture
def page(browser, live_server):
    """A Playwright page in its own context (own cookies), pointed at the live server.

    The strict CSP forbids inline script and style; Chromium reports every breach on the
    console, and a test that caused one fails.
    """
    page = _new_page(browser, live_server)
    yield page
    breaches = csp_breaches(page)
    page.context.close()
    assert not breaches, breaches


@pytest.fixture
def page_as(browser, live_server):
    """page_as(user): a page in a context of its own with a verified session of `user`.

    For flows in which several people take turns; CSP breaches fail the test as with `page`.
    """
    pages = []

    def make(user):
        page = _new_page(browser, live_server)
        inject_verified_session(page, live_server, user)
        pages.append(page)
        return page

    yield make
    breaches = [breach for page in pages for breach in csp_breaches(page)]
    for page in pages:
        page.context.close()
    assert not breaches, breaches


# "Needs review" results that are certain mistakes in our templates, not judgement calls.
AXE_INCOMPLETE_IS_FAILURE = {"aria-prohibited-attr"}


def axe_check(page):
    """Run axe-core on the page as it is now; fail with axe's report on any violation.

    Playwright evaluates through the DevTools protocol, which the page's CSP does not govern,
    so axe runs under the real policy (no bypass_csp needed).
    """
    # Without the stylesheet axe cannot judge contrast: make sure it was applied.
    font = page.eval_on_selector("body", "b => getComputedStyle(b).fontFamily")
    assert "system-ui" in font, f"casus.css is not applied on {page.url}"
    results = Axe().run(page, options={"resultTypes": ["violations", "incomplete"]})
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"
    doubtful = [
        f"{item['id']}: {node['html']}"
        for item in results.response["incomplete"]
        if item["id"] in AXE_INCOMPLETE_IS_FAILURE
        for node in item["nodes"]
    ]
    assert not doubtful, f"{page.url}\n" + "\n".join(doubtful)


def current_code(device, drift=0):
    """The device's TOTP code now (or `drift` steps away), as the authenticator app shows it."""
    device.refresh_from_db()
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift)
    return f"{code:0{device.digits}d}"


def login_through_ui(page, user, password, *, check=None):
    """Log in the way a person does: password step, then a real TOTP code from the device.

    `check(page)` runs on both login screens (for axe) before they are submitted.
    """
    page.goto("/inloggen/")
    if check:
        check(page)
    page.get_by_label("Gebruikersnaam", exact=True).fill(user.username)
    page.get_by_label("Wachtwoord", exact=True).fill(password)
    page.get_by_role("button", name="Volgende", exact=True).click()
    expect(page).to_have_url(re.compile(r"/inloggen/verificatie/$"))
    if check:
        check(page)
    device = AuthenticatorDevice.objects.get(user=user, confirmed=True)
    page.get_by_label("Code", exact=True).fill(current_code(device))
    page.get_by_role("button", name="Inloggen", exact=True).click()


def inject_verified_session(page, live_server, user):
    """A session with a verified second factor, set as cookie: for tests not about login."""
    client = Client()
    verify_session(client, user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )

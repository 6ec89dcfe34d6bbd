"""The real Content Security Policy in the browser, and the error and lockout pages under axe."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from partners.models import Rol
from tests.e2e.conftest import axe_check, csp_breaches, inject_verified_session

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_pages_are_served_with_the_strict_csp_and_still_styled(page):
    response = page.goto("/inloggen/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response.headers["x-frame-options"] == "DENY"
    axe_check(page)  # also asserts that casus.css was applied under the policy


def test_browser_blocks_and_reports_inline_script(page):
    """The CSP is enforced, and the page fixture would notice a template breaking it."""
    page.goto("/inloggen/")
    with page.expect_console_message(lambda m: "Content Security Policy" in m.text):
        page.evaluate(
            """() => {
                const s = document.createElement('script');
                s.textContent = 'window.inlineRan = true';
                document.body.append(s);
            }"""
        )
    assert page.evaluate("window.inlineRan === undefined")
    assert csp_breaches(page)
    page.console_errors.clear()  # expected here; every other test fails on a breach


def test_forbidden_and_not_found_pages_are_accessible(page, live_server, make_user, zvh):
    user = make_user(zvh, Rol.KETENPARTNER)
    inject_verified_session(page, live_server, user)
    response = page.goto("/beheer/organisaties/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Geen toegang")
    axe_check(page)
    response = page.goto("/bestaat-niet/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Niet gevonden")
    axe_check(page)


def test_lockout_page_is_accessible(page, make_user, zvh):
    user = make_user(zvh, Rol.PROCESREGISSEUR)
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(reverse("partners:login"), {"username": user.username, "password": "fout"})
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam", exact=True).fill(user.username)
    page.get_by_label("Wachtwoord", exact=True).fill("nog-steeds-fout")
    page.get_by_role("button", name="Volgende", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Account tijdelijk geblokkeerd")
    expect(page).to_have_url(re.compile(r"/inloggen/$"))
    axe_check(page)

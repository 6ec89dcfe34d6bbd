"""Every page of the URL configuration is closed without a session and without a second factor.

The URLs are discovered by walking the resolver, so a page added later is covered without
touching this file; only the few login-related URLs below may be reached without one.
"""

import re
import time

import pytest
from django.contrib.staticfiles.views import serve as staticfiles_serve
from django.urls import URLPattern, URLResolver, get_resolver, include, path, reverse
from django.urls.converters import IntConverter, PathConverter, SlugConverter, UUIDConverter
from django.views.static import serve as static_serve

from config.views import home
from partners.middleware import _UNVERIFIED_ALLOWED, LAST_SEEN, LOGIN_TIME
from partners.models import Rol

# Reachable without a verified second factor: the login steps themselves and the health check.
OPEN_WITHOUT_SECOND_FACTOR = {
    "partners:login",
    "partners:startwachtwoord",
    "partners:verify",
    "partners:enrol",
    "partners:logout",
}
PUBLIC = {"healthz"}
# The OTP admin site refuses unverified sessions itself; static files are public by design.
SKIPPED_PREFIXES = ("admin/",)
STATIC_VIEWS = {static_serve, staticfiles_serve}

SAMPLE_VALUES = {
    IntConverter: "1",
    SlugConverter: "voorbeeld",
    UUIDConverter: "00000000-0000-0000-0000-000000000001",
    PathConverter: "voorbeeld/pad",
}
_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def _fill(route, converters):
    def sample(match):
        converter = converters[match["name"]]
        return SAMPLE_VALUES.get(type(converter), "voorbeeld")

    return _PARAMETER.sub(sample, route)


def _walk(resolver=None, prefix="", namespace=""):
    """(url name or route, concrete path) for every endpoint, with sample values for parameters."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}{entry.namespace}:"
            yield from _walk(entry, prefix + route, ns)
            continue
        assert isinstance(entry, URLPattern)
        full = prefix + route
        if full.startswith(SKIPPED_PREFIXES) or entry.callback in STATIC_VIEWS:
            continue
        if route.startswith("^"):
            raise AssertionError(
                f"Regex route {route!r}: give it a path() route so this test can visit it."
            )
        converters = {**getattr(entry.pattern, "converters", {})}
        name = f"{namespace}{entry.name}" if entry.name else full
        yield name, "/" + _fill(full, converters)


def _all_urls():
    return sorted(set(_walk()))


ALL_URLS = _all_urls()
GUARDED = [(name, url) for name, url in ALL_URLS if name not in OPEN_WITHOUT_SECOND_FACTOR | PUBLIC]


def test_walk_finds_the_known_pages():
    names = {name for name, _url in ALL_URLS}
    assert {
        "home",
        "partners:backup_codes",
        "partners:beheer_organisatie",
        "partners:beheer_rol_intrekken",
        "healthz",
    } <= names
    assert ("partners:beheer_rol_intrekken", "/beheer/medewerkers/1/rollen/1/intrekken/") in (
        ALL_URLS
    )


class _UrlsWithANewPage:
    """A URL configuration as a later feature might extend it."""

    urlpatterns = [
        path("", include("config.urls")),
        path("nieuw/<slug:code>/<uuid:id>/", home, name="nieuw"),
    ]


def test_walk_covers_a_newly_added_page():
    found = dict(_walk(get_resolver(_UrlsWithANewPage)))
    assert found["nieuw"] == f"/nieuw/voorbeeld/{SAMPLE_VALUES[UUIDConverter]}/"
    assert found["home"] == "/"


def test_middleware_allows_exactly_the_login_urls():
    assert set(_UNVERIFIED_ALLOWED) == OPEN_WITHOUT_SECOND_FACTOR


@pytest.mark.parametrize(("name", "url"), GUARDED, ids=[n for n, _ in GUARDED])
@pytest.mark.parametrize("method", ["get", "post"])
def test_page_redirects_to_login_without_session(client, db, name, url, method):
    response = getattr(client, method)(url)
    assert response.status_code == 302, (name, response.status_code)
    login = reverse("partners:login")
    assert response["Location"].split("?")[0] == login, (name, response["Location"])


@pytest.mark.parametrize(("name", "url"), GUARDED, ids=[n for n, _ in GUARDED])
@pytest.mark.parametrize("method", ["get", "post"])
def test_page_redirects_to_second_factor_for_password_only_session(
    client, make_user, zvh, name, url, method
):
    user = make_user(zvh, *Rol)  # every role: the second factor is missing, nothing else
    client.force_login(user)
    session = client.session
    session[LOGIN_TIME] = session[LAST_SEEN] = time.time()
    session.save()
    response = getattr(client, method)(url)
    assert response.status_code == 302, (name, response.status_code)
    assert response["Location"] == reverse("partners:verify"), (name, response["Location"])


def test_health_check_is_public(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"


def test_path_that_only_starts_like_the_health_check_is_guarded(client, db):
    response = client.get("/healthz-en-meer/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("partners:login"))


@pytest.mark.parametrize("name", sorted(OPEN_WITHOUT_SECOND_FACTOR - {"partners:logout"}))
def test_login_pages_answer_without_session(client, db, name):
    response = client.get(reverse(name))
    # The login page renders; the later steps send a visitor without a session back to it.
    if name == "partners:login":
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response["Location"] == reverse("partners:login")

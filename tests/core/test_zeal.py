"""N+1 detection is on in every request of the suite (tests/conftest.py): a deliberate N+1 in a
view fails the test, through the test client and through the live server alike."""

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.urls import include, path
from zeal import NPlusOneError, zeal_context

from partners.models import Partnerschap, Rol
from tests.conftest import ZEAL_MIDDLEWARE
from tests.partners.factories import PartnerschapFactory

pytestmark = pytest.mark.django_db


def n_plus_one(request):
    namen = [p.organisatie.naam for p in Partnerschap.objects.all()]  # one query per row
    return HttpResponse(", ".join(namen))


def select_related(request):
    namen = [p.organisatie.naam for p in Partnerschap.objects.select_related("organisatie")]
    return HttpResponse(", ".join(namen))


urlpatterns = [
    path("zeal/n-plus-one/", n_plus_one),
    path("zeal/select-related/", select_related),
    path("", include("config.urls")),
]


def test_zeal_middleware_wraps_every_request():
    assert settings.MIDDLEWARE[0] == ZEAL_MIDDLEWARE
    assert settings.ZEAL_RAISE is True


@pytest.fixture
def logged_in(make_user, zvh, login):
    PartnerschapFactory.create_batch(2)
    return login(make_user(zvh, Rol.PROCESREGISSEUR))


@pytest.mark.urls(__name__)
def test_an_n_plus_one_in_a_view_fails_the_request(logged_in):
    with pytest.raises(NPlusOneError, match=r"partners\.Partnerschap\.organisatie"):
        logged_in.get("/zeal/n-plus-one/")


@pytest.mark.urls(__name__)
def test_the_same_view_with_select_related_passes(logged_in):
    assert logged_in.get("/zeal/select-related/").status_code == 200


def test_zeal_context_catches_an_n_plus_one_outside_a_request():
    PartnerschapFactory.create_batch(2)
    with zeal_context(), pytest.raises(NPlusOneError):
        for partnerschap in Partnerschap.objects.all():
            partnerschap.organisatie.naam  # noqa: B018


@pytest.mark.urls(__name__)
def test_an_n_plus_one_in_a_live_server_request_is_kept_for_the_test(live_server, make_user, zvh):
    """The browser would see a 500; the autouse fixture fails the test with zeal's message."""
    import urllib.error
    import urllib.request

    from django.test import Client

    from tests import conftest

    PartnerschapFactory.create_batch(2)
    client = conftest.verify_session(Client(), make_user(zvh, Rol.PROCESREGISSEUR))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    request = urllib.request.Request(  # noqa: S310 — the local live server
        f"{live_server.url}/zeal/n-plus-one/",
        headers={"Cookie": f"{cookie.key}={cookie.value}"},
    )
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request, timeout=10)  # noqa: S310 — the local live server
    assert error.value.code == 500
    assert len(conftest._live_server_nplusones) == 1
    assert "partners.Partnerschap.organisatie" in conftest._live_server_nplusones[0]
    conftest._live_server_nplusones.clear()  # seen; the fixture need not fail this test

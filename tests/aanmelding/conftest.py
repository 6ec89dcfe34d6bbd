import pytest

from casus.models import Thema
from partners import policy
from partners.models import Rol
from tests.aanmelding.factories import AfwijsredenFactory


@pytest.fixture
def as_request(rf):
    """as_request(user, zvh): a request as the services see it after the middleware ran."""

    def make(user, zvh):
        request = rf.post("/")
        user.is_verified = lambda: True
        request.user = user
        request.zvh = zvh
        request.rollen = policy.rollen(user, zvh)
        request.request_id = "test-request-0001"
        return request

    return make


@pytest.fixture
def aanmelder(zvh, make_user):
    return make_user(zvh, Rol.KETENPARTNER)


@pytest.fixture
def regisseur(zvh, make_user):
    return make_user(zvh, Rol.PROCESREGISSEUR)


@pytest.fixture
def regisseur2(zvh, make_user, regisseur):
    return make_user(zvh, Rol.PROCESREGISSEUR, organisatie=regisseur.organisatie)


@pytest.fixture
def thema(zvh):
    return Thema.objects.create(zvh=zvh, code="hg", naam="Huiselijk geweld")


@pytest.fixture
def afwijsreden(zvh):
    return AfwijsredenFactory(zvh=zvh, omschrijving="Lokaal oppakken")


ALLE_JA = {letter: (True, f"Motivatie {letter}") for letter in "abcd"}

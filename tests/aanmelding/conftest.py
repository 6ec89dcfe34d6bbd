import pytest

from casus.models import Thema
from partners.models import Rol
from tests.aanmelding.factories import AfwijsredenFactory


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

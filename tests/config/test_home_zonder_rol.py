"""The start page of a user without any role says why, when its organisation's partnership
is the reason (a document unsigned, or the partnership ended)."""

from datetime import date

import pytest
from django.urls import reverse

from tests.partners.factories import OrganisatieFactory, PartnerschapFactory

GEEN_ROL = "U heeft nog geen rol"
ALGEMEEN = "Vraag de functioneel beheerder van uw huis om u een rol toe te kennen"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("partnerschap", "reden"),
    [
        ({"privacyprotocol_getekend_op": None}, "heeft het privacyprotocol van {huis} nog niet"),
        ({"convenant_getekend_op": None}, "heeft het samenwerkingsconvenant van {huis} nog niet"),
        ({"beeindigd_op": date(2025, 6, 1)}, "neemt niet meer deel aan {huis}."),
    ],
)
def test_user_of_a_partner_without_a_current_partnership_reads_why(
    client, login, make_user, zvh, partnerschap, reden
):
    organisatie = OrganisatieFactory()
    PartnerschapFactory(zvh=zvh, organisatie=organisatie, **partnerschap)
    login(make_user(None, organisatie=organisatie))
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert GEEN_ROL in html
    assert reden.format(huis=zvh.naam) in html
    assert ALGEMEEN not in html


@pytest.mark.django_db
def test_user_of_a_current_partner_without_a_role_gets_the_general_message(
    client, login, make_user, zvh, other_zvh
):
    organisatie = OrganisatieFactory()
    PartnerschapFactory(zvh=zvh, organisatie=organisatie)
    # A house that is no longer active says nothing.
    other_zvh.actief = False
    other_zvh.save()
    PartnerschapFactory(zvh=other_zvh, organisatie=organisatie, privacyprotocol_getekend_op=None)
    login(make_user(None, organisatie=organisatie))
    html = client.get(reverse("home")).content.decode()
    assert GEEN_ROL in html and ALGEMEEN in html
    assert other_zvh.naam not in html and "nog niet ondertekend" not in html

"""Server-side drafts of forms (issue 10, point 7): only the owner, in its own house, gets its
draft back; saving and removing are audited without content; the payload is encrypted."""

import pytest
from django.db import connection

from audit import events
from audit.models import AccessLog
from core import crypto
from core.errors import ServiceError
from partners import services
from partners.models import Formulierconcept, Rol

pytestmark = pytest.mark.django_db

SLEUTEL = "triage:0f0e0d0c-0000-4000-8000-000000000001"
DATA = {"oordeel_a_motivatie": ["Sanne de Boer bedreigt de buren."], "oordeel_a": ["ja"]}


@pytest.fixture
def regisseur(zvh, make_user):
    return make_user(zvh, Rol.PROCESREGISSEUR)


def test_the_owner_gets_its_draft_back(zvh, regisseur, as_actor):
    actor = as_actor(regisseur, zvh)
    assert services.concept_ophalen(actor=actor, sleutel=SLEUTEL) is None
    services.concept_bewaren(actor=actor, sleutel=SLEUTEL, data=DATA)
    data, op = services.concept_ophalen(actor=actor, sleutel=SLEUTEL)
    assert data == DATA and op is not None
    # Saving again replaces it: one draft per user, house and form.
    services.concept_bewaren(actor=actor, sleutel=SLEUTEL, data={"oordeel_a": ["nee"]})
    assert services.concept_ophalen(actor=actor, sleutel=SLEUTEL)[0] == {"oordeel_a": ["nee"]}
    assert Formulierconcept.objects.count() == 1


def test_nobody_else_gets_the_draft(zvh, other_zvh, regisseur, make_user, as_actor):
    services.concept_bewaren(actor=as_actor(regisseur, zvh), sleutel=SLEUTEL, data=DATA)
    collega = make_user(zvh, Rol.PROCESREGISSEUR, organisatie=regisseur.organisatie)
    assert services.concept_ophalen(actor=as_actor(collega, zvh), sleutel=SLEUTEL) is None
    # Removing "its own" draft of that form removes nothing of the owner's.
    assert services.concept_verwijderen(actor=as_actor(collega, zvh), sleutel=SLEUTEL) == 0
    # The owner itself, acting in another house, does not get it either.
    from tests.partners.factories import PartnerschapFactory, RolToewijzingFactory

    PartnerschapFactory(zvh=other_zvh, organisatie=regisseur.organisatie)
    RolToewijzingFactory(medewerker=regisseur, zvh=other_zvh, rol=Rol.PROCESREGISSEUR)
    assert services.concept_ophalen(actor=as_actor(regisseur, other_zvh), sleutel=SLEUTEL) is None
    assert services.concept_ophalen(actor=as_actor(regisseur, zvh), sleutel=SLEUTEL) is not None


def test_saving_and_removing_are_audited_without_content(zvh, regisseur, as_actor):
    actor = as_actor(regisseur, zvh)
    before = AccessLog.objects.count()
    concept = services.concept_bewaren(actor=actor, sleutel=SLEUTEL, data=DATA)
    assert services.concept_verwijderen(actor=actor, sleutel=SLEUTEL) == 1
    rows = list(AccessLog.objects.order_by("id")[before:])
    assert [(r.event_type, r.action, r.outcome) for r in rows] == [
        (events.FORMULIERCONCEPT_BEWAARD, "update", "success"),
        (events.FORMULIERCONCEPT_VERWIJDERD, "delete", "success"),
    ]
    assert all(r.object_id == str(concept.pk) and r.detail == SLEUTEL for r in rows)
    with connection.cursor() as cursor:
        cursor.execute("SELECT t::text FROM audit_accesslog t")
        dump = "\n".join(row[0] for row in cursor.fetchall())
    assert "Sanne" not in dump and "bedreigt" not in dump
    assert not Formulierconcept.objects.exists()


def test_the_payload_is_encrypted_at_rest_and_bound_to_its_row(zvh, regisseur, as_actor):
    concept = services.concept_bewaren(actor=as_actor(regisseur, zvh), sleutel=SLEUTEL, data=DATA)
    with connection.cursor() as cursor:
        cursor.execute("SELECT t::text FROM partners_formulierconcept t")
        dump = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SELECT encode(payload, 'escape') FROM partners_formulierconcept")
        raw = cursor.fetchone()[0]
    for waarde in ("Sanne", "bedreigt", "oordeel_a"):
        assert waarde not in dump and waarde not in raw
    # Copied to another row, the ciphertext does not open.
    ander = services.concept_bewaren(actor=as_actor(regisseur, zvh), sleutel="ander", data={})
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE partners_formulierconcept SET payload = "
            "(SELECT payload FROM partners_formulierconcept WHERE id = %s) WHERE id = %s",
            [concept.pk, ander.pk],
        )
    with pytest.raises(crypto.DecryptionError):
        _ = Formulierconcept.objects.get(pk=ander.pk).payload


def test_a_machine_actor_keeps_no_drafts(zvh):
    from core.actor import Actor

    with pytest.raises(ServiceError):
        services.concept_bewaren(
            actor=Actor(machine="taak:test", zvh_id=zvh.pk), sleutel=SLEUTEL, data=DATA
        )


def test_an_oversized_draft_is_refused(zvh, regisseur, as_actor):
    with pytest.raises(ServiceError, match="te groot"):
        services.concept_bewaren(
            actor=as_actor(regisseur, zvh), sleutel=SLEUTEL, data={"x": ["a" * 300_000]}
        )
    assert not Formulierconcept.objects.exists()

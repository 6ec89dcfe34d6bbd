"""The signal "views of persons outside the viewer's cases": who counts, matched in SQL."""

from datetime import timedelta

import pytest
from django.utils import timezone

from audit import events, selectors
from casus.models import DeelnemerRol, Thema
from casus.services import deelname_vastleggen
from partners.models import Rol
from tests.aanmelding.factories import AanmeldingFactory
from tests.audit.rows import record
from tests.casus.factories import PersoonFactory
from tests.conftest import actor_for


def view(zvh, user, pseudoniem, rollen=None):
    """A person view as a request writes it: `rol` holds the viewer's roles in `zvh`."""
    if rollen is None:
        rollen = actor_for(user, zvh).rollen
    return record(
        event=events.PERSOON_BEKEKEN,
        zvh=zvh,
        actor=user,
        rollen=rollen,
        persoon_pseudoniem=pseudoniem,
    )


def outside(zvh):
    now = timezone.now()
    found = selectors.signals(zvh, start=now - timedelta(days=1), end=now + timedelta(days=1))
    return {o["user_id"]: o for o in found.outside_cases}


def accepted_casus(zvh, make_user, **aanmelding):
    """A referral accepted by a procesregisseur: its casus, with the referrer as deelnemer."""
    from aanmelding import services

    regisseur = make_user(zvh, Rol.PROCESREGISSEUR)
    backup = make_user(zvh, Rol.PROCESREGISSEUR, organisatie=regisseur.organisatie)
    referral = AanmeldingFactory(zvh=zvh, ingediend=True, **aanmelding)
    services.triage_besluiten(
        actor=actor_for(regisseur, zvh, request_id="test-signal-0002"),
        aanmelding=referral,
        besluit="accepteren",
        oordelen={letter: (True, f"Motivatie {letter}") for letter in "abcd"},
        themas=[Thema.objects.get_or_create(zvh=zvh, code="hg", naam="Huiselijk geweld")[0]],
        ave_niveau=3,
        procesregisseur=regisseur,
        backup_procesregisseur=backup,
    )
    referral.refresh_from_db()
    return referral.casus


@pytest.fixture
def casus(zvh, make_user):
    return accepted_casus(zvh, make_user)


def test_partner_of_a_deelnemer_organisation_is_not_flagged(zvh, make_user, casus):
    partner = make_user(zvh, Rol.KETENPARTNER)
    deelname_vastleggen(casus=casus, organisatie=partner.organisatie, rol=DeelnemerRol.PARTNER)
    view(zvh, partner, casus.personen.get().audit_pseudoniem)
    assert outside(zvh) == {}


def test_partner_of_another_organisation_is_flagged(zvh, make_user, casus):
    persoon = casus.personen.get()
    stranger = make_user(zvh, Rol.KETENPARTNER, first_name="Buiten", last_name="Staander")
    view(zvh, stranger, persoon.audit_pseudoniem)
    view(zvh, stranger, persoon.audit_pseudoniem)
    found = outside(zvh)
    assert set(found) == {stranger.pk}
    assert found[stranger.pk]["aantal"] == 2 and found[stranger.pk]["personen"] == 1
    assert found[stranger.pk]["organisatie_naam"] == stranger.organisatie.naam
    assert found[stranger.pk]["user_display"] == "Buiten Staander"


def test_deelnemer_of_another_casus_is_flagged(zvh, make_user, casus):
    """Taking part in some casus is not enough: it must be a casus with this person."""
    other = accepted_casus(zvh, make_user)
    partner = make_user(zvh, Rol.KETENPARTNER)
    deelname_vastleggen(casus=other, organisatie=partner.organisatie, rol=DeelnemerRol.PARTNER)
    view(zvh, partner, casus.personen.get().audit_pseudoniem)
    assert set(outside(zvh)) == {partner.pk}


def test_referring_organisation_reading_its_own_referrals_person_is_not_flagged(zvh, make_user):
    referral = AanmeldingFactory(zvh=zvh, ingediend=True, personen=2)
    colleague = make_user(zvh, Rol.KETENPARTNER, organisatie=referral.organisatie)
    for persoon in referral.personen.all():
        view(zvh, referral.aangemeld_door, persoon.audit_pseudoniem)
        view(zvh, colleague, persoon.audit_pseudoniem)
    assert outside(zvh) == {}


def test_referrer_reading_the_persons_it_entered_before_they_are_linked_is_not_flagged(
    zvh, make_user
):
    referral = AanmeldingFactory(zvh=zvh, ingediend=True, personen=0)
    met_bsn = referral.aanmeldingpersoon_set.create(bsn="111222333", achternaam="Boer")
    zonder = referral.aanmeldingpersoon_set.create(achternaam="Smit", volgorde=1)
    stranger = make_user(zvh, Rol.KETENPARTNER)
    for link in (met_bsn, zonder):
        assert link.persoon_id is None
        view(zvh, referral.aangemeld_door, link.audit_pseudoniem)
        view(zvh, stranger, link.audit_pseudoniem)
    assert set(outside(zvh)) == {stranger.pk}


@pytest.mark.parametrize(
    "rol", [Rol.PROCESREGISSEUR, Rol.INFORMATIECOORDINATOR, Rol.PRIVACY_OFFICER]
)
def test_house_wide_roles_are_not_flagged(zvh, make_user, casus, rol):
    staff = make_user(zvh, rol, Rol.MANAGER)
    view(zvh, staff, casus.personen.get().audit_pseudoniem)
    view(zvh, staff, PersoonFactory(zvh=zvh).audit_pseudoniem)  # in no casus or referral
    assert outside(zvh) == {}


def test_roles_match_as_whole_items_of_the_rol_text(zvh, make_user, casus):
    """Only the role held at the time counts, and only a whole comma-separated item."""
    pseudoniem = casus.personen.get().audit_pseudoniem
    user = make_user(zvh, Rol.KETENPARTNER)
    view(zvh, user, pseudoniem, rollen=["ketenpartner", "xprocesregisseur", "procesregisseurs"])
    view(zvh, user, pseudoniem, rollen=[])
    assert outside(zvh)[user.pk]["aantal"] == 2
    view(zvh, user, pseudoniem, rollen=["ketenpartner", "procesregisseur", "zsm"])
    assert outside(zvh)[user.pk]["aantal"] == 2


def test_person_without_bsn_is_matched_by_its_uuid_pseudonym(zvh, make_user):
    persoon = PersoonFactory(zvh=zvh, zonder_bsn=True)
    assert persoon.audit_pseudoniem == f"p-{persoon.pk}"
    referral = AanmeldingFactory(zvh=zvh, ingediend=True, personen=0)
    referral.personen.add(persoon, through_defaults={"volgorde": 0})
    stranger = make_user(zvh, Rol.KETENPARTNER)
    view(zvh, referral.aangemeld_door, persoon.audit_pseudoniem)
    view(zvh, stranger, persoon.audit_pseudoniem)
    assert set(outside(zvh)) == {stranger.pk}


def test_rows_written_before_the_bsn_was_known_still_match(zvh, make_user):
    referral = AanmeldingFactory(zvh=zvh, ingediend=True)
    persoon = referral.personen.get()
    assert persoon.bsn_index
    view(zvh, referral.aangemeld_door, f"p-{persoon.pk}")
    assert outside(zvh) == {}


def test_casus_and_referrals_of_another_house_do_not_count(zvh, other_zvh, make_user):
    """Rows of another house never appear, and its casussen vouch for nobody here."""
    elsewhere = accepted_casus(other_zvh, make_user)
    persoon = elsewhere.personen.get()
    referrer = elsewhere.aanmelding.aangemeld_door
    view(other_zvh, referrer, persoon.audit_pseudoniem)
    stranger = make_user(other_zvh, Rol.KETENPARTNER)
    view(other_zvh, stranger, persoon.audit_pseudoniem)
    assert set(outside(other_zvh)) == {stranger.pk}
    assert outside(zvh) == {}
    # The same organisation reading the same pseudonym in this house: no casus here.
    view(zvh, referrer, persoon.audit_pseudoniem, rollen=[Rol.KETENPARTNER])
    assert set(outside(zvh)) == {referrer.pk}


@pytest.mark.parametrize("n", [1, 20])
def test_query_count_does_not_grow_with_rows(zvh, make_user, casus, n, django_assert_num_queries):
    pseudoniem = casus.personen.get().audit_pseudoniem
    for _ in range(n):
        view(zvh, make_user(zvh, Rol.KETENPARTNER), pseudoniem)
        view(zvh, make_user(zvh, Rol.PROCESREGISSEUR), pseudoniem)
    now = timezone.now()
    # Four for the log's signals, one for the separation of duties (partners' hook).
    with django_assert_num_queries(5):
        found = selectors.signals(zvh, start=now - timedelta(days=1), end=now + timedelta(days=1))
    assert len(found.outside_cases) == n


def test_every_person_a_list_row_shows_counts_not_only_its_first(zvh, make_user, casus):
    """A list page writes one row naming all its persons: a stranger among them is found."""
    partner = make_user(zvh, Rol.KETENPARTNER)
    deelname_vastleggen(casus=casus, organisatie=partner.organisatie, rol=DeelnemerRol.PARTNER)
    own = casus.personen.get()
    strangers = [PersoonFactory(zvh=zvh) for _ in range(3)]
    record(
        event=events.PERSOON_BEKEKEN,
        zvh=zvh,
        actor=partner,
        rollen=actor_for(partner, zvh).rollen,
        personen=[own, *strangers],
    )
    found = outside(zvh)
    assert set(found) == {partner.pk}
    assert found[partner.pk]["aantal"] == 1 and found[partner.pk]["personen"] == 3


def outliers(zvh):
    now = timezone.now()
    found = selectors.signals(zvh, start=now - timedelta(days=1), end=now + timedelta(days=1))
    return {o["user_id"]: o["aantal"] for o in found.outliers}, found.median


def opened(zvh, user, *personen, event=events.PERSOON_BEKEKEN):
    return record(
        event=event, zvh=zvh, actor=user, rollen=[Rol.KETENPARTNER], personen=list(personen)
    )


def test_list_pages_do_not_make_a_referrer_stand_out_among_peers(zvh, make_user):
    """Normal use: a referrer reopening "mijn aanmeldingen" and the worklist writes many rows
    naming many persons, and opens a few of them. Only the persons opened count."""
    own = [PersoonFactory(zvh=zvh) for _ in range(25)]
    referrer = make_user(zvh, Rol.KETENPARTNER)
    for _ in range(106):
        opened(zvh, referrer, *own, event=events.AANMELDINGEN_BEKEKEN)
        opened(zvh, referrer, *own, event=events.TRIAGE_WERKVOORRAAD_BEKEKEN)
    opened(zvh, referrer, own[0])
    opened(zvh, referrer, own[1], event=events.AANMELDING_BEKEKEN)
    for _ in range(4):
        peer = make_user(zvh, Rol.KETENPARTNER)
        opened(zvh, peer, PersoonFactory(zvh=zvh))
        opened(zvh, peer, PersoonFactory(zvh=zvh), event=events.CASUS_GEOPEND)
    found, median = outliers(zvh)
    assert found == {} and median == 2


def test_distinct_persons_opened_on_detail_pages_are_counted(zvh, make_user):
    """Opening one person a hundred times is one person; opening 25 persons is 25; a casus or
    referral page counts every person it shows."""
    personen = [PersoonFactory(zvh=zvh) for _ in range(25)]
    repeat, curious = make_user(zvh, Rol.KETENPARTNER), make_user(zvh, Rol.KETENPARTNER)
    for _ in range(100):
        opened(zvh, repeat, personen[0])
    for persoon in personen[:20]:
        opened(zvh, curious, persoon)
    opened(zvh, curious, *personen[20:], event=events.CASUS_GEOPEND)
    for _ in range(3):
        opened(zvh, make_user(zvh, Rol.KETENPARTNER), PersoonFactory(zvh=zvh))
    found, median = outliers(zvh)
    assert found == {curious.pk: 25} and median == 1

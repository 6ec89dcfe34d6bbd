"""The privacy officer's review workspace: role gate, own house only, its own logging, input."""

import csv
import io
import uuid
from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from audit import events
from audit.models import AccessLog
from casus.models import Casus
from core.crypto import blind_index
from partners.models import Rol
from tests.aanmelding.factories import AanmeldingFactory
from tests.audit.rows import record
from tests.casus.factories import CasusFactory

BSN = "111222333"
OTHER_BSN = "123456782"
WORKSPACE = ["audit:zoeken", "audit:inzage", "audit:signalen"]


@pytest.fixture
def officer(make_user, zvh):
    return make_user(zvh, Rol.PRIVACY_OFFICER, username="privacy")


@pytest.fixture
def as_officer(login, officer):
    return login(officer)


def person_read(zvh, user, bsn=BSN, **fields):
    return record(
        event=events.MEDEWERKER_BEKEKEN,
        zvh=zvh,
        actor=user,
        persoon_pseudoniem=blind_index(bsn),
        **fields,
    )


def last(event):
    return AccessLog.objects.filter(event_type=event).order_by("-id").first()


# Role gate -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [*WORKSPACE, "audit:export"])
def test_other_roles_get_403_and_the_denial_is_logged(client, login, make_user, zvh, name):
    user = make_user(zvh, Rol.PROCESREGISSEUR, Rol.FUNCTIONEEL_BEHEERDER, Rol.MANAGER)
    login(user)
    response = client.get(reverse(name))
    assert response.status_code == 403
    denial = last(events.TOEGANG_GEWEIGERD)
    assert denial.user_id == user.pk and denial.outcome == "denied"
    assert denial.detail == "audit.review" and denial.zvh_id == zvh.pk
    assert not AccessLog.objects.filter(event_type__startswith="audit_").exists()


def test_privacy_officer_of_another_house_has_no_access_here(client, login, make_user, zvh):
    other = make_user(None)
    from tests.partners.factories import RolToewijzingFactory, ZvhFactory

    RolToewijzingFactory(medewerker=other, zvh=ZvhFactory(), rol=Rol.PRIVACY_OFFICER)
    RolToewijzingFactory(medewerker=other, zvh=zvh, rol=Rol.KETENPARTNER)
    login(other)
    session = client.session
    from partners.middleware import ZVH_KEY

    session[ZVH_KEY] = zvh.pk
    session.save()
    assert client.get(reverse("audit:zoeken")).status_code == 403


def test_without_second_factor_the_workspace_redirects_to_verification(client, officer):
    import time

    from partners.middleware import LAST_SEEN, LOGIN_TIME

    client.force_login(officer)
    session = client.session
    session[LOGIN_TIME] = session[LAST_SEEN] = time.time()
    session.save()
    response = client.get(reverse("audit:zoeken"))
    assert response.status_code == 302 and response["Location"] == reverse("partners:verify")


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(reverse("audit:zoeken"))
    assert response.status_code == 302 and reverse("partners:login") in response["Location"]


def test_officer_home_and_navigation_list_the_workspace(client, as_officer, login, make_user, zvh):
    page = as_officer.get(reverse("home")).content.decode()
    assert page.count(reverse("audit:zoeken")) >= 2  # navigation and the role's section
    login(make_user(zvh, Rol.PROCESREGISSEUR))
    assert reverse("audit:zoeken") not in client.get(reverse("home")).content.decode()


# Own house only ------------------------------------------------------------------------------


def test_rows_of_another_house_are_invisible(as_officer, officer, zvh, other_zvh, make_user):
    mine = person_read(zvh, officer, detail="eigen huis")
    theirs = person_read(other_zvh, officer, detail="ander huis")
    page = as_officer.get(reverse("audit:zoeken")).content.decode()
    assert reverse("audit:regel", args=[mine.pk]) in page
    assert reverse("audit:regel", args=[theirs.pk]) not in page
    assert as_officer.get(reverse("audit:regel", args=[theirs.pk])).status_code == 404
    assert last(events.TOEGANG_GEWEIGERD).outcome == "denied"
    overview = as_officer.post(reverse("audit:inzage"), {"bsn": BSN, "doel": "inzageverzoek 7"})
    assert overview.context["rows"] == [mine]


# Search and its own logging -----------------------------------------------------------------


def test_search_is_logged_with_its_filters(as_officer, officer, zvh):
    response = as_officer.post(
        reverse("audit:zoeken"), {"gebeurtenis": events.INLOGGEN, "uitkomst": "denied"}
    )
    assert response.status_code == 200
    row = last(events.AUDIT_GEZOCHT)
    assert row.user_id == officer.pk and row.zvh_id == zvh.pk and row.action == "search"
    assert row.detail == "event_type=inloggen outcome=denied"


def test_person_search_logs_pseudonym_and_purpose_never_the_bsn(
    as_officer, officer, zvh, make_user
):
    colleague = make_user(zvh, Rol.PROCESREGISSEUR)
    seen = person_read(zvh, colleague)
    person_read(zvh, colleague, bsn=OTHER_BSN)
    response = as_officer.post(
        reverse("audit:zoeken"), {"bsn": "1112 22 333", "doel": "inzageverzoek 2026-014"}
    )
    assert response.status_code == 200
    assert response.context["rows"] == [seen]
    assert BSN not in response.content.decode()
    row = last(events.AUDIT_GEZOCHT)
    assert row.persoon_pseudoniem == blind_index(BSN)
    assert row.doel == "inzageverzoek 2026-014"
    for values in AccessLog.objects.values_list():
        assert not any(BSN in str(v) for v in values)


def test_usernames_of_other_houses_cannot_be_probed(as_officer, make_user, other_zvh):
    make_user(other_zvh, Rol.PROCESREGISSEUR, username="elders")
    response = as_officer.post(reverse("audit:zoeken"), {"gebruiker": "elders"})
    assert response.status_code == 400
    assert "geen medewerker met deze gebruikersnaam" in response.content.decode()


def test_user_organisation_casus_and_period_filters(as_officer, officer, zvh, make_user):
    colleague = make_user(zvh, Rol.PROCESREGISSEUR, username="jdevries")
    maart_casus, mei_casus = CasusFactory(zvh=zvh), CasusFactory(zvh=zvh)
    with time_machine.travel(datetime(2026, 3, 10, 12, tzinfo=UTC), tick=False):
        march = person_read(zvh, colleague, casus_id=maart_casus.pk)
    with time_machine.travel(datetime(2026, 5, 10, 12, tzinfo=UTC), tick=False):
        may = person_read(zvh, colleague, casus_id=mei_casus.pk)
    person_read(zvh, officer)
    url = reverse("audit:zoeken")
    assert as_officer.post(url, {"gebruiker": "JDEVRIES"}).context["rows"] == [may, march]
    org = colleague.organisatie.pk
    assert as_officer.post(url, {"organisatie": org}).context["rows"] == [may, march]
    assert march.casus_id == str(maart_casus.pk)
    assert as_officer.post(url, {"casus": maart_casus.nummer}).context["rows"] == [march]
    period = {"van": "2026-03-01", "tot": "2026-03-10", "gebruiker": "jdevries"}
    assert as_officer.post(url, period).context["rows"] == [march]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"bsn": "12345678"}, "precies 9 cijfers"),
        ({"bsn": "123456789", "doel": "x"}, "elfproef"),
        ({"bsn": "12a456782", "doel": "x"}, "alleen uit cijfers"),
        ({"bsn": BSN}, "Vul het doel in"),
        ({"van": "31-31-2026"}, "geldige datum"),
        ({"van": "2026-05-02", "tot": "2026-05-01"}, "einddatum ligt vóór de begindatum"),
        ({"casus": "abc"}, "casusnummer in zoals 2026-0042"),
        ({"casus": "2026-0042"}, "Er is in dit huis geen casus met dit nummer."),
        ({"gebruiker": "bestaat-niet"}, "geen medewerker met deze gebruikersnaam"),
        ({"gebeurtenis": "verzonnen"}, "geldige keuze"),
        ({"na": "1-2-3"}, "paginaverwijzing is ongeldig"),
        ({"na": "99999999999999999999-1"}, "paginaverwijzing is ongeldig"),
        ({"persoon": "<script>"}, "persoonsverwijzing is ongeldig"),
    ],
)
def test_malformed_search_is_a_clear_400_and_nothing_else(as_officer, data, message):
    response = as_officer.post(reverse("audit:zoeken"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert response.context.get("rows") is None
    assert not AccessLog.objects.filter(event_type=events.AUDIT_GEZOCHT).exists()


def test_malformed_inzage_and_signalen_are_400(as_officer):
    assert as_officer.post(reverse("audit:inzage"), {"bsn": "123", "doel": "x"}).status_code == 400
    assert as_officer.post(reverse("audit:inzage"), {"bsn": BSN}).status_code == 400
    assert as_officer.post(reverse("audit:inzage"), {"doel": "x"}).status_code == 400
    response = as_officer.get(reverse("audit:signalen"), {"van": "2026-02-30"})
    assert response.status_code == 400
    assert not AccessLog.objects.filter(event_type__startswith="audit_").exists()
    assert not AccessLog.objects.filter(event_type=events.INZAGE_OVERZICHT_BEKEKEN).exists()


# Keyset pagination ---------------------------------------------------------------------------


def test_keyset_pages_cover_every_row_once_in_order_even_with_equal_times(as_officer, zvh):
    with time_machine.travel(datetime(2026, 1, 1, tzinfo=UTC), tick=False):
        for i in range(60):
            record(event=events.ORGANISATIES_BEKEKEN, zvh=zvh, detail=str(i))
    for i in range(60, 120):
        record(event=events.ORGANISATIES_BEKEKEN, zvh=zvh, detail=str(i))
    expected = list(
        AccessLog.objects.filter(event_type=events.ORGANISATIES_BEKEKEN)
        .order_by("-event_time", "-id")
        .values_list("id", flat=True)
    )
    seen, data = [], {"gebeurtenis": events.ORGANISATIES_BEKEKEN}
    for _page in range(5):
        response = as_officer.post(reverse("audit:zoeken"), data)
        assert response.status_code == 200
        seen += [row.pk for row in response.context["rows"]]
        if response.context["next_page"] is None:
            break
        data = response.context["next_page"]
        assert data["gebeurtenis"] == events.ORGANISATIES_BEKEKEN
    assert seen == expected
    assert AccessLog.objects.filter(event_type=events.AUDIT_GEZOCHT).count() == 3


def test_keyset_pagination_uses_no_offset(as_officer, zvh, django_assert_max_num_queries):
    for _ in range(55):
        record(event=events.ORGANISATIES_BEKEKEN, zvh=zvh)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        as_officer.post(reverse("audit:zoeken"), {})
    assert not any("OFFSET" in q["sql"] for q in queries.captured_queries)


# Detail and export ---------------------------------------------------------------------------


def test_detail_shows_the_row_and_is_logged(as_officer, officer, zvh):
    row = person_read(zvh, officer, doel="triage")
    response = as_officer.get(reverse("audit:regel", args=[row.pk]))
    assert response.status_code == 200
    assert row.hash in response.content.decode()
    logged = last(events.AUDIT_REGEL_BEKEKEN)
    assert logged.object_type == "audit.accesslog" and logged.object_id == str(row.pk)
    assert logged.persoon_pseudoniem == row.persoon_pseudoniem


def test_export_streams_csv_of_own_house_and_is_logged(as_officer, officer, zvh, other_zvh):
    person_read(zvh, officer, detail='=HYPERLINK("http://x")')
    person_read(zvh, officer, detail="gewoon")
    person_read(other_zvh, officer, detail="ander huis")
    response = as_officer.post(
        reverse("audit:export"), {"gebeurtenis": events.MEDEWERKER_BEKEKEN, "doel": "controle"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.streaming
    table = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    header, body = table[0], table[1:]
    assert header[0] == "tijdstip" and "persoonspseudoniem" in header
    details = [line[header.index("toelichting")] for line in body]
    assert details == ["gewoon", '\'=HYPERLINK("http://x")']
    assert {line[header.index("persoonspseudoniem")] for line in body} == {blind_index(BSN)}
    logged = last(events.AUDIT_GEEXPORTEERD)
    assert logged.action == "export" and logged.doel == "controle"
    assert logged.detail == f"event_type={events.MEDEWERKER_BEKEKEN}"


def test_export_requires_a_purpose(as_officer):
    response = as_officer.post(reverse("audit:export"), {})
    assert response.status_code == 400
    assert "Vul het doel van de export in" in response.content.decode()
    assert not AccessLog.objects.filter(event_type=events.AUDIT_GEEXPORTEERD).exists()


# Wie heeft deze persoon ingezien -------------------------------------------------------------


def test_person_overview_is_chronological_and_logged(as_officer, officer, zvh, make_user):
    colleague = make_user(zvh, Rol.PROCESREGISSEUR, first_name="Anna", last_name="Smit")
    with time_machine.travel(datetime(2026, 2, 1, tzinfo=UTC), tick=False):
        first = person_read(zvh, colleague, doel="triage")
    second = person_read(zvh, officer, doel="controle")
    person_read(zvh, colleague, bsn=OTHER_BSN)
    response = as_officer.post(reverse("audit:inzage"), {"bsn": BSN, "doel": "inzageverzoek 9"})
    assert response.status_code == 200
    assert response.context["rows"] == [first, second]
    page = response.content.decode()
    assert "Anna Smit" in page and "triage" in page and colleague.organisatie.naam in page
    logged = last(events.INZAGE_OVERZICHT_BEKEKEN)
    assert logged.persoon_pseudoniem == blind_index(BSN) and logged.doel == "inzageverzoek 9"
    assert BSN not in page


def test_empty_overview_form_shows_no_data_and_logs_nothing(as_officer):
    response = as_officer.get(reverse("audit:inzage"))
    assert response.status_code == 200
    assert not AccessLog.objects.filter(event_type=events.INZAGE_OVERZICHT_BEKEKEN).exists()


# Signals -------------------------------------------------------------------------------------


def test_signals_list_denials_outliers_and_views_outside_cases(as_officer, officer, zvh, make_user):
    busy = make_user(zvh, Rol.KETENPARTNER, first_name="Veel", last_name="Kijker")
    # 30 person pages opened, of 25 different persons (detail pages: the signal counts persons).
    for i in range(30):
        record(
            event=events.PERSOON_BEKEKEN,
            zvh=zvh,
            actor=busy,
            persoon_pseudoniem=blind_index(f"persoon-{i % 25}"),
        )
    # Peers read the person of their own organisation's referral: not outside their cases.
    peers = [AanmeldingFactory(zvh=zvh, ingediend=True) for _ in range(4)]
    for referral in peers:
        for _ in range(3):
            record(
                event=events.PERSOON_BEKEKEN,
                zvh=zvh,
                actor=referral.aangemeld_door,
                persoon_pseudoniem=referral.personen.get().audit_pseudoniem,
            )
    peers = [referral.aangemeld_door for referral in peers]
    record(event=events.TOEGANG_GEWEIGERD, zvh=zvh, actor=peers[0], outcome="denied")
    response = as_officer.get(reverse("audit:signalen"))
    assert response.status_code == 200
    found = response.context["signals"]
    assert [d["user_id"] for d in found.denied] == [peers[0].pk]
    assert [(o["user_id"], o["aantal"]) for o in found.outliers] == [(busy.pk, 25)]
    assert found.median == 1
    outside = {o["user_id"]: o for o in found.outside_cases}
    assert set(outside) == {busy.pk}
    assert outside[busy.pk]["aantal"] == 30 and outside[busy.pk]["personen"] == 25
    page = response.content.decode()
    assert "Veel Kijker" in page
    assert "Lijstpagina's zoals werkvoorraden" in page
    assert last(events.AUDIT_SIGNALEN_BEKEKEN).user_id == officer.pk


def test_signals_period_excludes_older_rows(as_officer, zvh, make_user):
    user = make_user(zvh, Rol.PROCESREGISSEUR)
    with time_machine.travel(datetime(2025, 1, 1, tzinfo=UTC), tick=False):
        record(event=events.TOEGANG_GEWEIGERD, zvh=zvh, actor=user, outcome="denied")
    response = as_officer.get(reverse("audit:signalen"))
    assert response.context["signals"].denied == []
    response = as_officer.get(reverse("audit:signalen"), {"van": "2024-12-31", "tot": "2025-01-01"})
    assert [d["user_id"] for d in response.context["signals"].denied] == [user.pk]


def test_casus_search_by_number_finds_rows_from_before_the_uuid_key(as_officer, officer, zvh):
    """A casus converted by casus migration 0003 is UUID(int=old id); rows written before the
    migration carry the old integer id, rows written after it the UUID: one number finds both."""
    casus = CasusFactory(zvh=zvh)
    Casus.objects.filter(pk=casus.pk).update(id=uuid.UUID(int=41))
    casus = Casus.objects.get(pk=uuid.UUID(int=41))
    before = person_read(zvh, officer, casus_id=41)
    after = person_read(zvh, officer, target=casus)
    person_read(zvh, officer, casus_id=CasusFactory(zvh=zvh).pk)
    assert (before.casus_id, after.casus_id) == ("41", str(uuid.UUID(int=41)))
    response = as_officer.post(reverse("audit:zoeken"), {"casus": f" {casus.nummer} "})
    assert response.context["rows"] == [after, before]
    row = last(events.AUDIT_GEZOCHT)
    assert row.casus_id == str(casus.pk)
    assert f"casus={casus.nummer}" in row.detail
    assert response.context["form"].carried()["casus"] == casus.nummer


def test_casus_number_of_another_house_is_unknown_here(as_officer, officer, zvh, other_zvh):
    elders = CasusFactory(zvh=other_zvh)
    record(event=events.MEDEWERKER_BEKEKEN, zvh=other_zvh, actor=officer, casus_id=elders.pk)
    response = as_officer.post(reverse("audit:zoeken"), {"casus": elders.nummer})
    assert response.status_code == 400
    assert "Er is in dit huis geen casus met dit nummer." in response.content.decode()
    assert not AccessLog.objects.filter(event_type=events.AUDIT_GEZOCHT).exists()

"""Every django-auditlog change entry is covered by a chained audit row (its id and a digest of
its content), so that audit_verify finds a forged, an altered and a removed change entry."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.urls import reverse

from aanmelding.models import RegionaalCriterium
from audit import changes, events, log
from audit.models import AccessLog
from core.roles import Rol
from partners.models import Organisatie
from tests.audit.rows import actor_of, record
from tests.partners.factories import OrganisatieFactory


def behind_the_triggers(sql, params=()):
    """As an attacker with superuser rights: with triggers off for this session (ALTER TABLE
    is refused while the test's deferred foreign-key checks are pending)."""
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        try:
            cursor.execute(sql, params)
        finally:
            cursor.execute("SET session_replication_role = DEFAULT")


def covered_ids():
    ids = set()
    for text in AccessLog.objects.exclude(wijzigingen="").values_list("wijzigingen", flat=True):
        ids.update(changes.parse_cover(text)[0])
    return ids


def verify_fails():
    with pytest.raises(CommandError) as excinfo:
        call_command("audit_verify")
    return str(excinfo.value)


@pytest.fixture
def beheerder_request(zvh, make_user, login):
    """A functioneel beheerder adds a regional criterion through the page: one request whose
    change entries are written during the view, its audit row just before commit."""
    user = make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER)
    client = login(user)
    response = client.post(
        reverse("aanmelding:beheer"),
        {"soort": "criterium", "criterium-omschrijving": "Levensloop", "criterium-volgorde": "1"},
    )
    assert response.status_code == 302
    criterium = RegionaalCriterium.objects.get(zvh=zvh)
    return LogEntry.objects.get_for_object(criterium).get()


def test_a_request_covers_its_change_entries_in_its_own_chained_row(beheerder_request, capsys):
    entry = beheerder_request
    row = AccessLog.objects.get(event_type="triage_instellingen_gewijzigd")
    ids, _digest = changes.parse_cover(row.wijzigingen)
    assert entry.pk in ids
    assert set(LogEntry.objects.values_list("pk", flat=True)) <= covered_ids()
    call_command("audit_verify")
    assert "wijzigingslog:" in capsys.readouterr().out


def test_a_service_outside_a_request_covers_its_change_entries(zvh):
    organisatie = OrganisatieFactory(naam="Politie Oost")
    organisatie.naam = "Politie Oost-Brabant"
    organisatie.save()
    # The entries are noted; the next chained row of this thread covers them.
    record(event=events.ORGANISATIES_BEKEKEN, zvh=zvh)
    assert set(LogEntry.objects.values_list("pk", flat=True)) <= covered_ids()
    call_command("audit_verify")


def test_an_altered_change_entry_is_found(beheerder_request, capsys):
    entry = beheerder_request
    behind_the_triggers(
        "UPDATE auditlog_logentry SET changes = %s WHERE id = %s",
        ['{"omschrijving": ["", "iets anders"]}', entry.pk],
    )
    verify_fails()
    assert "digest klopt niet" in capsys.readouterr().err


def test_a_removed_change_entry_is_found(beheerder_request, capsys):
    entry = beheerder_request
    behind_the_triggers("DELETE FROM auditlog_logentry WHERE id = %s", [entry.pk])
    verify_fails()
    err = capsys.readouterr().err
    assert f"wijzigingsregel {entry.pk}" in err and "verwijderd" in err


def test_a_forged_entry_is_reported_by_id(beheerder_request, capsys):
    forged = LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Organisatie),
        object_pk="1",
        object_repr="Organisatie",
        action=LogEntry.Action.UPDATE,
    )
    changes.take_noted()
    verify_fails()
    err = capsys.readouterr().err
    assert f"wijzigingsregel {forged.pk} (geen regel): door geen auditregel gedekt" in err


def test_the_covering_column_is_part_of_the_row_hash(beheerder_request, capsys):
    row = AccessLog.objects.exclude(wijzigingen="").order_by("-id").first()
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_accesslog DISABLE TRIGGER audit_accesslog_append_only")
        cursor.execute("UPDATE audit_accesslog SET wijzigingen = '' WHERE id = %s", [row.pk])
        cursor.execute("ALTER TABLE audit_accesslog ENABLE TRIGGER audit_accesslog_append_only")
    verify_fails()
    assert f"(id {row.pk}): HMAC klopt niet" in capsys.readouterr().err


def test_a_rolled_back_change_leaves_no_dangling_cover(zvh):
    with pytest.raises(RuntimeError), transaction.atomic():
        OrganisatieFactory(naam="Teruggedraaid")
        raise RuntimeError
    log.system(actor=actor_of(None, zvh), event=events.VELDSLEUTEL_GEROTEERD)
    call_command("audit_verify")

"""The review workspace in Dutch: events, actions, outcomes and roles by their labels, never
by the codes the rows store; the CSV in local time; the inzage overview naming its person."""

import csv
import io
from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from audit import events, labels
from audit.events import EVENT_LABELS, EVENTS
from audit.forms import ZoekForm
from audit.models import AccessLog
from core.crypto import blind_index
from partners.models import Rol
from tests.audit.rows import record
from tests.casus.factories import PersoonFactory

BSN = "111222333"


@pytest.fixture
def officer(make_user, zvh):
    return make_user(zvh, Rol.PRIVACY_OFFICER, username="privacy")


@pytest.fixture
def as_officer(login, officer):
    return login(officer)


def registered(zvh, user, **fields):
    """A person registration by `user` as a procesregisseur and manager."""
    return record(
        event=events.PERSOON_GEREGISTREERD,
        zvh=zvh,
        actor=user,
        rollen=[Rol.PROCESREGISSEUR, Rol.MANAGER],
        persoon_pseudoniem=blind_index(BSN),
        **fields,
    )


def last(event):
    return AccessLog.objects.filter(event_type=event).order_by("-id").first()


def test_every_event_has_a_dutch_label():
    assert set(EVENT_LABELS) == set(EVENTS)
    for code, label in EVENT_LABELS.items():
        text = str(label)
        assert text and "_" not in text and text != code
        assert text[0].isupper()
    assert len({str(label) for label in EVENT_LABELS.values()}) == len(EVENT_LABELS)


def test_the_export_event_is_spelled_with_its_diaeresis_but_keeps_its_code():
    assert events.event_label(events.AUDIT_GEEXPORTEERD) == "Audit geëxporteerd"
    assert events.AUDIT_GEEXPORTEERD == "audit_geexporteerd"  # stored in the hash chain


def test_role_codes_become_their_labels():
    assert labels.rol_labels("privacy_officer") == "Privacy officer"
    assert labels.rol_labels("manager,procesregisseur") == "Manager, Procesregisseur"
    assert labels.rol_labels("") == ""
    assert labels.rol_labels("vervallen_rol") == "vervallen_rol"


def test_search_results_show_labels_not_codes(as_officer, zvh, make_user):
    colleague = make_user(zvh, Rol.PROCESREGISSEUR)
    registered(zvh, colleague)
    page = as_officer.post(reverse("audit:zoeken"), {}).content.decode()
    table = page[page.index("<table>") :]
    assert "Persoon geregistreerd" in table and "Geslaagd" in table
    assert "Manager, Procesregisseur" in table
    for code in ("persoon_geregistreerd", "procesregisseur", "aanmaken", "success"):
        assert code not in table


def test_event_filter_shows_labels_and_submits_codes(zvh):
    choices = dict(ZoekForm(zvh=zvh).fields["gebeurtenis"].choices)
    assert choices[events.PERSOON_GEREGISTREERD] == "Persoon geregistreerd"
    assert choices[events.AUDIT_GEEXPORTEERD] == "Audit geëxporteerd"
    shown = [str(label) for code, label in choices.items() if code]
    assert shown == sorted(shown)


def test_row_detail_shows_labels(as_officer, zvh, make_user):
    row = registered(zvh, make_user(zvh, Rol.PROCESREGISSEUR))
    page = as_officer.get(reverse("audit:regel", args=[row.pk])).content.decode()
    facts = page[page.index('<dl class="facts">') :]
    assert "<dd>Persoon geregistreerd</dd>" in facts
    assert "<dd>Aanmaken</dd>" in facts and "<dd>Geslaagd</dd>" in facts
    assert "<dd>Manager, Procesregisseur</dd>" in facts
    assert "persoon_geregistreerd" not in facts and "procesregisseur" not in facts


def test_row_detail_names_the_object_type_by_its_model(as_officer, officer, zvh):
    persoon = PersoonFactory(zvh=zvh)
    row = record(event=events.PERSOON_BEKEKEN, zvh=zvh, actor=officer, target=persoon)
    page = as_officer.get(reverse("audit:regel", args=[row.pk])).content.decode()
    assert f"Persoon {persoon.pk}" in page and "casus.persoon" not in page


def test_inzage_shows_one_phrase_per_row(as_officer, zvh, make_user):
    registered(zvh, make_user(zvh, Rol.PROCESREGISSEUR))
    response = as_officer.post(reverse("audit:inzage"), {"bsn": BSN, "doel": "inzageverzoek 3"})
    page = response.content.decode()
    assert "Persoon geregistreerd – geslaagd" in page
    assert "Manager, Procesregisseur" in page
    assert "persoon_geregistreerd" not in page and "(aanmaken" not in page


def test_export_gives_local_time_with_offset_and_dutch_words(as_officer, zvh, make_user):
    colleague = make_user(zvh, Rol.PROCESREGISSEUR)
    with time_machine.travel(datetime(2025, 12, 1, 18, 5, tzinfo=UTC), tick=False):
        registered(zvh, colleague)
    with time_machine.travel(datetime(2025, 7, 1, 18, 5, tzinfo=UTC), tick=False):
        record(event=events.TOEGANG_GEWEIGERD, zvh=zvh, actor=colleague, outcome="denied")
    period = {"doel": "controle", "van": "2025-01-01", "tot": "2025-12-31"}
    response = as_officer.post(reverse("audit:export"), period)
    table = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    header, body = table[0], table[1:]
    column = {name: [line[header.index(name)] for line in body] for name in header}
    assert column["tijdstip"] == ["2025-12-01T19:05:00+01:00", "2025-07-01T20:05:00+02:00"]
    assert column["gebeurtenis"] == ["Persoon geregistreerd", "Toegang geweigerd"]
    assert column["actie"] == ["aanmaken", "inzien"]
    assert column["uitkomst"] == ["geslaagd", "geweigerd"]
    assert column["rol"] == ["Manager, Procesregisseur", ""]
    # The stored codes, for scripts, at the end.
    assert header[-5:] == [
        "tijdstip (UTC)",
        "gebeurteniscode",
        "actiecode",
        "uitkomstcode",
        "rolcodes",
    ]
    assert column["gebeurteniscode"] == [events.PERSOON_GEREGISTREERD, events.TOEGANG_GEWEIGERD]
    assert column["uitkomstcode"] == ["success", "denied"]
    assert column["rolcodes"] == ["manager,procesregisseur", ""]
    assert column["tijdstip (UTC)"][0].startswith("2025-12-01T18:05:00")


def test_inzage_names_the_person_never_the_bsn_and_is_audited(as_officer, officer, zvh, make_user):
    persoon = PersoonFactory(zvh=zvh, bsn=BSN, voornamen="Fatima", achternaam="el Amrani")
    registered(zvh, make_user(zvh, Rol.PROCESREGISSEUR))
    response = as_officer.post(reverse("audit:inzage"), {"bsn": BSN, "doel": "inzageverzoek 5"})
    page = response.content.decode()
    assert "Overzicht voor Fatima el Amrani" in page
    assert BSN not in page
    logged = last(events.INZAGE_OVERZICHT_BEKEKEN)
    assert logged.persoon_pseudoniem == persoon.audit_pseudoniem == blind_index(BSN)
    assert logged.doel == "inzageverzoek 5" and logged.detail == "naam getoond"
    assert "Fatima" not in str(AccessLog.objects.values_list())


def test_inzage_by_the_uuid_pseudonym_of_a_person_without_bsn(as_officer, zvh):
    persoon = PersoonFactory(zvh=zvh, zonder_bsn=True, voornamen="Kees", achternaam="Bos")
    data = {"persoon": persoon.audit_pseudoniem, "doel": "inzageverzoek 6"}
    assert (
        "Overzicht voor Kees Bos" in as_officer.post(reverse("audit:inzage"), data).content.decode()
    )


def test_inzage_never_names_a_person_of_another_house(as_officer, zvh, other_zvh):
    PersoonFactory(zvh=other_zvh, bsn=BSN, voornamen="Elders", achternaam="Geregistreerd")
    response = as_officer.post(reverse("audit:inzage"), {"bsn": BSN, "doel": "inzageverzoek 7"})
    page = response.content.decode()
    assert "Elders" not in page and "geen persoon met dit BSN geregistreerd" in page
    assert last(events.INZAGE_OVERZICHT_BEKEKEN).detail.startswith("geen persoon")

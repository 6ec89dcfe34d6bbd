"""django-auditlog's change entries hold no personal data of persons in any column.

The change table is append-only and retention does not clean it, so a person's name, BSN,
address or date of birth must not reach it, neither through `object_repr` (the model's
`__str__`) nor through `changes` or `additional_data`.
"""

import datetime

from django.db import connection

from aanmelding import services as aanmelding_services
from aanmelding.models import Besluit
from casus.models import Persoon, Thema
from core.roles import Rol
from tests.aanmelding.factories import AanmeldingFactory

DENNIS = {
    "bsn": "111222333",
    "voornamen": "Dennis",
    "achternaam": "de Vries",
    "geboortedatum": datetime.date(1987, 3, 14),
    "adres": "Lindelaan 17",
    "postcode": "5611AB",
    "woonplaats": "Eindhoven",
    "telefoon": "0687654321",
    "email": "dennis.devries@example.org",
}
NOOR = {
    "voornamen": "Noortje",
    "achternaam": "Vermeulen",
    "geboortedatum": datetime.date(2015, 6, 1),
}
ALLE_JA = {letter: (True, f"Motivatie {letter}") for letter in "abcd"}


def personal_values(*persons):
    values = []
    for gegevens in persons:
        for value in gegevens.values():
            if isinstance(value, datetime.date):
                values += [value.isoformat(), value.strftime("%d-%m-%Y"), value.strftime("%Y%m%d")]
            else:
                values.append(str(value))
    return values


def auditlog_dump():
    """Every column of every change entry as text, as a database dump would show it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT t::text FROM auditlog_logentry t ORDER BY id")
        return [row[0] for row in cursor.fetchall()]


def test_a_referral_flow_leaves_no_personal_data_in_the_change_entries(zvh, make_user, as_actor):
    aanmelder = make_user(zvh, Rol.KETENPARTNER)
    regisseur = make_user(zvh, Rol.PROCESREGISSEUR)
    backup = make_user(zvh, Rol.PROCESREGISSEUR, organisatie=regisseur.organisatie)
    thema = Thema.objects.create(zvh=zvh, code="hg", naam="Huiselijk geweld")
    referrer = as_actor(aanmelder, zvh)
    aanmelding = AanmeldingFactory(zvh=zvh, aangemeld_door=aanmelder, personen=0)
    aanmelding_services.persoon_toevoegen(actor=referrer, aanmelding=aanmelding, gegevens=DENNIS)
    aanmelding_services.persoon_toevoegen(
        actor=referrer, aanmelding=aanmelding, gegevens=NOOR, relatie="kind"
    )
    aanmelding, _ = aanmelding_services.aanmelding_indienen(actor=referrer, aanmelding=aanmelding)
    aanmelding_services.triage_besluiten(
        actor=as_actor(regisseur, zvh),
        aanmelding=aanmelding,
        besluit=Besluit.ACCEPTEREN,
        oordelen=dict(ALLE_JA),
        themas=[thema],
        ave_niveau=3,
        procesregisseur=regisseur,
        backup_procesregisseur=backup,
    )
    for persoon in Persoon.objects.filter(zvh=zvh):
        persoon.adres = "Kastanjelaan 3"
        persoon.save()
    dump = auditlog_dump()
    assert len(dump) >= 6, "the flow wrote change entries"
    text = "\n".join(dump)
    for value in [*personal_values(DENNIS, NOOR), "Kastanjelaan 3"]:
        assert value not in text, f"{value!r} in auditlog_logentry"
    # The entries still say which person changed, by pseudonym.
    pseudoniemen = [p.audit_pseudoniem for p in Persoon.objects.filter(zvh=zvh)]
    assert all(any(p in row for row in dump) for p in pseudoniemen)

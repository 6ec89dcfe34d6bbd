"""django-auditlog records field diffs of the domain models; nothing may bypass its signals."""

import ast
from pathlib import Path

import pytest
from auditlog.diff import get_mask_function
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.db import connection

from audit.auditlog_registry import AUDITED_MODELS, MASK, audited_models, audited_options
from partners.models import Organisatie
from tests.partners.factories import OrganisatieFactory

ROOT = Path(__file__).resolve().parents[2]

# Calls that skip model signals (bulk writes, raw SQL) or hint at a queryset-wide delete.
BYPASSING_CALLS = {"update", "bulk_update", "bulk_create", "raw", "extra", "cursor", "execute"}
QUERYSET_METHODS = {"filter", "exclude", "all", "objects", "select_for_update", "order_by"}

# Known uses in services, each on a model that django-auditlog does not track, with the reason.
ALLOWED = {
    (
        "partners/services.py",
        "AuthenticatorDevice.objects.filter(user=user, confirmed=False).delete()",
    ): "second-factor devices are authentication plumbing, audited by our own events",
    (
        "partners/services.py",
        "device.codes.all().delete()",
    ): "backup codes: secrets, never diffed; the reset is an audit event",
}


def test_domain_models_are_registered_with_auditlog():
    for model in audited_models():
        assert auditlog.contains(model), model
    medewerker = auditlog.get_model_fields(audited_models()[2])
    assert {"password", "last_login"} <= set(medewerker["exclude_fields"])


def test_change_is_diffed_and_secrets_are_not(db, make_user, zvh):
    organisatie = OrganisatieFactory(naam="Politie Oost")
    organisatie.naam = "Politie Oost-Brabant"
    organisatie.save()
    entry = LogEntry.objects.get_for_object(organisatie).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.changes_dict["naam"] == ["Politie Oost", "Politie Oost-Brabant"]
    user = make_user(zvh)
    user.set_password("een-ander-wachtwoord-456")
    user.save()
    for entry in LogEntry.objects.get_for_object(user):
        assert "password" not in (entry.changes_dict or {})


def test_encrypted_fields_are_masked_completely():
    options = audited_options("casus.Persoon")  # the date of birth is an encrypted field
    assert {"bsn", "voornamen", "achternaam", "adres", "geboortedatum"} <= set(
        options["mask_fields"]
    )
    mask = get_mask_function(options["mask_callable"])
    assert mask("123456782") == MASK
    assert "1234" not in mask("123456782")


def test_person_diff_shows_no_personal_data(db, zvh):
    from datetime import date

    from casus.models import Persoon
    from tests.casus.factories import PersoonFactory

    persoon = PersoonFactory(
        zvh=zvh, bsn="111222333", achternaam="Jansen", geboortedatum=date(1986, 3, 14)
    )
    persoon = Persoon.objects.get(pk=persoon.pk)
    persoon.achternaam = "De Vries"
    persoon.geboortedatum = date(1987, 4, 15)
    persoon.save()
    entries = LogEntry.objects.get_for_object(persoon)
    assert entries.filter(action=LogEntry.Action.UPDATE).exists()
    text = " ".join(str(e.changes) for e in entries)
    for clear in ("111222333", "Jansen", "De Vries", persoon.bsn_index, "1986", "1987"):
        assert clear not in text
    update = entries.filter(action=LogEntry.Action.UPDATE).get()
    assert update.changes_dict["achternaam"] == [MASK, MASK]
    assert update.changes_dict["geboortedatum"] == [MASK, MASK]


def _services_files():
    return sorted(
        p for p in ROOT.glob("*/services.py") if ".venv" not in p.parts and "tests" not in p.parts
    )


def _bypasses(path):
    """(line source, reason) for every call in `path` that could bypass auditlog's signals."""
    source = path.read_text()
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        name = node.func.attr
        receiver = node.func.value
        queryset_delete = (
            name == "delete"
            and isinstance(receiver, ast.Call | ast.Attribute)
            and (
                (isinstance(receiver, ast.Attribute) and receiver.attr in QUERYSET_METHODS)
                or (
                    isinstance(receiver, ast.Call)
                    and isinstance(receiver.func, ast.Attribute)
                    and receiver.func.attr in QUERYSET_METHODS
                )
            )
        )
        if name in BYPASSING_CALLS or queryset_delete:
            found.append(lines[node.lineno - 1].strip())
    return found


def test_services_use_no_bulk_writes_raw_sql_or_queryset_deletes():
    files = _services_files()
    assert files, "no services.py found"
    offending = []
    for path in files:
        relative = path.relative_to(ROOT).as_posix()
        for line in _bypasses(path):
            if (relative, line) not in ALLOWED:
                offending.append(f"{relative}: {line}")
    assert not offending, (
        "Deze aanroepen omzeilen de signalen van django-auditlog (bulk, raw SQL of "
        "queryset.delete()); wijzig per object met save()/delete():\n" + "\n".join(offending)
    )


def test_the_scan_catches_what_it_should(tmp_path):
    sample = tmp_path / "services.py"
    sample.write_text(
        "def f(qs, Model, c):\n"
        "    Model.objects.filter(a=1).update(b=2)\n"
        "    Model.objects.bulk_create([])\n"
        "    Model.objects.all().delete()\n"
        "    Model.objects.raw('select 1')\n"
        "    c.cursor()\n"
        "    obj = Model.objects.get(pk=1)\n"
        "    obj.delete()\n"
    )
    assert len(_bypasses(sample)) == 5


@pytest.mark.django_db
def test_audited_models_have_no_database_level_cascades():
    tables = [m._meta.db_table for m in audited_models()]
    for model in audited_models():
        for field in model._meta.concrete_fields:
            if field.is_relation:
                # Django 6 adds db_on_delete (database cascades that skip signals): not here.
                assert getattr(field, "db_on_delete", None) is None, field
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, confdeltype FROM pg_constraint "
            "WHERE contype = 'f' AND (conrelid::regclass::text = ANY(%s) "
            "OR confrelid::regclass::text = ANY(%s))",
            [tables, tables],
        )
        constraints = cursor.fetchall()
    assert constraints
    cascading = [c for c in constraints if c[2] not in ("a", "r")]
    assert not cascading, cascading


def test_registry_names_existing_models():
    assert set(AUDITED_MODELS) >= {"partners.Organisatie", "partners.Medewerker"}
    assert Organisatie in audited_models()

"""audit_verify finds an altered row, a gap and a truncated tail; checkpoints and retention."""

import json
from datetime import UTC, datetime

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models.expressions import RawSQL

from audit import checkpoints, events
from audit.chain import CANONICAL_SQL, CHANGES_FIELD, HASHED_FIELDS, LIST_FIELD, canonical_text
from audit.models import AccessLog
from tests.audit.rows import record


def behind_the_triggers(sql, params=()):
    """Change the table as an attacker with DDL rights would: triggers off, change, on again."""
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_accesslog DISABLE TRIGGER audit_accesslog_append_only")
        cursor.execute(sql, params)
        cursor.execute("ALTER TABLE audit_accesslog ENABLE TRIGGER audit_accesslog_append_only")


def verify_fails(*args):
    with pytest.raises(CommandError) as excinfo:
        call_command("audit_verify", *args)
    return str(excinfo.value)


def test_intact_chains_pass(zvh, other_zvh, write_rows, capsys):
    write_rows(zvh, 5)
    write_rows(other_zvh, 3)
    record(event=events.INLOGGEN_MISLUKT)
    call_command("audit_verify")
    out = capsys.readouterr().out
    assert f"zvh:{zvh.pk}: 5 regels in orde" in out
    assert f"zvh:{other_zvh.pk}: 3 regels in orde" in out
    assert "systeem: 1 regels in orde" in out


def test_altered_row_is_found_at_exactly_that_row(zvh, other_zvh, write_rows):
    rows = write_rows(zvh, 6)
    write_rows(other_zvh, 2)
    target = rows[3]
    behind_the_triggers(
        "UPDATE audit_accesslog SET detail = 'niets gezien' WHERE id = %s", [target.pk]
    )
    message = verify_fails()
    assert f"keten zvh:{zvh.pk} seq {target.seq} (id {target.pk})" in message
    assert "HMAC klopt niet" in message
    assert "1 keten(s) gebroken" in message
    # One tenant's chain can be checked alone; the other is intact.
    call_command("audit_verify", "--zvh", str(other_zvh.pk))
    assert f"seq {target.seq}" in verify_fails("--chain", f"zvh:{zvh.pk}")


def test_swapped_hash_and_relinked_row_are_found(zvh, write_rows):
    rows = write_rows(zvh, 4)
    behind_the_triggers(
        "UPDATE audit_accesslog SET prev_hash = %s WHERE id = %s", ["f" * 64, rows[2].pk]
    )
    message = verify_fails()
    assert f"seq {rows[2].seq} (id {rows[2].pk})" in message
    assert "prev_hash" in message


def test_gap_is_found(zvh, write_rows):
    rows = write_rows(zvh, 5)
    behind_the_triggers("DELETE FROM audit_accesslog WHERE id = %s", [rows[2].pk])
    message = verify_fails()
    assert f"seq {rows[3].seq} (id {rows[3].pk})" in message
    assert "gat: seq 3 t/m 3 ontbreken" in message


def test_truncated_tail_is_found_via_checkpoint(zvh, write_rows, capsys):
    rows = write_rows(zvh, 5)
    call_command("audit_checkpoint")
    assert f"zvh:{zvh.pk}: seq 5" in capsys.readouterr().out
    call_command("audit_verify")
    behind_the_triggers(
        "DELETE FROM audit_accesslog WHERE id = ANY(%s)", [[rows[3].pk, rows[4].pk]]
    )
    message = verify_fails()
    assert "eindigt bij seq 3" in message and "kent seq 5" in message and "afgekapt" in message


def test_truncated_then_regrown_tail_differs_from_checkpoint(zvh, write_rows):
    rows = write_rows(zvh, 5)
    call_command("audit_checkpoint")
    behind_the_triggers(
        "DELETE FROM audit_accesslog WHERE id = ANY(%s)", [[rows[3].pk, rows[4].pk]]
    )
    write_rows(zvh, 2)  # the writer continues the chain from seq 3: seq 4 and 5 are new rows
    message = verify_fails()
    assert "seq 5" in message and "wijkt af van checkpoint" in message


def test_whole_chain_removed_is_found(zvh, write_rows):
    write_rows(zvh, 3)
    call_command("audit_checkpoint")
    behind_the_triggers("DELETE FROM audit_accesslog WHERE zvh_id = %s", [zvh.pk])
    assert "afgekapt" in verify_fails()


def test_forged_checkpoint_is_refused(zvh, write_rows, checkpoint_dir):
    write_rows(zvh, 2)
    call_command("audit_checkpoint")
    path = next(checkpoint_dir.glob("checkpoint-*.json"))
    document = json.loads(path.read_text())
    document["ketens"][0]["seq"] = 1
    path.write_text(json.dumps(document))
    assert "handtekening klopt niet" in verify_fails()


def test_from_checkpoint_starts_there(zvh, write_rows, checkpoint_dir, capsys):
    rows = write_rows(zvh, 3)
    path, _entries = checkpoints.write_checkpoint()
    write_rows(zvh, 2)
    capsys.readouterr()
    call_command("audit_verify", "--from-checkpoint", str(path))
    assert f"zvh:{zvh.pk}: 3 regels in orde (t/m seq 5)" in capsys.readouterr().out
    # An alteration before the checkpoint is out of scope there, after it is found.
    behind_the_triggers("UPDATE audit_accesslog SET detail = 'x' WHERE id = %s", [rows[0].pk])
    call_command("audit_verify", "--from-checkpoint", str(path))
    assert f"seq {rows[0].seq}" in verify_fails()


def test_sql_and_python_canonical_forms_agree(zvh, make_user):
    user = make_user(zvh, "privacy_officer", first_name="Zoë", last_name="d'Ancona")
    record(event=events.INLOGGEN, zvh=zvh, actor=user, detail='tab\there, quote " and é')
    record(event=events.INLOGGEN_MISLUKT, detail="", casus_id=None)
    row = AccessLog.objects.filter(zvh_id=zvh.pk).get()
    assert row.detail == 'tab here, quote " and é'  # control characters never stored
    for row in AccessLog.objects.annotate(canonical=RawSQL(CANONICAL_SQL, ())):  # noqa: S611
        values = {name: getattr(row, name) for name in (*HASHED_FIELDS, LIST_FIELD, CHANGES_FIELD)}
        assert row.canonical == canonical_text(values)
    # The first row covers the change entries the fixtures wrote (a user, its organisation).
    assert AccessLog.objects.exclude(wijzigingen="").exists()


def test_sql_and_python_canonical_forms_agree_with_persons_and_changes(zvh):
    # Every combination of the two optional fields; the separator count tells them apart.
    for personen, wijzigingen in [
        ("", ""),
        ("a b", ""),
        ("", "1;" + "0" * 64),
        ("a b", "2;" + "1" * 64),
    ]:
        record(event=events.INLOGGEN, zvh=zvh, personen=personen.split())
        row = AccessLog.objects.filter(zvh_id=zvh.pk).order_by("-seq").first()
        values = {name: getattr(row, name) for name in (*HASHED_FIELDS, LIST_FIELD)}
        values[CHANGES_FIELD] = wijzigingen
        sql = AccessLog.objects.filter(pk=row.pk).annotate(
            canonical=RawSQL(CANONICAL_SQL.replace(CHANGES_FIELD, "%s"), [wijzigingen] * 2)  # noqa: S611
        )
        assert sql.get().canonical == canonical_text(values)


def test_ipv6_and_ip_are_canonical_in_both_forms(zvh, rf):
    addresses = (
        "2001:db8::1",
        "10.0.0.7",
        "::1",
        "::ffff:10.0.0.8",
        "::10.0.0.9",
        "fe80::1%eth0",
        "2001:db8:0:1:0:0:0:1",
        "2001:0:0:1:0:0:0:1",
    )
    for address in addresses:
        record(event=events.INLOGGEN, zvh=zvh, ip=address)
    stored = set(AccessLog.objects.values_list("ip", flat=True))
    assert {"10.0.0.8", "10.0.0.9", "fe80::1"} <= stored
    call_command("audit_verify")


@pytest.mark.parametrize("years_old", [2, 6])
def test_retention_removes_whole_expired_months_and_verify_still_passes(
    zvh, other_zvh, write_rows, settings, capsys, years_old
):
    settings.AUDIT_RETENTION_DAYS = 5 * 365
    now = datetime.now(UTC)
    old = now.replace(year=now.year - years_old, day=15)
    with time_machine.travel(old, tick=False):
        write_rows(zvh, 4)
        write_rows(other_zvh, 2)
    write_rows(zvh, 3)
    call_command("audit_retentie")
    out = capsys.readouterr().out
    remaining = AccessLog.objects.filter(zvh_id=zvh.pk)
    if years_old > 5:
        assert f"keten zvh:{zvh.pk}: 4 regels t/m seq 4" in out
        assert list(remaining.values_list("seq", flat=True).order_by("seq")) == [5, 6, 7]
        # A chain that expired completely keeps its head row, so that it can continue.
        kept = AccessLog.objects.filter(zvh_id=other_zvh.pk).values_list("seq", flat=True)
        assert list(kept) == [2]
        record(event=events.INLOGGEN, zvh=other_zvh)
    else:
        assert "Niets verlopen" in out
        assert remaining.count() == 7
    call_command("audit_verify")
    assert "gebroken" not in capsys.readouterr().err
    # After retention the door is shut again.
    with pytest.raises(Exception, match="append-only"):
        behind = AccessLog.objects.filter(zvh_id=zvh.pk).first()
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_accesslog WHERE id = %s", [behind.pk])


def test_prefix_removed_without_retention_checkpoint_is_found(zvh, write_rows):
    rows = write_rows(zvh, 4)
    behind_the_triggers(
        "DELETE FROM audit_accesslog WHERE id = ANY(%s)", [[rows[0].pk, rows[1].pk]]
    )
    message = verify_fails()
    assert f"seq 3 (id {rows[2].pk})" in message and "begin van de keten ontbreekt" in message


def test_the_chain_covers_every_person_a_row_lists(zvh):
    listed = [f"p-00000000-0000-4000-8000-{n:012d}" for n in range(40)]
    row = record(event=events.TRIAGE_WERKVOORRAAD_BEKEKEN, zvh=zvh, personen=listed)
    record(event=events.INLOGGEN, zvh=zvh)
    assert row.personen.split() == listed and row.persoon_pseudoniem == listed[0]
    call_command("audit_verify")
    shorter = " ".join(listed[:-1])
    behind_the_triggers("UPDATE audit_accesslog SET personen = %s WHERE id = %s", [shorter, row.pk])
    assert f"seq {row.seq}" in verify_fails()
    behind_the_triggers("UPDATE audit_accesslog SET personen = '' WHERE id = %s", [row.pk])
    assert f"seq {row.seq}" in verify_fails()


def test_a_person_listed_on_a_page_is_found_through_the_gin_index(zvh):
    from audit.selectors import person_views

    listed = [f"p-00000000-0000-4000-8000-{n:012d}" for n in range(50)]
    row = record(event=events.TRIAGE_WERKVOORRAAD_BEKEKEN, zvh=zvh, personen=listed)
    record(event=events.PERSOON_BEKEKEN, zvh=zvh, persoon_pseudoniem=listed[30])
    found = list(person_views(zvh, listed[30]).order_by("seq"))
    assert [r.event_type for r in found] == [
        events.TRIAGE_WERKVOORRAAD_BEKEKEN,
        events.PERSOON_BEKEKEN,
    ]
    assert found[0].pk == row.pk
    assert not person_views(zvh, "p-00000000-0000-4000-8000-999999999999").exists()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        in_lists = AccessLog.objects.filter(personen__bevat=listed[30])
        sql, params = in_lists.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(line for (line,) in cursor.fetchall())
    assert "audit_personen" in plan, plan


def test_every_break_in_a_chain_is_reported(zvh, write_rows, capsys):
    rows = write_rows(zvh, 8)
    for target in (rows[1], rows[4], rows[6]):
        behind_the_triggers(
            "UPDATE audit_accesslog SET detail = 'niets gezien' WHERE id = %s", [target.pk]
        )
    message = verify_fails()
    err = capsys.readouterr().err
    for target in (rows[1], rows[4], rows[6]):
        assert f"seq {target.seq} (id {target.pk}): HMAC klopt niet" in err
    assert "3 fout(en)" in message


def test_the_number_of_reported_breaks_is_limited(zvh, write_rows, capsys):
    rows = write_rows(zvh, 6)
    behind_the_triggers(
        "UPDATE audit_accesslog SET detail = 'x' WHERE id = ANY(%s)", [[r.pk for r in rows]]
    )
    message = verify_fails("--max-fouten", "2")
    err = capsys.readouterr().err
    assert err.count("HMAC klopt niet") == 2
    assert f"seq {rows[0].seq} " in err and f"seq {rows[1].seq} " in err
    assert f"seq {rows[2].seq} " not in err
    assert "na 2 fouten gestopt" in err
    assert "2 fout(en)" in message


def test_a_gap_and_a_later_alteration_are_both_reported(zvh, write_rows, capsys):
    rows = write_rows(zvh, 6)
    behind_the_triggers("DELETE FROM audit_accesslog WHERE id = %s", [rows[1].pk])
    behind_the_triggers("UPDATE audit_accesslog SET detail = 'x' WHERE id = %s", [rows[4].pk])
    verify_fails()
    err = capsys.readouterr().err
    assert "gat: seq 2 t/m 2 ontbreken" in err
    assert f"seq {rows[4].seq} (id {rows[4].pk}): HMAC klopt niet" in err

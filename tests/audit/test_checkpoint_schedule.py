"""Checkpoints on a schedule: the shipped systemd timer runs `audit_checkpoint` every 5 minutes,
and the command is idempotent (a second run without new audit rows writes nothing)."""

import configparser
from pathlib import Path

from django.core.management import call_command

from audit import checkpoints, events
from tests.audit.rows import record

UNITS = Path(__file__).resolve().parents[2] / "deploy" / "systemd"


def _unit(name):
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read(UNITS / name)
    return parser


def test_the_timer_starts_the_checkpoint_service_every_five_minutes():
    timer = _unit("casus-audit-checkpoint.timer")
    assert timer["Timer"]["OnCalendar"] == "*:0/5"
    assert timer["Timer"]["Persistent"] == "true"
    assert timer["Timer"]["Unit"] == "casus-audit-checkpoint.service"
    assert timer["Install"]["WantedBy"] == "timers.target"
    service = _unit("casus-audit-checkpoint.service")
    assert service["Service"]["Type"] == "oneshot"
    command = service["Service"]["ExecStart"].split()
    assert command[-2:] == ["manage.py", "audit_checkpoint"]
    assert "AUDIT_CHECKPOINT_DIR" in (UNITS / "casus-audit-checkpoint.service").read_text()


def test_running_the_command_twice_in_a_row_writes_one_checkpoint(
    zvh, write_rows, checkpoint_dir, capsys
):
    write_rows(zvh, 3)
    call_command("audit_checkpoint")
    call_command("audit_checkpoint")
    files = sorted(checkpoint_dir.glob("checkpoint-*.json"))
    assert len(files) == 1
    assert "geen nieuw checkpoint" in capsys.readouterr().out
    assert {m.chain: m.seq for m in checkpoints.read(files[0])} == {f"zvh:{zvh.pk}": 3}
    call_command("audit_verify")


def test_a_new_row_gives_a_new_checkpoint(zvh, write_rows, checkpoint_dir):
    write_rows(zvh, 2)
    call_command("audit_checkpoint")
    record(event=events.INLOGGEN_MISLUKT)
    call_command("audit_checkpoint")
    newest = checkpoints.newest_checkpoint_file()
    assert len(list(checkpoint_dir.glob("checkpoint-*.json"))) == 2
    assert {m.chain for m in checkpoints.read(newest)} == {f"zvh:{zvh.pk}", "systeem"}

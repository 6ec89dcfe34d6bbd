"""`make demo` as a newcomer sees it, on a SQLite file of its own, in a child process.

It runs the Makefile's own demo recipe (migrate, seed_demo, runserver) with the install step
taken as done (`make -o .venv/.installed`: the test run's environment is already installed),
checks that it is quiet and ends with the credentials table and the URL on its port, and then
runs the TOTP command exactly as printed, in a shell without DEBUG. The background worker runs
beside runserver: the jobs enqueued at start are done, and when runserver stops (and only
runserver is stopped) the worker stops with it.
"""

import contextlib
import os
import signal
import socket
import sqlite3
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from django_otp.oath import totp

from config.management.commands.seed_demo import GEBRUIKERS, demo_totp_key

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def shell_env(database):
    """A newcomer's shell: no DEBUG, DEMO or settings module; the demo's own database."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "DEMO", "DATABASE_URL", "DJANGO_SETTINGS_MODULE", "PORT"}
    }
    return {**env, "DATABASE_URL": f"sqlite:///{database}"}


def session_processes(sid):
    """{pid: command line} of the processes in session `sid` (Linux /proc)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
        except OSError:
            continue
        # Fields after the command name (which may hold spaces): state ppid pgrp session ...
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[3]) == sid:
            found[int(entry.name)] = cmdline
    return found


def task_statuses(database):
    """{task path: status} in the demo's own SQLite database."""
    with sqlite3.connect(database) as db:
        rows = db.execute(
            "SELECT task_path, status FROM django_tasks_database_dbtaskresult"
        ).fetchall()
    return dict(rows)


def wait_for(condition, seconds, message):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, message()
        time.sleep(0.5)


@pytest.fixture(scope="module")
def make_demo(tmp_path_factory):
    """(seed output, shell env, port, task statuses, worker stopped with runserver) of
    `make demo` after it served a page and its worker ran the enqueued jobs."""
    database = tmp_path_factory.mktemp("make_demo") / "demo.sqlite3"
    env = shell_env(database)
    port = free_port()
    log = database.with_suffix(".log")
    with log.open("w") as out:
        demo = subprocess.Popen(  # noqa: S603 (make and our own Makefile)
            ["make", "--no-print-directory", "-o", ".venv/.installed", "demo", f"PORT={port}"],  # noqa: S607
            cwd=ROOT,
            env={**env, "PYTHONUNBUFFERED": "1"},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 180
        while True:
            assert demo.poll() is None, log.read_text()[-3000:]
            assert time.monotonic() < deadline, log.read_text()[-3000:]
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/inloggen/", timeout=5) as r:
                    assert r.status == 200
                break
            except OSError:
                time.sleep(0.5)
        done = {"SUCCESSFUL", "FAILED"}
        wait_for(
            lambda: (
                len(task_statuses(database)) == 2 and set(task_statuses(database).values()) <= done
            ),
            120,
            lambda: f"{task_statuses(database)}\n{log.read_text()[-3000:]}",
        )
        statuses = task_statuses(database)
        processes = session_processes(demo.pid)
        python = {p: cmd for p, cmd in processes.items() if cmd.split(" ")[0].endswith("python")}
        workers = [pid for pid, cmd in python.items() if "manage.py db_worker" in cmd]
        assert len(workers) == 1, processes
        # Stop runserver alone (its reloader and its child), as when it ends by itself.
        for pid, cmd in python.items():
            if "manage.py runserver" in cmd:
                os.kill(pid, signal.SIGTERM)
        demo.wait(timeout=60)

        def gone():
            try:
                os.kill(workers[0], 0)
            except ProcessLookupError:
                return True
            state = Path(f"/proc/{workers[0]}/stat").read_text()
            return state[state.rindex(")") + 2] == "Z"

        wait_for(gone, 30, lambda: f"worker {workers[0]} still runs: {session_processes(demo.pid)}")
        worker_stopped = True
    finally:
        # Whatever is left of the make, runserver and the worker: one session of our own.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(demo.pid, signal.SIGTERM)
        demo.wait(timeout=30)
    return log.read_text(), env, port, statuses, worker_stopped


def test_make_demo_is_quiet_and_ends_with_the_table_and_the_url(make_demo):
    output, _env, port, _statuses, _stopped = make_demo
    assert "Applying" not in output
    assert "No migrations to apply" not in output
    seeded = output[: output.index("Watching for file changes")].rstrip().splitlines()
    assert seeded[0].startswith("Demoregio geladen")
    assert seeded[-1] == f"Log in op http://127.0.0.1:{port} met een van deze accounts."
    table = seeded.index(next(line for line in seeded if line.startswith("gebruiker ")))
    assert [line.split()[0] for line in seeded[table + 1 : -2]] == [g[0] for g in GEBRUIKERS]
    assert f"http://127.0.0.1:{port}/" in output  # runserver's own line


def test_the_printed_totp_command_works_as_printed(make_demo):
    output, env, _port, _statuses, _stopped = make_demo
    [command] = [line.strip() for line in output.splitlines() if "demo_totp" in line]
    assert command == "DEBUG=1 .venv/bin/python manage.py demo_totp <gebruikersnaam>"
    result = subprocess.run(  # noqa: S603 (the command as seed_demo printed it)
        ["/bin/sh", "-c", command.replace("<gebruikersnaam>", "beheerder")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    # The code of now, or of the step before it when the clock ticked over meanwhile.
    valid = {f"{totp(demo_totp_key('beheerder'), drift=drift):06d}" for drift in (0, -1)}
    assert result.stdout.strip() in valid


def test_make_demo_runs_the_background_jobs(make_demo):
    _output, _env, _port, statuses, _stopped = make_demo
    assert statuses == {
        "casus.tasks.achterstand_melden": "SUCCESSFUL",
        "casus.tasks.notificaties_mailen": "SUCCESSFUL",
    }


def test_the_worker_stops_when_runserver_stops(make_demo):
    *_rest, stopped = make_demo
    assert stopped

"""`make demo` as a newcomer sees it, on a SQLite file of its own, in a child process.

It runs the Makefile's own demo recipe (migrate, seed_demo, runserver) with the install step
taken as done (`make -o .venv/.installed`: the test run's environment is already installed),
checks that it is quiet and ends with the credentials table and the URL on its port, and then
runs the TOTP command exactly as printed, in a shell without DEBUG.
"""

import os
import signal
import socket
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


@pytest.fixture(scope="module")
def make_demo(tmp_path_factory):
    """(seed output, shell env, port) of `make demo` after it served a page."""
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
    finally:
        # The make, its runserver and runserver's reloader child: one session of our own.
        os.killpg(demo.pid, signal.SIGTERM)
        demo.wait(timeout=30)
    return log.read_text(), env, port


def test_make_demo_is_quiet_and_ends_with_the_table_and_the_url(make_demo):
    output, _env, port = make_demo
    assert "Applying" not in output
    assert "No migrations to apply" not in output
    seeded = output[: output.index("Watching for file changes")].rstrip().splitlines()
    assert seeded[0].startswith("Demoregio geladen")
    assert seeded[-1] == f"Log in op http://127.0.0.1:{port} met een van deze accounts."
    table = seeded.index(next(line for line in seeded if line.startswith("gebruiker ")))
    assert [line.split()[0] for line in seeded[table + 1 : -2]] == [g[0] for g in GEBRUIKERS]
    assert f"http://127.0.0.1:{port}/" in output  # runserver's own line


def test_the_printed_totp_command_works_as_printed(make_demo):
    output, env, _port = make_demo
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

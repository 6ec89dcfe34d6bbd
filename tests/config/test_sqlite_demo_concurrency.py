"""The demo on SQLite under parallel requests: writers queue, nobody gets a 5xx.

The suite runs on PostgreSQL, so this test migrates and seeds a SQLite file of its own and
serves it with `manage.py runserver` (threaded, as `make demo` does) in a child process. It
logs in two demo users through the login form and their demo TOTP code, then fires 16
requests at once, with two sessions, at pages that each write audit rows and the session's
last-seen time, with the browser's `/favicon.ico` among them.
"""

import http.client
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django_otp.oath import totp

from config.management.commands.seed_demo import (
    DEMO_AANMELDINGEN,
    demo_password,
    demo_totp_key,
)

ROOT = Path(__file__).resolve().parents[2]
PARALLEL = 16
ROUNDS = 3
REQUEST_TIMEOUT = 30
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def sqlite_env(database):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "PORT"}
    }
    return {**env, "DATABASE_URL": f"sqlite:///{database}", "DEBUG": "1", "DEMO": "1"}


def manage(env, *args):
    subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Agent:
    """One browser: its own cookies, a new connection per request (as parallel tabs do)."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, form=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
        headers = {}
        body = None
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode(errors="replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, response.headers, text
        finally:
            connection.close()

    def login(self, username):
        _status, _headers, page = self.request("GET", "/inloggen/")
        status, headers, _ = self.request(
            "POST",
            "/inloggen/",
            {
                "csrfmiddlewaretoken": CSRF_INPUT.search(page).group(1),
                "username": username,
                "password": demo_password(username),
            },
        )
        assert status == 302 and headers["Location"] == "/inloggen/verificatie/", username
        _status, _headers, page = self.request("GET", "/inloggen/verificatie/")
        status, headers, _ = self.request(
            "POST",
            "/inloggen/verificatie/",
            {
                "csrfmiddlewaretoken": CSRF_INPUT.search(page).group(1),
                "token": f"{totp(demo_totp_key(username)):06d}",
            },
        )
        assert status == 302 and headers["Location"] == "/", username


def status_of(agent, path):
    """The answer's status, or "timeout" when none came within REQUEST_TIMEOUT seconds."""
    try:
        return agent.request("GET", path)[0]
    except TimeoutError:
        return "timeout"


def wait_until_serving(server, port):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, server.stderr.read().decode(errors="replace")[-3000:]
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail("runserver did not start within 60 seconds")


def audit_rows(database):
    with sqlite3.connect(database) as db:
        return db.execute("SELECT count(*) FROM audit_accesslog").fetchone()[0]


@pytest.fixture
def demo_server(tmp_path):
    """runserver on a migrated, seeded SQLite demo database: (port, database path)."""
    database = tmp_path / "demo.sqlite3"
    env = sqlite_env(database)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo")
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_until_serving(server, port)
        yield port, database
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_sixteen_parallel_audited_requests_on_the_sqlite_demo_get_no_5xx(demo_server):
    port, database = demo_server
    agents = []
    for username in ("procesregisseur", "procesregisseur2"):
        agent = Agent(port)
        agent.login(username)
        agents.append(agent)
    # Each triage page shows a referral's persons: one audit row per request, and the session's
    # last-seen time, written in the same transaction.
    paths = [f"/triage/{spec['id']}/" for spec in DEMO_AANMELDINGEN]
    requests = [
        (agents[i % 2], "/favicon.ico" if i % 8 == 7 else paths[(i // 2) % len(paths)])
        for i in range(PARALLEL)
    ]
    before = audit_rows(database)
    statuses = []
    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        for _round in range(ROUNDS):
            futures = [pool.submit(status_of, agent, path) for agent, path in requests]
            statuses += [
                (path, f.result()) for (_agent, path), f in zip(requests, futures, strict=True)
            ]
    assert [s for s in statuses if s[1] != 200] == []
    audited = sum(1 for path, _status in statuses if path != "/favicon.ico")
    assert audit_rows(database) - before >= audited
    env = sqlite_env(database)
    verify = subprocess.run(
        [sys.executable, "manage.py", "audit_verify"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert verify.returncode == 0, verify.stdout + verify.stderr
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"

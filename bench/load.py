"""Load benchmark: what users get from a real server (gunicorn, DEBUG off) under concurrency.

Seeds a database of its own (BENCH_DB_LOAD, default casus_lb_load; created once and kept):
one house with BENCH_LOAD_AANMELDINGEN referrals waiting for triage (two persons each,
registered by the referrer), an audit chain of BENCH_LOAD_AUDIT_ROWS rows in that house, and
per client a procesregisseur and a privacy officer with a TOTP device of known key. The keys
of the run (SECRET_KEY, field, blind index, audit HMAC, landelijke check) are generated when
the database is created and kept beside it in var/bench/ (the seeded data is encrypted and
hashed with them); seeding runs in a child process with the server's environment.

Then it starts gunicorn (BENCH_LOAD_WORKERS sync workers), logs every client in through the
login form and the TOTP step, and for the person page, the audit search and the triage
queue measures requests per second, p50/p95 latency and errors at 1 and at BENCH_LOAD_CLIENTS
concurrent clients for BENCH_LOAD_SECONDS after a warm-up. A second server with audit writing
switched off (bench/_gunicorn_load.py) gives the person page and the audit search without
audit. All of it runs BENCH_LOAD_ROUNDS times, on and off in turns: the ratios (N vs 1
client, audit on vs off) are taken within a round and their median is judged, with the spread
between rounds shown, since a shared machine's speed drifts between measurements. The table
is printed and written as JSON to bench/results/.
"""

import base64
import http.client
import json
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import datetime
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from bench.registry import benchmark, verdict

ROOT = Path(__file__).resolve().parent.parent
DB_PREFIX = "casus_lb_"
KEY_NAMES = (
    "SECRET_KEY",
    "FIELD_ENCRYPTION_KEY",
    "BLIND_INDEX_KEY",
    "AUDIT_HMAC_KEY",
    "LANDELIJKE_CHECK_KEY",
)
ZVH_CODE = "bench-load"
PASSWORD = "bench-load-wachtwoord-0123"  # noqa: S105 (a benchmark account in its own database)
PERSON_SAMPLE = 2000
MAX_REQUESTS_PER_CLIENT = 100_000  # the loop is bounded in count as well as in time
REQUEST_TIMEOUT = 60


def _env_int(name, default):
    return int(os.environ.get(name) or default)


def _settings():
    return {
        "db": os.environ.get("BENCH_DB_LOAD", "casus_lb_load"),
        "audit_rows": _env_int("BENCH_LOAD_AUDIT_ROWS", 1_000_000),
        "aanmeldingen": _env_int("BENCH_LOAD_AANMELDINGEN", 50_000),
        "workers": _env_int("BENCH_LOAD_WORKERS", 2),
        "clients": _env_int("BENCH_LOAD_CLIENTS", 8),
        "seconds": _env_int("BENCH_LOAD_SECONDS", 8),
        "rounds": _env_int("BENCH_LOAD_ROUNDS", 5),
        "warmup": _env_int("BENCH_LOAD_WARMUP", 3),
    }


def _totp_key(username):
    import hashlib

    return hashlib.sha256(f"casus-bench-load|{username}".encode()).digest()[:20]


def _usernames(clients):
    return {
        "regisseurs": [f"lb-regisseur-{i}" for i in range(clients)],
        "privacy": [f"lb-privacy-{i}" for i in range(clients)],
    }


# The database and its keys ------------------------------------------------------------------


def _admin_connection():
    import psycopg
    from django.conf import settings

    s = settings.DATABASES["default"]
    if "postgresql" not in s["ENGINE"]:
        raise SystemExit("De load-benchmark heeft PostgreSQL nodig (DATABASE_URL).")
    params = {
        "host": s.get("HOST") or None,
        "port": s.get("PORT") or None,
        "user": s.get("USER") or None,
        "password": s.get("PASSWORD") or None,
    }
    return psycopg.connect(dbname="postgres", autocommit=True, **params), params


def _database_url(params, name):
    user = params["user"] or ""
    password = f":{params['password']}" if params["password"] else ""
    at = "@" if user else ""
    host = params["host"] or "127.0.0.1"
    port = f":{params['port']}" if params["port"] else ""
    return f"postgres://{user}{password}{at}{host}{port}/{name}"


def vacuum(params, name):
    """VACUUM (ANALYZE) database `name` before it is measured: statistics and a current
    visibility map, as autovacuum keeps them in production (the seed loads by COPY, and a
    server may run with autovacuum off, as this machine's CI configuration does; without it
    an index-only scan visits the table for every row). Cheap when nothing changed."""
    import psycopg

    t0 = time.perf_counter()
    with psycopg.connect(dbname=name, autocommit=True, **params) as conn:
        conn.execute("VACUUM (ANALYZE)")
    print(f"  VACUUM (ANALYZE) {name}: {time.perf_counter() - t0:.1f} s", flush=True)


def _keys_for(db):
    """The keys of database `db`: read from var/bench/, or generated with a fresh database
    (a kept database whose keys are lost cannot be read or extended, so it is dropped)."""
    from psycopg import sql

    if not db.startswith(DB_PREFIX):
        raise SystemExit(f"BENCH_DB_LOAD moet met {DB_PREFIX} beginnen (nu {db!r}).")
    path = ROOT / "var" / "bench" / f"{db}.keys.json"
    admin, params = _admin_connection()
    with admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db]).fetchone()
        if path.exists() and exists:
            return json.loads(path.read_text()), params
        if exists:
            print(f"  sleutels van {db} ontbreken: database opnieuw aangemaakt")
            admin.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(db)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db)))
    keys = {name: base64.b64encode(secrets.token_bytes(32)).decode() for name in KEY_NAMES}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.write_text(json.dumps(keys))
    return keys, params


def _server_env(keys, database_url, checkpoints):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DEMO"}}
    env.update(keys)
    env.update(
        {
            "DEBUG": "0",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": database_url,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_HSTS_SECONDS": "0",
            # No lockout can interfere (the clients never fail a login, but a rerun might).
            "AXES_FAILURE_LIMIT": "1000000",
            "SESSION_INACTIVITY_MINUTES": "120",
            "AUDIT_CHECKPOINT_DIR": checkpoints,
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


# Seeding (child process, with the server's environment) ------------------------------------


def _seed(summary_path):
    """Runs in the child: migrate, chain first (a fresh house), referrals, staff, summary."""
    from django.contrib.auth.models import Group

    from aanmelding.models import IN_TRIAGE, Aanmelding, Status
    from audit.models import AccessLog
    from bench.aanmelding import _seed_worklists, _use_database
    from bench.audit_log import _generate_chain
    from casus.models import Persoon
    from partners.models import (
        AuthenticatorDevice,
        Medewerker,
        Organisatie,
        Partnerschap,
        Rol,
        RolToewijzing,
        Zvh,
    )

    conf = _settings()
    t0 = time.perf_counter()
    _use_database(conf["db"])
    zvh, _ = Zvh.objects.get_or_create(code=ZVH_CODE, defaults={"naam": "Bench load"})
    _zvh, chain, generated = _generate_chain(conf["audit_rows"], zvh=zvh)
    if generated:
        print(f"  auditketen: {conf['audit_rows']} regels gegenereerd in {generated:.1f} s (COPY)")
    t1 = time.perf_counter()
    _seed_worklists(conf["aanmeldingen"], zvh_code=ZVH_CODE, statuses=[Status.INGEDIEND])
    print(f"  aanmeldingen: {time.perf_counter() - t1:.1f} s", flush=True)
    group, _ = Group.objects.get_or_create(name="organisatie:Bench load huis")
    org, _ = Organisatie.objects.get_or_create(
        naam="Bench load huis", defaults={"type": "zvh", "groep": group}
    )
    Partnerschap.objects.get_or_create(zvh=zvh, organisatie=org)
    names = _usernames(conf["clients"])
    for rol, usernames in (
        (Rol.PROCESREGISSEUR, names["regisseurs"]),
        (Rol.PRIVACY_OFFICER, names["privacy"]),
    ):
        for username in usernames:
            user, created = Medewerker.objects.get_or_create(
                username=username, defaults={"organisatie": org, "first_name": username}
            )
            if created:
                user.set_password(PASSWORD)
                user.save(update_fields=["password"])
            RolToewijzing.objects.get_or_create(medewerker=user, zvh=zvh, rol=rol)
            AuthenticatorDevice.objects.update_or_create(
                user=user,
                name="bench",
                defaults={"seed": _totp_key(username).hex(), "confirmed": True},
            )
    persons = Persoon.objects.filter(zvh=zvh)
    summary = {
        "zvh": zvh.pk,
        "chain": chain,
        "chain_rows": AccessLog.objects.filter(chain=chain).count(),
        "aanmeldingen": Aanmelding.objects.filter(zvh=zvh).count(),
        "in_triage": Aanmelding.objects.filter(zvh=zvh, status__in=IN_TRIAGE).count(),
        "personen": persons.count(),
        "personen_zonder_aangemaakt_door": persons.filter(aangemaakt_door__isnull=True).count(),
        "person_sample": [
            str(pk) for pk in persons.order_by("?").values_list("pk", flat=True)[:PERSON_SAMPLE]
        ],
        "seed_seconds": round(time.perf_counter() - t0, 1),
    }
    Path(summary_path).write_text(json.dumps(summary))


# The server ---------------------------------------------------------------------------------


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn with this run's environment; `audit=False` switches audit writing off.
    `config`: another gunicorn configuration file (default bench/_gunicorn_load.py)."""

    def __init__(self, env, workers, audit, config=None):
        self.port = _free_port()
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed in stop)
            prefix="casus-lb-gunicorn-", suffix=".log", delete=False
        )
        gunicorn = Path(sys.executable).parent / "gunicorn"
        self.process = subprocess.Popen(  # noqa: S603 (fixed arguments)
            [
                str(gunicorn),
                "config.wsgi",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--config",
                str(config or ROOT / "bench" / "_gunicorn_load.py"),
                "--timeout",
                "120",
            ],
            cwd=ROOT,
            env={**env, "BENCH_LOAD_AUDIT": "aan" if audit else "uit"},
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise

    def _wait_ready(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopte bij het starten:\n{self.log_tail()}")
            try:
                status, _h, _b = Client(self.port).request("GET", "/healthz")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn antwoordt niet op /healthz:\n{self.log_tail()}")

    def log_tail(self, lines=30):
        return "\n".join(Path(self.log.name).read_text(errors="replace").splitlines()[-lines:])

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # graceful: the master stops its workers
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)  # its own session: only gunicorn
                self.process.wait(timeout=10)
        self.log.close()


# The clients --------------------------------------------------------------------------------

_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Client:
    """One user agent over http.client: its own connection and cookie jar.

    The server sees HTTPS (X-Forwarded-Proto, trusted by the settings), so its cookies are
    `__Host-` and Secure; this jar sends them back over the plain connection regardless.
    """

    def __init__(self, port):
        self.port = port
        self.origin = f"https://127.0.0.1:{port}"
        self.cookies = {}
        self.conn = None

    def request(self, method, path, form=None, referer=None):
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "User-Agent": "casus-bench-load",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
            headers["Referer"] = self.origin + (referer or path)
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
        try:
            self.conn.request(method, path, body, headers)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        for header in response.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        if response.will_close:  # gunicorn's sync workers close after each response
            self.close()
        return response.status, response.headers, data

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def login(self, username, password, key):
        """The login form, then the TOTP step with a code from the device's key."""
        from django_otp.oath import totp

        status, _h, body = self.request("GET", "/inloggen/")
        assert status == 200, (username, "GET /inloggen/", status)
        form = {"csrfmiddlewaretoken": _csrf(body), "username": username, "password": password}
        status, headers, _b = self.request("POST", "/inloggen/", form)
        assert status == 302 and headers["Location"].endswith("/inloggen/verificatie/"), (
            username,
            "wachtwoordstap",
            status,
        )
        for attempt in range(2):
            status, _h, body = self.request("GET", "/inloggen/verificatie/")
            assert status == 200, (username, "GET verificatie", status)
            code = f"{totp(key, step=30, t0=0, digits=6):06d}"
            form = {"csrfmiddlewaretoken": _csrf(body), "token": code}
            status, headers, _b = self.request("POST", "/inloggen/verificatie/", form)
            if status == 302:
                break
            # This code was used already (a rerun within 30 s): replay protection refuses it.
            assert attempt == 0, (username, "TOTP-stap", status)
            time.sleep(30 - time.time() % 30 + 1)
        status, _h, _b = self.request("GET", "/")
        assert status == 200, (username, "startpagina na inloggen", status)


def _csrf(body):
    match = _CSRF_INPUT.search(body.decode())
    assert match, "geen CSRF-token in het formulier"
    return match[1]


def _loadavg():
    return Path("/proc/loadavg").read_text().split()[:3]


def _measure(clients, next_path, seconds, warmup):
    """Every client requests next_path(rng) in a loop; samples after the warm-up count."""
    start = time.monotonic() + 0.2
    measure_from = start + warmup
    end = measure_from + seconds
    results = [None] * len(clients)

    def run(index, client):
        rng = random.Random(index)
        samples, errors, last = [], Counter(), measure_from
        while time.monotonic() < start:
            time.sleep(0.01)
        for _ in range(MAX_REQUESTS_PER_CLIENT):
            began = time.monotonic()
            if began >= end:
                break
            path = next_path(rng)
            try:
                status, _h, _b = client.request("GET", path)
            except (OSError, http.client.HTTPException) as exc:
                status = type(exc).__name__
            done = time.monotonic()
            if began >= measure_from:
                last = max(last, done)
                samples.append((done - began) * 1000)
                if status != 200:
                    errors[str(status)] += 1
        results[index] = (samples, errors, last)

    threads = [
        threading.Thread(target=run, args=(i, c), daemon=True) for i, c in enumerate(clients)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=warmup + seconds + REQUEST_TIMEOUT + 30)
    if any(r is None for r in results):
        raise RuntimeError("een client kwam niet binnen de tijd terug")
    samples = [s for r in results for s in r[0]]
    errors = sum((r[1] for r in results), Counter())
    elapsed = max(r[2] for r in results) - measure_from
    ok = len(samples) - sum(errors.values())
    ordered = sorted(samples) or [float("nan")]
    return {
        "requests": len(samples),
        "seconds": round(elapsed, 2),
        "rps": round(ok / elapsed, 2) if elapsed > 0 else 0.0,
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))], 1),
        "errors": sum(errors.values()),
        "error_statuses": dict(errors),
    }


def _audit_max_id(database_url):
    import psycopg

    with psycopg.connect(database_url) as conn:
        return conn.execute("SELECT coalesce(max(id), 0) FROM audit_accesslog").fetchone()[0]


# The benchmark ------------------------------------------------------------------------------

PAGES = {
    "persoonspagina": ("regisseurs", None, True),
    "auditzoeken": ("privacy", "/audit/", True),
    "triage p1": ("regisseurs", "/triage/", False),
}


@benchmark
def load():
    """Throughput, latency and errors of three audited pages through gunicorn, 1 vs N clients,
    audit writing on and off."""
    conf = _settings()
    keys, params = _keys_for(conf["db"])
    database_url = _database_url(params, conf["db"])
    checkpoints = tempfile.mkdtemp(prefix="casus-lb-checkpoints-")
    env = _server_env(keys, database_url, checkpoints)
    lock_log = Path(checkpoints) / "chainlock.log"
    env["BENCH_LOAD_LOCKLOG"] = str(lock_log)
    print(
        f"  database {conf['db']}: {conf['aanmeldingen']} aanmeldingen in de triage, "
        f"auditketen {conf['audit_rows']} regels; {conf['workers']} gunicorn-workers, "
        f"{conf['clients']} clients, {conf['seconds']} s per meting na {conf['warmup']} s "
        f"opwarmen; load {' '.join(_loadavg())}",
        flush=True,
    )
    with tempfile.NamedTemporaryFile(suffix=".json") as summary_file:
        subprocess.run(  # noqa: S603 (fixed arguments)
            [sys.executable, "-m", "bench.load", "seed", summary_file.name],
            cwd=ROOT,
            env=env,
            check=True,
        )
        summary = json.loads(Path(summary_file.name).read_text())
    print(
        f"  geseed ({summary['seed_seconds']} s): {summary['aanmeldingen']} aanmeldingen, "
        f"{summary['in_triage']} in de triage, {summary['personen']} personen "
        f"({summary['personen_zonder_aangemaakt_door']} zonder aangemaakt_door), "
        f"keten {summary['chain']} {summary['chain_rows']} regels",
        flush=True,
    )
    vacuum(params, conf["db"])
    # Manifest static storage (DEBUG off) needs collected files; STATIC_ROOT is fixed in the
    # settings (staticfiles/, ignored by git).
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    persons = summary["person_sample"]
    names = _usernames(conf["clients"])
    paths = {
        "persoonspagina": lambda rng: f"/personen/{rng.choice(persons)}/",
        "auditzoeken": lambda rng: "/audit/",
        "triage p1": lambda rng: "/triage/",
    }
    rows = []
    servers = {}
    try:
        # Both servers run side by side (the idle one costs nothing) and each "audit off"
        # measurement directly follows its "audit on" twin, so drift on a shared machine
        # (another benchmark, the load generator itself) hits both alike.
        for audit in ("aan", "uit"):
            servers[audit] = Server(env, conf["workers"], audit == "aan")
        agents = {"aan": {}, "uit": {}}
        for role in ("regisseurs", "privacy"):
            for audit in ("aan", "uit"):
                agents[audit][role] = []
            for username in names[role]:
                agent = Client(servers["aan"].port)
                agent.login(username, PASSWORD, _totp_key(username))
                twin = Client(servers["uit"].port)
                twin.cookies = dict(agent.cookies)  # same database and SECRET_KEY
                agents["aan"][role].append(agent)
                agents["uit"][role].append(twin)
        # In rounds: each round measures a page at 1 and N clients with audit on and off,
        # the order of on and off swapped every round, so that a shared machine's drift
        # (its speed changed by half between runs here) shows as spread between rounds, not
        # as a ratio; the ratios are taken within a round and their median reported.
        for page, (role, _path, with_off) in PAGES.items():
            for ronde in range(conf["rounds"]):
                order = ("aan", "uit") if ronde % 2 == 0 else ("uit", "aan")
                for n, audit in [
                    (n, audit)
                    for n in (1, conf["clients"])
                    for audit in (order if with_off else ("aan",))
                ]:
                    before, id_before = _loadavg(), _audit_max_id(database_url)
                    lock_from = lock_log.stat().st_size if lock_log.exists() else 0
                    result = _measure(
                        agents[audit][role][:n], paths[page], conf["seconds"], conf["warmup"]
                    )
                    result.update(_lock_figures(lock_log, lock_from))
                    result.update(
                        page=page,
                        round=ronde,
                        audit=audit,
                        clients=n,
                        load_before=before,
                        load_after=_loadavg(),
                        audit_rows_written=_audit_max_id(database_url) - id_before,
                    )
                    rows.append(result)
                    print(_line(result), flush=True)
    finally:
        for server in servers.values():
            server.stop()
    # The servers appended to the generated chain with the same key: it must still verify.
    verified = subprocess.run(  # noqa: S603 (fixed arguments)
        [sys.executable, "manage.py", "audit_verify", "--chain", summary["chain"]],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    summary["chain_verify"] = (verified.stdout + verified.stderr).strip()
    print(f"  audit_verify (exit {verified.returncode}): {summary['chain_verify']}")
    _report(conf, summary, rows)


def _lock_figures(lock_log, offset):
    """p50/p95 of how long requests held their audit chain lock (ms), from the server's log."""
    if not lock_log.exists():
        return {"lock_p50_ms": None, "lock_p95_ms": None, "lock_samples": 0}
    with lock_log.open() as handle:
        handle.seek(offset)
        lines = [line.split() for line in handle.read().splitlines() if line.strip()]
    held = sorted(float(parts[0]) for parts in lines)
    if not held:
        return {"lock_p50_ms": None, "lock_p95_ms": None, "lock_samples": 0, "lock_misses": 0}
    p95 = held[min(len(held) - 1, round(0.95 * (len(held) - 1)))]
    return {
        "lock_p50_ms": round(statistics.median(held), 3),
        "lock_p95_ms": round(p95, 3),
        "lock_samples": len(held),
        # Appends whose head guess was stale (a second round trip under the lock).
        "lock_misses": sum(1 for parts in lines if "miss" in parts[1:]),
    }


def _line(r):
    statuses = f" {r['error_statuses']}" if r["errors"] else ""
    return (
        f"  {r['page']:<15} ronde {r['round'] + 1} audit {r['audit']:<3} "
        f"{r['clients']:>2} clients  "
        f"{r['rps']:7.1f} req/s  p50 {r['p50_ms']:7.1f} ms  p95 {r['p95_ms']:7.1f} ms  "
        f"fouten {r['errors']}{statuses}  auditregels {r['audit_rows_written']}  "
        f"ketenslot p95 {_fmt(r['lock_p95_ms'])} ms "
        f"(misser {r.get('lock_misses', 0)}/{r.get('lock_samples', 0)})  "
        f"load {' '.join(r['load_before'])} -> {' '.join(r['load_after'])}"
    )


def _report(conf, summary, rows):
    n = conf["clients"]
    ratios = [_page_ratios(page, rows, n) for page in PAGES]
    print(
        f"\n  mediaan over {conf['rounds']} rondes (verhoudingen per ronde, spreiding tussen haken)"
    )
    print(f"  {'pagina':<15} {'req/s 1':>8} {f'req/s {n}':>8} {f'{n}/1':>16} {'aan/uit 1':>16} "
          f"{f'aan/uit {n}':>16}")  # fmt: skip
    for ratio in ratios:
        print(
            f"  {ratio['page']:<15} {_fmt(ratio['rps_1']):>8} {_fmt(ratio['rps_n']):>8} "
            f"{_spread(ratio, 'scaling'):>16} {_spread(ratio, 'on_off_1'):>16} "
            f"{_spread(ratio, 'on_off_n'):>16}"
        )
    total_errors = sum(r["errors"] for r in rows)
    print(f"  fouten (elk antwoord anders dan 200) in alle metingen: {total_errors}")
    targets = _targets(conf, ratios, rows, total_errors)
    print("\n  doelen (#8, in deze ene run):")
    for target in targets:
        print(f"  {target['doel']:<62} {_fmt(target['waarde']):>8}  {verdict(target['gehaald'])}")
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    out = results / f"load-{datetime.now():%Y%m%d-%H%M%S}.json"
    summary = {k: v for k, v in summary.items() if k != "person_sample"}
    out.write_text(
        json.dumps(
            {
                "settings": conf,
                "seed": summary,
                "measurements": rows,
                "ratios": ratios,
                "targets": targets,
            },
            indent=2,
        )
    )
    print(f"  geschreven: {out.relative_to(ROOT)}")


def _targets(conf, ratios, rows, total_errors):
    """The load targets of the issue, judged on this run's figures."""
    n = conf["clients"]
    targets = []

    def add(doel, waarde, gehaald):
        targets.append({"doel": doel, "waarde": waarde, "gehaald": bool(gehaald)})

    for ratio in ratios:
        if ratio["on_off_n"] is None:
            continue
        page = ratio["page"]
        scaling = ratio["scaling"]
        add(
            f"{page}: doorvoer {n} vs 1 client >= 1.8 (mediaan)",
            scaling,
            scaling and scaling >= 1.8,
        )
        add(
            f"{page}: {n} clients, audit aan >= 0.90 x audit uit (mediaan)",
            ratio["on_off_n"],
            ratio["on_off_n"] >= 0.90,
        )
    held = [r["lock_p95_ms"] for r in rows if r["audit"] == "aan" and r["lock_p95_ms"]]
    worst = max(held) if held else None
    add(
        "ketenslot vastgehouden per request, p95 <= 2 ms (slechtste meting)",
        worst,
        held and worst <= 2,
    )
    # The triage target is server time: with one client nothing queues, so its p95 is the
    # server's time plus loopback (the worklist benchmark times the server alone).
    for page in PAGES:
        if page.startswith("triage"):
            p95s = [r["p95_ms"] for r in rows if r["page"] == page and r["clients"] == 1]
            if p95s:
                p95 = statistics.median(p95s)
                add(f"{page}, 1 client: p95 <= 100 ms (mediaan van de rondes)", p95, p95 <= 100)
    add("fouten in alle metingen = 0", total_errors, total_errors == 0)
    return targets


def _page_ratios(page, rows, n):
    """A page's figures over the rounds: medians of req/s and of the ratios taken within each
    round (8 vs 1 client with audit on; audit on vs off at 1 and at N clients)."""

    def get(ronde, audit, clients):
        return next(
            (
                r
                for r in rows
                if (r["page"], r["round"], r["audit"], r["clients"])
                == (page, ronde, audit, clients)
            ),
            None,
        )

    rounds = sorted({r["round"] for r in rows if r["page"] == page})
    per_round = {"scaling": [], "on_off_1": [], "on_off_n": []}
    for ronde in rounds:
        one, many = get(ronde, "aan", 1), get(ronde, "aan", n)
        values = {
            "scaling": _ratio(many, one),
            "on_off_1": _ratio(one, get(ronde, "uit", 1)),
            "on_off_n": _ratio(many, get(ronde, "uit", n)),
        }
        for key, value in values.items():
            if value is not None:
                per_round[key].append(value)

    def median(values):
        return round(statistics.median(values), 3) if values else None

    rps = {
        clients: [
            r["rps"]
            for r in rows
            if (r["page"], r["audit"], r["clients"]) == (page, "aan", clients)
        ]
        for clients in (1, n)
    }
    return {
        "page": page,
        "rps_1": median(rps[1]),
        "rps_n": median(rps[n]),
        **{key: median(values) for key, values in per_round.items()},
        "per_round": per_round,
    }


def _spread(ratio, key):
    values = ratio["per_round"][key]
    if not values:
        return "—"
    return f"{_fmt(ratio[key])} ({min(values):.2f}–{max(values):.2f})"


def _ratio(a, b):
    if a is None or b is None or not b["rps"]:
        return None
    return round(a["rps"] / b["rps"], 3)


def _fmt(value):
    return "—" if value is None else f"{value:.2f}"


if __name__ == "__main__":
    # The seeding child: `python -m bench.load seed <summary.json>` with the server's env.
    import django

    if sys.argv[1:2] != ["seed"] or len(sys.argv) != 3:
        sys.exit("gebruik: python -m bench.load seed <samenvatting.json>")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    _seed(sys.argv[2])

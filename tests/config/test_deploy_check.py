"""Production settings: a clean `check --deploy`, refusal without secrets, security headers."""

import base64
import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION_HOST = "casus.example.nl"
KEYS = ("FIELD_ENCRYPTION_KEY", "BLIND_INDEX_KEY", "AUDIT_HMAC_KEY", "LANDELIJKE_CHECK_KEY")


def _database_url():
    """The database the tests use, as a URL the subprocess can read."""
    db = settings.DATABASES["default"]
    auth = quote(db["USER"] or "")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"])
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def production_env(**overrides):
    """A fresh production environment: DEBUG off, random secrets, one host."""
    env = {k: v for k, v in os.environ.items() if k not in ("DEMO", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64)[:50],
        ALLOWED_HOSTS=PRODUCTION_HOST,
        DATABASE_URL=_database_url(),
    )
    env.update({key: base64.b64encode(secrets.token_bytes(32)).decode() for key in KEYS})
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def run(args, env):
    return subprocess.run(  # noqa: S603 (fixed arguments, our own interpreter)
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_passes_without_warnings_in_production(db):
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env())
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output
    assert "WARNING" not in output and "?: (" not in output, output


def test_check_deploy_catches_a_weak_setting(db):
    """The deploy check really runs with these settings: a bad HSTS value makes it fail."""
    env = production_env(SECURE_HSTS_SECONDS="0")
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout


@pytest.mark.parametrize(
    "missing", ["SECRET_KEY", "FIELD_ENCRYPTION_KEY", *KEYS[1:], "ALLOWED_HOSTS"]
)
def test_production_refuses_to_start_without(db, missing):
    result = run(["manage.py", "check"], production_env(**{missing: None}))
    assert result.returncode != 0
    assert f"{missing} must be set when DEBUG is off" in result.stderr


def test_empty_secret_counts_as_missing(db):
    result = run(["manage.py", "check"], production_env(SECRET_KEY=""))
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


PROBE = """
import json
import django
django.setup()
from django.conf import settings
from django.test import Client
client = Client(HTTP_HOST="casus.example.nl")
plain = client.get("/inloggen/")
health = client.get("/healthz")
secure = client.get("/healthz", secure=True)
print(json.dumps({
    "plain": [plain.status_code, plain.headers.get("Location")],
    "health": health.status_code,
    "secure": [secure.status_code, dict(secure.headers)],
    "cookies": [
        settings.SESSION_COOKIE_NAME,
        settings.SESSION_COOKIE_SECURE,
        settings.CSRF_COOKIE_SECURE,
    ],
}))
"""


def test_production_responses_carry_security_headers(db):
    env = production_env(DJANGO_SETTINGS_MODULE="config.settings")
    result = run(["-c", PROBE], env)
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    status, location = probe["plain"]
    assert status == 301 and location == f"https://{PRODUCTION_HOST}/inloggen/"
    assert probe["health"] == 200  # load balancers probe over plain HTTP
    status, headers = probe["secure"]
    assert status == 200
    hsts = headers["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts and "includeSubDomains" in hsts and "preload" in hsts
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert probe["cookies"] == ["__Host-sessionid", True, True]


def _directives(header):
    parts = (d.strip().split() for d in header.split(";") if d.strip())
    return {p[0]: p[1:] for p in parts}


def test_pages_send_a_strict_csp_and_framing_and_referrer_headers(client, db):
    response = client.get(reverse("partners:login"))
    assert response.status_code == 200
    csp = _directives(response["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["style-src"]
    assert csp["default-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert all("unsafe" not in value for values in csp.values() for value in values)
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_templates_contain_no_inline_script_or_style(client, db):
    """Scripts only as static files (`<script src=...></script>`), never inline."""
    html = client.get(reverse("partners:login")).content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert html.count("<script") == len(scripts)
    assert all(' src="/static/' in attrs and not body.strip() for attrs, body in scripts)
    assert not re.search(r"<[^>]+\son[a-z]+=", html)  # no inline event handlers either
    assert "<style" not in html and " style=" not in html


@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_hsts_header_on_secure_requests(client, db):
    response = client.get(reverse("partners:login"), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def _published(name):
    """A development default from config/settings.py, read as text (not imported)."""
    source = (BASE_DIR / "config" / "settings.py").read_text()
    return source.split(f'{name} = "', 1)[1].split('"', 1)[0]


@pytest.mark.parametrize(
    ("variable", "default"),
    [
        ("SECRET_KEY", "_DEV_SECRET_KEY"),
        ("FIELD_ENCRYPTION_KEY", "_DEV_FIELD_KEY"),
        ("FIELD_ENCRYPTION_OLD_KEYS", "_DEV_FIELD_KEY"),
        ("BLIND_INDEX_KEY", "_DEV_INDEX_KEY"),
        ("AUDIT_HMAC_KEY", "_DEV_AUDIT_KEY"),
        ("LANDELIJKE_CHECK_KEY", "_DEV_CHECK_KEY"),
    ],
)
def test_production_refuses_the_published_development_keys(db, variable, default):
    value = _published(default)
    result = run(["manage.py", "check"], production_env(**{variable: value}))
    assert result.returncode != 0
    assert f"{variable} is " in result.stderr and "published development key" in result.stderr
    assert value not in result.stderr


@pytest.mark.parametrize("variable", [*KEYS, "FIELD_ENCRYPTION_OLD_KEYS"])
@pytest.mark.parametrize(
    "value",
    ["niet-base64-maar-wel-geheim!", base64.b64encode(b"te kort").decode()],
    ids=["geen-base64", "te-kort"],
)
def test_production_refuses_a_key_that_is_not_base64_of_32_bytes(db, variable, value):
    result = run(["manage.py", "check"], production_env(**{variable: value}))
    assert result.returncode != 0
    assert f"{variable} must be base64 of 32 bytes" in result.stderr
    assert value not in result.stderr


def test_audit_chain_key_is_never_taken_as_raw_text(settings):
    from audit.chain import hmac_key

    settings.AUDIT_HMAC_KEY = "geen base64"
    with pytest.raises(ValueError, match="AUDIT_HMAC_KEY"):
        hmac_key()

"""Shared fixtures. The suite needs PostgreSQL, and Chromium when browser tests (marker `e2e`,
everything under tests/e2e) are selected; it says so when either is missing.

Passwords are hashed with MD5 in the tests: argon2 is slow by design and would dominate the
run time. That production hashes passwords with argon2 is asserted once, against
config/settings.py itself (tests/partners/test_password_hashers.py).
"""

import os
import shutil
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import get_hashers, get_hashers_by_algorithm
from django.core.signals import got_request_exception
from zeal import NPlusOneError

from tests.partners.factories import (
    MedewerkerFactory,
    OrganisatieFactory,
    PartnerschapFactory,
    RolToewijzingFactory,
    ZvhFactory,
)

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Fast and insecure, for tests only; production's list lives in config/settings.py.
TEST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ZEAL_MIDDLEWARE = "zeal.middleware.zeal_middleware"


def pytest_configure(config):
    # Transactional tests end with Django's TRUNCATE flush; the audit triggers let it through
    # only on connections of the test suite (audit/triggers.py).
    settings.AUDIT_ALLOW_FLUSH = True
    settings.PASSWORD_HASHERS = TEST_PASSWORD_HASHERS
    get_hashers.cache_clear()
    get_hashers_by_algorithm.cache_clear()
    configure_zeal()
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        raise pytest.UsageError(
            f"De tests draaien op PostgreSQL; DATABASE_URL wijst naar {engine}. "
            "Zet DATABASE_URL=postgres://postgres@127.0.0.1:5432/casus of gebruik `make test`."
        )
    import psycopg

    db = settings.DATABASES["default"]
    try:
        psycopg.connect(
            host=db.get("HOST") or None,
            port=db.get("PORT") or None,
            user=db.get("USER") or None,
            password=db.get("PASSWORD") or None,
            dbname="postgres",
            connect_timeout=5,
        ).close()
    except psycopg.OperationalError as exc:
        raise pytest.UsageError(
            f"PostgreSQL is niet bereikbaar ({db.get('HOST')}:{db.get('PORT')}): {exc}. "
            "Start de server (bash .ci/run doet dat) en probeer opnieuw."
        ) from exc


# N+1 queries fail the test (django-zeal), per request: zeal's middleware, first in the stack,
# gives every request (test client and live server alike) a detection context of its own.
# Not per test: zeal counts lazy loads per calling line, so arrangement code in a test (a loop
# of `referral.personen.get()`, two logins, a service called twice) would count as an N+1, and
# the only remedy would be allowlist entries that also hide real findings in views.
# Findings that are not N+1 queries: one narrow entry each, with the reason.
ZEAL_ALLOWLIST = [
    # Not an N+1: TriageForm's two ModelChoiceFields (procesregisseur and
    # backup_procesregisseur, aanmelding/forms.py) each run one Medewerker .get() in
    # form.is_valid(); zeal counts both against aanmelding/views.py:293 (form code lives in
    # site-packages). Constant two queries, whatever the data.
    {"model": "partners.Medewerker", "field": "get()"},
    # Not an N+1: a session whose password hash no longer matches (the password was changed
    # in another session) is flushed by Django itself, which loads it and then gets it once
    # more to delete it (sessions/backends/db.py). Constant two queries, once per session.
    {"model": "sessions.Session", "field": "get()"},
]

_live_server_nplusones = []


def configure_zeal():
    """What zeal's AppConfig.ready would do (zeal is not in production's INSTALLED_APPS)."""
    from zeal.constants import initialize_app_registry
    from zeal.patch import patch

    settings.ZEAL_RAISE = True
    settings.ZEAL_ALLOWLIST = ZEAL_ALLOWLIST
    settings.ZEAL_SHOW_ALL_CALLERS = os.environ.get("ZEAL_SHOW_ALL_CALLERS") == "1"
    settings.MIDDLEWARE = [ZEAL_MIDDLEWARE, *settings.MIDDLEWARE]
    initialize_app_registry()
    patch()
    got_request_exception.connect(_record_live_server_nplusone, dispatch_uid="zeal-live-server")


def _record_live_server_nplusone(sender, request=None, **kwargs):
    """The test client re-raises a view's exception in the test; the live server (other
    threads) turns it into a 500 for the browser. Keep those for the fixture below."""
    exc = sys.exc_info()[1]
    if isinstance(exc, NPlusOneError) and threading.current_thread() is not threading.main_thread():
        _live_server_nplusones.append(f"{request.method} {request.path}: {exc}")


@pytest.fixture(autouse=True)
def nplusone_in_live_server_fails_the_test():
    """A browser test sees only a 500 page; fail it with zeal's own message instead."""
    _live_server_nplusones.clear()
    yield
    if _live_server_nplusones:
        found = "\n".join(_live_server_nplusones)
        _live_server_nplusones.clear()
        pytest.fail(f"N+1 in a live-server request:\n{found}", pytrace=False)


@pytest.fixture(autouse=True)
def random_names_fixed_per_test(request):
    """Factory and Faker values (names, dates) seeded from the test's id: a test that passes
    passes on every run, whatever ran before it, instead of failing once in many runs when a
    user happens to share a surname with a person the test expects to be hidden."""
    import factory.random

    factory.random.reseed_random(request.node.nodeid)


E2E_DIR = Path(__file__).parent / "e2e"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Every test under tests/e2e (or using the browser) is an e2e test: mark it before `-m`
    deselects."""
    for item in items:
        if E2E_DIR in item.path.parents or "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session):
    """Chromium is required only when browser tests remain selected; then it is a hard error.

    `pytest -m "not e2e"` runs without it; a run that includes browser tests refuses to start
    without it rather than skipping them.
    """
    if session.config.option.collectonly:
        return
    if not any(item.get_closest_marker("e2e") for item in session.items):
        return
    if not (shutil.which(CHROMIUM) or os.path.exists(CHROMIUM)):
        raise pytest.UsageError(
            f"Chromium ontbreekt ({CHROMIUM}); de browsertests worden niet overgeslagen. "
            "Installeer het met `apt-get install -y chromium` (bash .ci/run doet dat), "
            'of sla ze bewust over met `-m "not e2e"`.'
        )


@pytest.fixture
def zvh(db):
    return ZvhFactory()


@pytest.fixture
def other_zvh(db):
    return ZvhFactory()


@pytest.fixture
def make_user(db):
    """make_user(zvh, *roles, organisatie=None): a member of an organisation taking part in zvh."""

    def make(zvh=None, *rollen, organisatie=None, **fields):
        if organisatie is None:
            organisatie = OrganisatieFactory()
        if zvh is not None:
            PartnerschapFactory(zvh=zvh, organisatie=organisatie)
        user = MedewerkerFactory(organisatie=organisatie, **fields)
        for rol in rollen:
            RolToewijzingFactory(medewerker=user, zvh=zvh, rol=rol)
        return user

    return make


def actor_for(user, zvh, *, request_id="test-request-0001", **kwargs):
    """The actor of `user` in `zvh` as the tenant middleware builds it (roles from the DB)."""
    from partners.actors import actor_voor

    return actor_voor(user, zvh, request_id=request_id, **kwargs)


@pytest.fixture
def as_actor(db):
    """as_actor(user, zvh): the actor services see after the middleware ran."""
    return actor_for


def verify_session(client, user):
    """Log `user` in with a verified second factor, as if the full login had happened."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from partners.middleware import LAST_SEEN, LOGIN_TIME
    from partners.models import AuthenticatorDevice

    device = AuthenticatorDevice.objects.filter(
        user=user, confirmed=True
    ).first() or AuthenticatorDevice.objects.create(user=user, name="test", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    now = time.time()
    session[LOGIN_TIME] = now
    session[LAST_SEEN] = now
    session.save()
    return client


@pytest.fixture
def login(client):
    def do(user):
        return verify_session(client, user)

    return do

"""Shared fixtures. The suite needs PostgreSQL, and Chromium when browser tests (marker `e2e`,
everything under tests/e2e) are selected; it says so when either is missing.

Passwords are hashed with MD5 in the tests: argon2 is slow by design and would dominate the
run time. That production hashes passwords with argon2 is asserted once, against
config/settings.py itself (tests/partners/test_password_hashers.py).
"""

import os
import shutil
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import get_hashers, get_hashers_by_algorithm

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


def pytest_configure(config):
    # Transactional tests end with Django's TRUNCATE flush; the audit triggers let it through
    # only on connections of the test suite (audit/triggers.py).
    settings.AUDIT_ALLOW_FLUSH = True
    settings.PASSWORD_HASHERS = TEST_PASSWORD_HASHERS
    get_hashers.cache_clear()
    get_hashers_by_algorithm.cache_clear()
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


def verify_session(client, user):
    """Log `user` in with a verified second factor, as if the full login had happened."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from partners.middleware import LAST_SEEN, LOGIN_TIME

    device = TOTPDevice.objects.filter(
        user=user, confirmed=True
    ).first() or TOTPDevice.objects.create(user=user, name="test", confirmed=True)
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

"""Production hashes passwords with argon2.

The rest of the suite runs with a fast MD5 hasher (tests/conftest.py); this test reads the
production list from config/settings.py itself, so a change there cannot hide behind the
test configuration.
"""

from django.conf import settings
from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.test import override_settings

from config import settings as production
from tests.conftest import TEST_PASSWORD_HASHERS


def test_production_hashes_passwords_with_argon2():
    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    with override_settings(PASSWORD_HASHERS=production.PASSWORD_HASHERS):
        encoded = make_password("juist-wachtwoord-123")
        assert encoded.startswith("argon2$argon2id$")
        assert identify_hasher(encoded).algorithm == "argon2"
        assert check_password("juist-wachtwoord-123", encoded)
        assert not check_password("fout-wachtwoord-123", encoded)


def test_the_suite_itself_uses_the_fast_hasher():
    assert settings.PASSWORD_HASHERS == TEST_PASSWORD_HASHERS
    assert make_password("juist-wachtwoord-123").startswith("md5$")

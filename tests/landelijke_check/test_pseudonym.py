import base64
import os

import pytest
from django.core.exceptions import ValidationError

from core.crypto import blind_index
from landelijke_check.pseudonym import pseudoniem


def test_pseudonym_is_stable_and_differs_from_the_local_blind_index():
    assert pseudoniem("111222333") == pseudoniem("111 222 333")
    assert pseudoniem("111222333") != blind_index("111222333")
    assert pseudoniem("111222333") != pseudoniem("123456782")


def test_pseudonym_depends_on_the_shared_key(settings):
    before = pseudoniem("111222333")
    settings.LANDELIJKE_CHECK_KEY = base64.b64encode(os.urandom(32)).decode()
    assert pseudoniem("111222333") != before


def test_pseudonym_refuses_invalid_bsn():
    with pytest.raises(ValidationError):
        pseudoniem("123456789")

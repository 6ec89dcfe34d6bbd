"""Fixtures for the audit tests: checkpoints in a temporary directory, rows in a chain."""

import pytest

from audit import events
from audit.models import AccessLog
from tests.audit.rows import record


@pytest.fixture(autouse=True)
def checkpoint_dir(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"
    return settings.AUDIT_CHECKPOINT_DIR


@pytest.fixture
def write_rows(db):
    """write_rows(zvh, n, **fields): n rows in zvh's chain; returns them in seq order."""

    def write(zvh, n, **fields):
        for i in range(n):
            record(event=events.ORGANISATIES_BEKEKEN, zvh=zvh, detail=f"regel {i}", **fields)
        return list(AccessLog.objects.filter(zvh_id=zvh.pk).order_by("seq"))

    return write

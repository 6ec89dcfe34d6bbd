"""Canonical form and HMAC of an audit row; shared by the writer and the verifier."""

import base64
import hashlib
import hmac
import json
from datetime import UTC

from django.conf import settings

GENESIS = "0" * 64

# The fields covered by the hash, in a fixed order. Adding one is a format change.
HASHED_FIELDS = (
    "event_id",
    "chain",
    "seq",
    "event_time",
    "action",
    "outcome",
    "event_type",
    "user_id",
    "user_display",
    "organisatie_id",
    "organisatie_naam",
    "rol",
    "namens",
    "doel",
    "ip",
    "request_id",
    "zvh_id",
    "object_type",
    "object_id",
    "persoon_pseudoniem",
    "casus_id",
    "detail",
)


def _key():
    raw = settings.AUDIT_HMAC_KEY
    try:
        return base64.b64decode(raw, validate=True)
    except ValueError:
        return raw.encode()


def _normalise(name, value):
    if value is None:
        return None
    if name == "event_time":
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if name == "event_id":
        return str(value)
    return value


def canonical(values):
    """Bytes that identify a row: sorted-key JSON of the hashed fields."""
    data = {name: _normalise(name, values[name]) for name in HASHED_FIELDS}
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def row_hash(values, prev_hash, key=None):
    mac = hmac.new(key or _key(), digestmod=hashlib.sha256)
    mac.update(prev_hash.encode())
    mac.update(b"|")
    mac.update(canonical(values))
    return mac.hexdigest()


def hmac_key():
    return _key()

"""Canonical form and HMAC of an audit row; shared by the writer and the verifier.

The canonical form joins the hashed fields, in the fixed order of HASHED_FIELDS, with the unit
separator (0x1F); an absent value (NULL, only in the integer and address columns) is 0x01.
The writer replaces control characters in text by spaces, so a stored row always has exactly
len(HASHED_FIELDS) - 1 separators, one more when it lists several persons (`LIST_FIELD`,
appended only when not empty), two more when it covers django-auditlog change entries
(the list, then present even when empty, and `CHANGES_FIELD`), and the encoding is
unambiguous; the verifier checks that.
`CANONICAL_SQL` builds the same bytes inside PostgreSQL so that verification streams one text
column per row instead of twenty-two (a test keeps both definitions equal).
"""

import hashlib
import hmac
from datetime import UTC

from django.conf import settings

from core.crypto import decode_key

GENESIS = "0" * 64
SEPARATOR = "\x1f"
ABSENT = "\x01"

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
SEPARATORS = len(HASHED_FIELDS) - 1
# Hashed after HASHED_FIELDS only when not empty: the space-separated pseudonyms of an event
# that showed several persons. Rows without it (every row written before it existed) keep
# exactly the canonical form they were hashed with.
LIST_FIELD = "personen"
# Hashed after LIST_FIELD (then always present, maybe empty) only when not empty: the change
# entries (django-auditlog) the row covers and their digest (audit.changes). Rows without it
# keep the canonical form they were hashed with.
CHANGES_FIELD = "wijzigingen"
# The separator counts a stored row's canonical form may have: none of the optional fields,
# the list, or the list and the changes. The count tells them apart.
CANONICAL_SEPARATORS = (SEPARATORS, SEPARATORS + 1, SEPARATORS + 2)

_CONTROL = str.maketrans(dict.fromkeys(range(32), " ") | {127: " "})

# PostgreSQL expression for the canonical text of a row (same bytes as `canonical`).
_SQL_PARTS = {
    "event_id": "event_id::text",
    "seq": "seq::text",
    "event_time": """to_char(event_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')""",
    "user_id": "coalesce(user_id::text, E'\\x01')",
    "organisatie_id": "coalesce(organisatie_id::text, E'\\x01')",
    "ip": "coalesce(host(ip), E'\\x01')",
    "zvh_id": "coalesce(zvh_id::text, E'\\x01')",
    "casus_id": "coalesce(casus_id::text, E'\\x01')",
}
# concat_ws skips NULL arguments: the list field is left out when it and the changes are
# empty, the changes when they are empty.
CANONICAL_SQL = (
    "concat_ws(E'\\x1f', "
    + ", ".join(_SQL_PARTS.get(f, f) for f in HASHED_FIELDS)
    + f", CASE WHEN {LIST_FIELD} <> '' OR {CHANGES_FIELD} <> '' THEN {LIST_FIELD} END"
    + f", NULLIF({CHANGES_FIELD}, ''))"
)


def clean_text(value):
    """Text as the writer stores it: control characters become spaces."""
    return str(value).translate(_CONTROL)


def _key():
    # Strictly base64 of 32 bytes (settings refuse anything else in production).
    return decode_key(settings.AUDIT_HMAC_KEY, "AUDIT_HMAC_KEY")


def _normalise(name, value):
    if value is None:
        return ABSENT
    if name == "event_time":
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return str(value)


def canonical_text(values):
    text = SEPARATOR.join(_normalise(name, values[name]) for name in HASHED_FIELDS)
    listed = values.get(LIST_FIELD) or ""
    changes = values.get(CHANGES_FIELD) or ""
    if changes:
        return f"{text}{SEPARATOR}{listed}{SEPARATOR}{changes}"
    return f"{text}{SEPARATOR}{listed}" if listed else text


def hash_text(canonical_str, prev_hash, key):
    """HMAC-SHA256 (hex) over the previous hash and the canonical text of a row."""
    message = f"{prev_hash}|{canonical_str}".encode()
    return hmac.digest(key, message, hashlib.sha256).hex()


def row_hash(values, prev_hash, key=None):
    return hash_text(canonical_text(values), prev_hash, key or _key())


def hmac_key():
    return _key()


def derived_key(purpose):
    """A key for another use (checkpoint signatures), derived from the audit HMAC key."""
    return hmac.digest(_key(), f"casus-audit:{purpose}".encode(), hashlib.sha256)

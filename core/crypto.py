"""Field encryption (AES-256-GCM, bound to table|column|pk) and the blind indexes.

Keys come from the environment (settings), never from the database. A ciphertext carries the
id of its key so that keys can be rotated: the newest key encrypts, every listed key decrypts.
"""

import base64
import functools
import hashlib
import hmac
import os
import unicodedata

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

from .bsn import Bsn, normalise

VERSION = b"\x01"
NONCE_BYTES = 12


class DecryptionError(Exception):
    """Ciphertext that no configured key opens, or that belongs to another row or column."""


def decode_key(value, name="key"):
    try:
        key = base64.b64decode(value, validate=True)
    except ValueError as exc:
        raise ValueError(f"{name} is not valid base64") from exc
    if len(key) != 32:
        raise ValueError(f"{name} must be 32 bytes (base64-encoded), got {len(key)}")
    return key


def _key_id(key):
    return hashlib.sha256(key).digest()[:4]


def _keys():
    return _decoded_keys(settings.FIELD_ENCRYPTION_KEY, tuple(settings.FIELD_ENCRYPTION_OLD_KEYS))


@functools.lru_cache(maxsize=8)
def _decoded_keys(current_b64, old_b64):
    """The keys of these settings values, decoded once: a page opens hundreds of fields, and
    the values are the cache key, so changed settings (a rotation, a test) take effect."""
    current = decode_key(current_b64, "FIELD_ENCRYPTION_KEY")
    old = [decode_key(k, "FIELD_ENCRYPTION_OLD_KEYS") for k in old_b64]
    return current, {_key_id(k): k for k in [current, *old]}


@functools.lru_cache(maxsize=8)
def _aead(key):
    """One AESGCM per key (it holds no state between calls)."""
    return AESGCM(key)


def associated_data(table, column, pk):
    return f"{table}|{column}|{pk}".encode()


def encrypt(plaintext, *, aad):
    """Bytes: version | key id | nonce | AES-GCM(plaintext) with `aad` authenticated."""
    current, _all = _keys()
    nonce = os.urandom(NONCE_BYTES)
    sealed = _aead(current).encrypt(nonce, plaintext.encode(), aad)
    return VERSION + _key_id(current) + nonce + sealed


def decrypt(blob, *, aad):
    blob = bytes(blob)
    if len(blob) < 1 + 4 + NONCE_BYTES + 16 or blob[:1] != VERSION:
        raise DecryptionError("unknown ciphertext format")
    _current, keys = _keys()
    key = keys.get(blob[1:5])
    if key is None:
        raise DecryptionError("no configured key for this ciphertext")
    nonce, sealed = blob[5 : 5 + NONCE_BYTES], blob[5 + NONCE_BYTES :]
    try:
        return _aead(key).decrypt(nonce, sealed, aad).decode()
    except Exception as exc:  # cryptography raises InvalidTag; never leak the content
        raise DecryptionError("ciphertext does not open with its key and row") from exc


def needs_rotation(blob):
    current, _all = _keys()
    return bytes(blob)[1:5] != _key_id(current)


def blind_index(bsn: "str | Bsn") -> str:
    """HMAC-SHA256 of the normalised BSN with the blind-index key: exact lookups, no clear BSN."""
    digits = bsn.cijfers if isinstance(bsn, Bsn) else normalise(bsn)
    key = decode_key(settings.BLIND_INDEX_KEY, "BLIND_INDEX_KEY")
    return hmac.new(key, digits.encode(), hashlib.sha256).hexdigest()


def normalise_naam(value):
    """Lower case, accents folded, only letters: "Jan-Willem  de Vries" → "janwillemdevries"."""
    folded = unicodedata.normalize("NFKD", str(value)).casefold()
    return "".join(ch for ch in folded if ch.isalpha())


def naam_index(voornamen, achternaam, geboortedatum):
    """HMAC over normalised name and date of birth: finds probable duplicates, reveals nothing."""
    key = decode_key(settings.BLIND_INDEX_KEY, "BLIND_INDEX_KEY")
    iso = geboortedatum.isoformat() if geboortedatum else ""
    message = f"naam|{normalise_naam(voornamen)}|{normalise_naam(achternaam)}|{iso}"
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


def achternaam_index(achternaam):
    """HMAC over the normalised surname alone: the exact name search of the casus list."""
    key = decode_key(settings.BLIND_INDEX_KEY, "BLIND_INDEX_KEY")
    message = f"achternaam|{normalise_naam(achternaam)}"
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


def keyed_digest(purpose, value):
    """HMAC-SHA256 with the blind-index key over `purpose|value`, hex: a one-time secret (a
    backup code) stored so that a database dump alone cannot brute-force it."""
    key = decode_key(settings.BLIND_INDEX_KEY, "BLIND_INDEX_KEY")
    return hmac.new(key, f"{purpose}|{value}".encode(), hashlib.sha256).hexdigest()

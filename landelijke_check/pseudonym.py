"""The pseudonym houses exchange in the landelijke check: HMAC-SHA256 over the normalised BSN.

The key is shared by the participating houses (and differs from the local blind-index key), so
a pseudonym means the same person everywhere but reveals nothing without the key.
"""

import hashlib
import hmac

from django.conf import settings

from privacy.crypto import decode_key, normalise_bsn, validate_bsn


def pseudoniem(bsn):
    bsn = validate_bsn(normalise_bsn(bsn))
    key = decode_key(settings.LANDELIJKE_CHECK_KEY, "LANDELIJKE_CHECK_KEY")
    return hmac.new(key, b"landelijke-check|" + bsn.encode(), hashlib.sha256).hexdigest()

"""The pseudonym houses exchange in the landelijke check: HMAC-SHA256 over the normalised BSN.

The key is shared by the participating houses (and differs from the local blind-index key), so
a pseudonym means the same person everywhere but reveals nothing without the key.
"""

import hashlib
import hmac

from django.conf import settings

from core.bsn import Bsn
from core.crypto import decode_key


def pseudoniem(bsn: "str | Bsn") -> str:
    digits = Bsn(bsn).cijfers
    key = decode_key(settings.LANDELIJKE_CHECK_KEY, "LANDELIJKE_CHECK_KEY")
    return hmac.new(key, b"landelijke-check|" + digits.encode(), hashlib.sha256).hexdigest()

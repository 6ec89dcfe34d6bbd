"""System check: the encryption and index keys must be present and well-formed at startup."""

from django.conf import settings
from django.core.checks import Error, register

from .crypto import decode_key


@register(deploy=False)
def check_keys(app_configs, **kwargs):
    errors = []
    for name in ("FIELD_ENCRYPTION_KEY", "BLIND_INDEX_KEY"):
        try:
            decode_key(getattr(settings, name), name)
        except ValueError as exc:
            errors.append(Error(str(exc), id=f"core.E00{1 if 'FIELD' in name else 2}"))
    for value in settings.FIELD_ENCRYPTION_OLD_KEYS:
        try:
            decode_key(value, "FIELD_ENCRYPTION_OLD_KEYS")
        except ValueError as exc:
            errors.append(Error(str(exc), id="core.E003"))
    return errors

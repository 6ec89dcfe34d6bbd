"""Field-level change diffs (django-auditlog) for the domain models, with secrets masked.

Each app registers its own models from its `AppConfig.ready` with `register(label, ...)`.
Encrypted fields are masked automatically (and other personal fields by `mask`), so their
values never appear in a diff: the diff says only that they changed.
"""

from auditlog.registry import auditlog
from django.apps import apps

from core.fields import EncryptedTextField

# label -> options, in the order the apps registered them.
AUDITED_MODELS: dict[str, dict] = {}

MASK = "********"


def mask_fully(value):
    """django-auditlog's default mask keeps half the value; encrypted content shows nothing."""
    return MASK


def audited_options(label, *, exclude=(), mask=()):
    """Options for one model: encrypted fields masked, secrets and noise excluded."""
    encrypted = [
        f.name for f in apps.get_model(label)._meta.fields if isinstance(f, EncryptedTextField)
    ]
    return {
        "exclude_fields": list(exclude),
        "mask_fields": [*encrypted, *mask],
        "mask_callable": "audit.auditlog_registry.mask_fully",
    }


def audited_models():
    return [apps.get_model(label) for label in AUDITED_MODELS]


def register(label, *, exclude=(), mask=()):
    """Diff `label` ("app.Model"): `exclude` fields are not diffed, `mask` fields are masked."""
    AUDITED_MODELS[label] = {"exclude": list(exclude), "mask": list(mask)}
    model = apps.get_model(label)
    if not auditlog.contains(model):
        auditlog.register(model, **audited_options(label, exclude=exclude, mask=mask))

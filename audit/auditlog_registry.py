"""Field-level change diffs (django-auditlog) for the domain models, with secrets masked.

Later apps add their models to AUDITED_MODELS. Encrypted fields are masked automatically (and
other personal fields by `mask`), so their values never appear in a diff: the diff says only
that they changed.
"""

from auditlog.registry import auditlog
from django.apps import apps

# label -> options for auditlog.register. `exclude` fields are not diffed at all; `mask` fields
# (encrypted content) show only that they changed.
AUDITED_MODELS = {
    "partners.Organisatie": {},
    "partners.Partnerschap": {},
    "partners.Medewerker": {"exclude": ["password", "last_login"]},
    "partners.RolToewijzing": {},
    "casus.Thema": {},
    "aanmelding.RegionaalCriterium": {},
    "aanmelding.Afwijsreden": {},
    "aanmelding.TriageInstelling": {},
    "casus.Persoon": {"exclude": ["bsn_index", "naam_index"], "mask": ["geboortedatum"]},
    "casus.PersoonRelatie": {},
    "casus.Casus": {},
    "casus.Deelnemer": {},
    "aanmelding.Aanmelding": {},
    "aanmelding.AanmeldingPersoon": {},
    "aanmelding.Aanvulling": {},
    "aanmelding.Informatieverzoek": {},
    "aanmelding.Triagebesluit": {},
    "aanmelding.CriteriumOordeel": {},
}


MASK = "********"


def mask_fully(value):
    """django-auditlog's default mask keeps half the value; encrypted content shows nothing."""
    return MASK


def audited_options(label, *, exclude=(), mask=()):
    """Options for one model: encrypted fields masked, secrets and noise excluded."""
    from privacy.fields import EncryptedTextField

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


def register_domain_models():
    for label, options in AUDITED_MODELS.items():
        model = apps.get_model(label)
        if auditlog.contains(model):
            continue
        auditlog.register(model, **audited_options(label, **options))

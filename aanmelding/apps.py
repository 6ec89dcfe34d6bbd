from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AanmeldingConfig(AppConfig):
    name = "aanmelding"
    verbose_name = _("Aanmelding en triage")

    def ready(self):
        from audit import auditlog_registry, hooks
        from casus import koppelingen
        from core import policy

        from . import rules, selectors

        policy.register(*rules.RULES)
        hooks.register_relatie("aanmelder", selectors.audit_relaties)
        koppelingen.register_persoon_verwijzingen(selectors.persoon_verwijzingen)
        for label in (
            "aanmelding.RegionaalCriterium",
            "aanmelding.Afwijsreden",
            "aanmelding.TriageInstelling",
            "aanmelding.Aanmelding",
            "aanmelding.Aanvulling",
            "aanmelding.Informatieverzoek",
            "aanmelding.Triagebesluit",
            "aanmelding.CriteriumOordeel",
        ):
            auditlog_registry.register(label)
        # Encrypted fields are masked; the blind indexes are left out, as on Persoon.
        auditlog_registry.register(
            "aanmelding.AanmeldingPersoon", exclude=["bsn_index", "naam_index"]
        )

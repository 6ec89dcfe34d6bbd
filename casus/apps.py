from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasusConfig(AppConfig):
    name = "casus"
    verbose_name = _("Casussen")

    def ready(self):
        from audit import auditlog_registry, hooks
        from core import policy
        from partners import beeindiging

        from . import nummering, rules, selectors, services

        policy.register(*rules.RULES)
        beeindiging.register(services.deelnames_intrekken)
        hooks.register_casus_resolver(nummering.audit_casus_ids)
        hooks.register_relatie("deelnemer", selectors.audit_relaties)
        hooks.register_persoon_naam(selectors.audit_persoon_naam)
        auditlog_registry.register("casus.Thema")
        auditlog_registry.register("casus.Persoon", exclude=["bsn_index", "naam_index"])
        auditlog_registry.register("casus.PersoonRelatie")
        auditlog_registry.register("casus.Casus")
        auditlog_registry.register("casus.Deelnemer")
        auditlog_registry.register("casus.Uitvraag")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners en medewerkers")

    def ready(self):
        from audit import auditlog_registry, hooks
        from core import policy

        from . import receivers, rules, selectors  # noqa: F401  (receivers: login events)

        policy.register(*rules.RULES)
        hooks.register_directory(
            organisaties_in_zvh=selectors.organisaties_van_zvh_id,
            medewerker_ids_in_zvh=selectors.medewerker_ids_in_zvh,
        )
        hooks.register_functiescheiding(selectors.beheer_met_andere_taken)
        auditlog_registry.register("partners.Organisatie")
        auditlog_registry.register("partners.Partnerschap")
        auditlog_registry.register("partners.Medewerker", exclude=["password", "last_login"])
        auditlog_registry.register("partners.RolToewijzing")
        auditlog_registry.register("partners.RolAanvraag")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Personal free text that is not encrypted: masked in the change diffs.
_GEMASKEERD = {
    "Uitnodiging": ["genodigden"],
    "Geheimhoudingsverklaring": ["naam_ondertekenaar"],
}


class CasusConfig(AppConfig):
    name = "casus"
    verbose_name = _("Casussen")

    def ready(self):
        from audit import auditlog_registry, hooks
        from core import policy
        from partners import beeindiging, nieuw_huis

        from . import afsluitredenen, nummering, rules, scoreschaal, selectors, services

        policy.register(*rules.RULES)
        beeindiging.register(services.deelnames_intrekken)
        nieuw_huis.register(scoreschaal.bij_nieuw_huis)
        nieuw_huis.register(afsluitredenen.bij_nieuw_huis)
        hooks.register_casus_resolver(nummering.audit_casus_ids)
        hooks.register_relatie("deelnemer", selectors.audit_relaties)
        hooks.register_persoon_naam(selectors.audit_persoon_naam)
        auditlog_registry.register("casus.Thema")
        auditlog_registry.register(
            "casus.Persoon", exclude=["bsn_index", "naam_index", "achternaam_index"]
        )
        auditlog_registry.register("casus.PersoonRelatie")
        auditlog_registry.register("casus.Casus")
        auditlog_registry.register("casus.Deelnemer")
        for label in (
            "Overlegtafel",
            "Sessie",
            "Casusoverleg",
            "Uitnodiging",
            "Geheimhoudingsverklaring",
            "Besluit",
        ):
            auditlog_registry.register(f"casus.{label}", mask=_GEMASKEERD.get(label, ()))
        auditlog_registry.register("casus.Leefgebied")
        auditlog_registry.register("casus.Schaalwaarde")
        auditlog_registry.register("casus.Scoreformulier")
        auditlog_registry.register("casus.Score")
        auditlog_registry.register("casus.Pitch")
        auditlog_registry.register("casus.PitchFeit")
        auditlog_registry.register("casus.Uitvraag")
        for label in (
            "PlanVanAanpak",
            "Doel",
            "Actie",
            "Voortgang",
            "AfsluitReden",
            "Afsluiting",
            "DoelEvaluatie",
            "Heropening",
        ):
            auditlog_registry.register(f"casus.{label}")

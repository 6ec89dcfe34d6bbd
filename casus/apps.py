from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasusConfig(AppConfig):
    name = "casus"
    verbose_name = _("Casussen")

    def ready(self):
        from audit.hooks import register_casus_resolver

        from .nummering import audit_casus_ids

        register_casus_resolver(audit_casus_ids)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Auditlog")

    def ready(self):
        from django.db.backends.signals import connection_created

        from core import policy
        from core.roles import Rol

        policy.register(policy.Rule("audit.review", frozenset({Rol.PRIVACY_OFFICER})))
        connection_created.connect(_allow_flush, dispatch_uid="audit_allow_flush")


def _allow_flush(sender, connection, **kwargs):
    """Test suite only: Django empties tables with TRUNCATE between transactional tests."""
    from django.conf import settings

    if getattr(settings, "AUDIT_ALLOW_FLUSH", False) and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET casus.audit_flush = 'on'")

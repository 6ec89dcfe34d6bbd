from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Auditlog")

    def ready(self):
        from auditlog.models import LogEntry
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_save

        from core import policy
        from core.roles import Rol

        policy.register(policy.Rule("audit.review", frozenset({Rol.PRIVACY_OFFICER})))
        connection_created.connect(_allow_flush, dispatch_uid="audit_allow_flush")
        from . import changes

        # Every change entry is noted for the next chained row of its thread (audit.changes).
        post_save.connect(changes.note_entry, sender=LogEntry, dispatch_uid="audit_note_entry")


def _allow_flush(sender, connection, **kwargs):
    """Test suite only: Django empties tables with TRUNCATE between transactional tests."""
    from django.conf import settings

    if getattr(settings, "AUDIT_ALLOW_FLUSH", False) and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET casus.audit_flush = 'on'")

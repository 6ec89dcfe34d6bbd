"""The admin site, where ADMIN_ENABLED: second factor required, no second-factor devices, and
every write in the chained access log of the house concerned.

Every ModelAdmin registered here (our own and those of installed libraries) gets the audit
mixin, so no admin screen can write past the access log: additions, changes (password changes
and inlines included) and deletions, one by one or through the bulk delete action.
"""

from dataclasses import replace

from django.contrib.admin import ModelAdmin
from django.contrib.auth import get_user_model
from django_otp.admin import OTPAdminSite
from django_otp.models import Device

from audit import events, log

from .actors import zvh_ids_van
from .models import Zvh


def houses_of(obj):
    """The houses whose chain records an admin write to `obj`: its own house, the houses
    where an account holds a role, or none (the system chain)."""
    if isinstance(obj, Zvh):
        return [obj.pk]
    if isinstance(obj, get_user_model()):
        return zvh_ids_van(obj)
    zvh_id = getattr(obj, "zvh_id", None)
    return [zvh_id] if zvh_id else []


def audit_admin_write(request, event, obj):
    actor = request.actor
    detail = f"admin {obj._meta.label_lower}"
    houses = houses_of(obj)
    if isinstance(obj, get_user_model()):
        log.account(actor=actor, event=event, account=obj, zvh_ids=houses, detail=detail)
    elif houses:
        for zvh_id in houses:
            log.change(actor=actor, event=event, target=obj, zvh_id=zvh_id, detail=detail)
    else:
        system = replace(actor, zvh_id=None, rollen=frozenset())
        log.change(actor=system, event=event, target=obj, detail=detail)


class AuditedAdminMixin:
    """Writes one access-log row per admin write, next to Django's own LogEntry."""

    def log_addition(self, request, obj, message):
        audit_admin_write(request, events.ADMIN_TOEGEVOEGD, obj)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        audit_admin_write(request, events.ADMIN_GEWIJZIGD, obj)
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        # Called before the deletion, by the delete view and by the bulk delete action.
        for obj in queryset:
            audit_admin_write(request, events.ADMIN_VERWIJDERD, obj)
        return super().log_deletions(request, queryset)


class CasusAdminSite(OTPAdminSite):
    """The default admin site (partners.admin_apps.CasusAdminConfig)."""

    def __init__(self, name="admin"):
        # django-otp names its site "otpadmin"; ours stays the admin namespace it replaces.
        super().__init__(name=name)

    def register(self, model_or_iterable, admin_class=None, **options):
        models = [model_or_iterable] if isinstance(model_or_iterable, type) else model_or_iterable
        base = admin_class or ModelAdmin
        audited = type(base.__name__, (AuditedAdminMixin, base), {"__module__": base.__module__})
        for model in models:
            # Second-factor devices (django-otp's and ours) are never shown or edited here.
            if issubclass(model, Device):
                continue
            super().register(model, audited, **options)

"""Authentication events from Django and django-axes, written to the audit log."""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from . import events, record_account_event
from .models import Outcome


@receiver(user_logged_in, dispatch_uid="audit_login")
def _logged_in(sender, request, user, **kwargs):
    # The password step; the second factor is logged separately when it is verified.
    record_account_event(
        event=events.INLOGGEN, request=request, actor=user, detail="wachtwoord juist"
    )


@receiver(user_logged_out, dispatch_uid="audit_logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record_account_event(event=events.UITLOGGEN, request=request, actor=user)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    # The typed username is never stored (a password typed there would leak); an existing
    # account is named by its id so that attacks on one account show up in the review.
    record_account_event(
        event=events.INLOGGEN_MISLUKT,
        outcome=Outcome.DENIED,
        request=request,
        actor=_account(credentials.get("username")),
    )


@receiver(user_locked_out, dispatch_uid="audit_locked_out")
def _locked_out(sender, request, username=None, **kwargs):
    record_account_event(
        event=events.ACCOUNT_GEBLOKKEERD,
        outcome=Outcome.DENIED,
        request=request,
        actor=_account(username),
    )


def _account(username):
    if not username:
        return None
    return get_user_model().objects.select_related("organisatie").filter(username=username).first()

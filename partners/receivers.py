"""Authentication events from Django and django-axes, written to the audit log."""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from audit import events, log
from audit.models import Outcome
from core.actor import Actor

from .actors import zvh_ids_van


def _actor(request):
    """The request's actor; a login attempt outside a request has only an anonymous one."""
    actor = getattr(request, "actor", None) if request is not None else None
    return actor if actor is not None else Actor.anoniem()


def _account_event(request, event, account, **kwargs):
    log.account(
        actor=_actor(request),
        event=event,
        account=account,
        zvh_ids=zvh_ids_van(account),
        **kwargs,
    )


@receiver(user_logged_in, dispatch_uid="audit_login")
def _logged_in(sender, request, user, **kwargs):
    # The password step; the second factor is logged separately when it is verified.
    _account_event(request, events.INLOGGEN, user, detail="wachtwoord juist")


@receiver(user_logged_out, dispatch_uid="audit_logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        _account_event(request, events.UITLOGGEN, user)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    # The typed username is never stored (a password typed there would leak); an existing
    # account is named by its id so that attacks on one account show up in the review.
    _account_event(
        request,
        events.INLOGGEN_MISLUKT,
        _account(credentials.get("username")),
        outcome=Outcome.DENIED,
    )


@receiver(user_locked_out, dispatch_uid="audit_locked_out")
def _locked_out(sender, request, username=None, **kwargs):
    _account_event(request, events.ACCOUNT_GEBLOKKEERD, _account(username), outcome=Outcome.DENIED)


def _account(username):
    if not username:
        return None
    return get_user_model().objects.select_related("organisatie").filter(username=username).first()

"""The slow-down per username on top of django-axes' lockout per username and address.

Axes locks a (username, address) pair after `AXES_FAILURE_LIMIT` failures, so nobody can lock
another person out from another address. Across addresses, a username that collected
`LOGIN_SLOWDOWN_AFTER` failures (within the axes cool-off) waits after each further failure:
1, 2, 4, ... seconds, never more than `LOGIN_SLOWDOWN_MAX_SECONDS`. The counter is axes' own
attempt table, so it holds across processes and machines. Attempts against a pair that axes
already locked are not recorded (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT off), so one
address adds at most AXES_FAILURE_LIMIT failures: from a single address nobody slows an
account down for more than a second.
"""

import math
from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Max, Sum
from django.utils import timezone

from audit import events, log
from audit.models import Outcome
from core.actor import Actor

from .actors import zvh_ids_van


def wachttijd(username, *, now=None) -> int:
    """Seconds before `username` may try a password again (0: now)."""
    if not username:
        return 0
    now = now or timezone.now()
    since = now - timedelta(hours=settings.AXES_COOLOFF_TIME)
    recent = AccessAttempt.objects.filter(username=username, attempt_time__gte=since).aggregate(
        failures=Sum("failures_since_start"), last=Max("attempt_time")
    )
    excess = (recent["failures"] or 0) - settings.LOGIN_SLOWDOWN_AFTER
    if excess < 0 or recent["last"] is None:
        return 0
    delay = min(2**excess, settings.LOGIN_SLOWDOWN_MAX_SECONDS)
    remaining = (recent["last"] + timedelta(seconds=delay) - now).total_seconds()
    return max(0, math.ceil(remaining))


def poging_geweigerd(*, actor: Actor, username: str) -> None:
    """Audit an attempt refused while the username waits: a failed login of that account
    (named by id when it exists; the typed name is never stored), detail "vertraagd"."""
    account = get_user_model().objects.filter(username=username).first()
    log.account(
        actor=actor,
        event=events.INLOGGEN_MISLUKT,
        account=account,
        zvh_ids=zvh_ids_van(account),
        outcome=Outcome.DENIED,
        detail="vertraagd",
    )

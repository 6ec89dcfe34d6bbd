"""Background jobs on django-tasks (Django 6's tasks API): enqueued by `manage.py
taken_inplannen` on a timer, run by `manage.py db_worker`.

They take no arguments, so nothing personal is ever in a task row, and they log only counts.
Both are idempotent and take their work in locked batches (casus/services_notificaties.py), so
a run twice, or on two workers at once, tells every user once.
"""

import logging

from django_tasks import task

from . import services_notificaties

logger = logging.getLogger(__name__)


@task()
def achterstand_melden() -> int:
    """Notify the responsible users of actions that passed their due date."""
    gemeld = services_notificaties.achterstand_melden()
    logger.info("achterstand_melden: %d acties gemeld", gemeld)
    return gemeld


@task()
def notificaties_mailen() -> int:
    """E-mail (without personal data) the users who asked for it about new notifications."""
    verstuurd = services_notificaties.notificaties_mailen()
    logger.info("notificaties_mailen: %d e-mails verstuurd", verstuurd)
    return verstuurd


# What `taken_inplannen` enqueues, in this order.
PERIODIEK = [achterstand_melden, notificaties_mailen]

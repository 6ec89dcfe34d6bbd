"""Notifications: a user marks its own as read; the background jobs report overdue actions and
e-mail the users who asked for it (casus/tasks.py runs them on django-tasks).

Both jobs are safe to run twice and on several workers at once. The overdue job takes its
actions in batches locked with `FOR UPDATE SKIP LOCKED` (a second worker takes the next batch,
never the same one) and marks each action reported in the same transaction as its
notifications, which are idempotent per recipient and due date anyway. The mail job locks the
notifications it mails the same way and marks them mailed, so each is mailed once.
A mail names no person and no casus: only that something waits, and the link to the list.
"""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import events, log
from core import policy
from core.actor import Actor, machine_actor
from partners.actors import actor_voor
from partners.models import Medewerker, Zvh

from . import notificaties
from . import selectors_notificaties as selectors
from .models import LOPENDE_STATUSSEN, Actie, Casus, CasusStatus, Notificatie

# Actions per transaction of the overdue job: large enough to be set-based, small enough that
# a second worker is not kept waiting and a failure redoes little.
ACHTERSTAND_BATCH = 5000

ACHTERSTAND_TAAK = "taak:achterstand_melden"
MAIL_TAAK = "taak:notificaties_mailen"


# The user's own list ---------------------------------------------------------------------------


@transaction.atomic
def gelezen_markeren(*, actor: Actor, notificatie_id) -> Notificatie:
    """Mark one of the actor's own notifications read; one it may not (or no longer) see is
    not found (404), as if it did not exist."""
    policy.require(actor, "notificatie.lijst")
    notificatie = (
        selectors.zichtbare_notificaties(actor)
        .select_for_update(of=("self",))
        .filter(pk=notificatie_id)
        .first()
    )
    if notificatie is None:
        raise policy.Geweigerd("notificatie.bekijken", not_found=True)
    if notificatie.gelezen_op is None:
        notificatie.gelezen_op = timezone.now()
        notificatie.save(update_fields=["gelezen_op"])
        log.change(
            actor=actor,
            event=events.NOTIFICATIES_GELEZEN,
            target=notificatie,
            casus_id=notificatie.casus_id,
            detail="1 notificatie",
        )
    return notificatie


@transaction.atomic
def alles_gelezen(*, actor: Actor) -> int:
    """Mark every unread notification the actor may see in this house read; returns how many."""
    policy.require(actor, "notificatie.lijst")
    ids = list(
        selectors.ongelezen(actor)
        .select_for_update(of=("self",))
        .order_by()
        .values_list("pk", flat=True)
    )
    if ids:
        Notificatie.objects.filter(pk__in=ids).update(gelezen_op=timezone.now())
        log.change(
            actor=actor,
            event=events.NOTIFICATIES_GELEZEN,
            detail=f"{len(ids)} notificaties",
        )
    return len(ids)


# The overdue job -------------------------------------------------------------------------------


def _achterstallig(zvh_id: int, vandaag: datetime.date):
    """The house's open or running actions of open casussen past their due date, not yet
    reported for that due date (a new due date can be overdue again). Read from the index of
    open actions by house and due date; the house's closed casussen are a hashed "not in"."""
    gesloten = Casus.objects.filter(zvh_id=zvh_id, status=CasusStatus.AFGESLOTEN).values("pk")
    return (
        Actie.objects.filter(zvh_id=zvh_id, status__in=LOPENDE_STATUSSEN, deadline__lt=vandaag)
        .exclude(casus_id__in=gesloten)
        .filter(Q(verlopen_gemeld_op__isnull=True) | ~Q(verlopen_gemeld_op=F("deadline")))
    )


def achterstand_melden(*, vandaag: datetime.date | None = None) -> int:
    """Tell the responsible users of every newly overdue action (the owner, else the
    organisation's ketenpartner users) and mark each action reported for its due date.
    Per house, in batches of one transaction each, walking the due dates once (a keyset on
    due date and id); returns how many actions this run reported."""
    vandaag = vandaag or timezone.localdate()
    gemeld = 0
    for zvh_id in Zvh.objects.order_by("pk").values_list("pk", flat=True):
        na = None
        while True:
            aantal, na = _achterstand_batch(zvh_id, vandaag, na)
            gemeld += aantal
            if na is None:
                break
    return gemeld


@transaction.atomic
def _achterstand_batch(zvh_id: int, vandaag: datetime.date, na):
    """One batch after position `na` ((deadline, id) or None): (reported, next position or
    None when the house is done)."""
    acties = _achterstallig(zvh_id, vandaag)
    if na is not None:
        deadline, pk = na
        acties = acties.filter(Q(deadline__gt=deadline) | Q(deadline=deadline, pk__gt=pk))
    # Locked and skipped when locked: two workers take different actions. Only the action
    # rows are locked, and only for this batch's transaction.
    batch = list(
        acties.select_for_update(skip_locked=True, of=("self",))
        .order_by("deadline", "pk")
        .values_list(
            "pk", "zvh_id", "casus_id", "organisatie_id", "eigenaar_id", "deadline", named=True
        )[:ACHTERSTAND_BATCH]
    )
    if not batch:
        return 0, None
    notificaties.acties_verlopen(batch)
    # Job bookkeeping, not an edit: the action's version stays (a partner's open form is not
    # made stale by it), and the job's own audit row below records what it did.
    Actie.objects.filter(pk__in=[a.pk for a in batch]).update(verlopen_gemeld_op=F("deadline"))
    log.system(
        actor=machine_actor(ACHTERSTAND_TAAK, zvh_id=zvh_id),
        event=events.ACHTERSTAND_GEMELD,
        object_type="casus.actie",
        detail=f"{len(batch)} acties over de termijn gemeld",
    )
    laatste = batch[-1]
    volgende = (laatste.deadline, laatste.pk) if len(batch) == ACHTERSTAND_BATCH else None
    return len(batch), volgende


# The mail job ----------------------------------------------------------------------------------


def _basis_url() -> str:
    return settings.CASUS_BASIS_URL.rstrip("/")


def mail_tekst() -> tuple[str, str]:
    """(subject, body) of the notification mail: the same for everyone, nothing personal."""
    onderwerp = _("Er staat een actie voor u klaar in Casus")
    tekst = _(
        "Er staat een actie voor u klaar in Casus.\n\n"
        "Bekijk uw notificaties: %(lijst)s\n\n"
        "Deze e-mail noemt bewust geen personen of casussen. U krijgt deze e-mail omdat u "
        "e-mailnotificaties heeft aangezet; uitzetten kan op %(instelling)s\n"
    ) % {
        "lijst": _basis_url() + reverse("casus:notificaties"),
        "instelling": _basis_url() + reverse("partners:account_notificaties"),
    }
    return onderwerp, tekst


def _te_mailen():
    """(user, house) pairs with unread, unmailed notifications of active users who asked for
    e-mail and have an address."""
    return (
        Notificatie.objects.filter(
            gemaild_op__isnull=True,
            gelezen_op__isnull=True,
            ontvanger__in=Medewerker.objects.filter(is_active=True, email_notificaties=True)
            .exclude(email="")
            .values("pk"),
        )
        .order_by("ontvanger_id", "zvh_id")
        .values_list("ontvanger_id", "zvh_id")
        .distinct()
    )


def notificaties_mailen() -> int:
    """One mail per user and house with new notifications the user may still see (as its
    roles and its organisation's access stand now); those are marked mailed. A notification
    the user may no longer see is not mailed. Returns how many mails were sent."""
    verstuurd = 0
    for ontvanger_id, zvh_id in list(_te_mailen()):
        verstuurd += _mail_een(ontvanger_id, zvh_id)
    return verstuurd


@transaction.atomic
def _mail_een(ontvanger_id: int, zvh_id: int) -> int:
    ontvanger = Medewerker.objects.filter(
        pk=ontvanger_id, is_active=True, email_notificaties=True
    ).first()
    zvh = Zvh.objects.filter(pk=zvh_id, actief=True).first()
    if ontvanger is None or zvh is None or not ontvanger.email:
        return 0
    # The recipient's own actor, with its roles now: the same list form as its bell.
    wie = actor_voor(ontvanger, zvh)
    ids = list(
        selectors.ongelezen(wie)
        .filter(gemaild_op__isnull=True)
        .select_for_update(skip_locked=True, of=("self",))
        .order_by()
        .values_list("pk", flat=True)
    )
    if not ids:
        return 0
    onderwerp, tekst = mail_tekst()
    # Inside the transaction: when sending fails nothing is marked and the next run retries;
    # when the commit fails after sending the user may get the same short mail twice.
    send_mail(onderwerp, tekst, None, [ontvanger.email])
    Notificatie.objects.filter(pk__in=ids).update(gemaild_op=timezone.now())
    log.system(
        actor=machine_actor(MAIL_TAAK, zvh_id=zvh_id),
        event=events.NOTIFICATIES_GEMAILD,
        object_type="partners.medewerker",
        detail=f"medewerker {ontvanger.pk}: {len(ids)} notificatie(s)",
    )
    return 1

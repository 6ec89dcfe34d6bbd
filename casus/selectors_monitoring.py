"""The procesregisseur's monitoring worklists (issue 12, point 3), each a queryset narrowed by
the policy's list form ("casus.bekijken", "overleg.bekijken") and keyset-paged in the order of
its index:

- mijn casussen: open, the actor is procesregisseur or back-up; newest first;
- komende MDO's: planned MDO's of the house from now on, earliest first (optionally only those
  of the actor's casussen); index overleg_gepland_tijd;
- acties over de termijn: open casussen with running actions past their due date, per casus
  the number overdue and the oldest due date, oldest first; driven from the overdue actions
  (index actie_lopend_achterstand), one row per casus (index actie_open_per_casus);
- stilstaande casussen: open, no activity for the house's `stilstand_weken`; oldest activity
  first; index casus_open_activiteit;
- spoedcasussen: open and spoed; newest first; index casus_open_spoed;
- casussen zonder volgend MDO: open, no planned MDO from now on; newest first; index
  casus_open_geopend.

Every list shows casus numbers, themes, AVE, procesregisseur, dates and counts; no person.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core import policy
from core.pagination import CappedCount, Order, capped_count
from partners.models import Zvh

from .models import Actie, Casus, Casusoverleg, CasusStatus, OverlegStatus
from .models.plan import LOPENDE_STATUSSEN

NIEUWSTE_EERST: Order = [("geopend_op", True), ("id", True)]
MDO_VOLGORDE: Order = [("begint_op", False), ("id", False)]
# One row per casus (its oldest overdue action): the oldest due date first, then the casus.
ACHTERSTAND_VOLGORDE: Order = [("deadline", False), ("casus_id", False), ("id", False)]
STILSTAND_VOLGORDE: Order = [("laatste_activiteit_op", False), ("id", False)]
# A worklist's count stops here ("meer dan 100"), as a badge does: a worklist is work to pick
# up, not a statistic, and beyond a hundred rows the exact number changes nothing for the
# procesregisseur (who pages through the list itself). The six counts are on every home page
# of the procesregisseur: each reads at most this many rows of its list's index, where the
# general COUNT_CAP would read a hundred times as many (and, for a count the planner
# expects to cover the whole list, plan it as a whole-list join).
TELLER_CAP = 100


def _open_casussen(actor) -> QuerySet:
    """The house's open casussen the actor may see, with what a row shows (its themes as a
    list in `lijst_themas`)."""
    return (
        policy.visible(actor, "casus.bekijken", Casus.objects.all())
        .filter(zvh_id=actor.zvh_id, status=CasusStatus.OPEN)
        .select_related("procesregisseur")
        .prefetch_related(Prefetch("themas", to_attr="lijst_themas"))
    )


def mijn_casussen(actor) -> QuerySet:
    """Open casussen with the actor as procesregisseur or back-up."""
    return _open_casussen(actor).filter(
        Q(procesregisseur_id=actor.user_id) | Q(backup_procesregisseur_id=actor.user_id)
    )


def komende_mdos(actor, *, alleen_mijn=False) -> QuerySet:
    """The house's planned MDO's from now on; `alleen_mijn`: of the actor's casussen."""
    queryset = policy.visible(actor, "overleg.bekijken", Casusoverleg.objects.all()).filter(
        zvh_id=actor.zvh_id,
        status=OverlegStatus.GEPLAND,
        begint_op__gte=timezone.now(),
        casus__status=CasusStatus.OPEN,
    )
    if alleen_mijn:
        queryset = queryset.filter(
            Q(casus__procesregisseur_id=actor.user_id)
            | Q(casus__backup_procesregisseur_id=actor.user_id)
        )
    return queryset.select_related("casus__procesregisseur", "sessie__tafel")


def acties_over_de_termijn(actor) -> QuerySet:
    """Open casussen with running actions past their due date, one row per casus: its oldest
    overdue action (the row's `deadline` is the casus's oldest due date, `casus` the casus),
    carrying `achterstallig` (how many of its actions are overdue); the casus's themes are a
    list in `casus.lijst_themas`.

    Driven from the overdue actions, not from the open casussen: the house's running actions
    past their due date are one range of index actie_lopend_achterstand in the list's order
    (due date, casus), and a row counts only when no running action of its casus comes before
    it (a probe on actie_open_per_casus). A page reads about as many actions as it shows,
    whatever the number of open casussen."""
    vandaag = timezone.localdate()
    lopend = Actie.objects.filter(casus_id=OuterRef("casus_id"), status__in=LOPENDE_STATUSSEN)
    eerder = lopend.filter(
        Q(deadline__lt=OuterRef("deadline"))
        | Q(deadline=OuterRef("deadline"), pk__lt=OuterRef("pk"))
    )
    aantal = (
        lopend.filter(deadline__lt=vandaag)
        .order_by()
        .values("casus_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        _achterstallige_acties(actor, vandaag)
        .filter(~Exists(eerder))
        .annotate(achterstallig=Subquery(aantal))
        .select_related("casus__procesregisseur")
        .prefetch_related(Prefetch("casus__themas", to_attr="lijst_themas"))
        # The row shows the casus, not the action: its encrypted text is neither read nor
        # decrypted.
        .defer("omschrijving", "reden_niet_haalbaar")
    )


def _achterstallige_acties(actor, vandaag) -> QuerySet:
    """The house's running actions past their due date, of open casussen the actor may see."""
    casus_open = policy.visible(
        actor,
        "casus.bekijken",
        Casus.objects.filter(pk=OuterRef("casus_id"), zvh_id=actor.zvh_id, status=CasusStatus.OPEN),
    )
    return policy.visible(actor, "actie.bekijken", Actie.objects.all()).filter(
        Exists(casus_open),
        zvh_id=actor.zvh_id,
        status__in=LOPENDE_STATUSSEN,
        deadline__lt=vandaag,
    )


def stilstaande_casussen(actor, *, weken=None) -> QuerySet:
    """Open casussen without activity in the last `weken` weeks (default: the house's
    setting, one query)."""
    if weken is None:
        instelling = Zvh.objects.filter(pk=actor.zvh_id).values_list("stilstand_weken", flat=True)
        weken = instelling.first() or 0
    grens = timezone.now() - datetime.timedelta(weeks=weken)
    return _open_casussen(actor).filter(laatste_activiteit_op__lt=grens)


def spoedcasussen(actor) -> QuerySet:
    return _open_casussen(actor).filter(spoed=True)


def zonder_volgend_mdo(actor) -> QuerySet:
    """Open casussen without a planned MDO from now on (the complement of the casussen on
    "komende MDO's")."""
    # Probed per casus (index overleg_casus_tijd): a casus has few MDO's from now on.
    volgend = Casusoverleg.objects.filter(
        casus_id=OuterRef("pk"),
        status=OverlegStatus.GEPLAND,
        begint_op__gte=timezone.now(),
    )
    return _open_casussen(actor).filter(~Exists(volgend))


@dataclass(frozen=True)
class Werklijst:
    """One monitoring worklist: its URL name, title, what it holds, its rows and their order,
    and the policy action that opens it."""

    naam: str
    url_name: str
    titel: str | Promise
    uitleg: str | Promise
    rijen: Callable[..., QuerySet]
    volgorde: Order
    actie: str = "monitoring.bekijken"


WERKLIJSTEN = [
    Werklijst(
        "mijn",
        "casus:monitoring_mijn",
        _("Mijn casussen"),
        _("Open casussen waarvan u procesregisseur of back-up bent, de nieuwste eerst."),
        mijn_casussen,
        NIEUWSTE_EERST,
        actie="monitoring.mijn",
    ),
    Werklijst(
        "mdo",
        "casus:monitoring_mdo",
        _("Komende MDO's"),
        _("Geplande casusoverleggen van dit huis vanaf nu, de eerstvolgende eerst."),
        komende_mdos,
        MDO_VOLGORDE,
    ),
    Werklijst(
        "achterstand",
        "casus:monitoring_achterstand",
        _("Acties over de termijn"),
        _(
            "Open casussen met acties die open of in uitvoering zijn en over hun uiterste "
            "datum: per casus het aantal en de oudste datum, de oudste eerst."
        ),
        acties_over_de_termijn,
        ACHTERSTAND_VOLGORDE,
    ),
    Werklijst(
        "stilstand",
        "casus:monitoring_stilstand",
        _("Stilstaande casussen"),
        _("Open casussen zonder activiteit in de ingestelde periode, de langst stille eerst."),
        stilstaande_casussen,
        STILSTAND_VOLGORDE,
    ),
    Werklijst(
        "spoed",
        "casus:monitoring_spoed",
        _("Spoedcasussen"),
        _("Open casussen met spoed, de nieuwste eerst."),
        spoedcasussen,
        NIEUWSTE_EERST,
    ),
    Werklijst(
        "zonder_mdo",
        "casus:monitoring_zonder_mdo",
        _("Casussen zonder volgend MDO"),
        _("Open casussen waarvoor geen casusoverleg gepland staat, de nieuwste eerst."),
        zonder_volgend_mdo,
        NIEUWSTE_EERST,
    ),
]
WERKLIJST = {lijst.naam: lijst for lijst in WERKLIJSTEN}


def aantal(lijst: Werklijst, rijen: QuerySet) -> CappedCount:
    """How many rows the worklist holds, up to TELLER_CAP: counted in the list's own order,
    so each count reads at most the cap's worth of its index, as a page reads a page's."""
    return capped_count(rijen, TELLER_CAP, order=lijst.volgorde)


def tellers(actor) -> list[tuple[Werklijst, CappedCount]]:
    """The worklists the actor may open, each with its capped count (one query per list and
    one for the house's stalling setting)."""
    return [
        (lijst, aantal(lijst, lijst.rijen(actor)))
        for lijst in WERKLIJSTEN
        if policy.may(actor, lijst.actie)
    ]

"""Reads of actions, narrowed by the policy's list forms: "mijn acties" (the open actions of
the user's organisation in the current house, by due date so the overdue ones lead, read from
the index `actie_open_per_org_casus`) and one action with its progress history."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core import policy
from core.pagination import COUNT_CAP, CappedCount

from .models import LOPENDE_STATUSSEN, Actie, Casus, CasusStatus, Persoon, Voortgang

MIJN_ACTIES_VOLGORDE = [("deadline", False), ("id", False)]

# The owner filter of "mijn acties".
MIJN = "mijn"
ORGANISATIE = "organisatie"


# Of a person, a row shows the name (and the audit row its pseudonym): nothing else is read.
_PERSOON_VELDEN = ("id", "zvh_id", "voornamen", "achternaam", "bsn_index", "aangemaakt_op")


def _personen():
    """The casus's persons as a plain list, `actie.casus.lijst_personen` (no related manager
    per row), in the order the casus page lists them."""
    return Prefetch(
        "casus__personen",
        queryset=Persoon.objects.only(*_PERSOON_VELDEN).order_by("aangemaakt_op", "pk"),
        to_attr="lijst_personen",
    )


def _met_context(queryset):
    """What a row shows: casus number and persons, goal, owner."""
    return queryset.select_related("casus", "doel", "eigenaar").prefetch_related(_personen())


def _lopend(actor, eigenaar, *, anti_join=False):
    """The running actions of the actor's organisation in the house's casussen that are not
    closed, narrowed by the policy's list form; `eigenaar=MIJN` keeps those the actor owns.

    "Not closed" is a condition on the joined casus, which a page joins anyway for its rows;
    with `anti_join` (a count, which joins nothing else) it is an anti-join against the few
    closed casussen (index casus_afgesloten) instead of a join with every casus, which more
    than halves the count of a partner with 5k open actions. (The page keeps the join: the
    anti-join's extra relation made its planning three times longer.)"""
    queryset = Actie.objects.filter(
        zvh_id=actor.zvh_id,
        organisatie_id=actor.organisatie_id,
        status__in=LOPENDE_STATUSSEN,
    )
    if anti_join:
        afgesloten = Casus.objects.filter(pk=OuterRef("casus_id"), status=CasusStatus.AFGESLOTEN)
        queryset = queryset.filter(~Exists(afgesloten))
    else:
        queryset = queryset.exclude(casus__status=CasusStatus.AFGESLOTEN)
    if eigenaar == MIJN:
        queryset = queryset.filter(eigenaar_id=actor.user_id)
    return policy.visible(actor, "actie.werkvoorraad", queryset)


def mijn_acties(actor, *, eigenaar=ORGANISATIE):
    """The open actions (open, in uitvoering) of the actor's organisation in the house's open
    casussen it takes part in; `eigenaar=MIJN` keeps those the actor owns. Page it by
    MIJN_ACTIES_VOLGORDE; count it with `mijn_acties_tellingen`."""
    # The goals come in a query of their own: one join fewer halves the planning of the page's
    # query (with the visibility's semi-joins, each join multiplies the orders it weighs).
    return (
        _lopend(actor, eigenaar)
        .select_related("casus", "eigenaar")
        .prefetch_related("doel", _personen())
    )


def mijn_acties_tellingen(actor, *, eigenaar=ORGANISATIE):
    """(open, of which past their due date) of `mijn_acties`, each capped at COUNT_CAP."""
    return open_en_verlopen(_lopend(actor, eigenaar, anti_join=True))


def open_en_verlopen(queryset):
    """(open, of which past their due date) in `queryset`, each capped at COUNT_CAP, in one
    query: the first COUNT_CAP + 1 due dates in index order, so every overdue one is counted
    while there are no more of them than the cap."""
    eerste = queryset.order_by("deadline", "id").values("deadline")[: COUNT_CAP + 1]
    totals = eerste.aggregate(
        open=Count("deadline"),
        verlopen=Count("deadline", filter=Q(deadline__lt=timezone.localdate())),
    )
    return (
        CappedCount(value=totals["open"], cap=COUNT_CAP),
        CappedCount(value=totals["verlopen"], cap=COUNT_CAP),
    )


def verlopen_voor(actor):
    """For the home page: "2 over de termijn" when the organisation has open actions past
    their due date (counted up to the cap), else ""."""
    _open, verlopen = mijn_acties_tellingen(actor)
    if not verlopen.value:
        return ""
    return _("%(aantal)s over de termijn") % {"aantal": verlopen}


def actie_voor(actor, pk):
    """One action the actor may see, with its casus, persons, goal, organisation and owner."""
    return (
        _met_context(policy.visible(actor, "actie.bekijken", Actie.objects.filter(pk=pk)))
        .select_related("organisatie")
        .first()
    )


def voortgang_van(actie):
    """The progress reports of `actie`, newest first, with who wrote them."""
    return (
        Voortgang.objects.filter(actie=actie)
        .select_related("door", "organisatie")
        .order_by("-op", "-pk")
    )

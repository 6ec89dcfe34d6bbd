"""Reads of the audit log for the privacy officer's review, always within one house (Zvh).

Every list is paginated by keyset on (event_time, id) — never OFFSET — so a page costs the
same on the first day and after ten million rows.
"""

import re
import statistics
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db.models import CharField, Count, F, Max, OuterRef, Q, Value
from django.db.models.functions import Concat

from core.roles import HUISBREDE_ROLLEN

from . import hooks
from .events import DETAIL_READ_EVENTS
from .models import AccessLog, Action, GetoondPersoon, Outcome, over_persoon

PAGE_SIZE = 50
EXPORT_BATCH = 2_000
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_CURSOR = re.compile(r"^(\d{1,20})-(\d{1,20})$")

# Signals: a user is flagged when the number of distinct persons they opened on detail pages
# (events.DETAIL_READ_EVENTS) exceeds both of these.
OUTLIER_FACTOR = 3
OUTLIER_MINIMUM = 20
SIGNAL_LIMIT = 100
# House staff whose person views are never "outside their cases" (one definition, in core).
HOUSE_WIDE_ROLES = tuple(sorted(HUISBREDE_ROLLEN))


class InvalidCursor(ValueError):
    """A pagination cursor that this module did not write."""


def rows_in_zvh(zvh):
    return AccessLog.objects.filter(zvh_id=zvh.pk)


def row_in_zvh(zvh, pk):
    return rows_in_zvh(zvh).filter(pk=pk).first()


def search(
    zvh,
    *,
    user_id=None,
    organisatie_id=None,
    persoon_pseudoniem="",
    casus_ids=None,
    event_type="",
    outcome="",
    start=None,
    end=None,
):
    """Rows of `zvh` matching every given filter; `end` is exclusive."""
    rows = rows_in_zvh(zvh)
    if user_id is not None:
        rows = rows.filter(user_id=user_id)
    if organisatie_id is not None:
        rows = rows.filter(organisatie_id=organisatie_id)
    if persoon_pseudoniem:
        rows = rows.filter(over_persoon(persoon_pseudoniem))
    if casus_ids:
        rows = rows.filter(casus_id__in=casus_ids)
    if event_type:
        rows = rows.filter(event_type=event_type)
    if outcome:
        rows = rows.filter(outcome=outcome)
    if start is not None:
        rows = rows.filter(event_time__gte=start)
    if end is not None:
        rows = rows.filter(event_time__lt=end)
    return rows


def encode_cursor(row):
    micros = (row.event_time - _EPOCH) // timedelta(microseconds=1)
    return f"{micros}-{row.pk}"


def decode_cursor(value):
    match = _CURSOR.match(value or "")
    if match is None:
        raise InvalidCursor(value)
    try:
        moment = _EPOCH + timedelta(microseconds=int(match.group(1)))
    except OverflowError as exc:
        raise InvalidCursor(value) from exc
    return moment, int(match.group(2))


def keyset_page(rows, *, after=None, size=PAGE_SIZE, descending=True):
    """(rows of one page, cursor of the next page or None), ordered by (event_time, id)."""
    if after is not None:
        moment, pk = decode_cursor(after)
        if descending:
            rows = rows.filter(Q(event_time__lt=moment) | Q(event_time=moment, pk__lt=pk))
        else:
            rows = rows.filter(Q(event_time__gt=moment) | Q(event_time=moment, pk__gt=pk))
    order = ("-event_time", "-pk") if descending else ("event_time", "pk")
    page = list(rows.order_by(*order)[: size + 1])
    next_cursor = encode_cursor(page[size - 1]) if len(page) > size else None
    return page[:size], next_cursor


def export_rows(rows):
    """Every row of `rows`, newest first, fetched in keyset batches (for a streamed export)."""
    after = None
    while True:
        page, after = keyset_page(rows, after=after, size=EXPORT_BATCH)
        yield from page
        if after is None:
            return


def person_views(zvh, pseudoniem):
    """Everything logged about one person in `zvh`, for an inzageverzoek (oldest first)."""
    return rows_in_zvh(zvh).filter(over_persoon(pseudoniem))


def persoon_naam(zvh, pseudoniem):
    """The name of the person `pseudoniem` stands for in `zvh` (registered by casus), or None.
    Showing it is a read of personal data: the caller's review event names the pseudonym."""
    return hooks.persoon_naam(zvh.pk, pseudoniem)


@dataclass(frozen=True)
class Signals:
    denied: list
    denied_total: int
    outliers: list
    median: float
    outside_cases: list
    functiescheiding: list


def _person_reads(zvh, start, end):
    return (
        search(zvh, start=start, end=end).filter(action=Action.READ).exclude(persoon_pseudoniem="")
    )


def _detail_reads(zvh, start, end):
    return search(zvh, start=start, end=end).filter(
        action=Action.READ, event_type__in=sorted(DETAIL_READ_EVENTS)
    )


def _held_house_wide_role():
    """Q: the row's comma-separated `rol` text holds one of HOUSE_WIDE_ROLES.

    Works on the `rollen_lijst` alias (",<rol>,"): wrapped in commas, a role matches only as a
    whole item, never as part of a longer name.
    """
    held = Q()
    for rol in HOUSE_WIDE_ROLES:
        held |= Q(rollen_lijst__contains=f",{rol},")
    return held


def _known_to_viewer(zvh):
    """Exists() conditions, one per way the viewer's organisation may know a shown person.

    Registered by the apps that hold the relations (casus: deelnemer of a casus with the
    person; aanmelding: referrer of an aanmelding of the person), see `audit.hooks`.
    """
    pseudoniem = OuterRef("pseudoniem")
    organisatie = OuterRef("log__organisatie_id")
    return [
        condition
        for exists_for in hooks.relaties().values()
        for condition in exists_for(zvh.pk, organisatie, pseudoniem)
    ]


def _outside_cases(zvh, start, end):
    """Persons shown in [start, end) outside the viewer's cases, per viewer: every person a
    row shows (a list page's whole list), not only its first."""
    reads = (
        _person_reads(zvh, start, end)
        .alias(rollen_lijst=Concat(Value(","), F("rol"), Value(","), output_field=CharField()))
        .exclude(_held_house_wide_role())
    )
    shown = GetoondPersoon.objects.filter(log__in=reads.values("pk"))
    for known in _known_to_viewer(zvh):
        shown = shown.filter(~known)
    return list(
        shown.values(
            user_id=F("log__user_id"),
            user_display=F("log__user_display"),
            organisatie_naam=F("log__organisatie_naam"),
        )
        .annotate(
            aantal=Count("log_id", distinct=True), personen=Count("pseudoniem", distinct=True)
        )
        .order_by("-aantal", "user_display")[:SIGNAL_LIMIT]
    )


def signals(zvh, *, start, end):
    """What deserves a privacy officer's attention in [start, end).

    * denied attempts, per user;
    * users who opened far more persons than their peers: the number of distinct persons a
      user's detail pages showed (events.DETAIL_READ_EVENTS: a person, a casus with its
      persons, a referral or its triage page; list pages do not count, however often they
      are opened), more than OUTLIER_FACTOR times the median of all users who opened any,
      and more than OUTLIER_MINIMUM;
    * views of persons outside the viewer's cases, per user: person views by a viewer who held
      none of HOUSE_WIDE_ROLES at the time (the row's `rol`), whose organisation is neither a
      deelnemer of a casus of this house with that person nor the referrer of an aanmelding
      of this house with that person. One aggregated query, whatever the number of rows;
    * accounts that hold functioneel beheerder together with privacy officer or procesregisseur
      in this house now (separation of duties; registered by partners in `audit.hooks`).
    """
    denied_rows = search(zvh, outcome=Outcome.DENIED, start=start, end=end)
    denied = list(
        denied_rows.values("user_id", "user_display", "organisatie_naam")
        .annotate(aantal=Count("id"), laatste=Max("event_time"))
        .order_by("-aantal", "user_display")[:SIGNAL_LIMIT]
    )
    per_user = list(
        GetoondPersoon.objects.filter(log__in=_detail_reads(zvh, start, end).values("pk"))
        .values(
            user_id=F("log__user_id"),
            user_display=F("log__user_display"),
            organisatie_naam=F("log__organisatie_naam"),
        )
        .annotate(aantal=Count("pseudoniem", distinct=True))
        .order_by("-aantal", "user_display")
    )
    median = statistics.median([u["aantal"] for u in per_user]) if per_user else 0
    threshold = max(median * OUTLIER_FACTOR, OUTLIER_MINIMUM)
    outliers = [u for u in per_user if u["aantal"] > threshold][:SIGNAL_LIMIT]
    return Signals(
        denied=denied,
        denied_total=denied_rows.count(),
        outliers=outliers,
        median=median,
        outside_cases=_outside_cases(zvh, start, end),
        functiescheiding=hooks.functiescheiding(zvh.pk),
    )

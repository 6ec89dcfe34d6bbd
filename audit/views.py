"""The privacy officer's review workspace: search, detail, export, per-person overview, signals.

Every view asks the policy for "audit.review" (a denial is logged by the middleware) and
records its own use as a named event in the same transaction.
"""

import csv
from datetime import UTC

from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from core import policy

from . import events, labels, log, selectors
from .events import event_label
from .forms import InzageForm, SignalenForm, ZoekForm


def _local_time(moment):
    """ISO 8601 in the deployment's TIME_ZONE with its UTC offset: 2026-12-01T20:05:00+01:00."""
    return timezone.localtime(moment).isoformat(timespec="seconds")


# (heading, cell of a row). What people read comes first, in Dutch; the stored codes follow at
# the end for scripts: a label may be reworded (or translated), a code never changes.
CSV_COLUMNS = [
    (_("tijdstip"), lambda row: _local_time(row.event_time)),
    (_("gebeurtenis"), lambda row: event_label(row.event_type)),
    (_("actie"), lambda row: labels.action_label(row.action)),
    (_("uitkomst"), lambda row: labels.outcome_label(row.outcome)),
    (_("gebruiker-id"), lambda row: row.user_id),
    (_("gebruiker"), lambda row: row.user_display),
    (_("organisatie"), lambda row: row.organisatie_naam),
    (_("rol"), lambda row: labels.rol_labels(row.rol)),
    (_("namens"), lambda row: row.namens),
    (_("doel"), lambda row: row.doel),
    (_("objecttype"), lambda row: row.object_type),
    (_("object-id"), lambda row: row.object_id),
    (_("persoonspseudoniem"), lambda row: row.persoon_pseudoniem),
    (_("getoonde personen"), lambda row: row.personen),
    (_("casus"), lambda row: row.casus_id),
    (_("netwerkadres"), lambda row: row.ip),
    (_("request-id"), lambda row: row.request_id),
    (_("toelichting"), lambda row: row.detail),
    (_("keten"), lambda row: row.chain),
    (_("volgnummer"), lambda row: row.seq),
    (_("event-id"), lambda row: row.event_id),
    (_("tijdstip (UTC)"), lambda row: row.event_time.astimezone(UTC).isoformat()),
    (_("gebeurteniscode"), lambda row: row.event_type),
    (_("actiecode"), lambda row: row.action),
    (_("uitkomstcode"), lambda row: row.outcome),
    (_("rolcodes"), lambda row: row.rol),
]


def _casus_id(filters):
    """The casus a search was about, for its own audit row: the UUID (the first id)."""
    return (filters.get("casus_ids") or [None])[0]


def _zoek_form(request, *, require_purpose=False):
    data = request.POST if request.method == "POST" else None
    return ZoekForm(data, zvh=request.zvh, require_purpose=require_purpose)


def zoeken(request):
    policy.require(request.actor, "audit.review")
    form = _zoek_form(request)
    if form.is_bound and not form.is_valid():
        return render(request, "audit/zoeken.html", {"form": form}, status=400)
    if form.is_bound:
        filters, after, doel, detail = (
            form.filters(),
            form.cleaned_data.get("na") or None,
            form.cleaned_data.get("doel", ""),
            form.describe(),
        )
    else:
        filters, after, doel, detail = {}, None, "", "geen filter"
    rows, next_cursor = selectors.keyset_page(selectors.search(request.zvh, **filters), after=after)
    log.review(
        actor=request.actor.met_doel(doel),
        event=events.AUDIT_GEZOCHT,
        persoon_pseudoniem=filters.get("persoon_pseudoniem", ""),
        casus_id=_casus_id(filters),
        detail=detail,
    )
    next_page = None
    if next_cursor:
        next_page = {**(form.carried() if form.is_bound else {}), "na": next_cursor}
    context = {
        "form": form,
        "rows": rows,
        "next_page": next_page,
        "persoon_filter": bool(filters.get("persoon_pseudoniem")),
    }
    return render(request, "audit/zoeken.html", context)


def regel(request, pk):
    policy.require(request.actor, "audit.review")
    row = selectors.row_in_zvh(request.zvh, pk)
    if row is None:
        raise policy.Geweigerd("audit.review", not_found=True)
    log.review(
        actor=request.actor,
        event=events.AUDIT_REGEL_BEKEKEN,
        object_type=row._meta.label_lower,
        object_id=row.pk,
        persoon_pseudoniem=row.persoon_pseudoniem,
        casus_id=row.casus_id,
    )
    return render(request, "audit/regel.html", {"row": row})


class _Echo:
    def write(self, value):
        return value


def _csv_cell(value):
    text = "" if value is None else str(value)
    # Spreadsheet formula injection: a cell may not start with a formula character.
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv_lines(rows):
    writer = csv.writer(_Echo())
    yield writer.writerow([heading for heading, _cell in CSV_COLUMNS])
    for row in rows:
        yield writer.writerow([_csv_cell(cell(row)) for _heading, cell in CSV_COLUMNS])


def export(request):
    policy.require(request.actor, "audit.review")
    form = _zoek_form(request, require_purpose=True)
    if not form.is_valid():
        return render(request, "audit/zoeken.html", {"form": form}, status=400)
    filters = form.filters()
    log.review(
        actor=request.actor.met_doel(form.cleaned_data["doel"]),
        event=events.AUDIT_GEEXPORTEERD,
        persoon_pseudoniem=filters["persoon_pseudoniem"],
        casus_id=_casus_id(filters),
        detail=form.describe(),
    )
    rows = selectors.export_rows(selectors.search(request.zvh, **filters))
    response = StreamingHttpResponse(_csv_lines(rows), content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="auditlog-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response


def inzage(request):
    """Wie heeft deze persoon ingezien: everything logged about one person, oldest first."""
    policy.require(request.actor, "audit.review")
    form = InzageForm(request.POST if request.method == "POST" else None)
    if not form.is_bound:
        return render(request, "audit/inzage.html", {"form": form})
    if not form.is_valid():
        return render(request, "audit/inzage.html", {"form": form}, status=400)
    pseudoniem = form.pseudoniem()
    rows, next_cursor = selectors.keyset_page(
        selectors.person_views(request.zvh, pseudoniem),
        after=form.cleaned_data.get("na") or None,
        descending=False,
    )
    naam = selectors.persoon_naam(request.zvh, pseudoniem)
    log.review(
        actor=request.actor.met_doel(form.cleaned_data["doel"]),
        event=events.INZAGE_OVERZICHT_BEKEKEN,
        persoon_pseudoniem=pseudoniem,
        # Not the name itself (never personal data in the log): that it was shown.
        detail="naam getoond" if naam else "geen persoon met dit pseudoniem in dit huis",
    )
    context = {
        "form": form,
        "rows": rows,
        "naam": naam,
        "searched": True,
        "next_page": {**form.carried(), "na": next_cursor} if next_cursor else None,
    }
    return render(request, "audit/inzage.html", context)


def signalen(request):
    policy.require(request.actor, "audit.review")
    form = SignalenForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return render(request, "audit/signalen.html", {"form": form}, status=400)
    if not form.is_bound:
        form = SignalenForm({})
        form.is_valid()
    start, end = form.period()
    found = selectors.signals(request.zvh, start=start, end=end)
    log.review(
        actor=request.actor,
        event=events.AUDIT_SIGNALEN_BEKEKEN,
        detail=f"periode {start.date().isoformat()} tot {end.date().isoformat()}",
    )
    context = {
        "form": form,
        "signals": found,
        "start": start,
        "end": end,
        "outlier_factor": selectors.OUTLIER_FACTOR,
        "outlier_minimum": selectors.OUTLIER_MINIMUM,
    }
    return render(request, "audit/signalen.html", context)

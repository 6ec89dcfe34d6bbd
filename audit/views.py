"""The privacy officer's review workspace: search, detail, export, per-person overview, signals.

Every view asks the policy for "audit.review" (a denial is logged by the middleware) and
records its own use as a named event in the same transaction.
"""

import csv

from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from core import policy

from . import events, log, selectors
from .forms import InzageForm, SignalenForm, ZoekForm

CSV_COLUMNS = [
    ("event_time", _("tijdstip (UTC)")),
    ("event_type", _("gebeurtenis")),
    ("action", _("actie")),
    ("outcome", _("uitkomst")),
    ("user_id", _("gebruiker-id")),
    ("user_display", _("gebruiker")),
    ("organisatie_naam", _("organisatie")),
    ("rol", _("rol")),
    ("namens", _("namens")),
    ("doel", _("doel")),
    ("object_type", _("objecttype")),
    ("object_id", _("object-id")),
    ("persoon_pseudoniem", _("persoonspseudoniem")),
    ("personen", _("getoonde personen")),
    ("casus_id", _("casus")),
    ("ip", _("netwerkadres")),
    ("request_id", _("request-id")),
    ("detail", _("toelichting")),
    ("chain", _("keten")),
    ("seq", _("volgnummer")),
    ("event_id", _("event-id")),
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
    yield writer.writerow([label for _field, label in CSV_COLUMNS])
    for row in rows:
        yield writer.writerow([_csv_cell(getattr(row, name)) for name, _label in CSV_COLUMNS])


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
    log.review(
        actor=request.actor.met_doel(form.cleaned_data["doel"]),
        event=events.INZAGE_OVERZICHT_BEKEKEN,
        persoon_pseudoniem=pseudoniem,
    )
    context = {
        "form": form,
        "rows": rows,
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

"""The user's notifications: the list (newest first, keyset-paged) and marking them read, one
or all (plain POST forms, so it works without JavaScript). The bell in the header is filled by
config.context_processors from the same selector."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit import events, log
from core import policy
from core.pagination import requested_page

from . import selectors_notificaties as selectors
from . import services_notificaties as services

PAGINA = 25
SCOPE = "casus.notificaties"


def notificaties(request):
    """The list: each notification's text (kind and casus number) links to its target. One
    read row naming the persons of the casussen whose numbers the page shows."""
    actor = request.actor
    policy.require(actor, "notificatie.lijst")
    queryset = selectors.notificatie_lijst(actor)
    order = selectors.LIJST_VOLGORDE
    page, detail = requested_page(
        request, queryset, order=order, after=request.GET.get("na"), size=PAGINA, scope=SCOPE
    )
    rijen = [(n, selectors.tekst(n), selectors.doel_url(n)) for n in page]
    log.read(
        actor=actor,
        event=events.NOTIFICATIES_BEKEKEN,
        personen=[p for n in page for p in n.casus.personen.all()],
        detail=detail,
    )
    return render(request, "casus/notificaties.html", {"page": page, "rijen": rijen})


@require_POST
def gelezen(request, pk):
    services.gelezen_markeren(actor=request.actor, notificatie_id=pk)
    return redirect("casus:notificaties")


@require_POST
def alles_gelezen(request):
    aantal = services.alles_gelezen(actor=request.actor)
    if aantal:
        messages.success(request, _("%(n)d notificatie(s) als gelezen gemarkeerd.") % {"n": aantal})
    return redirect("casus:notificaties")

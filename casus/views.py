"""Person and casus pages: access checked, every view audited as one read."""

from django.shortcuts import render

from audit import events, log
from core import policy
from core.policy import Geweigerd

from . import koppelingen, selectors


def persoon(request, pk):
    obj = selectors.persoon_voor(request.actor, pk)
    if obj is None:
        raise Geweigerd("persoon.bekijken", not_found=True)
    gerelateerd = [r.naar for r in obj.relaties_van.all()] + [
        r.van for r in obj.relaties_naar.all()
    ]
    log.read(
        actor=request.actor,
        event=events.PERSOON_BEKEKEN,
        target=obj,
        personen=[obj, *gerelateerd],
    )
    context = {
        "persoon": obj,
        "verwijzingen": koppelingen.persoon_verwijzingen(request.actor, obj)[:50],
        "casussen": selectors.casussen_van_persoon(request.actor, obj)[:50],
    }
    return render(request, "casus/persoon.html", context)


def casus(request, pk):
    obj = selectors.casus_voor(request.actor, pk)
    if obj is None:
        raise Geweigerd("casus.bekijken", not_found=True)
    personen = list(obj.personen.all())
    log.read(actor=request.actor, event=events.CASUS_GEOPEND, target=obj, personen=personen)
    context = {
        "casus": obj,
        "personen": personen,
        "mag_verrijking": policy.may(request.actor, "verrijking.bekijken", obj),
    }
    return render(request, "casus/casus.html", context)

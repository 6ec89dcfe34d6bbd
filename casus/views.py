"""Person and casus pages: access checked, every view audited as one read."""

from django.shortcuts import render

from aanmelding.selectors import aanmeldingen_van_persoon
from audit import events, record
from partners import policy

from . import selectors


def persoon(request, pk):
    obj = selectors.persoon_in_zvh(request.zvh, pk)
    if obj is None:
        raise policy.Geweigerd("persoon.bekijken", not_found=True)
    policy.require(request, "persoon.bekijken", obj)
    record(event=events.PERSOON_BEKEKEN, request=request, target=obj)
    context = {
        "persoon": obj,
        "aanmeldingen": aanmeldingen_van_persoon(obj)[:50],
        "casussen": selectors.casussen_van_persoon(obj)[:50],
    }
    return render(request, "casus/persoon.html", context)


def casus(request, pk):
    obj = selectors.casus_in_zvh(request.zvh, pk)
    if obj is None:
        raise policy.Geweigerd("casus.bekijken", not_found=True)
    policy.require(request, "casus.bekijken", obj)
    personen = list(obj.personen.all())
    record(
        event=events.CASUS_GEOPEND,
        request=request,
        target=obj,
        personen=personen,
    )
    return render(request, "casus/casus.html", {"casus": obj, "personen": personen})

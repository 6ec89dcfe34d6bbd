"""The casus list of house staff ("Casussen") and of a partner ("Mijn casussen"): filters, an
exact search, keyset pages; every page is one audit row listing the persons it shows."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from audit import events, log
from core import policy
from core.pagination import capped_count, requested_page

from .forms import CasusZoekForm
from .rijen import CasusRijen, lijst_html
from .selectors_lijst import LIJST_VOLGORDE, casussen_lijst


def _lijst(request, *, actie, alleen_eigen, template_titel):
    policy.require(request.actor, actie)
    form = CasusZoekForm(request.GET or None, zvh=request.zvh)
    opdracht = form.opdracht()
    queryset = casussen_lijst(request.actor, opdracht, alleen_eigen=alleen_eigen)
    page, detail = requested_page(
        request, queryset, order=LIJST_VOLGORDE, after=request.GET.get("na"), scope=actie
    )
    if opdracht.beschrijving:
        detail = f"{detail}; {opdracht.beschrijving}"
    log.read(
        actor=request.actor,
        event=events.CASUSSEN_GEZOCHT if opdracht.zoeken else events.CASUSSEN_BEKEKEN,
        personen=[p for casus in page for p in casus.lijst_personen],
        detail=detail[:500],
    )
    querystring = request.GET.copy()
    querystring.pop("na", None)
    maker = CasusRijen()
    context = {
        "form": form,
        "page": page,
        "rijen": lijst_html(
            maker.rij(
                casus,
                themas=casus.lijst_themas,
                spoed=casus.spoed_aanmelding,
                personen=casus.lijst_personen,
            )
            for casus in page
        ),
        "aantal": capped_count(queryset),
        "titel": template_titel,
        "filters": querystring.urlencode(),
        "gezocht": opdracht.zoeken is not None
        or any(request.GET.get(f) for f in form.fields if f != "zoek"),
    }
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "casus/lijst/lijst.html", context, status=status)


def lijst(request):
    """Every casus of the house, for ZVH staff (procesregisseur, informatiecoördinator)."""
    return _lijst(
        request, actie="casus.werklijst", alleen_eigen=False, template_titel=_("Casussen")
    )


def mijn(request):
    """The casussen the partner's organisation takes part in (and may see)."""
    return _lijst(request, actie="casus.mijn", alleen_eigen=True, template_titel=_("Mijn casussen"))

"""The home page: per role held in the current house, what the user can do now, and once the
notices of a beheerder's reset of the user's own password or second factor; for a user
without any role, why (its organisation's partnership) where that is the reason."""

from django.shortcuts import render

from partners.selectors import partnerschappen_zonder_deelname
from partners.services import accountmeldingen_tonen

from . import navigation


def home(request):
    sections = navigation.sections_for(request.actor)
    meldingen = accountmeldingen_tonen(actor=request.actor, user=request.user)
    # A user without any role: say why, when its organisation's partnership is the reason.
    onvolledig = partnerschappen_zonder_deelname(request.user) if request.zvh is None else []
    return render(
        request,
        "partners/home.html",
        {"sections": sections, "meldingen": meldingen, "onvolledige_partnerschappen": onvolledig},
    )

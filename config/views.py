"""The home page: per role held in the current house, what the user can do now, and once the
notices of a beheerder's reset of the user's own password or second factor."""

from django.shortcuts import render

from partners.services import accountmeldingen_tonen

from . import navigation


def home(request):
    sections = navigation.sections_for(request.actor)
    meldingen = accountmeldingen_tonen(actor=request.actor, user=request.user)
    return render(request, "partners/home.html", {"sections": sections, "meldingen": meldingen})

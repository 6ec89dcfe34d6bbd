"""The home page: per role held in the current house, what the user can do now."""

from django.shortcuts import render

from . import navigation


def home(request):
    sections = navigation.sections_for(request.actor)
    return render(request, "partners/home.html", {"sections": sections})

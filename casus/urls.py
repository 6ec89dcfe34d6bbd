from django.urls import path

from . import (
    views,
    views_lijst,
    views_notificaties,
    views_overleg,
    views_scores,
    views_verrijking,
)

app_name = "casus"

urlpatterns = [
    path("personen/<uuid:pk>/", views.persoon, name="persoon"),
    path("casussen/<uuid:pk>/", views.casus, name="casus"),
    # Casusoverleggen (MDO): tafels, sessions, agenda, planning, the MDO page and its calendar
    path("overleg/tafels/", views_overleg.tafels, name="overleg_tafels"),
    path("overleg/tafels/<int:pk>/", views_overleg.tafel, name="overleg_tafel"),
    path("overleg/sessies/<int:pk>/", views_overleg.sessie, name="overleg_sessie"),
    path("casussen/<uuid:pk>/plannen/", views_overleg.plannen, name="overleg_plannen"),
    path("overleggen/<uuid:pk>/", views_overleg.overleg, name="overleg"),
    path(
        "overleggen/<uuid:pk>/<slug:wat>/",
        views_overleg.overleg_wijzigen,
        name="overleg_wijzigen",
    ),
    path(
        "uitnodigingen/<int:pk>/casusoverleg.ics",
        views_overleg.uitnodiging_ics,
        name="overleg_ics",
    ),
    # Leefgebied scores and the pitch (issue 11, points 2 and 3)
    path(
        "casussen/<uuid:pk>/personen/<uuid:persoon_pk>/scores/",
        views_scores.scores,
        name="scores",
    ),
    path(
        "casussen/<uuid:pk>/personen/<uuid:persoon_pk>/scores/nieuw/",
        views_scores.score_nieuw,
        name="score_nieuw",
    ),
    path("casussen/<uuid:pk>/pitch/", views_scores.pitch, name="pitch"),
    path("casussen/<uuid:pk>/pitch/gereed/", views_scores.pitch_gereed, name="pitch_gereed"),
    # Issue 11, finding and staffing a casus: the lists and the deelnemers.
    path("casussen/", views_lijst.lijst, name="lijst"),
    path("mijn-casussen/", views_lijst.mijn, name="mijn"),
    path(
        "casussen/<uuid:pk>/deelnemers/toevoegen/",
        views.deelnemer_toevoegen,
        name="deelnemer_toevoegen",
    ),
    path(
        "casussen/<uuid:pk>/deelnemers/<int:deelnemer_pk>/verwijderen/",
        views.deelnemer_verwijderen,
        name="deelnemer_verwijderen",
    ),
    # Informatieverrijking (issue 11, point 1)
    path("casussen/<uuid:pk>/verrijking/", views_verrijking.verrijking, name="verrijking"),
    path("uitvragen/", views_verrijking.uitvragen, name="uitvragen"),
    path("uitvragen/openstaand/", views_verrijking.openstaand, name="uitvragen_openstaand"),
    path("uitvragen/<uuid:pk>/", views_verrijking.uitvraag, name="uitvraag"),
    # Notificaties (issue 12 point 4)
    path("notificaties/", views_notificaties.notificaties, name="notificaties"),
    path(
        "notificaties/alles-gelezen/",
        views_notificaties.alles_gelezen,
        name="notificaties_alles_gelezen",
    ),
    path(
        "notificaties/<uuid:pk>/gelezen/",
        views_notificaties.gelezen,
        name="notificatie_gelezen",
    ),
]

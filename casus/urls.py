from django.urls import path

from . import (
    views,
    views_acties,
    views_afsluiting,
    views_lijst,
    views_monitoring,
    views_notificaties,
    views_overleg,
    views_plan,
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
    # Monitoring of the procesregisseur (issue 12, point 3)
    path("monitoring/", views_monitoring.overzicht, name="monitoring"),
    path("monitoring/mijn/", views_monitoring.mijn, name="monitoring_mijn"),
    path("monitoring/mdo/", views_monitoring.mdo, name="monitoring_mdo"),
    path("monitoring/achterstand/", views_monitoring.achterstand, name="monitoring_achterstand"),
    path("monitoring/stilstand/", views_monitoring.stilstand, name="monitoring_stilstand"),
    path("monitoring/spoed/", views_monitoring.spoed, name="monitoring_spoed"),
    path("monitoring/zonder-mdo/", views_monitoring.zonder_mdo, name="monitoring_zonder_mdo"),
    path(
        "monitoring/instellingen/",
        views_monitoring.instellingen,
        name="monitoring_instellingen",
    ),
    # Acties: status and progress, "mijn acties" (issue 12, point 2)
    path("mijn-acties/", views_acties.mijn_acties, name="mijn_acties"),
    path("acties/<uuid:pk>/", views_acties.actie, name="actie"),
    path("acties/<uuid:pk>/bijwerken/", views_acties.actie_bijwerken, name="actie_bijwerken"),
    path("acties/<uuid:pk>/eigenaar/", views_acties.actie_eigenaar, name="actie_eigenaar"),
    # Plan van aanpak and the casus history (issue 12, point 1)
    path("casussen/<uuid:pk>/plan/", views_plan.plan, name="plan"),
    path("casussen/<uuid:pk>/plan/doelen/", views_plan.doel_toevoegen, name="plan_doel_toevoegen"),
    path("casussen/<uuid:pk>/plan/doelen/<uuid:doel_pk>/", views_plan.doel, name="plan_doel"),
    path(
        "casussen/<uuid:pk>/plan/acties/", views_plan.actie_toevoegen, name="plan_actie_toevoegen"
    ),
    path("casussen/<uuid:pk>/plan/acties/<uuid:actie_pk>/", views_plan.actie, name="plan_actie"),
    path(
        "casussen/<uuid:pk>/plan/besluiten/<uuid:besluit_pk>/",
        views_plan.besluit,
        name="plan_besluit",
    ),
    path("casussen/<uuid:pk>/geschiedenis/", views_plan.geschiedenis, name="geschiedenis"),
    # Afschaling, afsluiting and heropening (issue 12, point 5)
    path("casussen/<uuid:pk>/afsluiten/", views_afsluiting.afsluiten, name="afsluiten"),
    path("casussen/<uuid:pk>/heropenen/", views_afsluiting.heropenen, name="heropenen"),
    path("beheer/afsluitredenen/", views_afsluiting.afsluitredenen, name="afsluitredenen"),
    path("beheer/afsluitredenen/<int:pk>/", views_afsluiting.afsluitreden, name="afsluitreden"),
    path(
        "beheer/afsluitredenen/<int:pk>/verplaatsen/",
        views_afsluiting.afsluitreden_verplaatsen,
        name="afsluitreden_verplaatsen",
    ),
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

from django.urls import path

from . import views

app_name = "aanmelding"

urlpatterns = [
    path("aanmeldingen/", views.mijn_aanmeldingen, name="mijn"),
    path("aanmeldingen/nieuw/", views.nieuw, name="nieuw"),
    path("aanmeldingen/<uuid:pk>/", views.detail, name="detail"),
    path("aanmeldingen/<uuid:pk>/wijzigen/", views.wijzigen, name="wijzigen"),
    path("aanmeldingen/<uuid:pk>/personen/", views.persoon_toevoegen, name="persoon_toevoegen"),
    path(
        "aanmeldingen/<uuid:pk>/personen/<int:persoon_pk>/verwijderen/",
        views.persoon_verwijderen,
        name="persoon_verwijderen",
    ),
    path("aanmeldingen/<uuid:pk>/verwijderen/", views.verwijderen, name="verwijderen"),
    path("aanmeldingen/<uuid:pk>/indienen/", views.indienen, name="indienen"),
    path("aanmeldingen/<uuid:pk>/aanvullen/", views.aanvullen, name="aanvullen"),
    path("aanmeldingen/<uuid:pk>/antwoord/", views.beantwoorden, name="beantwoorden"),
    path("triage/", views.werkvoorraad, name="werkvoorraad"),
    path("triage/<uuid:pk>/", views.triage, name="triage"),
    path("triage/<uuid:pk>/bevestigen/", views.bevestigen, name="bevestigen"),
    path("triage/<uuid:pk>/niet-bevestigen/", views.niet_bevestigen, name="niet_bevestigen"),
    path("beheer/triage/", views.beheer, name="beheer"),
    path(
        "beheer/triage/<str:soort>/<int:pk>/uitschakelen/",
        views.beheer_deactiveren,
        name="beheer_deactiveren",
    ),
]

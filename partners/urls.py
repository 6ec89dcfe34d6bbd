from django.urls import path

from . import beheer_views, views

app_name = "partners"

urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("inloggen/nieuw-wachtwoord/", views.startwachtwoord, name="startwachtwoord"),
    path("inloggen/verificatie/", views.verify, name="verify"),
    path("inloggen/koppelen/", views.enrol, name="enrol"),
    path("inloggen/back-upcodes/", views.backup_codes, name="backup_codes"),
    path("uitloggen/", views.logout_view, name="logout"),
    path("account/wachtwoord/", views.wachtwoord_wijzigen, name="wachtwoord_wijzigen"),
    path("account/notificaties/", views.account_notificaties, name="account_notificaties"),
    path("sessie/verlengen/", views.sessie_verlengen, name="sessie_verlengen"),
    path("zvh-wisselen/", views.switch_zvh, name="switch_zvh"),
    path("beheer/organisaties/", beheer_views.organisaties, name="beheer_organisaties"),
    path("beheer/organisaties/<int:pk>/", beheer_views.organisatie, name="beheer_organisatie"),
    path(
        "beheer/organisaties/<int:pk>/partnerschap-beeindigen/",
        beheer_views.partnerschap_beeindigen,
        name="beheer_partnerschap_beeindigen",
    ),
    path("beheer/medewerkers/", beheer_views.medewerkers, name="beheer_medewerkers"),
    path("beheer/medewerkers/<int:pk>/", beheer_views.medewerker, name="beheer_medewerker"),
    path(
        "beheer/medewerkers/<int:pk>/rollen/",
        beheer_views.rol_toekennen,
        name="beheer_rol_toekennen",
    ),
    path(
        "beheer/medewerkers/<int:pk>/rollen/<int:rol_pk>/intrekken/",
        beheer_views.rol_intrekken,
        name="beheer_rol_intrekken",
    ),
    path(
        "beheer/medewerkers/<int:pk>/tweede-factor-resetten/",
        beheer_views.tweede_factor_resetten,
        name="beheer_tweede_factor_resetten",
    ),
    path(
        "beheer/medewerkers/<int:pk>/wachtwoord-resetten/",
        beheer_views.wachtwoord_resetten,
        name="beheer_wachtwoord_resetten",
    ),
    path("beheer/rolaanvragen/", beheer_views.rolaanvragen, name="beheer_rolaanvragen"),
    path(
        "beheer/rolaanvragen/<int:pk>/bevestigen/",
        beheer_views.rolaanvraag_bevestigen,
        name="beheer_rolaanvraag_bevestigen",
    ),
    path(
        "beheer/rolaanvragen/<int:pk>/niet-bevestigen/",
        beheer_views.rolaanvraag_weigeren,
        name="beheer_rolaanvraag_weigeren",
    ),
]

from django.urls import path

from . import views, views_lijst

app_name = "casus"

urlpatterns = [
    path("personen/<uuid:pk>/", views.persoon, name="persoon"),
    path("casussen/<uuid:pk>/", views.casus, name="casus"),
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
]

from django.urls import path

from . import views, views_verrijking

app_name = "casus"

urlpatterns = [
    path("personen/<uuid:pk>/", views.persoon, name="persoon"),
    path("casussen/<uuid:pk>/", views.casus, name="casus"),
    # Informatieverrijking (issue 11, point 1)
    path("casussen/<uuid:pk>/verrijking/", views_verrijking.verrijking, name="verrijking"),
    path("uitvragen/", views_verrijking.uitvragen, name="uitvragen"),
    path("uitvragen/openstaand/", views_verrijking.openstaand, name="uitvragen_openstaand"),
    path("uitvragen/<uuid:pk>/", views_verrijking.uitvraag, name="uitvraag"),
]

from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.zoeken, name="zoeken"),
    path("regels/<int:pk>/", views.regel, name="regel"),
    path("export/", views.export, name="export"),
    path("inzage/", views.inzage, name="inzage"),
    path("signalen/", views.signalen, name="signalen"),
]

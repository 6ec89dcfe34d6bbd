from django.urls import path

from . import views, views_scores

app_name = "casus"

urlpatterns = [
    path("personen/<uuid:pk>/", views.persoon, name="persoon"),
    path("casussen/<uuid:pk>/", views.casus, name="casus"),
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
]

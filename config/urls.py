from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from audit.transaction import audit_urlpatterns
from partners import views as partner_views

from . import views

# The admin (partners/admin_site.py) is routed only where ADMIN_ENABLED (default: DEBUG). It
# accepts only sessions with a verified second factor and logs in through our own flow.
admin_urlpatterns = (
    [
        path(
            "admin/login/",
            RedirectView.as_view(pattern_name="partners:login", query_string=True),
        ),
        path("admin/", admin.site.urls),
    ]
    if settings.ADMIN_ENABLED
    else []
)

urlpatterns = [
    path("healthz", partner_views.healthz, name="healthz"),
    path("", views.home, name="home"),
    *admin_urlpatterns,
    path("", include("aanmelding.urls")),
    path("", include("casus.urls")),
    path("audit/", include("audit.urls")),
    path("", include("partners.urls")),
]
# Every view in a transaction of its own, its audit rows appended as the last step before
# commit, so the chain lock is not held while the page renders (audit/transaction.py).
audit_urlpatterns(urlpatterns)

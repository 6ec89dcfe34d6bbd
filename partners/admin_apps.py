"""The Django admin's app config with our own default site (partners.admin_site).

Kept apart from the site itself: INSTALLED_APPS imports this module before models load.
"""

from django.contrib.admin.apps import AdminConfig


class CasusAdminConfig(AdminConfig):
    default_site = "partners.admin_site.CasusAdminSite"

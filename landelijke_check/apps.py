from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LandelijkeCheckConfig(AppConfig):
    name = "landelijke_check"
    verbose_name = _("Landelijke check op bekendheid")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectConfig(AppConfig):
    """The project's own wiring as an app: navigation, home page and the demo commands."""

    name = "config"
    verbose_name = _("Casus")

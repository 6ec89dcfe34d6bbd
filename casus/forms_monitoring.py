"""The monitoring pages' forms: whose upcoming MDO's to list, and when a casus stalls."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .services_monitoring import STILSTAND_MAX_WEKEN

WIE = [("alle", _("Alle MDO's van het huis")), ("mijn", _("Alleen van mijn casussen"))]


class MdoFilterForm(forms.Form):
    """GET filter of "komende MDO's": all of the house, or those of the actor's casussen."""

    wie = forms.ChoiceField(
        label=_("Toon"),
        choices=WIE,
        required=False,
        error_messages={"invalid_choice": _("Kies ‘alle’ of ‘mijn’.")},
    )

    @property
    def alleen_mijn(self) -> bool:
        return self.is_valid() and self.cleaned_data["wie"] == "mijn"


class StilstandForm(forms.Form):
    """The house's setting: after how many weeks without activity an open casus stalls."""

    stilstand_weken = forms.IntegerField(
        label=_("Stilstand na (weken)"),
        help_text=_(
            "Een open casus zonder activiteit (wijziging van de casus, het plan, een actie "
            "of een MDO) in zoveel weken staat op de lijst ‘Stilstaande casussen’."
        ),
        min_value=1,
        max_value=STILSTAND_MAX_WEKEN,
        error_messages={
            "required": _("Vul het aantal weken in."),
            "invalid": _("Vul een heel aantal weken in, bijvoorbeeld 6."),
            "min_value": _("Vul ten minste 1 week in."),
            "max_value": _("Vul ten hoogste %(limit_value)s weken in."),
        },
    )

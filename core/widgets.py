"""Form widgets and fields every app uses."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .bsn import Bsn


class DateInput(forms.DateInput):
    """A native date picker; the value travels as ISO 8601."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class BsnInput(forms.TextInput):
    """Never echoes a BSN back into the page, not even after a validation error."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        return None


class BsnField(forms.CharField):
    """A BSN: an empty value is None (when not required), anything else a valid `Bsn`."""

    widget = BsnInput
    MAX_TYPED = 20  # room for spaces and dots around the nine digits

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Checked in to_python, before the text becomes a Bsn (a validator would see the Bsn).
        self.max_length = self.MAX_TYPED

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "maxlength": str(self.MAX_TYPED)}

    def to_python(self, value):
        text = super().to_python(value)
        if text is None or text in self.empty_values:
            return None
        if len(text) > self.MAX_TYPED:
            raise ValidationError(_("Een BSN heeft precies 9 cijfers."), code="bsn_length")
        return Bsn(text)

"""Password rules whose Dutch message Django's own translation lacks.

Django 5.2 reworded the minimum-length message and its Dutch catalogue has no translation for
the new text, so the refusal would show in English; this one says why in Dutch.
"""

from django.contrib.auth.password_validation import MinimumLengthValidator
from django.utils.translation import gettext as _


class MinimaleLengteValidator(MinimumLengthValidator):
    def get_error_message(self):
        return _("Dit wachtwoord is te kort: het moet minstens %(min_length)d tekens bevatten.") % {
            "min_length": self.min_length
        }

    def get_help_text(self):
        return _("Uw wachtwoord moet minstens %(min_length)d tekens bevatten.") % {
            "min_length": self.min_length
        }

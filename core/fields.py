"""Encrypted model fields: AES-GCM at rest, bound to `table|column|pk` of their own row.

`EncryptedTextField` holds text, `EncryptedDateField` a date (sealed as its ISO text), so a
date of birth is as unreadable in a dump as a name. Neither can be filtered or ordered on in
the database: look up through a blind index, or filter a bounded set after decryption.

The model needs a primary key that exists before the INSERT (a UUID generated in Python), so the
associated data is known when the value is sealed. On the instance the attribute holds clear
text; the database column holds only the ciphertext. Decryption happens on first access.
"""

import datetime

from django.db import models
from django.db.models.query_utils import DeferredAttribute

from .crypto import associated_data, decrypt, encrypt


class Sealed(bytes):
    """A ciphertext just read from the database, not yet opened."""


class _EncryptedAttribute(DeferredAttribute):
    """A data descriptor (it defines __set__), so reads always pass through __get__."""

    field: "EncryptedTextField"

    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = value

    def __get__(self, instance, cls=None):
        if instance is None:
            return self
        value = super().__get__(instance, cls)
        if isinstance(value, Sealed):
            value = self.field.from_plaintext(decrypt(value, aad=self.field.aad_for(instance)))
            instance.__dict__[self.field.attname] = value
        return value


def opened(model, name, pk, value):
    """The clear value of the encrypted field `name` of `model`, given as `values()` or
    `values_list()` read it (a `Sealed` ciphertext, or the field's empty value) from the row
    whose primary key is `pk`: what the instance's attribute would give, without building the
    instance. A list page of a hundred persons reads their names this way."""
    if not isinstance(value, Sealed):
        return value
    field = model._meta.get_field(name)
    aad = associated_data(model._meta.db_table, field.column, pk)
    return field.from_plaintext(decrypt(value, aad=aad))


class EncryptedTextField(models.BinaryField):
    """Free text stored encrypted. Empty text is stored as NULL and reads back as ""."""

    descriptor_class = _EncryptedAttribute

    def __init__(self, *args, **kwargs):
        kwargs["null"] = True
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("null", None)
        return name, path, args, kwargs

    def aad_for(self, instance):
        if instance.pk is None:
            raise ValueError(
                f"{instance._meta.label} needs its primary key before an encrypted field is sealed"
            )
        return associated_data(instance._meta.db_table, self.column, instance.pk)

    def get_default(self):
        return ""

    def from_plaintext(self, text):
        """The attribute value of decrypted `text`."""
        return text

    def to_plaintext(self, value):
        return str(value)

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if value is None or value == "":
            return None
        return encrypt(self.to_plaintext(value), aad=self.aad_for(model_instance))

    def from_db_value(self, value, expression, connection):
        if value is None:
            return ""
        return Sealed(bytes(value))

    def to_python(self, value):
        if value is None:
            return ""
        return value

    def value_to_string(self, obj):
        return "[versleuteld]"

    # Always a CharField on a Textarea: no form_class of a BinaryField applies.
    def formfield(self, **kwargs):  # type: ignore[override]
        from django import forms

        return forms.CharField(widget=forms.Textarea, required=not self.blank, **kwargs)


class EncryptedDateField(EncryptedTextField):
    """A date stored encrypted (its ISO text). No date is stored as NULL and reads as None."""

    def get_default(self):
        return None

    def from_plaintext(self, text):
        return datetime.date.fromisoformat(text)

    def to_plaintext(self, value):
        return self.to_python(value).isoformat()

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        return Sealed(bytes(value))

    def to_python(self, value):
        if value is None or value == "":
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        return datetime.date.fromisoformat(str(value))

    def formfield(self, **kwargs):  # type: ignore[override]
        from django import forms

        return forms.DateField(required=not self.blank, **kwargs)

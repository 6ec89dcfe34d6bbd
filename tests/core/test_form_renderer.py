"""The fast widget renderer writes the same markup as Django's widget templates."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.test.html import parse_html

from core.form_renderer import FAST_WIDGETS

KEUZES = [
    ("open", "Open"),
    ("a&b", 'Met "aanhalingstekens" & <tekens>'),
    ("Groep", [("x", "X"), ("y", "Y")]),
]


class Voorbeeld(forms.Form):
    status = forms.ChoiceField(choices=KEUZES)
    meerdere = forms.MultipleChoiceField(choices=KEUZES, required=False)
    notitie = forms.CharField(
        max_length=40, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    naam = forms.CharField(max_length=20, help_text="Uw naam")
    aantal = forms.IntegerField(min_value=0, required=False)
    datum = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    versie = forms.IntegerField(widget=forms.HiddenInput)
    akkoord = forms.BooleanField(required=False)
    keuze = forms.ChoiceField(choices=KEUZES[:2], widget=forms.RadioSelect, required=False)


def _render(form, renderer):
    form.renderer = renderer
    return {name: parse_html(str(form[name])) for name in form.fields}


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"status": "a&b", "meerdere": ["x", "open"], "notitie": '<b>"vet"</b> & meer'},
        {"status": "bestaat-niet", "naam": "", "aantal": "-1", "versie": "x"},
        {"naam": "Jan & Piet", "versie": "3", "akkoord": "on", "keuze": "open"},
    ],
)
def test_fast_widgets_render_as_django_does(data):
    initial = {"status": "open", "versie": 7, "notitie": "eerste\nregel"}
    if data is not None:
        data = {f"actie-1-{name}": value for name, value in data.items()}
    standaard = Voorbeeld(data, initial=initial, prefix="actie-1")
    snel = Voorbeeld(data, initial=initial, prefix="actie-1")
    if data is not None:
        standaard.is_valid()
        snel.is_valid()
    assert _render(snel, FAST_WIDGETS) == _render(standaard, DjangoTemplates())
    if data is not None and data.get("actie-1-notitie"):
        assert "&lt;b&gt;" in str(snel["notitie"])  # the bound value, escaped


def test_an_unknown_template_renders_through_django():
    html = FAST_WIDGETS.render("django/forms/widgets/attrs.html", {"widget": {"attrs": {}}})
    assert html == ""

"""The error summary at the top of a form: every error once, each linked to its field."""

import re

import pytest
from django import forms
from django.template.loader import render_to_string
from django.urls import reverse

from aanmelding.forms import AanmeldingForm, PersoonForm
from aanmelding.models import AanmeldingPersoon
from partners.models import Rol
from tests.aanmelding.factories import AanmeldingFactory


class _Voorbeeld(forms.Form):
    naam = forms.CharField(max_length=5)
    keuze = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    verborgen = forms.CharField(max_length=5, required=False, widget=forms.HiddenInput)

    def clean(self):
        raise forms.ValidationError("Een fout van het hele formulier.")


def _links(html):
    return re.findall(r'<a href="#([^"]+)">([^<]+)</a>', html)


def test_summary_links_each_field_error_and_lists_form_errors_without_link():
    form = _Voorbeeld({"naam": "te lang", "verborgen": "ook te lang"})
    html = render_to_string("error_summary.html", {"form": form})
    assert 'class="error-summary"' in html and 'role="alert"' in html
    assert 'tabindex="-1"' in html and 'aria-labelledby="error-summary-titel"' in html
    assert "Er is een probleem met wat u invulde" in html and "Er ging iets mis" not in html
    assert _links(html) == [
        ("id_naam", "Gebruik maximaal 5 tekens (u gebruikte 7)."),
        ("id_keuze_0", "Dit veld is verplicht."),  # a radio group: its first option
    ]
    assert "<li>Een fout van het hele formulier.</li>" in html
    assert "<li>Gebruik maximaal 5 tekens (u gebruikte 11).</li>" in html  # hidden: no link


def test_no_summary_without_errors():
    assert render_to_string("error_summary.html", {"form": PersoonForm()}).strip() == ""
    valid = PersoonForm({"achternaam": "Boer"})
    assert render_to_string("error_summary.html", {"form": valid}).strip() == ""


def test_summary_lists_the_errors_of_a_formset_per_form():
    formset_class = forms.formset_factory(PersoonForm, min_num=1, validate_min=True)
    formset = formset_class({"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0"})
    html = render_to_string("error_summary.html", {"form": None, "formset": formset})
    assert "Vul ten minste een voornaam of achternaam in." in html


def test_a_too_long_first_name_is_one_error_not_also_a_missing_name():
    """Regression: 300 characters of first name also gave "Vul ten minste een voornaam of
    achternaam in"."""
    form = PersoonForm({"voornamen": "x" * 300})
    assert not form.is_valid()
    assert form.non_field_errors() == []
    assert form.errors == {"voornamen": ["Gebruik maximaal 200 tekens (u gebruikte 300)."]}


def test_no_name_at_all_is_still_refused():
    form = PersoonForm({"voornamen": "", "achternaam": ""})
    assert form.non_field_errors() == ["Vul ten minste een voornaam of achternaam in."]


@pytest.mark.django_db
def test_a_too_long_reason_for_urgency_is_not_also_a_missing_one(zvh):
    form = AanmeldingForm({"reden": "r", "spoed": "on", "spoed_reden": "x" * 5000}, zvh=zvh)
    assert not form.is_valid()
    assert form.errors["spoed_reden"] == ["Gebruik maximaal 4000 tekens (u gebruikte 5000)."]
    form = AanmeldingForm({"reden": "r", "spoed": "on", "spoed_reden": ""}, zvh=zvh)
    assert form.errors["spoed_reden"] == ["Geef de reden voor spoed."]
    form = AanmeldingForm(
        {"reden": "r", "persoon_geinformeerd": "nee", "niet_geinformeerd_reden": "x" * 4001},
        zvh=zvh,
    )
    assert form.errors["niet_geinformeerd_reden"] == [
        "Gebruik maximaal 4000 tekens (u gebruikte 4001)."
    ]


@pytest.mark.django_db
def test_adding_a_person_with_a_too_long_name_shows_the_summary_and_adds_nothing(
    zvh, make_user, login
):
    aanmelder = make_user(zvh, Rol.KETENPARTNER)
    aanmelding = AanmeldingFactory(zvh=zvh, aangemeld_door=aanmelder, personen=0)
    client = login(aanmelder)
    url = reverse("aanmelding:persoon_toevoegen", args=[aanmelding.pk])
    response = client.post(url, {"voornamen": "x" * 300})
    page = response.content.decode()
    assert response.status_code == 400
    assert _links(page) == [("id_voornamen", "Gebruik maximaal 200 tekens (u gebruikte 300).")]
    assert 'id="fouten-persoon"' in page
    assert "Vul ten minste een voornaam of achternaam in." not in page
    assert 'aria-describedby="id_voornamen_error"' in page
    assert not AanmeldingPersoon.objects.exists()


@pytest.mark.django_db
def test_validation_errors_never_say_er_ging_iets_mis(zvh, make_user, login):
    client = login(make_user(zvh, Rol.KETENPARTNER))
    response = client.post(reverse("aanmelding:nieuw"), {"reden": ""})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Er is een probleem met wat u invulde" in page
    assert "Er ging iets mis" not in page
    assert ("id_reden", "Dit veld is verplicht.") in _links(page)


def test_the_500_page_keeps_er_ging_iets_mis():
    assert "Er ging iets mis" in render_to_string("500.html")

"""Issue 10, point 4: a shorter triage. The referrer's assessment beside each criterion and
adopted on request, the fields of the chosen decision, the procesregisseur preselected, and
under four-eyes no confirm button for the one who accepted."""

import re

import pytest
from django.urls import reverse

from aanmelding import services
from aanmelding.models import Status, Triagebesluit, TriageInstelling
from audit import events
from audit.models import AccessLog
from tests.aanmelding.conftest import ALLE_JA
from tests.aanmelding.factories import AanmeldingFactory

pytestmark = pytest.mark.django_db


def _triage(client, aanmelding, data=None):
    url = reverse("aanmelding:triage", args=[aanmelding.pk])
    return client.post(url, data) if data is not None else client.get(url)


def _checked(page, name, value):
    return re.search(rf'<input type="radio" name="{name}" value="{value}"[^>]*checked', page)


def _textarea(page, name):
    match = re.search(rf'<textarea name="{name}"[^>]*>\s*(.*?)</textarea>', page, re.S)
    return match.group(1).strip() if match else None


def test_referrers_assessment_is_shown_beside_each_criterion(zvh, regisseur, login):
    aanmelding = AanmeldingFactory(zvh=zvh, ingediend=True, wgs_c=False)
    page = _triage(login(regisseur), aanmelding).content.decode()
    form = page[page.index('class="triage-form"') :]
    for letter in "abcd":
        assert f'name="overnemen" value="{letter}"' in form
    # Beside criterion c, between its answer and its motivation field.
    c = form[form.index('name="oordeel_c"') : form.index('name="oordeel_c_motivatie"')]
    assert "Aanmelder" in c and "Nee" in c and "Aangiftes van bedreiging." in c


def test_adopting_fills_answer_and_motivation_and_stores_nothing(zvh, regisseur, login):
    aanmelding = AanmeldingFactory(zvh=zvh, ingediend=True)
    client = login(regisseur)
    response = _triage(
        client,
        aanmelding,
        {"overnemen": "b", "oordeel_a": "nee", "oordeel_a_motivatie": "Eigen oordeel a."},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert _checked(page, "oordeel_b", "ja")
    assert _textarea(page, "oordeel_b_motivatie") == "Huisvesting, financiën en justitie."
    # What was typed elsewhere stays; nothing else is adopted; no errors are shown.
    assert _checked(page, "oordeel_a", "nee")
    assert _textarea(page, "oordeel_a_motivatie") == "Eigen oordeel a."
    assert not _checked(page, "oordeel_c", "ja") and _textarea(page, "oordeel_c_motivatie") == ""
    assert "field-error" not in page
    assert not Triagebesluit.objects.exists()
    aanmelding.refresh_from_db()
    assert aanmelding.status == Status.INGEDIEND


def test_adopting_all_then_accepting(zvh, regisseur, regisseur2, thema, login):
    aanmelding = AanmeldingFactory(zvh=zvh, ingediend=True)
    client = login(regisseur)
    page = _triage(client, aanmelding, {"overnemen": "alle"}).content.decode()
    data = {}
    for letter in "abcd":
        assert _checked(page, f"oordeel_{letter}", "ja")
        data[f"oordeel_{letter}"] = "ja"
        data[f"oordeel_{letter}_motivatie"] = _textarea(page, f"oordeel_{letter}_motivatie")
    data.update(
        besluit="accepteren",
        themas=[thema.pk],
        ave_niveau="2",
        procesregisseur=regisseur.pk,
        backup_procesregisseur=regisseur2.pk,
    )
    assert _triage(client, aanmelding, data).status_code == 302
    aanmelding.refresh_from_db()
    assert aanmelding.status == Status.GEACCEPTEERD
    oordeel = Triagebesluit.objects.get().oordelen.get(wgs_criterium="d")
    assert oordeel.motivatie == "Politie, GGZ en gemeente nodig."


def test_decision_fields_are_grouped_per_decision(zvh, regisseur, thema, login):
    """The CSS shows a group only when its decision is chosen (no JavaScript needed): the
    accept fields, the decline reason and the message each sit in their own group."""
    aanmelding = AanmeldingFactory(zvh=zvh, ingediend=True)
    page = _triage(login(regisseur), aanmelding).content.decode()
    accepteren = page[page.index("bij-besluit bij-accepteren") :]
    accepteren = accepteren[: accepteren.index("bij-besluit bij-afwijzen")]
    assert 'name="themas"' in accepteren and 'name="procesregisseur"' in accepteren
    assert 'name="afwijsreden"' not in accepteren and 'name="bericht"' not in accepteren
    afwijzen = page[page.index('<div class="bij-besluit bij-afwijzen">') :]
    assert afwijzen.index('name="afwijsreden"') < afwijzen.index("</div>")


def test_procesregisseur_defaults_to_the_current_user(zvh, regisseur, regisseur2, login):
    aanmelding = AanmeldingFactory(zvh=zvh, ingediend=True)
    page = _triage(login(regisseur2), aanmelding).content.decode()
    select = page[page.index('name="procesregisseur"') :]
    select = select[: select.index("</select>")]
    assert re.search(rf'<option value="{regisseur2.pk}" selected>', select)
    backup = page[page.index('name="backup_procesregisseur"') :]
    assert " selected>" not in backup[: backup.index("</select>")].replace(
        '<option value="" selected>', ""
    )


def test_four_eyes_accepter_sees_status_not_a_confirm_button(
    zvh, regisseur, regisseur2, thema, login, as_actor
):
    TriageInstelling.objects.create(zvh=zvh, vier_ogen=True)
    aanmelding = AanmeldingFactory(zvh=zvh, ingediend=True)
    services.triage_besluiten(
        actor=as_actor(regisseur, zvh),
        aanmelding=aanmelding,
        besluit="accepteren",
        oordelen=dict(ALLE_JA),
        themas=[thema],
        ave_niveau=3,
        procesregisseur=regisseur,
        backup_procesregisseur=regisseur2,
    )
    eigen = _triage(login(regisseur), aanmelding).content.decode()
    assert "Acceptatie bevestigen</button>" not in eigen
    assert "Niet bevestigen" not in eigen
    assert "U heeft deze aanmelding geaccepteerd." in eigen
    ander = _triage(login(regisseur2), aanmelding).content.decode()
    assert "Acceptatie bevestigen</button>" in ander and "Niet bevestigen" in ander


def test_adopting_is_audited_as_a_read_only(zvh, regisseur, login):
    aanmelding = AanmeldingFactory(zvh=zvh, ingediend=True)
    client = login(regisseur)
    before = AccessLog.objects.count()
    assert _triage(client, aanmelding, {"overnemen": "a"}).status_code == 200
    rows = list(AccessLog.objects.order_by("id")[before:])
    assert [r.event_type for r in rows] == [events.AANMELDING_BEKEKEN]


def test_a_referrer_cannot_adopt_or_triage(zvh, login):
    aanmelding = AanmeldingFactory(zvh=zvh, ingediend=True)
    response = _triage(login(aanmelding.aangemeld_door), aanmelding, {"overnemen": "a"})
    assert response.status_code == 403

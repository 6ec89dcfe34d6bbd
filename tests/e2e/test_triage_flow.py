"""The shorter triage in Chromium (issue 10): the referrer's assessment adopted and edited,
only the fields of the chosen decision, a draft kept and restored, accept; and a referrer
removing a person from a draft and deleting a draft. axe-core on every page visited."""

import pytest

from aanmelding.models import Aanmelding, AanmeldingPersoon, Status
from casus.models import Casus, Thema
from partners.models import Formulierconcept, Rol
from tests.aanmelding.factories import AanmeldingFactory, AfwijsredenFactory
from tests.e2e.conftest import axe_check


def _goto(page, path):
    response = page.goto(path)
    assert response.status < 400, (path, response.status)
    axe_check(page)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_triage_adopting_the_referrers_assessment_and_accepting(zvh, make_user, page_as):
    regisseur = make_user(zvh, Rol.PROCESREGISSEUR, first_name="Petra", last_name="Regisseur")
    backup = make_user(
        zvh, Rol.PROCESREGISSEUR, organisatie=regisseur.organisatie, first_name="Paul"
    )
    Thema.objects.create(zvh=zvh, code="hg", naam="Huiselijk geweld")
    AfwijsredenFactory(zvh=zvh, omschrijving="Lokaal oppakken")
    aanmelding = AanmeldingFactory(
        zvh=zvh, ingediend=True, nummer="A-2026-0042", personen__gekoppeld=False
    )

    page = page_as(regisseur)
    _goto(page, "/triage/")
    assert page.get_by_role("cell", name="A-2026-0042").is_visible()
    page.get_by_label("Zoek op aanmeldingsnummer").fill("2026-0042")
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_load_state()
    axe_check(page)
    page.get_by_role("link", name=aanmelding.personen_geordend[0].naam).click()
    page.wait_for_url(f"**/triage/{aanmelding.pk}/")
    axe_check(page)
    assert page.get_by_role("heading", name="Triage van aanmelding A-2026-0042").is_visible()

    # Until a decision is chosen, no decision fields; the procesregisseur is preselected.
    assert not page.is_visible("#id_themas_0") and not page.is_visible("#id_afwijsreden")
    assert page.input_value("#id_procesregisseur") == str(regisseur.pk)

    # Adopt criterion a, then all; edit one motivation.
    page.get_by_role("button", name="Overnemen bij criterium a").click()
    page.wait_for_load_state()
    axe_check(page)
    assert page.is_checked("#id_oordeel_a_0")
    assert page.input_value("#id_oordeel_a_motivatie") == "Problematiek bij de persoon zelf."
    assert page.input_value("#id_oordeel_b_motivatie") == ""
    page.get_by_role("button", name="Alle beoordelingen van de aanmelder overnemen").click()
    page.wait_for_load_state()
    for letter in "abcd":
        assert page.is_checked(f"#id_oordeel_{letter}_0")
    page.fill("#id_oordeel_c_motivatie", "Eigen oordeel: aangiftes en overlast in de buurt.")

    # Choosing a decision shows its fields only (CSS, no script).
    page.check("#id_besluit_1")  # afwijzen
    assert page.is_visible("#id_afwijsreden") and page.is_visible("#id_bericht")
    assert not page.is_visible("#id_themas_0")
    axe_check(page)
    page.check("#id_besluit_0")  # accepteren
    assert page.is_visible("#id_themas_0") and not page.is_visible("#id_afwijsreden")
    assert not page.is_visible("#id_bericht")
    axe_check(page)

    # Keep a draft; reopened, the page shows it.
    page.get_by_role("button", name="Concept bewaren").click()
    page.wait_for_load_state()
    assert page.get_by_text("Uw concept is bewaard.").is_visible()
    axe_check(page)
    _goto(page, f"/triage/{aanmelding.pk}/")
    assert page.get_by_text("U ziet uw concept van").is_visible()
    assert page.input_value("#id_oordeel_c_motivatie").startswith("Eigen oordeel")
    assert page.is_checked("#id_besluit_0") and page.is_visible("#id_themas_0")

    page.check("#id_themas_0")
    page.check("#id_ave_niveau_2")
    page.select_option("#id_backup_procesregisseur", str(backup.pk))
    page.get_by_role("button", name="Besluit vastleggen").click()
    page.wait_for_url("**/triage/")
    assert page.get_by_text("Het triagebesluit is vastgelegd.").is_visible()
    axe_check(page)

    aanmelding.refresh_from_db()
    assert aanmelding.status == Status.GEACCEPTEERD
    casus = Casus.objects.get()
    besluit = aanmelding.triagebesluiten.get()
    assert besluit.oordelen.get(wgs_criterium="c").motivatie.startswith("Eigen oordeel")
    assert besluit.oordelen.get(wgs_criterium="d").motivatie == "Politie, GGZ en gemeente nodig."
    assert (casus.procesregisseur_id, casus.backup_procesregisseur_id) == (regisseur.pk, backup.pk)
    assert not Formulierconcept.objects.exists()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_referrer_removes_a_person_and_deletes_a_draft(zvh, make_user, page_as):
    aanmelder = make_user(zvh, Rol.KETENPARTNER, first_name="Karim", last_name="Wijkagent")
    concept = AanmeldingFactory(
        zvh=zvh,
        aangemeld_door=aanmelder,
        nummer="A-2026-0007",
        personen=2,
        personen__gekoppeld=False,
    )
    eerste, tweede = concept.personen_geordend

    page = page_as(aanmelder)
    _goto(page, "/aanmeldingen/")
    page.get_by_role("link", name="A-2026-0007").click()
    page.wait_for_url(f"**/aanmeldingen/{concept.pk}/")
    axe_check(page)
    page.get_by_role("link", name=f"Verwijderen {tweede.naam}").click()
    page.wait_for_url(f"**/personen/{tweede.pk}/verwijderen/")
    axe_check(page)
    page.get_by_role("button", name="Ja, persoon verwijderen").click()
    page.wait_for_url(f"**/aanmeldingen/{concept.pk}/")
    assert page.get_by_text(f"{tweede.naam} is uit de aanmelding verwijderd.").is_visible()
    axe_check(page)
    assert list(AanmeldingPersoon.objects.values_list("pk", flat=True)) == [eerste.pk]

    page.get_by_role("link", name="Concept verwijderen").click()
    page.wait_for_url(f"**/aanmeldingen/{concept.pk}/verwijderen/")
    axe_check(page)
    page.get_by_role("link", name="Nee, terug").click()
    page.wait_for_url(f"**/aanmeldingen/{concept.pk}/")
    assert Aanmelding.objects.filter(pk=concept.pk).exists()
    page.get_by_role("link", name="Concept verwijderen").click()
    page.get_by_role("button", name="Ja, concept verwijderen").click()
    page.wait_for_url("**/aanmeldingen/")
    assert page.get_by_text("Het concept A-2026-0007 is verwijderd.").is_visible()
    axe_check(page)
    assert not Aanmelding.objects.exists()

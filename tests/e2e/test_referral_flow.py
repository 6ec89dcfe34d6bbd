"""The referral → triage → accept flow in Chromium, with axe-core on every page visited."""

import pytest
from django.db import connection

from aanmelding.models import Aanmelding, Status
from casus.models import Casus, Thema
from partners.models import Rol
from tests.aanmelding.factories import AfwijsredenFactory
from tests.casus.factories import PersoonFactory
from tests.e2e.conftest import axe_check


def _goto(page, path):
    response = page.goto(path)
    assert response.status < 400, (path, response.status)
    axe_check(page)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_referral_triage_accept_flow(zvh, make_user, page_as):
    aanmelder = make_user(zvh, Rol.KETENPARTNER, first_name="Karim", last_name="Wijkagent")
    regisseur = make_user(zvh, Rol.PROCESREGISSEUR, first_name="Petra", last_name="Regisseur")
    backup = make_user(
        zvh, Rol.PROCESREGISSEUR, organisatie=regisseur.organisatie, first_name="Paul"
    )
    thema = Thema.objects.create(zvh=zvh, code="hg", naam="Huiselijk geweld")
    AfwijsredenFactory(zvh=zvh, omschrijving="Lokaal oppakken")
    # Another organisation registered this BSN earlier; the referrer must not learn that.
    bekend = PersoonFactory(
        zvh=zvh, bsn="111222333", voornamen="Sanne", achternaam="Bekend-Elders", adres="Hof 1"
    )

    # The referrer fills in the form, adds a person and submits.
    page = page_as(aanmelder)
    _goto(page, "/")
    page.get_by_role("link", name="Aanmelden").first.click()
    page.wait_for_url("**/aanmeldingen/nieuw/")
    axe_check(page)
    page.fill("#id_reden", "Escalerende overlast en zorgen om de kinderen.")
    page.fill("#id_leefgebied_huisvesting", "Dreigende huisuitzetting.")
    page.fill("#id_leefgebied_justitie", "Aangiftes van bedreiging.")
    for letter in "abcd":
        page.check(f"#id_wgs_{letter}_0")
        page.fill(f"#id_wgs_{letter}_motivatie", f"Onderbouwing criterium {letter}.")
    page.check("#id_spoed")
    page.fill("#id_spoed_reden", "Acute dreiging.")
    page.check("#id_persoon_geinformeerd_1")
    page.fill("#id_niet_geinformeerd_reden", "Informeren verhoogt het risico.")
    page.fill("#id_melder_telefoon", "0612345678")
    page.get_by_role("button", name="Concept opslaan").click()
    page.wait_for_url("**/aanmeldingen/*/")
    axe_check(page)
    # Bad input first: a clear Dutch error, linked to its field, and still no axe violations.
    page.fill("#id_bsn", "111222334")
    page.fill("#id_achternaam", "de Boer")
    page.get_by_role("button", name="Persoon toevoegen").click()
    page.wait_for_load_state()
    assert (
        page.locator("#id_bsn_error")
        .get_by_text("Dit BSN voldoet niet aan de elfproef.")
        .is_visible()
    )
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert page.get_attribute("#id_bsn", "aria-invalid") == "true"
    assert "id_bsn_error" in page.get_attribute("#id_bsn", "aria-describedby")
    axe_check(page)
    page.fill("#id_bsn", "111222333")
    page.fill("#id_voornamen", "Sanne")
    page.fill("#id_achternaam", "de Boer")
    page.fill("#id_geboortedatum", "1990-04-01")
    page.get_by_role("button", name="Persoon toevoegen").click()
    page.wait_for_load_state()
    assert page.get_by_text("De persoon is toegevoegd.").is_visible()
    assert "Bekend-Elders" not in page.content() and "geregistreerd" not in page.content()
    axe_check(page)
    page.get_by_role("button", name="Aanmelding indienen").click()
    page.wait_for_load_state()
    assert page.get_by_text("De aanmelding is ingediend.").is_visible()
    axe_check(page)
    aanmelding = Aanmelding.objects.get()
    assert aanmelding.status == Status.INGEDIEND
    _goto(page, "/aanmeldingen/")
    assert page.get_by_text("Sanne de Boer").is_visible()

    # The procesregisseur triages and accepts.
    page = page_as(regisseur)
    _goto(page, "/triage/")
    page.get_by_role("link", name="Sanne de Boer").click()
    page.wait_for_url(f"**/triage/{aanmelding.pk}/")
    axe_check(page)
    # The possible registration is shown to the procesregisseur and preselected (same BSN).
    assert page.get_by_role("heading", name="Mogelijk al geregistreerd in dit huis").is_visible()
    link = aanmelding.aanmeldingpersoon_set.get()
    assert page.is_checked(f"input[name='persoon_{link.pk}'][value='{bekend.pk}']")
    for letter in "abcd":
        page.check(f"#id_oordeel_{letter}_0")
        page.fill(f"#id_oordeel_{letter}_motivatie", f"Voldaan: criterium {letter}.")
    page.check("#id_besluit_0")
    page.check("#id_themas_0")
    page.check("#id_ave_niveau_2")
    page.select_option("#id_procesregisseur", str(regisseur.pk))
    page.select_option("#id_backup_procesregisseur", str(backup.pk))
    page.get_by_role("button", name="Besluit vastleggen").click()
    page.wait_for_url("**/triage/")
    assert page.get_by_text("Het triagebesluit is vastgelegd.").is_visible()
    axe_check(page)

    casus = Casus.objects.get()
    assert list(casus.themas.all()) == [thema]
    assert list(casus.personen.all()) == [bekend]
    _goto(page, f"/casussen/{casus.pk}/")

    # The referrer sees the outcome and can open the casus as deelnemer.
    page = page_as(aanmelder)
    _goto(page, f"/aanmeldingen/{aanmelding.pk}/")
    assert page.get_by_text("Uitkomst: geaccepteerd").is_visible()
    page.get_by_role("link", name="Naar de casus").click()
    page.wait_for_url(f"**/casussen/{casus.pk}/")
    axe_check(page)

    # django-auditlog's change table holds none of the persons' data (a dump, every column).
    with connection.cursor() as cursor:
        cursor.execute("SELECT t::text FROM auditlog_logentry t")
        dump = "\n".join(row[0] for row in cursor.fetchall())
    assert dump
    for value in ("Sanne", "de Boer", "Bekend-Elders", "111222333", "1990-04-01", "Hof 1"):
        assert value not in dump, value

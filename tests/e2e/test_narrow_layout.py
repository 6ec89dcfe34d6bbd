"""At a phone's width (390 px) no main page scrolls sideways: list tables scroll inside their
own labelled region and long unbroken names wrap. At desktop width the header is one compact
bar. axe-core on every page visited."""

import pytest
from playwright.sync_api import expect

from aanmelding import services
from audit import events
from casus.models import Thema
from core.crypto import blind_index
from partners.models import Rol
from tests.aanmelding.conftest import ALLE_JA
from tests.aanmelding.factories import AanmeldingFactory
from tests.audit.rows import record
from tests.casus.factories import PersoonFactory
from tests.e2e.conftest import axe_check
from tests.partners.factories import OrganisatieFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Names as people and organisations really type them sometimes: long and without spaces.
LANGE_NAAM = "Wijkteamorganisatiemaatschappelijkedienstverleningregiodemostadnoordoost"
LANGE_ACHTERNAAM = "Vanderschoot-Wieringermeerpolderbewonersvereniging"
BSN = "111222333"


@pytest.fixture
def wereld(zvh, make_user, as_actor):
    huis_org = OrganisatieFactory(naam="Zorg- en Veiligheidshuis Smal")
    lange_org = OrganisatieFactory(naam=LANGE_NAAM)

    def user(rol, organisatie, first_name):
        return make_user(
            zvh, rol, organisatie=organisatie, first_name=first_name, last_name=LANGE_ACHTERNAAM
        )

    users = {
        "procesregisseur": user(Rol.PROCESREGISSEUR, huis_org, "Petra"),
        "ketenpartner": user(Rol.KETENPARTNER, lange_org, "Karim"),
        "privacy_officer": user(Rol.PRIVACY_OFFICER, huis_org, "Pim"),
        "functioneel_beheerder": user(Rol.FUNCTIONEEL_BEHEERDER, huis_org, "Bart"),
        "manager": user(Rol.MANAGER, huis_org, "Marieke"),
    }
    backup = user(Rol.PROCESREGISSEUR, huis_org, "Paul")
    melder = users["ketenpartner"]
    wachtend = AanmeldingFactory(zvh=zvh, ingediend=True, aangemeld_door=melder, personen=0)
    persoon = PersoonFactory(
        zvh=zvh, voornamen="Annemarie", achternaam=LANGE_ACHTERNAAM, woonplaats=LANGE_NAAM
    )
    wachtend.aanmeldingpersoon_set.create(persoon=persoon, volgorde=0)
    geaccepteerd = AanmeldingFactory(zvh=zvh, ingediend=True, aangemeld_door=melder)
    thema = Thema.objects.create(zvh=zvh, code="hg", naam="Huiselijk geweld")
    regisseur = users["procesregisseur"]
    services.triage_besluiten(
        actor=as_actor(regisseur, zvh),
        aanmelding=geaccepteerd,
        besluit="accepteren",
        oordelen=dict(ALLE_JA),
        themas=[thema],
        ave_niveau=3,
        procesregisseur=regisseur,
        backup_procesregisseur=backup,
    )
    geaccepteerd.refresh_from_db()
    for _ in range(3):
        record(
            event=events.PERSOON_BEKEKEN,
            zvh=zvh,
            actor=melder,
            persoon_pseudoniem=blind_index(BSN),
            doel="triage",
        )
    return {
        "users": users,
        "aanmelding": wachtend,
        "persoon": persoon,
        "casus": geaccepteerd.casus,
    }


def _pages(w):
    aanmelding, persoon, casus = w["aanmelding"].pk, w["persoon"].pk, w["casus"].pk
    return {
        "procesregisseur": [
            "/",
            "/triage/",
            f"/triage/{aanmelding}/",
            f"/personen/{persoon}/",
            f"/casussen/{casus}/",
        ],
        "ketenpartner": [
            "/",
            "/aanmeldingen/",
            "/aanmeldingen/nieuw/",
            f"/aanmeldingen/{aanmelding}/",
        ],
        "privacy_officer": ["/", "/audit/", "/audit/signalen/", "/audit/inzage/"],
        "functioneel_beheerder": [
            "/",
            "/beheer/organisaties/",
            "/beheer/medewerkers/",
            "/beheer/triage/",
        ],
        "manager": ["/"],
    }


def _no_sideways_scroll(page):
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{page.url}: page is {widths[0]} px wide in {widths[1]} px"


def test_main_pages_do_not_scroll_sideways_at_390_px(page_as, wereld):
    for rol, paths in _pages(wereld).items():
        page = page_as(wereld["users"][rol])
        page.set_viewport_size({"width": 390, "height": 844})
        for path in paths:
            response = page.goto(path)
            assert response.status == 200, (rol, path, response.status)
            _no_sideways_scroll(page)
            axe_check(page)
        if rol == "privacy_officer":
            # The audit search with its result table, at the same width.
            page.goto("/audit/")
            page.get_by_label("BSN van de persoon").fill(BSN)
            page.get_by_label("Doel van deze zoekvraag").fill("inzageverzoek 2026-014")
            page.get_by_role("button", name="Zoeken", exact=True).click()
            expect(page.get_by_role("region", name="Auditregels")).to_be_visible()
            _no_sideways_scroll(page)
            axe_check(page)
        page.close()


def test_a_wide_table_scrolls_inside_its_region_by_keyboard(page_as, wereld):
    page = page_as(wereld["users"]["functioneel_beheerder"])
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/beheer/medewerkers/")
    region = page.get_by_role("region", name="Medewerkers van organisaties in dit huis")
    expect(region).to_have_attribute("tabindex", "0")
    sizes = region.evaluate("r => [r.scrollWidth, r.clientWidth]")
    assert sizes[0] > sizes[1], "the table should be wider than its region at this width"
    region.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    # Arrow keys scroll smoothly: wait for the scroll rather than reading it at once.
    page.wait_for_function("r => r.scrollLeft > 0", arg=region.element_handle())
    _no_sideways_scroll(page)


def test_header_is_one_compact_bar_at_desktop_width(page_as, wereld):
    # A name of ordinary length (the factory's random names can be long enough to wrap the
    # context, which the header allows: only the context wraps).
    regisseur = wereld["users"]["procesregisseur"]
    regisseur.first_name, regisseur.last_name = "Petra", "de Vries"
    regisseur.save(update_fields=["first_name", "last_name"])
    page = page_as(regisseur)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/")
    header = page.locator(".site-header").bounding_box()
    logout = page.get_by_role("button", name="Uitloggen").bounding_box()
    brand = page.get_by_role("link", name="Casus", exact=True).bounding_box()
    assert header["height"] <= 64, header
    assert logout["height"] <= 32, logout
    # The logout button sits in the same bar as the brand, not on a row of its own.
    assert abs((logout["y"] + logout["height"] / 2) - (brand["y"] + brand["height"] / 2)) < 16
    context = page.get_by_role("group", name="Huidige context")
    expect(context).to_contain_text("Rol: Procesregisseur")
    axe_check(page)

"""Every view that shows personal data writes exactly one read event; new views must be listed.

The test walks the URL configuration. A URL name that is neither in PERSONAL_DATA_VIEWS (how to
request it, as whom) nor in EXEMPT (with the reason) fails the suite, so a new view cannot slip
in without deciding whether it shows personal data and logging it.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from audit import events
from audit.events import READ_ACTIONS
from audit.models import AccessLog
from core.crypto import blind_index
from partners.models import Rol
from tests.audit.rows import record


def _beheerder(ctx):
    return ctx["beheerder"]


def _officer(ctx):
    return ctx["officer"]


def _aanmelder(ctx):
    return ctx["aanmelder"]


def _regisseur(ctx):
    return ctx["regisseur"]


def _coordinator(ctx):
    return ctx["coordinator"]


# url name -> (who, method, args from ctx, data)
PERSONAL_DATA_VIEWS = {
    "partners:beheer_medewerkers": (_beheerder, "get", lambda c: [], {}),
    "partners:beheer_medewerker": (_beheerder, "get", lambda c: [c["colleague"].pk], {}),
    "partners:beheer_rolaanvragen": (_beheerder, "get", lambda c: [], {}),
    "audit:zoeken": (_officer, "get", lambda c: [], {}),
    "audit:regel": (_officer, "get", lambda c: [c["row"].pk], {}),
    "audit:export": (_officer, "post", lambda c: [], {"doel": "controle"}),
    "audit:inzage": (_officer, "post", lambda c: [], {"bsn": "111222333", "doel": "inzage 1"}),
    "audit:signalen": (_officer, "get", lambda c: [], {}),
    "aanmelding:mijn": (_aanmelder, "get", lambda c: [], {}),
    "aanmelding:detail": (_aanmelder, "get", lambda c: [c["ingediend"].pk], {}),
    "aanmelding:wijzigen": (_aanmelder, "get", lambda c: [c["concept"].pk], {}),
    # The confirmation pages (GET) show the draft's persons; the POST is a change, audited as
    # AANMELDING_VERWIJDERD / AANMELDING_PERSOON_VERWIJDERD.
    "aanmelding:verwijderen": (_aanmelder, "get", lambda c: [c["concept"].pk], {}),
    "aanmelding:persoon_verwijderen": (
        _aanmelder,
        "get",
        lambda c: [c["concept"].pk, c["concept"].aanmeldingpersoon_set.get().pk],
        {},
    ),
    "aanmelding:werkvoorraad": (_regisseur, "get", lambda c: [], {}),
    "aanmelding:triage": (_regisseur, "get", lambda c: [c["ingediend"].pk], {}),
    "casus:persoon": (_regisseur, "get", lambda c: [c["persoon"].pk], {}),
    "casus:casus": (_regisseur, "get", lambda c: [c["casus"].pk], {}),
    "casus:overleg_sessie": (_regisseur, "get", lambda c: [c["overleg"].sessie_id], {}),
    "casus:overleg": (_regisseur, "get", lambda c: [c["overleg"].pk], {}),
    "casus:overleg_plannen": (_regisseur, "get", lambda c: [c["casus"].pk], {}),
    "casus:scores": (_regisseur, "get", lambda c: [c["casus"].pk, c["casus_persoon"].pk], {}),
    "casus:score_nieuw": (
        _regisseur,
        "get",
        lambda c: [c["casus"].pk, c["casus_persoon"].pk],
        {},
    ),
    "casus:pitch": (_regisseur, "get", lambda c: [c["casus"].pk], {}),
    "casus:lijst": (_regisseur, "get", lambda c: [], {}),
    "casus:mijn": (_aanmelder, "get", lambda c: [], {}),
    "casus:verrijking": (_coordinator, "get", lambda c: [c["casus"].pk], {}),
    "casus:uitvraag": (_aanmelder, "get", lambda c: [c["uitvraag"].pk], {}),
    "casus:uitvragen": (_aanmelder, "get", lambda c: [], {}),
    "casus:uitvragen_openstaand": (_coordinator, "get", lambda c: [], {}),
    "casus:monitoring_mijn": (_regisseur, "get", lambda c: [], {}),
    "casus:monitoring_mdo": (_regisseur, "get", lambda c: [], {}),
    "casus:monitoring_achterstand": (_regisseur, "get", lambda c: [], {}),
    "casus:monitoring_stilstand": (_regisseur, "get", lambda c: [], {}),
    "casus:monitoring_spoed": (_regisseur, "get", lambda c: [], {}),
    "casus:monitoring_zonder_mdo": (_regisseur, "get", lambda c: [], {}),
    "casus:mijn_acties": (_aanmelder, "get", lambda c: [], {}),
    "casus:actie": (_aanmelder, "get", lambda c: [c["actie"].pk], {}),
    "casus:plan": (_regisseur, "get", lambda c: [c["casus"].pk], {}),
    "casus:plan_doel": (_regisseur, "get", lambda c: [c["casus"].pk, c["doel"].pk], {}),
    "casus:plan_actie": (_regisseur, "get", lambda c: [c["casus"].pk, c["actie"].pk], {}),
    "casus:plan_besluit": (_regisseur, "get", lambda c: [c["casus"].pk, c["besluit"].pk], {}),
    "casus:geschiedenis": (_regisseur, "get", lambda c: [c["casus"].pk], {}),
    "casus:afsluiten": (_regisseur, "get", lambda c: [c["casus"].pk], {}),
    "casus:heropenen": (_regisseur, "get", lambda c: [c["casus"].pk], {}),
    # Casus numbers of the casussen its notifications are about (no names): one list read.
    "casus:notificaties": (_aanmelder, "get", lambda c: [], {}),
}

# POST-only views: a change, audited by its own event; a GET is refused (checked below).
POST_ONLY = {
    "partners:logout": "uitloggen; gelogd als UITLOGGEN",
    "partners:switch_zvh": "wisselen van huis; gelogd als ZVH_GEWISSELD",
    "partners:beheer_rol_toekennen": "wijziging; gelogd als ROL_TOEGEKEND",
    "partners:beheer_rol_intrekken": "wijziging; gelogd als ROL_INGETROKKEN",
    "partners:beheer_tweede_factor_resetten": "wijziging; gelogd als TWEEDE_FACTOR_GERESET",
    "partners:beheer_wachtwoord_resetten": "wijziging; gelogd als MEDEWERKER_GEWIJZIGD",
    "partners:beheer_rolaanvraag_bevestigen": "wijziging; gelogd als ROL_AANVRAAG_BEVESTIGD",
    "partners:beheer_rolaanvraag_weigeren": "wijziging; gelogd als ROL_AANVRAAG_GEWEIGERD",
    "aanmelding:persoon_toevoegen": "wijziging; gelogd als AANMELDING_PERSOON_TOEGEVOEGD",
    "aanmelding:indienen": "wijziging; gelogd als AANMELDING_INGEDIEND",
    "aanmelding:aanvullen": "wijziging; gelogd als AANMELDING_AANGEVULD",
    "aanmelding:beantwoorden": "wijziging; gelogd als INFORMATIEVERZOEK_BEANTWOORD",
    "aanmelding:bevestigen": "wijziging; gelogd als TRIAGE_BEVESTIGD",
    "aanmelding:niet_bevestigen": "wijziging; gelogd als TRIAGE_BEVESTIGD (geweigerd)",
    "aanmelding:beheer_deactiveren": "wijziging; gelogd als TRIAGE_INSTELLINGEN_GEWIJZIGD",
    "casus:overleg_wijzigen": "wijziging van een casusoverleg; gelogd als CASUSOVERLEG_*",
    "casus:pitch_gereed": "wijziging; gelogd als PITCH_GEREED",
    "casus:deelnemer_toevoegen": "wijziging; gelogd als DEELNEMER_TOEGEVOEGD",
    "casus:deelnemer_verwijderen": "wijziging; gelogd als DEELNEMER_VERWIJDERD",
    "casus:actie_bijwerken": "wijziging; gelogd als ACTIE_BIJGEWERKT (geweigerd: leesregel)",
    "casus:actie_eigenaar": "wijziging; gelogd als ACTIE_EIGENAAR_GEKOZEN",
    "casus:plan_doel_toevoegen": "wijziging; gelogd als DOEL_TOEGEVOEGD",
    "casus:plan_actie_toevoegen": "wijziging; gelogd als ACTIE_TOEGEVOEGD",
    "casus:afsluitreden_verplaatsen": "wijziging; gelogd als AFSLUITREDEN_GEWIJZIGD",
    "casus:notificatie_gelezen": "eigen notificatie gelezen; gelogd als NOTIFICATIES_GELEZEN",
    "casus:notificaties_alles_gelezen": "eigen notificaties; gelogd als NOTIFICATIES_GELEZEN",
}

EXEMPT = {
    **POST_ONLY,
    "healthz": "statuscontrole zonder gegevens",
    "home": "toont alleen de eigen naam en rollen van de gebruiker",
    "partners:login": "inlogformulier; pogingen gelogd als INLOGGEN(_MISLUKT)",
    "partners:verify": "tweede factor van de eigen sessie; gelogd als TWEEDE_FACTOR_*",
    "partners:enrol": "koppelen van de eigen authenticator-app",
    "partners:backup_codes": "eenmalig de eigen back-upcodes",
    "partners:startwachtwoord": "eigen wachtwoord kiezen; gelogd als WACHTWOORD_GEWIJZIGD",
    "partners:wachtwoord_wijzigen": "eigen wachtwoord; gelogd als WACHTWOORD_GEWIJZIGD(_MISLUKT)",
    "partners:account_notificaties": (
        "eigen keuze voor e-mailnotificaties; gelogd als EMAILNOTIFICATIES_INGESTELD"
    ),
    "partners:sessie_verlengen": "verlengt alleen de eigen sessie; leest en wijzigt geen gegevens",
    "partners:beheer_organisaties": "organisaties, geen personen (gelogd als ORGANISATIES_BEKEKEN)",
    "partners:beheer_organisatie": "een organisatie en haar convenantstatus, geen personen",
    "partners:beheer_partnerschap_beeindigen": (
        "bevestiging voor een organisatie, geen personen; beëindigen gelogd als "
        "PARTNERSCHAP_BEEINDIGD"
    ),
    "route:admin/login/": "doorverwijzing naar onze eigen login",
    "aanmelding:nieuw": "leeg formulier; opslaan gelogd als AANMELDING_AANGEMAAKT",
    "aanmelding:beheer": "regionale criteria en afwijsredenen, geen personen",
    "casus:overleg_tafels": "overlegtafels (naam, dag, locatie), geen personen",
    "casus:overleg_tafel": "een overlegtafel en haar sessies met vrije plekken, geen personen",
    "casus:overleg_ics": "agenda-item zonder persoonsgegevens: tafel, tijd, locatie en een link",
    "casus:monitoring": "alleen aantallen per werklijst, geen casussen of personen",
    "casus:monitoring_instellingen": (
        "instelling van het huis (weken), geen personen; wijzigen gelogd als MONITORING_INGESTELD"
    ),
    "casus:afsluitredenen": "de redenen van afsluiting van het huis, geen personen",
    "casus:afsluitreden": "een reden van afsluiting, geen personen",
}

# Whole namespaces, with the reason.
EXEMPT_NAMESPACES = {
    "admin": "Django-admin: alleen met ADMIN_ENABLED, voor superusers met geverifieerde tweede"
    " factor; elke wijziging gelogd als ADMIN_*; personen staan er niet in",
}


def url_names(patterns=None, namespace=""):
    """Every URL pattern as 'namespace:name', or 'route:<path>' when it has no name."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(p for p in (namespace, entry.namespace or "") if p)
            if inner.split(":")[0] in EXEMPT_NAMESPACES:
                continue
            yield from url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            if entry.name:
                yield f"{namespace}:{entry.name}" if namespace else entry.name
            else:
                yield f"route:{entry.pattern}"


def test_every_url_is_classified():
    names = set(url_names())
    unclassified = sorted(names - set(PERSONAL_DATA_VIEWS) - set(EXEMPT))
    assert not unclassified, (
        "Nieuwe view(s) zonder keuze: zet ze in PERSONAL_DATA_VIEWS (en laat ze precies één "
        "leesregel schrijven) of in EXEMPT met de reden: " + ", ".join(unclassified)
    )
    stale = sorted((set(PERSONAL_DATA_VIEWS) | set(EXEMPT)) - names)
    assert not stale, f"Verouderde namen in de registers: {stale}"


@pytest.fixture
def ctx(zvh, make_user):
    beheerder = make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER)
    officer = make_user(zvh, Rol.PRIVACY_OFFICER)
    colleague = make_user(zvh, Rol.PROCESREGISSEUR, organisatie=beheerder.organisatie)
    row = record(
        event=events.MEDEWERKER_BEKEKEN,
        zvh=zvh,
        actor=colleague,
        persoon_pseudoniem=blind_index("111222333"),
    )
    ctx = {"beheerder": beheerder, "officer": officer, "colleague": colleague, "row": row}
    ctx.update(_referrals(zvh, make_user, colleague))
    from tests.casus.factories import CasusoverlegFactory

    ctx["overleg"] = CasusoverlegFactory(sessie__tafel__zvh=zvh, casus=ctx["casus"])
    ctx.update(_verrijking(zvh, make_user, ctx))
    ctx.update(_plan(ctx))
    return ctx


def _plan(ctx):
    """A goal with an action for the referrer's organisation (a deelnemer) and a decision."""
    from tests.casus.factories import ActieFactory, DoelFactory

    doel = DoelFactory(plan__casus=ctx["casus"])
    return {
        "doel": doel,
        "actie": ActieFactory(doel=doel, organisatie=ctx["aanmelder"].organisatie),
        "besluit": ctx["overleg"].besluiten.create(
            tekst="Besluit", eigenaar=ctx["aanmelder"].organisatie
        ),
    }


def _verrijking(zvh, make_user, ctx):
    """A request to the referrer's organisation (a deelnemer of the accepted casus)."""
    from tests.casus.factories import UitvraagFactory

    organisatie = ctx["aanmelder"].organisatie
    from tests.casus.factories import ActieFactory

    return {
        "coordinator": make_user(
            zvh, Rol.INFORMATIECOORDINATOR, organisatie=ctx["regisseur"].organisatie
        ),
        "uitvraag": UitvraagFactory(casus=ctx["casus"], organisatie=organisatie),
        # An action of the referrer's organisation: on its "mijn acties" and its own page.
        "actie": ActieFactory(doel__plan__casus=ctx["casus"], organisatie=organisatie),
    }


def _referrals(zvh, make_user, regisseur):
    """A draft, a submitted referral and an accepted one (with its casus), one person each."""
    from aanmelding import services
    from casus.models import Thema
    from tests.aanmelding.factories import AanmeldingFactory
    from tests.conftest import actor_for

    ingediend = AanmeldingFactory(zvh=zvh, ingediend=True)
    aanmelder = ingediend.aangemeld_door
    concept = AanmeldingFactory(zvh=zvh, aangemeld_door=aanmelder)
    geaccepteerd = AanmeldingFactory(zvh=zvh, ingediend=True, aangemeld_door=aanmelder)
    backup = make_user(zvh, Rol.PROCESREGISSEUR, organisatie=regisseur.organisatie)
    services.triage_besluiten(
        actor=actor_for(regisseur, zvh),
        aanmelding=geaccepteerd,
        besluit="accepteren",
        oordelen={letter: (True, f"Motivatie {letter}") for letter in "abcd"},
        themas=[Thema.objects.create(zvh=zvh, code="hg", naam="Huiselijk geweld")],
        ave_niveau=3,
        procesregisseur=regisseur,
        backup_procesregisseur=backup,
    )
    geaccepteerd.refresh_from_db()
    # The werkvoorraad shows the one submitted referral; the accepted one has left it.
    return {
        "aanmelder": aanmelder,
        "regisseur": regisseur,
        "concept": concept,
        "ingediend": ingediend,
        "casus": geaccepteerd.casus,
        "casus_persoon": geaccepteerd.casus.personen.first(),
        "persoon": ingediend.personen.first(),
    }


def _reads(after_id):
    return list(
        AccessLog.objects.filter(
            action__in=[a.value for a in READ_ACTIONS], id__gt=after_id
        ).order_by("id")
    )


@pytest.mark.parametrize("name", sorted(PERSONAL_DATA_VIEWS))
def test_personal_data_view_writes_exactly_one_read_event(client, login, ctx, name):
    """One read event per request: one row, listing every person it showed."""
    who, method, args, data = PERSONAL_DATA_VIEWS[name]
    login(who(ctx))
    last = AccessLog.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = getattr(client, method)(reverse(name, args=args(ctx)), data)
    assert response.status_code == 200, response.status_code
    if response.streaming:
        b"".join(response.streaming_content)
    rows = _reads(last)
    assert rows, "geen leesregel geschreven"
    assert len(rows) == 1
    assert rows[0].request_id == response["X-Request-ID"]


def test_a_referral_of_two_persons_is_one_row_that_lists_both(client, login, ctx):
    from aanmelding.models import AanmeldingPersoon
    from tests.casus.factories import PersoonFactory

    aanmelding = ctx["ingediend"]
    tweede = PersoonFactory(zvh=aanmelding.zvh, aangemaakt_door=aanmelding.aangemeld_door)
    AanmeldingPersoon.objects.create(aanmelding=aanmelding, persoon=tweede, volgorde=1)
    login(ctx["regisseur"])
    last = AccessLog.objects.order_by("-id").values_list("id", flat=True).first() or 0
    assert client.get(reverse("aanmelding:triage", args=[aanmelding.pk])).status_code == 200
    (row,) = _reads(last)
    both = [ctx["persoon"].audit_pseudoniem, tweede.audit_pseudoniem]
    assert row.persoon_pseudoniem == both[0] and row.getoonde_personen == both
    assert row.object_id == str(aanmelding.pk)
    from audit.selectors import person_views

    # "Wie heeft deze persoon ingezien" finds the row for each of them.
    for pseudoniem in both:
        assert [r.pk for r in person_views(aanmelding.zvh, pseudoniem)] == [row.pk]


@pytest.mark.parametrize("name", sorted(POST_ONLY))
def test_post_only_views_refuse_get(client, login, ctx, name):
    login(ctx["beheerder"])
    pattern_args = {
        "partners:beheer_rol_intrekken": [ctx["colleague"].pk, 1],
        "casus:overleg_wijzigen": [ctx["overleg"].pk, "status"],
        "casus:pitch_gereed": [ctx["casus"].pk],
        "casus:deelnemer_toevoegen": [ctx["casus"].pk],
        "casus:deelnemer_verwijderen": [ctx["casus"].pk, 1],
        "casus:actie_bijwerken": [ctx["actie"].pk],
        "casus:actie_eigenaar": [ctx["actie"].pk],
        "casus:plan_doel_toevoegen": [ctx["casus"].pk],
        "casus:plan_actie_toevoegen": [ctx["casus"].pk],
        "casus:afsluitreden_verplaatsen": [1],
        "casus:notificatie_gelezen": [ctx["casus"].pk],
    }.get(name)
    if pattern_args is None and name.startswith("aanmelding:"):
        pattern_args = (
            ["criterium", 1] if name.endswith("beheer_deactiveren") else [ctx["ingediend"].pk]
        )
    if pattern_args is None:
        needs_pk = name.startswith("partners:beheer_")
        pattern_args = [ctx["colleague"].pk] if needs_pk else []
    assert client.get(reverse(name, args=pattern_args)).status_code == 405


def test_the_person_page_records_every_related_person_it_shows(client, login, zvh, make_user):
    from django.utils.html import escape

    from casus.models import PersoonRelatie
    from tests.casus.factories import PersoonFactory

    persoon = PersoonFactory(zvh=zvh)
    kind = PersoonFactory(zvh=zvh, zonder_bsn=True)
    ouder = PersoonFactory(zvh=zvh)
    PersoonRelatie.objects.create(van=kind, naar=persoon, type="kind")
    PersoonRelatie.objects.create(van=persoon, naar=ouder, type="kind")
    login(make_user(zvh, Rol.PROCESREGISSEUR))
    response = client.get(reverse("casus:persoon", args=[persoon.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    # As the template prints them: escaped (a name like "van 't Wel" has an apostrophe).
    assert escape(kind.naam) in page and escape(ouder.naam) in page
    row = AccessLog.objects.get(event_type=events.PERSOON_BEKEKEN)
    assert row.persoon_pseudoniem == persoon.audit_pseudoniem
    assert set(row.getoonde_personen) == {
        persoon.audit_pseudoniem,
        kind.audit_pseudoniem,
        ouder.audit_pseudoniem,
    }

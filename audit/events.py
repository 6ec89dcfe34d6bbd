"""The vocabulary of audit events: each name with the NEN 7513 action code it implies and the
Dutch label the review workspace shows for it."""

from django.utils.translation import gettext_lazy as _

from .models import Action

# Authentication
INLOGGEN = "inloggen"
INLOGGEN_MISLUKT = "inloggen_mislukt"
ACCOUNT_GEBLOKKEERD = "account_geblokkeerd"
TWEEDE_FACTOR_GEVERIFIEERD = "tweede_factor_geverifieerd"
TWEEDE_FACTOR_MISLUKT = "tweede_factor_mislukt"
TWEEDE_FACTOR_GEKOPPELD = "tweede_factor_gekoppeld"
UITLOGGEN = "uitloggen"
SESSIE_VERLOPEN = "sessie_verlopen"
ZVH_GEWISSELD = "zvh_gewisseld"
STARTWACHTWOORD_VERLOPEN = "startwachtwoord_verlopen"
WACHTWOORD_GEWIJZIGD = "wachtwoord_gewijzigd"
WACHTWOORD_WIJZIGEN_MISLUKT = "wachtwoord_wijzigen_mislukt"

# The Django admin (only where ADMIN_ENABLED) and the deployment's own commands
ADMIN_TOEGEVOEGD = "admin_toegevoegd"
ADMIN_GEWIJZIGD = "admin_gewijzigd"
ADMIN_VERWIJDERD = "admin_verwijderd"
ZVH_AANGEMAAKT = "zvh_aangemaakt"

# Access policy
TOEGANG_GEWEIGERD = "toegang_geweigerd"

# Functioneel beheer
ORGANISATIE_AANGEMAAKT = "organisatie_aangemaakt"
ORGANISATIE_GEWIJZIGD = "organisatie_gewijzigd"
ORGANISATIES_BEKEKEN = "organisaties_bekeken"
PARTNERSCHAP_BEEINDIGD = "partnerschap_beeindigd"
MEDEWERKER_AANGEMAAKT = "medewerker_aangemaakt"
MEDEWERKER_GEWIJZIGD = "medewerker_gewijzigd"
MEDEWERKER_BEKEKEN = "medewerker_bekeken"
MEDEWERKERS_BEKEKEN = "medewerkers_bekeken"
ROL_TOEGEKEND = "rol_toegekend"
ROL_INGETROKKEN = "rol_ingetrokken"
TWEEDE_FACTOR_GERESET = "tweede_factor_gereset"
ROL_AANGEVRAAGD = "rol_aangevraagd"
ROL_AANVRAAG_BEVESTIGD = "rol_aanvraag_bevestigd"
ROL_AANVRAAG_GEWEIGERD = "rol_aanvraag_geweigerd"
ROLAANVRAGEN_BEKEKEN = "rolaanvragen_bekeken"
ACCOUNTMELDINGEN_GETOOND = "accountmeldingen_getoond"

# Aanmelding, personen en triage
AANMELDING_AANGEMAAKT = "aanmelding_aangemaakt"
AANMELDING_GEWIJZIGD = "aanmelding_gewijzigd"
AANMELDING_INGEDIEND = "aanmelding_ingediend"
AANMELDING_AANGEVULD = "aanmelding_aangevuld"
AANMELDING_BEKEKEN = "aanmelding_bekeken"
AANMELDINGEN_BEKEKEN = "aanmeldingen_bekeken"
TRIAGE_WERKVOORRAAD_BEKEKEN = "triage_werkvoorraad_bekeken"
TRIAGE_BESLUIT = "triage_besluit"
TRIAGE_BEVESTIGD = "triage_bevestigd"
INFORMATIEVERZOEK_BEANTWOORD = "informatieverzoek_beantwoord"
PERSOON_GEREGISTREERD = "persoon_geregistreerd"
PERSOON_GEKOPPELD = "persoon_gekoppeld"
AANMELDING_PERSOON_TOEGEVOEGD = "aanmelding_persoon_toegevoegd"
AANMELDING_PERSOON_VERWIJDERD = "aanmelding_persoon_verwijderd"
AANMELDING_VERWIJDERD = "aanmelding_verwijderd"
PERSOON_BEKEKEN = "persoon_bekeken"
CASUS_AANGEMAAKT = "casus_aangemaakt"
CASUS_GEOPEND = "casus_geopend"
DEELNEMER_TOEGEVOEGD = "deelnemer_toegevoegd"
DEELNEMER_VERWIJDERD = "deelnemer_verwijderd"
CASUSSEN_BEKEKEN = "casussen_bekeken"
CASUSSEN_GEZOCHT = "casussen_gezocht"
PERSOON_RELATIE_VASTGELEGD = "persoon_relatie_vastgelegd"
TRIAGE_INSTELLINGEN_GEWIJZIGD = "triage_instellingen_gewijzigd"
# Informatieverrijking (uitvragen aan deelnemers van een casus)
UITVRAAG_GESTELD = "uitvraag_gesteld"
UITVRAAG_BEANTWOORD = "uitvraag_beantwoord"
UITVRAAG_ANTWOORD_GEWIJZIGD = "uitvraag_antwoord_gewijzigd"
UITVRAAG_BEKEKEN = "uitvraag_bekeken"
VERRIJKING_BEKEKEN = "verrijking_bekeken"
UITVRAGEN_BEKEKEN = "uitvragen_bekeken"
OPENSTAANDE_UITVRAGEN_BEKEKEN = "openstaande_uitvragen_bekeken"
VELDSLEUTEL_GEROTEERD = "veldsleutel_geroteerd"
# Server-side drafts of forms (content never in the log)
FORMULIERCONCEPT_BEWAARD = "formulierconcept_bewaard"
FORMULIERCONCEPT_VERWIJDERD = "formulierconcept_verwijderd"
# Casusoverleggen (MDO)
OVERLEGTAFEL_AANGEMAAKT = "overlegtafel_aangemaakt"
OVERLEGTAFEL_GEWIJZIGD = "overlegtafel_gewijzigd"
OVERLEGSESSIE_AANGEMAAKT = "overlegsessie_aangemaakt"
OVERLEGSESSIE_AGENDA_BEKEKEN = "overlegsessie_agenda_bekeken"
CASUSOVERLEG_PLANNING_BEKEKEN = "casusoverleg_planning_bekeken"
CASUSOVERLEG_GEPLAND = "casusoverleg_gepland"
CASUSOVERLEG_BOVEN_CAPACITEIT = "casusoverleg_boven_capaciteit"
CASUSOVERLEG_BEKEKEN = "casusoverleg_bekeken"
CASUSOVERLEG_UITGENODIGD = "casusoverleg_uitgenodigd"
CASUSOVERLEG_AANWEZIGHEID = "casusoverleg_aanwezigheid"
GEHEIMHOUDINGSVERKLARING_VASTGELEGD = "geheimhoudingsverklaring_vastgelegd"
CASUSOVERLEG_STATUS_GEWIJZIGD = "casusoverleg_status_gewijzigd"
CASUSOVERLEG_VERSLAG_GEWIJZIGD = "casusoverleg_verslag_gewijzigd"
CASUSOVERLEG_BESLUIT_VASTGELEGD = "casusoverleg_besluit_vastgelegd"
CASUSOVERLEG_AFSPRAKEN_VASTGELEGD = "casusoverleg_afspraken_vastgelegd"
# Leefgebied scores and the pitch
SCOREFORMULIER_OPGESLAGEN = "scoreformulier_opgeslagen"
SCORES_BEKEKEN = "scores_bekeken"
PITCH_OPGESLAGEN = "pitch_opgeslagen"
PITCH_GEREED = "pitch_gereed"
PITCH_BEKEKEN = "pitch_bekeken"
# Monitoring worklists of the procesregisseur (issue 12, point 3)
MONITORING_BEKEKEN = "monitoring_bekeken"
MONITORING_INGESTELD = "monitoring_ingesteld"
# Acties: status and progress by the responsible organisation, "mijn acties"
ACTIE_BIJGEWERKT = "actie_bijgewerkt"
ACTIE_EIGENAAR_GEKOZEN = "actie_eigenaar_gekozen"
ACTIE_BEKEKEN = "actie_bekeken"
MIJN_ACTIES_BEKEKEN = "mijn_acties_bekeken"
# Plan van aanpak (goals and actions) and the casus history
DOEL_TOEGEVOEGD = "doel_toegevoegd"
DOEL_GEWIJZIGD = "doel_gewijzigd"
ACTIE_TOEGEVOEGD = "actie_toegevoegd"
ACTIE_GEWIJZIGD = "actie_gewijzigd"
PLAN_BEKEKEN = "plan_bekeken"
CASUS_GESCHIEDENIS_BEKEKEN = "casus_geschiedenis_bekeken"
# Afschaling, afsluiting and heropening of a casus; the house's list of reasons
CASUS_AFSLUITEN_BEKEKEN = "casus_afsluiten_bekeken"
CASUS_AFGESLOTEN = "casus_afgesloten"
CASUS_HEROPENEN_BEKEKEN = "casus_heropenen_bekeken"
CASUS_HEROPEND = "casus_heropend"
AFSLUITREDEN_TOEGEVOEGD = "afsluitreden_toegevoegd"
AFSLUITREDEN_GEWIJZIGD = "afsluitreden_gewijzigd"
# Notificaties (issue 12 point 4) and the background jobs
NOTIFICATIES_BEKEKEN = "notificaties_bekeken"
NOTIFICATIES_GELEZEN = "notificaties_gelezen"
NOTIFICATIES_GEMAILD = "notificaties_gemaild"
ACHTERSTAND_GEMELD = "achterstand_gemeld"
EMAILNOTIFICATIES_INGESTELD = "emailnotificaties_ingesteld"
# Review of the audit log by the privacy officer (itself audited)
AUDIT_GEZOCHT = "audit_gezocht"
AUDIT_REGEL_BEKEKEN = "audit_regel_bekeken"
AUDIT_GEEXPORTEERD = "audit_geexporteerd"
AUDIT_SIGNALEN_BEKEKEN = "audit_signalen_bekeken"
INZAGE_OVERZICHT_BEKEKEN = "inzage_overzicht_bekeken"

EVENTS = {
    INLOGGEN: Action.LOGIN,
    INLOGGEN_MISLUKT: Action.LOGIN,
    ACCOUNT_GEBLOKKEERD: Action.LOGIN,
    TWEEDE_FACTOR_GEVERIFIEERD: Action.LOGIN,
    TWEEDE_FACTOR_MISLUKT: Action.LOGIN,
    TWEEDE_FACTOR_GEKOPPELD: Action.CREATE,
    UITLOGGEN: Action.LOGOUT,
    SESSIE_VERLOPEN: Action.LOGOUT,
    ZVH_GEWISSELD: Action.EXECUTE,
    STARTWACHTWOORD_VERLOPEN: Action.LOGIN,
    WACHTWOORD_GEWIJZIGD: Action.UPDATE,
    WACHTWOORD_WIJZIGEN_MISLUKT: Action.UPDATE,
    ADMIN_TOEGEVOEGD: Action.CREATE,
    ADMIN_GEWIJZIGD: Action.UPDATE,
    ADMIN_VERWIJDERD: Action.DELETE,
    ZVH_AANGEMAAKT: Action.CREATE,
    TOEGANG_GEWEIGERD: Action.READ,
    ORGANISATIE_AANGEMAAKT: Action.CREATE,
    ORGANISATIE_GEWIJZIGD: Action.UPDATE,
    ORGANISATIES_BEKEKEN: Action.READ,
    PARTNERSCHAP_BEEINDIGD: Action.UPDATE,
    MEDEWERKER_AANGEMAAKT: Action.CREATE,
    MEDEWERKER_GEWIJZIGD: Action.UPDATE,
    MEDEWERKER_BEKEKEN: Action.READ,
    MEDEWERKERS_BEKEKEN: Action.READ,
    ROL_TOEGEKEND: Action.CREATE,
    ROL_INGETROKKEN: Action.DELETE,
    TWEEDE_FACTOR_GERESET: Action.DELETE,
    ROL_AANGEVRAAGD: Action.CREATE,
    ROL_AANVRAAG_BEVESTIGD: Action.CREATE,
    ROL_AANVRAAG_GEWEIGERD: Action.UPDATE,
    ROLAANVRAGEN_BEKEKEN: Action.READ,
    ACCOUNTMELDINGEN_GETOOND: Action.READ,
    AANMELDING_AANGEMAAKT: Action.CREATE,
    AANMELDING_GEWIJZIGD: Action.UPDATE,
    AANMELDING_INGEDIEND: Action.UPDATE,
    AANMELDING_AANGEVULD: Action.UPDATE,
    AANMELDING_BEKEKEN: Action.READ,
    AANMELDINGEN_BEKEKEN: Action.READ,
    TRIAGE_WERKVOORRAAD_BEKEKEN: Action.READ,
    TRIAGE_BESLUIT: Action.UPDATE,
    TRIAGE_BEVESTIGD: Action.UPDATE,
    INFORMATIEVERZOEK_BEANTWOORD: Action.UPDATE,
    PERSOON_GEREGISTREERD: Action.CREATE,
    PERSOON_GEKOPPELD: Action.UPDATE,
    AANMELDING_PERSOON_TOEGEVOEGD: Action.CREATE,
    AANMELDING_PERSOON_VERWIJDERD: Action.DELETE,
    AANMELDING_VERWIJDERD: Action.DELETE,
    PERSOON_BEKEKEN: Action.READ,
    CASUS_AANGEMAAKT: Action.CREATE,
    CASUS_GEOPEND: Action.READ,
    DEELNEMER_TOEGEVOEGD: Action.CREATE,
    DEELNEMER_VERWIJDERD: Action.DELETE,
    CASUSSEN_BEKEKEN: Action.READ,
    CASUSSEN_GEZOCHT: Action.SEARCH,
    PERSOON_RELATIE_VASTGELEGD: Action.CREATE,
    TRIAGE_INSTELLINGEN_GEWIJZIGD: Action.UPDATE,
    UITVRAAG_GESTELD: Action.CREATE,
    UITVRAAG_BEANTWOORD: Action.CREATE,
    UITVRAAG_ANTWOORD_GEWIJZIGD: Action.UPDATE,
    UITVRAAG_BEKEKEN: Action.READ,
    VERRIJKING_BEKEKEN: Action.READ,
    UITVRAGEN_BEKEKEN: Action.READ,
    OPENSTAANDE_UITVRAGEN_BEKEKEN: Action.READ,
    VELDSLEUTEL_GEROTEERD: Action.EXECUTE,
    FORMULIERCONCEPT_BEWAARD: Action.UPDATE,
    FORMULIERCONCEPT_VERWIJDERD: Action.DELETE,
    OVERLEGTAFEL_AANGEMAAKT: Action.CREATE,
    OVERLEGTAFEL_GEWIJZIGD: Action.UPDATE,
    OVERLEGSESSIE_AANGEMAAKT: Action.CREATE,
    OVERLEGSESSIE_AGENDA_BEKEKEN: Action.READ,
    CASUSOVERLEG_PLANNING_BEKEKEN: Action.READ,
    CASUSOVERLEG_GEPLAND: Action.CREATE,
    CASUSOVERLEG_BOVEN_CAPACITEIT: Action.CREATE,
    CASUSOVERLEG_BEKEKEN: Action.READ,
    CASUSOVERLEG_UITGENODIGD: Action.CREATE,
    CASUSOVERLEG_AANWEZIGHEID: Action.UPDATE,
    GEHEIMHOUDINGSVERKLARING_VASTGELEGD: Action.CREATE,
    CASUSOVERLEG_STATUS_GEWIJZIGD: Action.UPDATE,
    CASUSOVERLEG_VERSLAG_GEWIJZIGD: Action.UPDATE,
    CASUSOVERLEG_BESLUIT_VASTGELEGD: Action.CREATE,
    CASUSOVERLEG_AFSPRAKEN_VASTGELEGD: Action.UPDATE,
    SCOREFORMULIER_OPGESLAGEN: Action.CREATE,
    SCORES_BEKEKEN: Action.READ,
    PITCH_OPGESLAGEN: Action.CREATE,
    PITCH_GEREED: Action.UPDATE,
    PITCH_BEKEKEN: Action.READ,
    MONITORING_BEKEKEN: Action.READ,
    MONITORING_INGESTELD: Action.UPDATE,
    ACTIE_BIJGEWERKT: Action.UPDATE,
    ACTIE_EIGENAAR_GEKOZEN: Action.UPDATE,
    ACTIE_BEKEKEN: Action.READ,
    MIJN_ACTIES_BEKEKEN: Action.READ,
    DOEL_TOEGEVOEGD: Action.CREATE,
    DOEL_GEWIJZIGD: Action.UPDATE,
    ACTIE_TOEGEVOEGD: Action.CREATE,
    ACTIE_GEWIJZIGD: Action.UPDATE,
    PLAN_BEKEKEN: Action.READ,
    CASUS_GESCHIEDENIS_BEKEKEN: Action.READ,
    CASUS_AFSLUITEN_BEKEKEN: Action.READ,
    CASUS_AFGESLOTEN: Action.UPDATE,
    CASUS_HEROPENEN_BEKEKEN: Action.READ,
    CASUS_HEROPEND: Action.UPDATE,
    AFSLUITREDEN_TOEGEVOEGD: Action.CREATE,
    AFSLUITREDEN_GEWIJZIGD: Action.UPDATE,
    NOTIFICATIES_BEKEKEN: Action.READ,
    NOTIFICATIES_GELEZEN: Action.UPDATE,
    NOTIFICATIES_GEMAILD: Action.EXECUTE,
    ACHTERSTAND_GEMELD: Action.EXECUTE,
    EMAILNOTIFICATIES_INGESTELD: Action.UPDATE,
    AUDIT_GEZOCHT: Action.SEARCH,
    AUDIT_REGEL_BEKEKEN: Action.READ,
    AUDIT_GEEXPORTEERD: Action.EXPORT,
    AUDIT_SIGNALEN_BEKEKEN: Action.READ,
    INZAGE_OVERZICHT_BEKEKEN: Action.READ,
}


# What the review workspace shows for each event (the codes above are stored in the hash
# chain and never change; a label may be reworded).
EVENT_LABELS = {
    INLOGGEN: _("Inloggen"),
    INLOGGEN_MISLUKT: _("Inloggen mislukt"),
    ACCOUNT_GEBLOKKEERD: _("Account geblokkeerd"),
    TWEEDE_FACTOR_GEVERIFIEERD: _("Tweede factor geverifieerd"),
    TWEEDE_FACTOR_MISLUKT: _("Tweede factor mislukt"),
    TWEEDE_FACTOR_GEKOPPELD: _("Tweede factor gekoppeld"),
    UITLOGGEN: _("Uitloggen"),
    SESSIE_VERLOPEN: _("Sessie verlopen"),
    ZVH_GEWISSELD: _("Van huis gewisseld"),
    STARTWACHTWOORD_VERLOPEN: _("Startwachtwoord verlopen"),
    WACHTWOORD_GEWIJZIGD: _("Wachtwoord gewijzigd"),
    WACHTWOORD_WIJZIGEN_MISLUKT: _("Wachtwoord wijzigen mislukt"),
    ADMIN_TOEGEVOEGD: _("Toegevoegd in de beheeromgeving"),
    ADMIN_GEWIJZIGD: _("Gewijzigd in de beheeromgeving"),
    ADMIN_VERWIJDERD: _("Verwijderd in de beheeromgeving"),
    ZVH_AANGEMAAKT: _("Zorg- en veiligheidshuis aangemaakt"),
    TOEGANG_GEWEIGERD: _("Toegang geweigerd"),
    ORGANISATIE_AANGEMAAKT: _("Organisatie aangemaakt"),
    ORGANISATIE_GEWIJZIGD: _("Organisatie gewijzigd"),
    ORGANISATIES_BEKEKEN: _("Organisaties bekeken"),
    PARTNERSCHAP_BEEINDIGD: _("Partnerschap beëindigd"),
    MEDEWERKER_AANGEMAAKT: _("Medewerker aangemaakt"),
    MEDEWERKER_GEWIJZIGD: _("Medewerker gewijzigd"),
    MEDEWERKER_BEKEKEN: _("Medewerker bekeken"),
    MEDEWERKERS_BEKEKEN: _("Medewerkers bekeken"),
    ROL_TOEGEKEND: _("Rol toegekend"),
    ROL_INGETROKKEN: _("Rol ingetrokken"),
    TWEEDE_FACTOR_GERESET: _("Tweede factor gereset"),
    ROL_AANGEVRAAGD: _("Rol aangevraagd"),
    ROL_AANVRAAG_BEVESTIGD: _("Rolaanvraag bevestigd"),
    ROL_AANVRAAG_GEWEIGERD: _("Rolaanvraag geweigerd"),
    ROLAANVRAGEN_BEKEKEN: _("Rolaanvragen bekeken"),
    ACCOUNTMELDINGEN_GETOOND: _("Accountmeldingen getoond"),
    AANMELDING_AANGEMAAKT: _("Aanmelding aangemaakt"),
    AANMELDING_GEWIJZIGD: _("Aanmelding gewijzigd"),
    AANMELDING_INGEDIEND: _("Aanmelding ingediend"),
    AANMELDING_AANGEVULD: _("Aanmelding aangevuld"),
    AANMELDING_BEKEKEN: _("Aanmelding bekeken"),
    AANMELDINGEN_BEKEKEN: _("Aanmeldingen bekeken"),
    TRIAGE_WERKVOORRAAD_BEKEKEN: _("Triagewerkvoorraad bekeken"),
    TRIAGE_BESLUIT: _("Triagebesluit genomen"),
    TRIAGE_BEVESTIGD: _("Triagebesluit bevestigd"),
    INFORMATIEVERZOEK_BEANTWOORD: _("Informatieverzoek beantwoord"),
    PERSOON_GEREGISTREERD: _("Persoon geregistreerd"),
    PERSOON_GEKOPPELD: _("Persoon gekoppeld"),
    AANMELDING_PERSOON_TOEGEVOEGD: _("Persoon aan aanmelding toegevoegd"),
    AANMELDING_PERSOON_VERWIJDERD: _("Persoon uit aanmelding verwijderd"),
    AANMELDING_VERWIJDERD: _("Concept-aanmelding verwijderd"),
    FORMULIERCONCEPT_BEWAARD: _("Formulierconcept bewaard"),
    FORMULIERCONCEPT_VERWIJDERD: _("Formulierconcept verwijderd"),
    PERSOON_BEKEKEN: _("Persoon bekeken"),
    CASUS_AANGEMAAKT: _("Casus aangemaakt"),
    CASUS_GEOPEND: _("Casus geopend"),
    DEELNEMER_TOEGEVOEGD: _("Deelnemer toegevoegd"),
    DEELNEMER_VERWIJDERD: _("Deelnemer verwijderd"),
    CASUSSEN_BEKEKEN: _("Casuslijst bekeken"),
    CASUSSEN_GEZOCHT: _("Casussen gezocht (nummer, BSN of naam)"),
    PERSOON_RELATIE_VASTGELEGD: _("Relatie tussen personen vastgelegd"),
    TRIAGE_INSTELLINGEN_GEWIJZIGD: _("Triage-instellingen gewijzigd"),
    UITVRAAG_GESTELD: _("Uitvraag gesteld"),
    UITVRAAG_BEANTWOORD: _("Uitvraag beantwoord"),
    UITVRAAG_ANTWOORD_GEWIJZIGD: _("Antwoord op uitvraag gewijzigd"),
    UITVRAAG_BEKEKEN: _("Uitvraag bekeken"),
    VERRIJKING_BEKEKEN: _("Informatieverrijking van casus bekeken"),
    UITVRAGEN_BEKEKEN: _("Uitvragen bekeken"),
    OPENSTAANDE_UITVRAGEN_BEKEKEN: _("Openstaande uitvragen bekeken"),
    VELDSLEUTEL_GEROTEERD: _("Veldsleutel vervangen"),
    OVERLEGTAFEL_AANGEMAAKT: _("Overlegtafel aangemaakt"),
    OVERLEGTAFEL_GEWIJZIGD: _("Overlegtafel gewijzigd"),
    OVERLEGSESSIE_AANGEMAAKT: _("Overlegsessie aangemaakt"),
    OVERLEGSESSIE_AGENDA_BEKEKEN: _("Agenda van een overlegsessie bekeken"),
    CASUSOVERLEG_PLANNING_BEKEKEN: _("Planning van een casusoverleg bekeken"),
    CASUSOVERLEG_GEPLAND: _("Casusoverleg gepland"),
    CASUSOVERLEG_BOVEN_CAPACITEIT: _("Casusoverleg boven de capaciteit gepland"),
    CASUSOVERLEG_BEKEKEN: _("Casusoverleg bekeken"),
    CASUSOVERLEG_UITGENODIGD: _("Organisatie uitgenodigd voor casusoverleg"),
    CASUSOVERLEG_AANWEZIGHEID: _("Aanwezigheid bij casusoverleg vastgelegd"),
    GEHEIMHOUDINGSVERKLARING_VASTGELEGD: _("Geheimhoudingsverklaring vastgelegd"),
    CASUSOVERLEG_STATUS_GEWIJZIGD: _("Status van casusoverleg gewijzigd"),
    CASUSOVERLEG_VERSLAG_GEWIJZIGD: _("Verslag van casusoverleg gewijzigd"),
    CASUSOVERLEG_BESLUIT_VASTGELEGD: _("Besluit van casusoverleg vastgelegd"),
    CASUSOVERLEG_AFSPRAKEN_VASTGELEGD: _("AVE-niveau en volgend MDO vastgelegd"),
    SCOREFORMULIER_OPGESLAGEN: _("Scoreformulier opgeslagen"),
    SCORES_BEKEKEN: _("Leefgebiedscores bekeken"),
    PITCH_OPGESLAGEN: _("Pitch opgeslagen"),
    PITCH_GEREED: _("Pitch gereed gemeld"),
    PITCH_BEKEKEN: _("Pitch bekeken"),
    MONITORING_BEKEKEN: _("Monitoringlijst bekeken"),
    MONITORING_INGESTELD: _("Monitoring ingesteld (stilstand na weken)"),
    ACTIE_BIJGEWERKT: _("Actie bijgewerkt (status of voortgang)"),
    ACTIE_EIGENAAR_GEKOZEN: _("Eigenaar van een actie gekozen"),
    ACTIE_BEKEKEN: _("Actie bekeken"),
    MIJN_ACTIES_BEKEKEN: _("Mijn acties bekeken"),
    DOEL_TOEGEVOEGD: _("Doel aan plan van aanpak toegevoegd"),
    DOEL_GEWIJZIGD: _("Doel van plan van aanpak gewijzigd"),
    ACTIE_TOEGEVOEGD: _("Actie aan plan van aanpak toegevoegd"),
    ACTIE_GEWIJZIGD: _("Actie van plan van aanpak gewijzigd"),
    PLAN_BEKEKEN: _("Plan van aanpak bekeken"),
    CASUS_GESCHIEDENIS_BEKEKEN: _("Geschiedenis van casus bekeken"),
    CASUS_AFSLUITEN_BEKEKEN: _("Afschaling of afsluiting van casus voorbereid"),
    CASUS_AFGESLOTEN: _("Casus afgeschaald of afgesloten"),
    CASUS_HEROPENEN_BEKEKEN: _("Heropening van casus voorbereid"),
    CASUS_HEROPEND: _("Casus heropend"),
    AFSLUITREDEN_TOEGEVOEGD: _("Reden van afsluiting toegevoegd"),
    AFSLUITREDEN_GEWIJZIGD: _("Reden van afsluiting gewijzigd"),
    NOTIFICATIES_BEKEKEN: _("Notificaties bekeken"),
    NOTIFICATIES_GELEZEN: _("Notificaties als gelezen gemarkeerd"),
    NOTIFICATIES_GEMAILD: _("Notificatiemail verstuurd"),
    ACHTERSTAND_GEMELD: _("Acties over de termijn gemeld"),
    EMAILNOTIFICATIES_INGESTELD: _("E-mailnotificaties ingesteld"),
    AUDIT_GEZOCHT: _("Auditlog doorzocht"),
    AUDIT_REGEL_BEKEKEN: _("Auditregel bekeken"),
    AUDIT_GEEXPORTEERD: _("Audit geëxporteerd"),
    AUDIT_SIGNALEN_BEKEKEN: _("Auditsignalen bekeken"),
    INZAGE_OVERZICHT_BEKEKEN: _("Inzageoverzicht bekeken"),
}

# Action codes that mean "personal data was shown or handed out".
READ_ACTIONS = frozenset({Action.READ, Action.SEARCH, Action.EXPORT, Action.PRINT})

# The detail pages of personal data: each row of these names the persons one opened page showed
# (a person, a casus with its persons, a referral or its triage page). List pages (worklists,
# "mijn aanmeldingen") write other events, so the signal "far above peers" counts only these.
DETAIL_READ_EVENTS = frozenset(
    {
        PERSOON_BEKEKEN,
        CASUS_GEOPEND,
        AANMELDING_BEKEKEN,
        CASUSOVERLEG_BEKEKEN,
        VERRIJKING_BEKEKEN,
        UITVRAAG_BEKEKEN,
        ACTIE_BEKEKEN,
        PLAN_BEKEKEN,
        CASUS_GESCHIEDENIS_BEKEKEN,
        CASUS_AFSLUITEN_BEKEKEN,
        CASUS_HEROPENEN_BEKEKEN,
    }
)


def event_label(code: str) -> str:
    """The Dutch label of an event code; the code itself for a name no longer in use."""
    return str(EVENT_LABELS.get(code, code))

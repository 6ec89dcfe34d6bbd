import datetime

import factory
from django.utils import timezone
from faker import Faker

from casus.models import (
    Actie,
    ActieStatus,
    AveNiveau,
    Casus,
    Casusoverleg,
    CasusStatus,
    DeelnemerRol,
    Doel,
    Leefgebied,
    OverlegStatus,
    Overlegtafel,
    OverlegType,
    Persoon,
    Pitch,
    PlanVanAanpak,
    Score,
    Scoreformulier,
    Sessie,
    Slot,
    Thema,
    Uitnodiging,
    Uitvraag,
    Voortgang,
)
from casus.nummering import casusjaar, volgend_casusnummer
from casus.services import deelname_vastleggen
from tests.partners.factories import (
    MedewerkerFactory,
    OrganisatieFactory,
    PartnerschapFactory,
    ZvhFactory,
)

# Valid BSNs (elfproef) for fixtures; generated so that every factory person gets its own.
_BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2)


def geldig_bsn(n):
    """The n-th valid BSN from a deterministic sequence (never a real person's number)."""
    base = 100000000 + n * 100  # ten candidates per n; at least one passes
    while True:
        digits = f"{base:09d}"[:8]
        total = sum(int(d) * w for d, w in zip(digits, _BSN_WEIGHTS, strict=True))
        last = total % 11
        if last < 10:
            return digits + str(last)
        base += 10


_faker = Faker("nl_NL")


class ThemaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Thema
        django_get_or_create = ("zvh", "code")

    zvh = factory.SubFactory(ZvhFactory)
    code = factory.Sequence(lambda n: f"thema-{n}")
    naam = factory.Sequence(lambda n: f"Thema {n}")


class PersoonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Persoon

    zvh = factory.SubFactory(ZvhFactory)
    bsn = factory.Sequence(geldig_bsn)
    voornamen = factory.Faker("first_name", locale="nl_NL")
    # Without the apostrophe of "van 't …": tests find names in pages by their plain text, and
    # the page prints an apostrophe escaped (escaping has tests of its own).
    achternaam = factory.LazyFunction(lambda: _faker.last_name().replace("'", ""))
    geboortedatum = factory.Faker("date_of_birth", minimum_age=18, maximum_age=80)
    adres = factory.Faker("street_address", locale="nl_NL")
    postcode = factory.Faker("postcode", locale="nl_NL")
    woonplaats = factory.Faker("city", locale="nl_NL")

    class Params:
        zonder_bsn = factory.Trait(bsn="")


class CasusFactory(factory.django.DjangoModelFactory):
    """A casus numbered the way the service numbers one (next number of its house and year)."""

    class Meta:
        model = Casus
        skip_postgeneration_save = True

    zvh = factory.SubFactory(ZvhFactory)
    nummer = factory.LazyAttribute(lambda c: volgend_casusnummer(zvh_id=c.zvh.pk, jaar=casusjaar()))
    ave_niveau = AveNiveau.AVE3
    ave_niveau_bij_opening = factory.SelfAttribute("ave_niveau")
    procesregisseur = factory.SubFactory(MedewerkerFactory)
    backup_procesregisseur = factory.SubFactory(MedewerkerFactory)

    class Params:
        # open is the default; afgesloten is a closed casus.
        afgesloten = factory.Trait(status=CasusStatus.AFGESLOTEN)
        geopend = factory.Trait(status=CasusStatus.OPEN)

    @factory.post_generation
    def deelnemers(self, create, extracted, **kwargs):
        """`deelnemers=[organisatie, ...]`: each takes part (Deelnemer and grant together)."""
        if not create or not extracted:
            return
        for organisatie in extracted:
            PartnerschapFactory(zvh=self.zvh, organisatie=organisatie)
            deelname_vastleggen(casus=self, organisatie=organisatie, rol=DeelnemerRol.PARTNER)


# Casusoverleggen ------------------------------------------------------------------------------


class OverlegtafelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Overlegtafel

    zvh = factory.SubFactory(ZvhFactory)
    naam = factory.Sequence(lambda n: f"Tafel {n}")
    vaste_dag_tijd = "dinsdag 9–12"
    locatie = "Zaal 2, Stationsplein 1"


class SessieFactory(factory.django.DjangoModelFactory):
    """A session a week ahead, 9:00–12:00, with `capaciteit` slots of equal length."""

    class Meta:
        model = Sessie
        skip_postgeneration_save = True

    tafel = factory.SubFactory(OverlegtafelFactory)
    zvh = factory.LazyAttribute(lambda s: s.tafel.zvh)
    datum = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    begin = datetime.time(9, 0)
    eind = datetime.time(12, 0)
    capaciteit = 3

    @factory.post_generation
    def slots(self, create, extracted, **kwargs):
        if not create:
            return
        start = datetime.datetime.combine(self.datum, self.begin)
        einde = datetime.datetime.combine(self.datum, self.eind)
        duur = int((einde - start).total_seconds() // 60) // self.capaciteit
        Slot.objects.bulk_create(
            Slot(
                sessie=self,
                volgorde=i + 1,
                begintijd=(start + datetime.timedelta(minutes=i * duur)).time(),
                duur_minuten=duur,
            )
            for i in range(self.capaciteit)
        )


class CasusoverlegFactory(factory.django.DjangoModelFactory):
    """An MDO in the first free slot of its session (as the planning service places one)."""

    class Meta:
        model = Casusoverleg

    sessie = factory.SubFactory(SessieFactory)
    zvh = factory.LazyAttribute(lambda o: o.sessie.zvh)
    casus = factory.SubFactory(CasusFactory, zvh=factory.SelfAttribute("..zvh"))
    slot = factory.LazyAttribute(
        lambda o: o.sessie.slots.filter(overleg__isnull=True).order_by("volgorde").first()
    )
    type = OverlegType.START
    begint_op = factory.LazyAttribute(
        lambda o: timezone.make_aware(datetime.datetime.combine(o.sessie.datum, o.slot.begintijd))
    )
    eindigt_op = factory.LazyAttribute(
        lambda o: o.begint_op + datetime.timedelta(minutes=o.slot.duur_minuten)
    )
    gepland_door = factory.SubFactory(MedewerkerFactory)

    class Params:
        geopend = factory.Trait(status=OverlegStatus.GEOPEND)
        gehouden = factory.Trait(status=OverlegStatus.GEHOUDEN)


class UitnodigingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Uitnodiging

    casusoverleg = factory.SubFactory(CasusoverlegFactory)
    organisatie = factory.SubFactory(OrganisatieFactory)
    genodigden = "J. de Vries, wijkagent"


# Leefgebied scores and the pitch ------------------------------------------------------------


def zrm_huis(zvh):
    """Give `zvh` the ZRM domains and scale (what a house gets when it is created)."""
    from casus.scoreschaal import zrm_inrichten

    zrm_inrichten(zvh.pk)
    return zvh


def afsluitredenen_huis(zvh):
    """Give `zvh` the standard afsluitredenen (what a house gets when it is created)."""
    from casus.afsluitredenen import afsluitredenen_inrichten

    afsluitredenen_inrichten(zvh.pk)
    return zvh


class ScoreformulierFactory(factory.django.DjangoModelFactory):
    """A round for the casus's first person (pass `persoon`), by its procesregisseur."""

    class Meta:
        model = Scoreformulier

    casus = factory.SubFactory(CasusFactory)
    zvh = factory.LazyAttribute(lambda f: f.casus.zvh)
    persoon = factory.LazyAttribute(lambda f: f.casus.personen.first())
    datum = factory.Faker("date_between", start_date="-1y", end_date="today")
    ingevuld_door = factory.LazyAttribute(lambda f: f.casus.procesregisseur)


class ScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Score

    formulier = factory.SubFactory(ScoreformulierFactory)
    leefgebied = factory.LazyAttribute(
        lambda s: Leefgebied.objects.filter(zvh_id=s.formulier.zvh_id).first()
    )
    waarde = 3
    motivatie = factory.Faker("sentence", locale="nl_NL")
    informatie_datum = factory.LazyAttribute(lambda s: s.formulier.datum)


class PitchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pitch

    casus = factory.SubFactory(CasusFactory)
    zvh = factory.LazyAttribute(lambda p: p.casus.zvh)
    versie = factory.Sequence(lambda n: n + 1)
    aanleiding = factory.Faker("paragraph", locale="nl_NL")
    vraag = factory.Faker("sentence", locale="nl_NL")
    opgesteld_door = factory.LazyAttribute(lambda p: p.casus.procesregisseur)

    class Params:
        gereed = factory.Trait(
            gereed_op=factory.Faker("date_time_this_year", tzinfo=datetime.UTC),
            gereed_door=factory.LazyAttribute(lambda p: p.casus.procesregisseur),
        )


class UitvraagFactory(factory.django.DjangoModelFactory):
    """A request to an organisation of the casus (pass `organisatie`, a deelnemer), due in a
    week. Traits: `met_antwoord` (answered on one life domain), `verlopen` (due yesterday)."""

    class Meta:
        model = Uitvraag

    casus = factory.SubFactory(CasusFactory)
    zvh = factory.LazyAttribute(lambda u: u.casus.zvh)
    vraag = factory.Sequence(lambda n: f"Wat weet u over de huisvesting? ({n})")
    uiterlijk_op = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    gesteld_door = factory.LazyAttribute(lambda u: u.casus.procesregisseur)

    class Params:
        met_antwoord = factory.Trait(
            beantwoord=True,
            beantwoord_op=factory.LazyFunction(timezone.now),
            beantwoord_door=factory.SubFactory(
                MedewerkerFactory, organisatie=factory.SelfAttribute("..organisatie")
            ),
            antwoord_leefgebieden='{"huisvesting": "Huurachterstand van drie maanden."}',
        )
        verlopen = factory.Trait(
            uiterlijk_op=factory.LazyFunction(
                lambda: timezone.localdate() - datetime.timedelta(days=1)
            )
        )


# Plan van aanpak ------------------------------------------------------------------------------


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanVanAanpak
        django_get_or_create = ("casus",)

    casus = factory.SubFactory(CasusFactory)


class DoelFactory(factory.django.DjangoModelFactory):
    """A goal of the casus's plan (pass `plan` or `plan__casus`); `leefgebieden=[...]` links it."""

    class Meta:
        model = Doel
        skip_postgeneration_save = True

    plan = factory.SubFactory(PlanFactory)
    omschrijving = factory.Sequence(lambda n: f"Betrokkene heeft stabiele huisvesting ({n})")
    aangemaakt_door = factory.LazyAttribute(lambda d: d.plan.casus.procesregisseur)

    @factory.post_generation
    def leefgebieden(self, create, extracted, **kwargs):
        if create and extracted:
            self.leefgebieden.set(extracted)


class ActieFactory(factory.django.DjangoModelFactory):
    """An action for `organisatie` (make it a deelnemer of the casus first: CasusFactory's
    `deelnemers`), due in two weeks. Traits: `verlopen` (due yesterday), `gereed`,
    `niet_haalbaar` (with a reason)."""

    class Meta:
        model = Actie

    doel = factory.SubFactory(DoelFactory)
    casus = factory.LazyAttribute(lambda a: a.doel.plan.casus)
    zvh = factory.LazyAttribute(lambda a: a.doel.plan.casus.zvh)
    omschrijving = factory.Sequence(lambda n: f"Huurschuld in kaart brengen ({n})")
    organisatie = factory.SubFactory(OrganisatieFactory)
    deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))
    aangemaakt_door = factory.LazyAttribute(lambda a: a.doel.plan.casus.procesregisseur)

    class Params:
        verlopen = factory.Trait(
            deadline=factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))
        )
        gereed = factory.Trait(status=ActieStatus.GEREED)
        niet_haalbaar = factory.Trait(
            status=ActieStatus.NIET_HAALBAAR, reden_niet_haalbaar="Betrokkene is verhuisd."
        )


class VoortgangFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Voortgang

    actie = factory.SubFactory(ActieFactory)
    organisatie = factory.LazyAttribute(lambda v: v.actie.organisatie)
    door = factory.SubFactory(MedewerkerFactory, organisatie=factory.SelfAttribute("..organisatie"))
    status_van = ActieStatus.OPEN
    status_naar = ActieStatus.IN_UITVOERING
    notitie = "Eerste gesprek met de verhuurder gevoerd."

import datetime

import factory
from django.utils import timezone

from casus.models import AveNiveau, Casus, CasusStatus, DeelnemerRol, Persoon, Thema, Uitvraag
from casus.nummering import casusjaar, volgend_casusnummer
from casus.services import deelname_vastleggen
from tests.partners.factories import MedewerkerFactory, PartnerschapFactory, ZvhFactory

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
    achternaam = factory.Faker("last_name", locale="nl_NL")
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

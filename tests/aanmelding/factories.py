import factory
from django.utils import timezone

from aanmelding.models import (
    Aanmelding,
    AanmeldingPersoon,
    Afwijsreden,
    Informatieverzoek,
    RegionaalCriterium,
    Status,
)
from partners.models import Rol, RolToewijzing
from tests.casus.factories import PersoonFactory
from tests.partners.factories import MedewerkerFactory, PartnerschapFactory, ZvhFactory


class AanmeldingFactory(factory.django.DjangoModelFactory):
    """A complete draft; Traits give the later states. `personen=1` adds that many persons."""

    class Meta:
        model = Aanmelding
        skip_postgeneration_save = True

    zvh = factory.SubFactory(ZvhFactory)
    aangemeld_door = factory.SubFactory(MedewerkerFactory)
    organisatie = factory.LazyAttribute(lambda a: a.aangemeld_door.organisatie)
    reden = "Zorgen over escalerende situatie in het gezin."
    problemen = '{"huisvesting": "Dreigende huisuitzetting.", "justitie": "Recente aangiftes."}'
    betrokken_partners = "Wijkteam Noord, contactpersoon bekend bij aanmelder."
    geprobeerd = "Gesprekken met wijkteam; geen verbetering."
    wgs_a = True
    wgs_a_motivatie = "Problematiek bij de persoon zelf."
    wgs_b = True
    wgs_b_motivatie = "Huisvesting, financiën en justitie."
    wgs_c = True
    wgs_c_motivatie = "Aangiftes van bedreiging."
    wgs_d = True
    wgs_d_motivatie = "Politie, GGZ en gemeente nodig."
    melder_naam = "K. Wijkagent"
    melder_telefoon = "0612345678"
    persoon_geinformeerd = True
    geinformeerd_op = factory.LazyFunction(lambda: timezone.localdate())
    status = Status.CONCEPT
    nummer = factory.Sequence(lambda n: f"A-2026-{n + 1:04d}")
    ingediend_op = None
    # Never after the submission (constraint ingediend_na_aangemaakt).
    aangemaakt_op = factory.LazyAttribute(
        lambda a: min(timezone.now(), a.ingediend_op) if a.ingediend_op else timezone.now()
    )

    class Params:
        ingediend = factory.Trait(
            status=Status.INGEDIEND, ingediend_op=factory.LazyFunction(timezone.now)
        )
        met_spoed = factory.Trait(spoed=True, spoed_reden="Acuut gevaar voor de kinderen.")
        meer_informatie = factory.Trait(
            status=Status.MEER_INFORMATIE, ingediend_op=factory.LazyFunction(timezone.now)
        )

    @factory.post_generation
    def aanmelder_rol(self, create, extracted, **kwargs):
        """The referrer is a ketenpartner of an organisation taking part in this house."""
        if not create:
            return
        PartnerschapFactory(zvh=self.zvh, organisatie=self.organisatie)
        RolToewijzing.objects.get_or_create(
            medewerker=self.aangemeld_door, zvh=self.zvh, rol=Rol.KETENPARTNER
        )

    @factory.post_generation
    def personen(self, create, extracted, gekoppeld=True, **kwargs):
        """`personen=n` persons as the referrer entered them; linked to a registration of the
        house (as after acceptance) unless `personen__gekoppeld=False`."""
        if not create:
            return
        for i in range(extracted if extracted is not None else 1):
            maak = PersoonFactory if gekoppeld else PersoonFactory.build
            persoon = maak(zvh=self.zvh, aangemaakt_door=self.aangemeld_door)
            AanmeldingPersoon.objects.create(
                aanmelding=self,
                persoon=persoon if gekoppeld else None,
                volgorde=i,
                **ingevoerd(persoon),
            )


def ingevoerd(persoon):
    """The fields of an AanmeldingPersoon entered with the data of `persoon`."""
    return {
        "bsn": persoon.bsn,
        "voornamen": persoon.voornamen,
        "achternaam": persoon.achternaam,
        "geboortedatum": persoon.geboortedatum.isoformat() if persoon.geboortedatum else "",
        "adres": persoon.adres,
        "postcode": persoon.postcode,
        "woonplaats": persoon.woonplaats,
    }


class AfwijsredenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Afwijsreden

    zvh = factory.SubFactory(ZvhFactory)
    omschrijving = factory.Iterator(
        ["Lokaal oppakken", "Andere overlegtafel", "Voldoet niet aan criteria"]
    )


class RegionaalCriteriumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegionaalCriterium

    zvh = factory.SubFactory(ZvhFactory)
    omschrijving = "Levensloopcasus waarbij de gemeente regie vraagt."
    volgorde = factory.Sequence(int)


class InformatieverzoekFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Informatieverzoek

    aanmelding = factory.SubFactory(AanmeldingFactory, meer_informatie=True)
    vraag = "Welke partners zijn al betrokken?"
    gesteld_door = factory.SubFactory(MedewerkerFactory)

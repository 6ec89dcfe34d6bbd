import factory
from django.contrib.auth.models import Group

from partners.models import (
    Medewerker,
    Organisatie,
    OrganisatieType,
    Partnerschap,
    RolToewijzing,
    Zvh,
)


class ZvhFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Zvh

    naam = factory.Sequence(lambda n: f"Zorg- en Veiligheidshuis Regio {n}")
    code = factory.Sequence(lambda n: f"regio-{n}")


class OrganisatieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisatie

    naam = factory.Sequence(lambda n: f"Organisatie {n}")
    type = OrganisatieType.POLITIE
    groep = factory.LazyAttribute(lambda o: Group.objects.create(name=f"organisatie:{o.naam}"))


class PartnerschapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnerschap
        django_get_or_create = ("zvh", "organisatie")

    zvh = factory.SubFactory(ZvhFactory)
    organisatie = factory.SubFactory(OrganisatieFactory)
    convenant_getekend_op = factory.Faker("date_between", start_date="-3y", end_date="-1d")
    privacyprotocol_getekend_op = factory.Faker("date_between", start_date="-3y", end_date="-1d")

    class Params:
        incidenteel = factory.Trait(privacyprotocol_getekend_op=None)


class MedewerkerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Medewerker
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"medewerker{n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    organisatie = factory.SubFactory(OrganisatieFactory)
    password = factory.django.Password("juist-wachtwoord-123")

    class Params:
        gedeactiveerd = factory.Trait(is_active=False)


class RolToewijzingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RolToewijzing

    medewerker = factory.SubFactory(MedewerkerFactory)
    zvh = factory.SubFactory(ZvhFactory)
    rol = "procesregisseur"
